"""Reading a day and a time typed where the booking shows its free times as buttons ("monday 8 am", «την Πέμπτη στις
10», «Δευτέρα 7/12, 09:00», "بكرا الساعة ١٠", "tehara ko 9"): the times shown then start from that moment, instead of
the message being taken for another request and the same times shown again.

Only what a person writes to name a moment is read: a weekday, today / tomorrow / the day after, a day and month in
digits ("7/12") or with the month's name ("11 Δεκεμβρίου", "dec 11", "١١ كانون الأول"), and a time ("09:00", "9.30",
"9am", "στις 9", "at 10", "الساعة ٩", "half past 9", «9 και μισή», "٩ ونص"). A bare number is a time only when nothing
else in the message is one. Standard library only: the bot's actions (Python 3.10) import it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

from multilingual.features import negated, without_greeklish_na
from multilingual.normalise import APOSTROPHES, normalise_token, normalise_words

# A time is asked for in a short message, or with the request ("kalispera thelo rantevou me koinoniko leitourgo ti
# deutera stis 10 kai misi" is 12 words); a longer one is something else that happens to hold a number.
MAX_WORDS = 16

# Weekdays (Monday = 0) as people type them, folded by normalise_words when read (accents and case do not matter):
# Greek with its cases and Greeklish, English with abbreviations, Arabic with and without the article, Arabizi where
# the word is not also a number ("tlata" is three), Romani as spoken in Greece (which also uses the Greek names).
_WEEKDAYS = {
    0: "δευτέρα δευτέρας deutera deftera deytera deuterh monday mon الاثنين الإثنين اثنين الاتنين اتنين itnen etnen "
    "tanein luj luja λούι",
    1: "τρίτη τρίτης triti trith tuesday tue tues الثلاثاء الثلاثا التلات التلاتا marci marti μάρτσι",
    2: "τετάρτη τετάρτης tetarti tetarth wednesday wed الأربعاء الاربعا الاربعاء الأربعا tetradji tetradzhi tetrazhi "
    "τετράτζι",
    3: "πέμπτη πέμπτης pempti pempth pemth thursday thu thur thurs الخميس خميس khamis 5amis el5amis zhoja zoja τζόι",
    4: "παρασκευή παρασκευής paraskevi paraskeui paraskeuh paraskevh paraskeyh paraskeyi paraskevis friday fri "
    "الجمعة الجمعه jum3a jom3a juma parashtuj parashtui parastuj παρασκέβι",
    5: "σάββατο σαββάτου savvato sabbato savato sabato saturday sat السبت sabt sebt σάβατο",
    6: "κυριακή κυριακής kyriaki kiriaki kuriaki kyriakh kiriakh sunday sun الأحد الاحد kurko kurke κούρκο",
}
# Arabizi weekdays that are also numbers ("arba3a" is four, "tlata" three, "tnen" two): a day only after the word for
# day ("yom el arba3a", "nhar tnen").
_ARABIZI_WEEKDAYS = {
    0: "tnen itnen etnen", 1: "tlata talat tlat", 2: "arba3a arb3a arbe3 arba3", 3: "khamis 5amis kham2s",
    4: "jom3a jum3a gom3a gum3a", 5: "sabt sebt", 6: "a7ad ahad 7ad had",
}  # fmt: skip
_DAY_WORDS = frozenset({"yom", "youm", "yawm", "yoom", "nhar", "nehar"})
# Days counted from today.
_RELATIVE_DAYS = {
    0: "σήμερα simera shmera today اليوم elyom ajes adjes avdives αντιές",
    1: "αύριο avrio aurio tomorrow tmrw tomoro بكرا بكرة بكره غدا غداً bokra bukra boukra tehara tajsa τεχάρα",
    2: "μεθαύριο methavrio methaurio",
}
# Words that put an hour in the afternoon ("5 το απόγευμα", "2 pm", "الساعة 2 بعد الظهر") or the morning; phrases are
# separated by commas.
_AFTERNOON = (
    "pm, afternoon, evening, μμ, απόγευμα, απογευματος, apogevma, apogeuma, μεσημέρι, mesimeri, βράδυ, vrady, "
    "بعد الظهر, العصر, المسا, مساء, مساءا, ba3d el dohr"
)
_MORNING = "am, morning, πμ, πρωί, proi, prwi, الصبح, صباحا, صباحاً, sabah, σαμπάχ"


def _folded(words: str, separator: str | None = None) -> frozenset[str]:
    """The words (or the phrases between separators) of a list, folded as messages are."""
    return frozenset(normalise_words(word).strip() for word in words.split(separator))


_WEEKDAY_OF = {word: day for day, words in _WEEKDAYS.items() for word in _folded(words)}
_ARABIZI_WEEKDAY_OF = {word: day for day, words in _ARABIZI_WEEKDAYS.items() for word in _folded(words)}
_DAYS_FROM_TODAY = {word: days for days, words in _RELATIVE_DAYS.items() for word in _folded(words)}
_AFTERNOON_WORDS = _folded(_AFTERNOON, ",")
_MORNING_WORDS = _folded(_MORNING, ",")

# Months as people type them: Greek (formal, in its cases, and the everyday «Δεκέμβρη»), Greeklish, English,
# Arabic (the Egyptian and Gulf names, the Maghrebi ones, and the Levantine, two of which take a second word below),
# Romani (as the bot writes them: locales/supplement/rom.json).
# A month is read only beside a day's number ("may i come" is no date).
_MONTHS = {
    1: "ιανουάριος ιανουαρίου ιανουάριο γενάρης γενάρη ianouarios ianouariou ianouario genaris genari january jan "
    "يناير جانفي januaro",
    2: "φεβρουάριος φεβρουαρίου φεβρουάριο φλεβάρης φλεβάρη fevrouarios fevrouariou fevrouario flevari february feb "
    "فبراير شباط februaro",
    3: "μάρτιος μαρτίου μάρτιο μάρτης μάρτη martios martiou martio march mar مارس آذار marto",
    4: "απρίλιος απριλίου απρίλιο απρίλης απρίλη aprilios apriliou aprilio aprili april apr أبريل ابريل نيسان aprilo",
    5: "μάιος μαΐου μάιο μάης μάη maios maiou maio may مايو أيار ماي majo",
    6: "ιούνιος ιουνίου ιούνιο ιούνης ιούνη iounios iouniou iounio iouni june jun يونيو حزيران juno",
    7: "ιούλιος ιουλίου ιούλιο ιούλης ιούλη ioulios iouliou ioulio iouli july jul يوليو تموز يوليوز julo",
    8: "αύγουστος αυγούστου αύγουστο avgoustos avgoustou avgousto august aug أغسطس غشت آب avgusto",
    9: "σεπτέμβριος σεπτεμβρίου σεπτέμβριο σεπτέμβρης σεπτέμβρη septemvrios septemvriou septemvrio septemvri "
    "septembriou september sep sept سبتمبر أيلول شتنبر septembro",
    10: "οκτώβριος οκτωβρίου οκτώβριο οκτώβρης οκτώβρη oktovrios oktovriou oktovrio oktovri oktobriou october oct "
    "أكتوبر oktobro",
    11: "νοέμβριος νοεμβρίου νοέμβριο νοέμβρης νοέμβρη noemvrios noemvriou noemvrio noemvri noembriou november nov "
    "نوفمبر نونبر novembro",
    12: "δεκέμβριος δεκεμβρίου δεκέμβριο δεκέμβρης δεκέμβρη dekemvrios dekemvriou dekemvrio dekemvri dekembriou "
    "dekemvrh december dec ديسمبر دجنبر decembro",
}
_MONTH_OF = {word: month for month, words in _MONTHS.items() for word in _folded(words)}
_LEVANTINE_MONTHS = {
    "كانون": {"الثاني": 1, "التاني": 1, "الاول": 12},
    "تشرين": {"الاول": 10, "الثاني": 11, "التاني": 11},
}
# Month words that are also everyday words ("may", the Arabic «آب» "father", «ماي»): read only with an ordinal
# ("may 3rd") or "of" ("the 3rd of may"), never from "may 2 of us come".
_AMBIGUOUS_MONTHS = frozenset({"may", "اب", "ماي", "mar"})
_DAY_OF_MONTH = re.compile(r"^([0-3]?\d)(st|nd|rd|th|η|ης|ο|ου)?$")
_BETWEEN_DAY_AND_MONTH = frozenset({"of", "the", "του", "της", "tou", "tis"})
_TOKEN = re.compile(r"\w+")

# Half and quarter hours in words, on the folded words of a message.
_HALF = (
    "and a half, και μιση, kai misi, ke misi, k misi, ونص, و نص, ونصف, و نصف, w nos, w nus, u nos, thaj dopash, "
    "taj dopash"
)
_QUARTER = "and a quarter, και τεταρτο, kai tetarto, ke tetarto, وربع, و ربع, w rob3, u rob3"
_QUARTER_TO = "παρα τεταρτο, para tetarto, الا ربع, illa rob3, ila rob3"


def _alternatives(phrases: str) -> str:
    return "|".join(re.escape(phrase) for phrase in sorted(_folded(phrases, ","), key=len, reverse=True))


_HOUR_IN_WORDS = (
    (re.compile(r" half past ([01]?\d|2[0-3]) "), 30, 0),
    (re.compile(r" quarter past ([01]?\d|2[0-3]) "), 15, 0),
    (re.compile(r" quarter to ([01]?\d|2[0-3]) "), 45, -1),
    (re.compile(rf" ([01]?\d|2[0-3]) ?(?:{_alternatives(_HALF)}) "), 30, 0),
    (re.compile(rf" ([01]?\d|2[0-3]) ?(?:{_alternatives(_QUARTER)}) "), 15, 0),
    (re.compile(rf" ([01]?\d|2[0-3]) (?:{_alternatives(_QUARTER_TO)}) "), 45, -1),
)

# Hours in words, read only after a word for the time ("el sa3a 3ashra", «στις δέκα», "at nine", "ko desh"): Greek
# and Greeklish, English, Arabic and Arabizi, Romani. Anywhere else a number word is a count ("two kids").
_HOUR_WORDS = {
    1: "μία μια mia one واحدة وحدة wa7de wa7da jekh",
    2: "δύο dyo dio two ثنتين اثنين تنتين tnen itnen duj",
    3: "τρεις treis tris three ثلاثة تلاتة tlata tlate trin",
    4: "τέσσερις tesseris teseris four أربعة اربعة arba3a arb3a shtar",
    5: "πέντε pente five خمسة خمسه khamse 5amsa khamsa pandzh panch",
    6: "έξι eksi exi six ستة سته sitte setta sitta shov",
    7: "επτά εφτά epta efta seven سبعة سبعه sab3a sab3",
    8: "οκτώ οχτώ okto oxto oktw oxtw eight ثمانية تمانية tmene tamanya tmanye oxto",
    9: "εννιά εννέα ennia enia ennea nine تسعة تسعه tes3a tis3a tisa3 enja",
    10: "δέκα deka ten عشرة عشره 3ashra 3ashara 3ashr desh",
    11: "έντεκα enteka edeka eleven احدعش حداشر احدعشر 7da3sh 7edasher hdaashar",
    12: "δώδεκα dwdeka dodeka twelve اطنعش اتناشر اثنعش tna3sh itnashar etnasher",
}
_HOUR_OF_WORD = {word: hour for hour, words in _HOUR_WORDS.items() for word in _folded(words)}
_FRACTION_AFTER = re.compile(rf" ?(?:{_alternatives(f'{_HALF}, {_QUARTER}, {_QUARTER_TO}')}) ")
_TIME_WORDS = _folded("at, στις, στη, stis, sti, ώρα, wra, ora, الساعة, الساعه, ساعة, ساعه, sa3a, ko, κο", ",")

# "09:00", "9.30", "9:30πμ"; "9am", "9 pm", "9μμ"; "στις 9", "at 10", "الساعة ٩", "ko 9", "h 9"; a date "7/12".
_CLOCK = re.compile(r"(?<![\d/.:])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d/.:])")
_HOUR_WITH_MARK = re.compile(
    r"(?<![\w/.:])(1[0-2]|0?\d)\s*(am|pm|πμ|μμ|π\.μ\.|μ\.μ\.|a\.m\.|p\.m\.)(?!\w)", re.IGNORECASE
)
_HOUR_AFTER_WORD = re.compile(
    r"(?:\bat|\bστις|\bστη|\bstis|\bsti|\bώρα|\bωρα|\bwra|\bora|الساعة|الساعه|ساعة|ساعه|\bel\s?sa3a|\bsa3a|\bko|\bκο)"
    r"\s*([01]?\d|2[0-3])(?![\w/.:])",  # not "sa3a 3ashra" (the hour in Arabizi words, "3" a letter of it)
    re.IGNORECASE,
)
_DATE = re.compile(r"(?<![\d:.])([0-3]?\d)[/.-]([01]?\d)(?:[/.-](\d{2,4}))?(?![\d:])")
_BARE_HOUR = re.compile(r"(?<![\w/.:])([01]?\d|2[0-3])(?![\w/.:])")

# Where a message's clauses part: punctuation (not the point in "9.30" or "7.12"), and "but".
_CLAUSE = re.compile(r"[,;!?؟،]|\.(?!\d)|\s(?:but|αλλά|αλλα|alla|لكن|bas)\s", re.IGNORECASE)

# "No, thursday is better": a No that answers the question asked, before a comma, does not refuse the day after it.
_LEADING_NO = re.compile(r"^\s*(?:no|nope|όχι|οχι|oxi|ohi|لا|na)\s*[,،.!]+", re.IGNORECASE)
_ANSWERING_NO = re.compile(r"^\s*(?:(?:no|nope|όχι|οχι|oxi|ohi|لا|na)\b\s*[,،.!]*\s*)+", re.IGNORECASE)

# Parts of the day typed for a time ("in the afternoon", «το απόγευμα», "بعد الظهر"), from when each starts at a centre.
_PARTS_OF_DAY = {"morning": dt.time(8), "afternoon": dt.time(13), "noon": dt.time(12), "evening": dt.time(17)}
# "good morning", «καλό απόγευμα» are greetings, not times.
_GREETING = re.compile(r"\b(?:good|καλο|καλη|kalo|kali) $")
_PART_WORDS = {
    "morning": _folded("morning, πρωί, πρωινό, proi, prwi, to prwi, الصبح, صباحا, صباحاً, بالصبح, sabah, ranipe", ","),
    "noon": _folded("noon, midday, μεσημέρι, mesimeri, meshmeri, الظهر, الضهر, dohr", ","),
    "afternoon": _folded(
        "afternoon, απόγευμα, apogevma, apogeuma, بعد الظهر, بعد الضهر, العصر, عصر, aser, ba3d el dohr, ba3d el duhr",
        ",",
    ),
    "evening": _folded("evening, βράδυ, vrady, vradi, brady, المسا, مساء, مساءا, بالليل, rat, ratjate", ","),
}

# The buttons under the times, as people type them: the times after those shown, or from the next day on.
LATER, ANOTHER_DAY = "later", "another_day"
_FURTHER_ON = {
    LATER: "later, αργότερα, argotera, πιο αργά, pio arga, لاحقا, لاحقاً, بعدين, متأخر, ba3den, ba3dein, palal, παλάλ",
    ANOTHER_DAY: "another day, other day, different day, next day, άλλη μέρα, άλλη ημέρα, επόμενη μέρα, alli mera, "
    "allh mera, يوم تاني, يوم ثاني, يوم آخر, يوم اخر, yom tani, aver dives, aver djes, αβερ ντιβές",
}
# Asking to move an appointment, where the buttons ask move, cancel or keep («να το αλλάξω», "change it", "نقله").
_MOVE = (
    "αλλάξω, αλλάξουμε, αλλάξετε, αλλαγή, αλλαξτε, μετακινήσω, μετακινήστε, μετακίνηση, μεταφέρω, μεταφέρετε, allaksw, "
    "allakso, allaxw, allaxo, allaksoume, allagh, allagi, allakste, metakinisw, metakinisi, metaferw, change, move, "
    "reschedule, postpone, غير, غيره, اغير, اغيره, تغيير, غيرو, نقل, انقل, انقله, اجل, اأجل, تأجيل, ghayer, ghayyer, "
    "paruv, paruvav, paruvel, paruven, parruv, parruvav, parruvel, parruven, parudav, parudel, paruden, παρουβάβ, "
    "παρούβ"
)
_MOVE_WORDS = _folded(_MOVE, ",")
_GREEKLISH_MOVE_WORDS = _folded("allaksw, allakso, allaxw, allaxo, allaksoume, allakste, metakinisw, metaferw", ",")


def asks_to_move(text: str) -> bool:
    """Tell whether a short message asks to move the appointment ("na to allaksw", "can i change it"): a move word,
    no negation."""
    words = normalise_words(text).split()
    if len(words) > _MAX_FURTHER_ON_WORDS + 1 or not any(word in _MOVE_WORDS for word in words):
        return False
    return not _refuses(words)


def _refuses(words: list[str]) -> bool:
    """Tell whether the normalised words of a request to move or cancel hold a negation. Before a Greeklish verb, or
    after one of wanting ("thelo na akyrosw"), "na" is Greek να ("na to allaksw"), not the Romani "not"."""
    greeklish = any(word in _GREEKLISH_MOVE_WORDS for word in words)
    return negated(without_greeklish_na(" ".join(word for word in words if not (greeklish and word == "na"))))


# What people call an appointment, beside a move word in a longer message ("I want to change my appointment to ...").
_APPOINTMENT_WORDS = _folded(
    "ραντεβού, ραντεβου, rantevou, rantevu, randevu, appointment, appt, موعد, الموعد, موعدي, maw3ed, mawed", ","
)


def clause_words(text: str) -> Iterator[list[str]]:
    """The normalised words of each clause of a message ("don't", as a phone types it, one word: "dont")."""
    for clause in _CLAUSE.split(text):
        yield normalise_words(APOSTROPHES.sub("", clause)).split()


def asks_to_move_an_appointment(text: str) -> bool:
    """Tell whether a message asks to move an appointment, not to cancel it: a short request to move ("can i change
    it"), or a move word and a word for an appointment in one clause that refuses nothing ("thelw na allaksw to
    rantevou mou", "i need to reschedule my appointment"), with no word of cancelling anywhere."""
    if any(_cancels(word) for words in clause_words(text) for word in words):
        return False
    return asks_to_move(text) or any(
        any(word in _MOVE_WORDS for word in words)
        and any(word in _APPOINTMENT_WORDS for word in words)
        and not _refuses(words)
        for words in clause_words(text)
    )


# «غير» moves ("change it") but also means "other than" («يوم غير الاثنين», a day other than Monday): alone it asks for
# no move of an appointment.
_MOVE_VERBS = _MOVE_WORDS - _folded("غير", ",")


def moves_something(text: str) -> bool:
    """Tell whether a message of any length asks to move something it may not name ("mporw na to metaferw thn
    triti?", "can i move it to tuesday", «ممكن انقله ليوم الثلاثاء؟»): a verb of moving in a clause that refuses
    nothing. Only what was read as changing an appointment is asked: "it" is then the appointment."""
    return any(any(word in _MOVE_VERBS for word in words) and not _refuses(words) for words in clause_words(text))


def asks_to_change_an_appointment(text: str) -> bool:
    """Tell whether a message of any length asks to move or cancel an appointment in so many words: a move or cancel
    word and a word for an appointment in one clause that refuses nothing ("thelo na allaxw to rantevou mou gia tin
    tetarti stis 11", «θέλω να ακυρώσω ένα ραντεβού»), not "den thelw na allaksw to rantevou, thelw ena akoma"."""
    for words in clause_words(text):
        changes = any(word in _MOVE_WORDS or _cancels(word) for word in words)
        if not changes or not any(word in _APPOINTMENT_WORDS for word in words):
            continue
        if not _refuses(words):
            return True
    return False


# Asking when one's appointment is: a word of asking when, and "my" with the word for an appointment ("when is my
# appointment?", «πότε είναι το ραντεβού μου;», «متى موعدي؟», "kana si mo rantevu?"); not "when can I get an
# appointment?", which asks for one.
_ASKING_WHEN = _folded(
    "when, what time, which day, what day, πότε, pote, τι ώρα, ti wra, ti ora, ποια μέρα, poia mera, pia mera, "
    "τι μέρα, ti mera, متى, امتى, إمتى, ايمتى, امتا, emta, imta, emte, ayemta, kana, κάνα, savo dives, savi ora, "
    "savo ora",
    ",",
)
# Before the word for an appointment, saying whose it is ("my", or "the" one the person has).
_WHOSE = _folded("my, mo, miro, mro, mre, muro, muri, mingro, μο, μίρο, μούρο, the, το, to", ",")
# "pote exw rantevou" (when do I have an appointment): having it says whose it is.
_HAVING = _folded("έχω, exw, exo, have, عندي, 3andi, 3ndi", ",")
_HAVING_PHRASES = tuple(f" {phrase} " for phrase in _folded("si man, si ma, σι μαν", ","))
_MINE_AFTER = _folded("μου, mou, mu, تبعي, تاعي, ديالي, taba3i, ta3i, dyali", ",")
_MY_APPOINTMENT = _folded("موعدي, موعدى, maw3edi, maw3di, mawedi, ma3adi", ",")
_BOOKING_WORDS = _folded(
    "book, make, get, new, another, κλείσω, κλεισω, klisw, kleisw, kleiso, kliso, νέο, neo, احجز, ahjez, a7jez, "
    "kerav, κεράβ, can, could, μπορώ, mporw, mporo, boro, ممكن, بقدر, mumkin, šaj, shaj",
    ",",
)


def _has(words: list[str]) -> bool:
    """Tell whether a clause says "I have" («έχω», "si man")."""
    return bool(_HAVING & set(words)) or any(phrase in f" {' '.join(words)} " for phrase in _HAVING_PHRASES)


def asks_when_the_appointment_is(text: str) -> bool:
    """Tell whether a message asks when the person's own appointment is (the change form shows it, with what can
    be done with it): in one clause ("when is my appointment?"), or having one said in another ("si man randevu ko
    kentro. kana si te avav?", I have an appointment; when do I come?)."""
    clauses = list(clause_words(text))
    asking = False
    for words in clauses:
        joined = f" {' '.join(words)} "
        if not any(f" {phrase} " in joined for phrase in _ASKING_WHEN) or _BOOKING_WORDS & set(words):
            continue
        asking = True
        for at, word in enumerate(words):
            if word in _MY_APPOINTMENT or (word in _APPOINTMENT_WORDS and _has(words)):
                return True
            if word in _APPOINTMENT_WORDS and (
                (at and words[at - 1] in _WHOSE) or (at + 1 < len(words) and words[at + 1] in _MINE_AFTER)
            ):
                return True
    return asking and any(_APPOINTMENT_WORDS & set(words) and _has(words) for words in clauses)


# Asking to cancel, in so many words: Greek and Greeklish stems, English, Arabic (whole words: «ال» + «غ» begins
# "the room" and "the food" too) and Arabizi (8 for غ, which the folding makes "th": "el8ih" → elthih), Romani.
_CANCEL_STEMS = tuple(_folded("ακυρ, akyr, akir, akur, cancel", ","))
_CANCEL_WORDS = _folded(
    "الغي, الغيه, الغيها, الغيلي, الغاء, نلغي, تلغي, بلغي, el8i, el8ih, el8eeh, elghi, elghih, ilghi, ilghih, alghi, "
    "akirosar, akirosav, ακιροσάβ",
    ",",
)


def _cancels(word: str) -> bool:
    """Tell whether a normalised word says "cancel"."""
    return word.startswith(_CANCEL_STEMS) or word in _CANCEL_WORDS


def asks_to_cancel(text: str) -> bool:
    """Tell whether a message says "cancel" in so many words ("akyrosi", "cancel it", «طيب الغيه»)."""
    return any(_cancels(word) for word in normalise_words(text).split())


def says_there_is_no_appointment(text: str) -> bool:
    """Tell whether a message says the person has no appointment ("den exw rantevou", "i dont have an appointment",
    «ما عندي موعد»): a negation and a word for an appointment in one clause that neither cancels nor moves one."""
    for words in clause_words(text):
        if not any(word in _APPOINTMENT_WORDS for word in words) or any(
            _cancels(word) or word in _MOVE_WORDS for word in words
        ):
            continue
        if negated(without_greeklish_na(" ".join(words))):
            return True
    return False


# A clause this short with a negation, where a code is asked for, says there is none ("den exw", "I don't have a code").
_MAX_HAVE_NONE_WORDS = 6


def says_it_has_none(text: str) -> bool:
    """Tell whether a message without a digit says, in a short clause with a negation, that the person has none
    ("den exw", «δεν έχω κωδικό», "I don't have a code, I pressed the wrong thing"): asked for a reference, they have
    none to give. ("den exw" is spelt with a reference's letters, DENEXW: a reference has no negation in it.)"""
    if any(ch.isdigit() for ch in text):
        return False
    return any(
        len(words) <= _MAX_HAVE_NONE_WORDS and negated(without_greeklish_na(" ".join(words)))
        for words in clause_words(text)
    )


# What people call an appointment's reference: "the code" in every language, the word on the ticket.
_REFERENCE_WORDS = _folded(
    "κωδικό, κωδικός, κωδικο, κωδικός κράτησης, kwdiko, kodiko, kwdikos, kodikos, kodikas, code, reference, ref, "
    "رمز, الرمز, كود, الكود, ramz, kod, κοντίκο",
    ",",
)
# Romani "I have none" («nai man», "there is not to me"): "nai" alone is also Greeklish ναι, yes.
_ROMANI_HAVING_NONE = tuple(f" {phrase} " for phrase in _folded("nai man, naj man, nane man, νάι μαν, ναϊ μαν", ","))


# The paper or message the code came on: "I lost the paper" says the code is lost with it.
_PAPER_WORDS = _folded(
    "paper ticket slip message sms χαρτί χαρτάκι χαρτι xarti xartaki harti μήνυμα μηνυμα minima mynhma εισιτήριο "
    "ورقة الورقة الورقه ورقه الرسالة waraqa wara2a lil lila λιλ"
)
# Losing it: «έχασα», «ضيعت», "xasardem"; Arabic also says "it got lost from me" («ضاع مني», "da3 minni").
_LOSING = _folded(
    "lost lose έχασα εχασα exasa xasa ehasa χάθηκε χαθηκε xathike ضيعت ضيّعت ضاع ضاعت ضايع da3 daya3t "
    "dayya3t xasardem xasardjum χασαρντέμ xasajlo"
)


def says_it_has_no_reference(text: str) -> bool:
    """Tell whether a message says the person has no reference: a negation and a word for the code in one clause
    ("den exw kwdiko", "i dont have the code", «ما عندي الرمز», "nai man o kodiko"), or that the code, or the paper
    it was on, is lost ("i lost the paper", «έχασα το χαρτί», «ضيعت الورقة», "xasardem o lil")."""
    for words in clause_words(text):
        if _LOSING & set(words) and (_REFERENCE_WORDS | _PAPER_WORDS) & set(words):
            return True
        if not _REFERENCE_WORDS & set(words):
            continue
        joined = f" {' '.join(words)} "
        if negated(without_greeklish_na(joined)) or any(phrase in joined for phrase in _ROMANI_HAVING_NONE):
            return True
    return False


# Having, in the words of "I don't have it" where a code is asked for: «δεν το έχω», «ما عندي», "nai man".
_HAVING = _folded("have got έχω εχω exw exo eho 8exw عندي عندى معي 3andi 3ndi ma3i man")


def says_it_has_not_got_it(text: str) -> bool:
    """Tell whether a message says the person has no reference, named or not, where one is asked for ("i dont have
    it", «δεν έχω», «ما عندي», "den exw kwdiko"), not that there is no appointment or that they refuse ("oxi")."""
    if says_it_has_no_reference(text):
        return True
    if not says_it_has_none(text) or says_there_is_no_appointment(text):
        return False
    return any(_HAVING & set(words) for words in clause_words(text))


# Said before asking for something, they refuse nothing: "no wait just cancel it", «όχι όχι ακύρωση θέλω». (Not
# "na": in Romani it is "not".)
_INTERJECTIONS = _folded("no nope όχι oxi ohi لا wait just actually oh περίμενε perimene στάσου stasou άσε ase")
# Wanting, in the words of a request: after a leading No, they make it a request ("oxi thelw akyrwsi").
_WANTING = _folded("θέλω thelw thelo 8elw want wanna please pls plz بدي بدّي اريد أريد عايز عاوز kamav mangav")


def _cancelling(words: list[str]) -> bool | None:
    """What one clause says of cancelling: True asks for it, False refuses it, None says nothing of it. A No before
    a request ("oxi oxi akyrwsi thelw", "no no cancel the appointment please") answers what was asked; a negation
    after the word for cancelling is about something else ("akyrwse to telika den tha erthw": cancel it, I will not
    come); "όχι ακύρωση" (not cancelling) refuses it."""
    if not any(_cancels(word) for word in words):
        return None
    request = list(itertools.dropwhile(lambda word: word in _INTERJECTIONS, words))
    if len(request) < len(words) and (_WANTING & set(request) or (len(request) > 1 and _cancels(request[0]))):
        words = request
    up_to_cancel = words[: next(at for at, word in enumerate(words) if _cancels(word)) + 1]
    return not _refuses(up_to_cancel)


def wants_to_cancel(text: str) -> bool:
    """Tell whether a message asks to cancel in a clause that refuses nothing: «θέλω να ακυρώσω», and "oxi lathos
    patisa. akyrwsh thelw" (no, I pressed the wrong one. cancelling I want), not "den thelw na to akyrwsw"."""
    return any(_cancelling(words) is True for words in clause_words(text))


def refuses_to_cancel(text: str) -> bool:
    """Tell whether a message refuses to cancel and asks for it nowhere ("I don't want to cancel it", «μην το
    ακυρώσετε»)."""
    said = [_cancelling(words) for words in clause_words(text)]
    return False in said and True not in said


_FURTHER_ON_PHRASES = {button: _folded(phrases, ",") for button, phrases in _FURTHER_ON.items()}
# "later" is a button only in a message about little else ("later please", «πιο αργά;»).
_MAX_FURTHER_ON_WORDS = 5

# Words a number counts: "thelo 2 rantevou tin triti" asks for two appointments, not for 2 o'clock.
_COUNTED_WORDS = _APPOINTMENT_WORDS | _folded(
    "appointments appts people persons kids children paidia παιδιά ατομα άτομα atoma μέρες meres days weeks "
    "εβδομαδες months μήνες mhnes ευρώ euro euros χρόνια xronia years مواعيد اطفال أطفال ولاد اولاد اشخاص أشخاص "
    "chave chaven manusha"
)
# What may stand beside a lone number that is a time: the Greek article, a please.
_AROUND_A_LONE_HOUR = _folded("το to please pls plz παρακαλω παρακαλώ parakalo parakalw min fadlak")

# An hour from 1 to 6 with no "am" is in the afternoon: a centre is shut at 3 in the morning.
_EARLIEST_MORNING_HOUR = 7


class Moment(NamedTuple):
    """A day and a time read from a message; either may be missing."""

    day: dt.date | None
    time: dt.time | None


def further_on(text: str) -> str | None:
    """`LATER` or `ANOTHER_DAY` when a short message asks for the times after those shown, as the buttons do."""
    folded = normalise_words(text)
    if len(folded.split()) > _MAX_FURTHER_ON_WORDS or negated(folded):
        return None
    asked = [button for button, phrases in _FURTHER_ON_PHRASES.items() if any(f" {p} " in folded for p in phrases)]
    return asked[0] if len(asked) == 1 else None


def _western_digits(text: str) -> str:
    """Arabic-Indic digits as 0-9 (NFKC leaves them alone)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text)


def _next_weekday(now: dt.datetime, weekday: int, time: dt.time | None) -> dt.date:
    """The next date that is this weekday: today only for a time still ahead ("friday" said on a Friday evening is
    next Friday)."""
    days = (weekday - now.weekday()) % 7
    if days == 0 and (time is None or time <= now.time()):
        days = 7
    return now.date() + dt.timedelta(days=days)


def _day_of_month(day: int, month: int, year: int | None, today: dt.date) -> dt.date | None:
    """A day and month, in this year or, once passed, the next (or in the year written)."""
    try:
        if year is not None:
            return dt.date(year + 2000 if year < 100 else year, month, day)
        date = dt.date(today.year, month, day)
    except ValueError:
        return None
    return date if date >= today else date.replace(year=today.year + 1)


def _hour_of(text: str, words: set[str], *, with_a_day: bool) -> dt.time | None:
    """The time in a message (digits only: a number in words is a count, not a time). A bare number is an hour
    beside a day ("monday 10"), or alone; "3 kids" is not three o'clock."""
    folded = normalise_words(text)
    for pattern, minutes, hours_before in _HOUR_IN_WORDS:
        if in_words := pattern.search(folded):
            return _in_the_day(int(in_words[1]) + hours_before, words, minutes)
    if clock := _CLOCK.search(text):
        return dt.time(int(clock[1]), int(clock[2]))
    if marked := _HOUR_WITH_MARK.search(text):
        hour = int(marked[1]) % 12
        return dt.time(hour + 12 if marked[2].lower().startswith(("p", "μ")) else hour)
    if after_word := _HOUR_AFTER_WORD.search(text):
        candidates = [after_word]
    else:
        without_date = _DATE.sub(" ", text)
        candidates = [number for number in _BARE_HOUR.finditer(without_date) if not _counts(without_date, number)]
        beside_words = with_a_day or words & (_MORNING_WORDS | _AFTERNOON_WORDS)
        if not beside_words and (len(candidates) != 1 or not _alone(folded, candidates[0][0])):
            return None
    if len(candidates) != 1:
        return None
    return _in_the_day(int(candidates[0][1]), words)


def _counts(text: str, number: re.Match[str]) -> bool:
    """Whether a number counts what the word after it names ("2 rantevou", "3 people"): then it is no hour."""
    after = _TOKEN.search(text, number.end())
    return after is not None and normalise_token(after[0]) in _COUNTED_WORDS


def _alone(folded: str, number: str) -> bool:
    """Whether a number is all a message says, but for an article and a please («το 12 παρακαλω»): a time chosen."""
    return set(folded.split()) - {number} <= _AROUND_A_LONE_HOUR


def _in_the_day(hour: int, words: set[str], minutes: int = 0) -> dt.time:
    """An hour typed without am / pm, put in the morning or the afternoon by the words beside it, or by the centre's
    hours (2 is 14:00)."""
    if words & _MORNING_WORDS:
        return dt.time(hour % 12, minutes)
    if words & _AFTERNOON_WORDS or hour < _EARLIEST_MORNING_HOUR:
        return dt.time(hour % 12 + 12, minutes)
    return dt.time(hour, minutes)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """A text's words, each with where it starts and ends and its folded form (`normalise_token`)."""
    return [(found.start(), found.end(), normalise_token(found[0])) for found in _TOKEN.finditer(text)]


def _arabizi_weekdays(folded: str) -> set[int]:
    """The Arabizi weekdays named after the word for day ("yom el arba3a"), in folded words."""
    words = [word for word in folded.split() if word not in ("el", "l")]
    return {
        _ARABIZI_WEEKDAY_OF[word]
        for before, word in itertools.pairwise(words)
        if before in _DAY_WORDS and word in _ARABIZI_WEEKDAY_OF
    }


def _hours_as_digits(text: str) -> str:
    """The text with an hour written in words after a word for the time given in digits ("el sa3a 3ashra" → "el
    sa3a 10"), so that what follows it reads as after digits ("w nos", «και μισή», "in the afternoon")."""
    tokens = _tokens(text)
    for (_, _, before), (start, end, token) in reversed(list(itertools.pairwise([(0, 0, ""), *tokens]))):
        # ... or before its half or quarter («تسعة ونص», «εννιά και μισή»): a count has none.
        if token in _HOUR_OF_WORD and (before in _TIME_WORDS or _FRACTION_AFTER.match(normalise_words(text[end:]))):
            text = f"{text[:start]}{_HOUR_OF_WORD[token]}{text[end:]}"
    return text


def _date_with_month(text: str, today: dt.date) -> tuple[dt.date, str] | None:
    """The date a day's number and a month's name make ("11 Δεκεμβρίου", "dec 11th", "١١ كانون الأول"), and the text
    without them, so that the day's number is not read again as a time («στις 11 Δεκεμβρίου»)."""
    tokens = _tokens(text)
    for index, (start, _, token) in enumerate(tokens):
        month, last = _MONTH_OF.get(token), index  # the month's last word
        if token in _LEVANTINE_MONTHS and index + 1 < len(tokens):
            month, last = _LEVANTINE_MONTHS[token].get(tokens[index + 1][2]), index + 1
        if month is None:
            continue
        end = tokens[last][1]
        for step, near in ((-1, index - 1), (1, last + 1)):
            between = 0
            while 0 <= near < len(tokens) and tokens[near][2] in _BETWEEN_DAY_AND_MONTH:
                near, between = near + step, between + 1
            if not 0 <= near < len(tokens) or not (number := _DAY_OF_MONTH.match(tokens[near][2])):
                continue
            if token in _AMBIGUOUS_MONTHS and not (number[2] or (between and step < 0)):
                continue
            date = _day_of_month(int(number[1]), month, None, today)
            if date is None:
                continue
            without = text
            for span_start, span_end in sorted([(start, end), tokens[near][:2]], reverse=True):
                without = f"{without[:span_start]} {without[span_end:]}"
            return date, without
    return None


def _part_of_day(folded: str) -> dt.time | None:
    """The time a part of the day stands for ("the afternoon"), unless it is a greeting ("good morning")."""
    for part, start in _PARTS_OF_DAY.items():
        for word in _PART_WORDS[part]:
            at = folded.find(f" {word} ")
            if at >= 0 and not _GREETING.search(folded[: at + 1]):
                return start
    return None


def moment_in(text: str, now: dt.datetime, *, answering_a_question: bool = False) -> Moment | None:
    """The day and time a short message names, counted from now (the centre's local time); None when it names
    neither, or refuses it ("not monday"). Answering a yes-or-no question ("Shall I go ahead?"), a leading No answers
    it, comma or not ("no thursday at 3pm", "oxi kalytera paraskevi")."""
    leading_no = _ANSWERING_NO if answering_a_question else _LEADING_NO
    text = _hours_as_digits(leading_no.sub("", _western_digits(unicodedata.normalize("NFKC", text))))
    if len(normalise_words(text).split()) > MAX_WORDS:
        return None
    # A day refused in one clause and another asked for in the next ("can't make it mon, can u do wed"): the clauses
    # that refuse nothing.
    text = " ".join(
        clause for clause in _CLAUSE.split(text) if not negated(without_greeklish_na(normalise_words(clause)))
    )
    folded = normalise_words(text)
    words = set(folded.split())
    if not words:
        return None
    today = now.date()
    phrases = {phrase for phrase in _AFTERNOON_WORDS | _MORNING_WORDS if f" {phrase} " in folded}
    weekdays = {_WEEKDAY_OF[word] for word in words if word in _WEEKDAY_OF} | _arabizi_weekdays(folded)
    from_today = {_DAYS_FROM_TODAY[word] for word in words if word in _DAYS_FROM_TODAY}
    named_date = _date_with_month(text, today)
    if named_date:
        text = named_date[1]
    date = _DATE.search(text)
    with_a_day = bool(named_date or date or weekdays or from_today)
    time = _hour_of(text, words | phrases, with_a_day=with_a_day) or _part_of_day(folded)
    day: dt.date | None = None
    if named_date:
        day = named_date[0]
    elif date:
        day = _day_of_month(int(date[1]), int(date[2]), int(date[3]) if date[3] else None, today)
    elif len(weekdays) == 1:
        day = _next_weekday(now, weekdays.pop(), time)
    elif len(from_today) == 1:
        day = today + dt.timedelta(days=from_today.pop())
    if day is None and time is None:
        return None
    return Moment(day, time)
