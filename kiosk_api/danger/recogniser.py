"""Recognising a message in which someone may be in danger, however it is written, in any of the four languages.

A classifier (TF-IDF of characters and words, logistic regression) trained on knowledge/danger/<language>.yaml —
messages written the way frightened people write, per kind of danger, with harmless near-misses — and on every
ordinary message the bot is trained on (bot/data/nlu), which must never raise an alarm. The ordinary messages keep
their intents as classes of their own: one linear "not danger" class cannot hold greetings, rent questions and
bookings at once, and measured by cross-validation, classes per intent flag half as many ordinary messages at the
same recall. It reads both the normalised text and its sounds (`multilingual.normalise.sounds`), so Greek,
unaccented Greek and Greeklish look alike. The phrase list (knowledge/urgent.yaml) stays as a backstop.

Two levels: *clear* danger opens an urgent handoff; *possible* danger gives the helplines and asks whether someone
is in danger right now. The thresholds were chosen on a tuning set and by cross-validation on the training data
(python -m kiosk_api.danger.evaluate --tuning / --cross-validate), never on the evaluation set that `make eval`
reports.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from kiosk_api.config import REPO_DIR
from knowledge.loader import DANGER_CATEGORIES, DISTRESS, KNOWLEDGE_DIR, load_danger_examples, load_urgent_phrases
from multilingual.classifier import TextClassifier
from multilingual.features import with_sounds
from multilingual.household import CHILD_WORDS, names_a_partner
from multilingual.normalise import APOSTROPHES, normalise, normalise_words

log = logging.getLogger(__name__)

# P(someone is in danger) at or above which a message is clearly, or possibly, about danger. "Possible" is the highest
# threshold at which 97% of the tuning set's danger messages are still flagged (tests/data/danger_tuning/, measured
# with `python -m kiosk_api.danger.evaluate --tuning`, 2026-12-02: at 0.4, 98% of them and 5.9% of its ordinary
# messages, most of them hardship told with feeling; at 0.45, 96.5%). "Clear" comes from five-fold cross-validation
# on the training data: at 0.8, 97–99% of the messages flagged clear are danger. Recall comes first.
CLEAR_THRESHOLD = 0.8
POSSIBLE_THRESHOLD = 0.4
REGULARISATION = 10.0
# A kind of danger that holds at least this share of the message's danger is named too, with its helplines ("he beat
# me and threw us out, we have nowhere to sleep tonight" needs the police and 15900 as well as 197).
SECOND_KIND_SHARE = 0.25
# Distress read in a message that also tells of a plan ("I can't bear it any more, I want to end my life tonight")
# takes from the danger's share of the whole: from this much on, a clause that is clear danger alone decides.
DILUTING_DISTRESS = 0.1
# The length of a reading as a message keeps it (conversations.models.Message.danger).
READING_LENGTH = 40
# A long message may tell of danger in one sentence among many about rent or papers: each sentence is read too.
_SENTENCES = re.compile(r"[.!?;\n؟؛]+")
# Two dangers are often told in two clauses of one sentence ("he beat me and threw us out, we sleep in the street
# tonight"); read whole, the message leans to one kind. Each clause of a flagged message may add its kind.
# Arabic writes "and" as و joined to the next word ("وراسي عم ينزف", and my head is bleeding), Arabizi as "w" or "wa".
_CLAUSES = re.compile(r"[.!?;,\n؟؛،]+|\s(?:and|και|kai|ke|thaj|taj|θαj|τάι|w|wa)\s|\sو(?=\w\w)", re.IGNORECASE)
_PUNCTUATION = re.compile(r"[^\w\s]")
# A comma, Latin or Arabic, and a question mark at the end.
_ASIDE = re.compile(r"[,،]")
_ASKS = re.compile(r"[?؟]\s*$")
_ENTITY = re.compile(r"\[([^\]]+)\]\([^)]*\)")
ORDINARY_MESSAGES = REPO_DIR / "bot" / "data" / "nlu"
ORDINARY_PREFIX = "intent:"
MODEL_DIR = REPO_DIR / "var"


class Level(enum.StrEnum):
    """How sure the recogniser is that someone is in danger."""

    clear = "clear"
    possible = "possible"


@dataclass(frozen=True)
class Assessment:
    """What the recogniser makes of a message: a level (None when no danger), the likeliest kind of danger and the
    probability that someone is in danger."""

    level: Level | None
    category: str
    score: float
    # Every kind of danger the message is about (violence and no shelter tonight, say), likeliest first, but the
    # ambulance first once pills are taken: the order of their helplines.
    categories: tuple[str, ...] = ()
    # P(danger or distress): what "possible" is read on. Exhaustion without a means or a plan ("I'm so tired, I
    # can't take it any more") is asked about, but never clear danger on its own.
    concern: float = 0.0

    @property
    def reading(self) -> str:
        """What staff are shown and leaving reads again, "<level>:<kind>+<kind>" ("clear:violence+homeless"): every
        kind named, in the order of their helplines, as many as fit the 40 characters a message keeps for it."""
        first, *others = self.categories or (self.category,)
        reading = f"{self.level}:{first}"
        for kind in others:
            if len(reading) + 1 + len(kind) > READING_LENGTH:
                break
            reading += f"+{kind}"
        return reading


# Crisis lines found the pill emoji a stronger sign than the word "suicide"; punctuation is dropped, so the emoji
# that name a means become words first.
_MEANS_EMOJI = str.maketrans({"💊": " pills ", "🔪": " knife ", "🔫": " gun ", "🩸": " blood ", "🪢": " rope "})


def _normalised(*phrases: str) -> tuple[str, ...]:
    """Phrases as `normalise_words` writes a message, to be found in it whole."""
    return tuple(normalise_words(phrase) for phrase in phrases)


def _says_any(words: str, phrases: tuple[str, ...]) -> bool:
    """Tell whether a message's words, as `normalise_words` writes them, say one of the phrases (normalised by
    `_normalised`) as whole words."""
    return any(phrase in words for phrase in phrases)


# Levantine chat writes "not" joined to the verb after it ("مابدي عيش", I don't want to live; "ماعم نام"), which
# the examples mostly write apart: "مابدي عيش" was only possible danger where "ما بدي عيش" was clear.
_JOINED_NEGATION = re.compile(r"(?<!\w)ما(?=(?:بدي|بدنا|بدها|بدو|عم|عاد|بقدر|فيني|في|بعرف)(?!\w))")


# Violence told of children ("he hits the kids", «زوجي يضرب الاولاد») is a danger to a child too, and the child
# lines (1056, 116111) are theirs: the classifier leans to violence alone, which gave the police and 15900 only (found
# by an independent try). The children, in the forms such a message uses beside the household reader's words: the
# objects and possessives («τον γιο μου», «بنتي», "e chaven"). Not "girl" or «αγόρι»: "my girl", «το αγόρι μου» are
# a partner.
_CHILDREN_HURT = CHILD_WORDS | frozenset(
    normalise_words(
        "kiddo kiddos boy boys stepson stepdaughter toddler teenager infant newborn "
        "γιο γιου παιδιού παιδιών παιδάκι παιδάκια κόρης κορούλα κοριτσάκι κοριτσάκια αγοράκι ανήλικο ανήλικα "
        "gio gios giou paidaki paidakia kori kores koritsaki "
        "ابني ابنتي بنتي بناتي ابنائي أبنائي ولادي ولادنا اولادنا طفلي طفلتي أطفالي ابننا بنتنا صغار الصغار "
        "ibni binti bnati wladna "
        "chaven čhaven chavoren čhavoren chaj čhaj chaja čhaja čhajorri chajorri chavoro čhavoro chavorro "
        "τσαβέν τσαβόρε τσαβόρεν τσάγια"
    ).split()
)
# Arabic joins "the", "and the", "to the", "with the" to the word: «الاولاد», «والاولاد», «للاولاد», «بالولاد».
_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و")
# The kinds of danger in which children told of are the ones hurt.
_HURT_BY_SOMEONE = frozenset({"violence", "threat"})


# Pills already taken need an ambulance before a listener: told as suicide, they were given 1018 first and 166 third
# (an independent try, 2026-12-06). Pills or medicine, and a verb of taking them in the past tense, in the forms of the
# four languages; not the present, which a plan uses («بدي اخد», "i want to take", «θέλω να πάρω»).
_PILLS = frozenset(
    normalise_words(
        "pill pills tablet tablets meds medicine medicines medication painkillers paracetamol sleeping "
        "χάπι χάπια χαπάκια φάρμακα φάρμακο ηρεμιστικά υπνωτικά παυσίπονα xapia xapi hapia chapia chapi farmaka "
        "حبوب حبة حبات حباية دوا دواء ادوية أدوية "
        "7boob 7oboob 7bob 7bub 7ubub 7boub 7oboub 7ebob 7ob hboob hbob hubub habbat 7abbat 7abaya dwa dawa adwiya "
        "kachiyat kachyat kachia "
        "drab draba drabja drabe drabura tablete tableti ταμπλέτες ντραμπ ντραμπα ντραμπια ντραμπουρα "
        # What people call them by: the commonest painkillers and tranquillisers in Greece.
        "panadol bandol depon xanax ξαναξ ζαναξ lexotanil stedon tavor aspirin ασπιρινη μπλιστερ μπλιστερακι "
        # Egyptian: a strip of pills, pills.
        "shereet shrit شريط bershaam barsham برشام"
    ).split()
)
_TAKEN = frozenset(
    normalise_words(
        "took swallowed taken drank overdosed necked "
        "ήπια ήπιε κατάπια κατάπιε πήρα πήρε ipia ipie katapia pira pire hpia hpie phra phre "
        "اخدت خدت أخذت اخذت بلعت بلع شربت شرب كليت "
        "akhadt akhadit akhadet a5adt khadt khadit khadet bla3t bla3it bala3t bala3et bel3et bla3 "
        "shrabt shribt shrabit shrebt sharabt klit kalit 5dt 5adt a5adt khdit 5dit khdat akhdet khdet a5det 5det "
        # He took, he drank, he ate (Egyptian, Gulf, Iraqi; a child who ate pills from a bag).
        "akhad a5ad khad sharab shirib shireb اكل أكل اكلت أكلت "
        "έφαγα efaga "
        "lem lijem lilem lijas pilem piljem pijem xalem halem khalem λεμ λιλεμ πιλεμ χαλεμ "
        # She ate, she drank (helper-156's retry); not "khalas", Arabic for "enough".
        "halja xalja pilja pijas lija χαλια πιλια xalas halas χαλας lias λιας"
    ).split()
)
# Learners' English says the past in the present, with the time it was: "she take many pills 1 hour ago"
# (helper-154's try). Without "ago" or "already", "take" is a plan ("i want to take all my pills tonight").
_TAKE = frozenset(normalise_words("take takes").split())
_PAST_SAID = frozenset(normalise_words("ago already").split())
# Said in one word.
_OVERDOSED = frozenset(normalise_words("overdosed overdose υπερδοσολογία υπερδοση").split())
# Said in two: the Greek and Arabic for "an excessive dose" («πήρε υπερβολική δόση φαρμάκων» was no danger at all).
_OVERDOSE_PHRASES = _normalised(
    "υπερβολική δόση",
    "yperboliki dosi",
    "iperboliki dosi",
    "ypervoliki dosi",
    "جرعة زائدة",
    "جرعة زايدة",
    "jor3a za2eda",
    "jor3a zayda",
    "jor3a zyada",
    "jor3a zeyada",
    "over dose",
)
# An overdose told of years ago, or of someone who died of one, is a person's past, not an ambulance now («ο αδερφός
# μου πέθανε από υπερβολική δόση πριν δύο χρόνια, ψάχνω ομάδα στήριξης», "i had an overdose 3 years ago and now im
# clean, i want to find work").
_LONG_PAST = frozenset(
    normalise_words(
        "died passed years yrs πέθανε πεθάνει χρόνια χρόνο pethane xronia hronia chronia "
        "مات ماتت توفي توفيت سنين سنوات sneen snin senin sinin sanawat mulo muli berš bersh berša μπερς"
    ).split()
)
# "All", "the whole box", "a lot": how many pills tell an overdose from one's medicine ("i took my pills this
# morning" was clear danger on the words alone).
_MANY = frozenset(
    normalise_words(
        "all whole box bottle lot lots load many much "
        "όλα όλο όλη ολόκληρο ολόκληρη κουτί μπουκάλι πολλά υπερβολικά σωρό ola olo oli olokliro kouti polla soro "
        "كل كلها كلهم علبة علبه كاملة كثير كتير كتيرة "
        "kul kol kel kell kulha kolhom kolo kollo ga3 3elba 3elbe 3elbet 3ilba kamla kamle bzaf hwaya ktir kteer kter "
        "wayed wajed "
        "sa savore sare kuti σα σαρε"
    ).split()
)

# Romani "but", many, is the English "but": it counts only right before the pills ("halja but draba").
_MANY_BEFORE = frozenset(normalise_words("but μπουτ").split())

# "All is well" is not all the pills: «πήρα τα χάπια μου, όλα καλά».
_WELL = frozenset(normalise_words("good fine ok well καλά kala mnee7 mni7 tamam mishto").split())


# Pills kept, not taken ("havent taken them", «δεν τα ήπια ακόμα», "den ta phra akoma") are a plan: the suicide lines
# first, not the ambulance (helper-157's probe). "Not" within two words before the verb of taking.
_NOT = frozenset(
    normalise_words("not havent hasnt didnt never δεν δε μην den de min ما مش مو ma mesh mish mu na ni či").split()
) | {"haven", "hasn", "didn"}  # "haven't" is "haven t" once the apostrophe goes


def _forms_of(word: str) -> set[str]:
    """A normalised word, and the word without the article or "and" that Arabic joins to it ("l7bob", «والحبوب»)."""
    return {
        word[len(prefix) :] if prefix and word.startswith(prefix) else word for prefix in ("", *_ARABIC_PREFIXES, "l")
    }


def _long_past(words: list[str]) -> bool:
    """Tell whether a message tells of years ago, of a death, or of a year gone by ("back in 2015")."""
    return bool(_LONG_PAST.intersection(words)) or any(
        word.isdecimal() and 1950 <= int(word) < dt.date.today().year for word in words
    )


def _names_pills(text: str) -> bool:
    """Tell whether a message speaks of pills or medicine («χάπια», "7boob", "tablet"); "sleeping" alone is not
    ("he is sleeping and i cant wake him for school")."""
    return any(_forms_of(word) & _PILLS - {"sleeping"} for word in normalise_words(text).split())


# One's medicine as prescribed: a routine or a time of day, an illness it treats, its prescription, pharmacy or cost.
# Most examples that name pills are plans, so "pills" alone read as suicide (0.82) and "i take my pills every morning"
# was clear danger at the top of the staff queue (2026-12-08). Such a message is read without the medicine's names
# and the verbs of taking it: if the rest of it says nothing of danger, neither does the message.
_AS_PRESCRIBED = _normalised(
    "every morning",
    "every day",
    "every night",
    "every evening",
    "each day",
    "a day",
    "per day",
    "daily",
    "regularly",
    "after i eat",
    "after lunch",
    "after dinner",
    "after breakfast",
    "with food",
    "prescription",
    "prescribed",
    "pharmacy",
    "chemist",
    "pressure",
    "heart",
    "diabetes",
    "sugar",
    "thyroid",
    "cholesterol",
    "epilepsy",
    "asthma",
    "insulin",
    "covered",
    "who pays",
    "pay for",
    "free",
    "cost",
    "expensive",
    "κάθε πρωί",
    "κάθε μέρα",
    "κάθε βράδυ",
    "την ημέρα",
    "τη μέρα",
    "συνταγή",
    "φαρμακείο",
    "πίεση",
    "καρδιά",
    "ζάχαρο",
    "διαβήτη",
    "θυρεοειδή",
    "χοληστερίνη",
    "επιληψία",
    "άσθμα",
    "ινσουλίνη",
    "πληρώνει",
    "πληρώνω",
    "δωρεάν",
    "τζάμπα",
    "εοπυυ",
    "kathe prwi",
    "kathe proi",
    "kathe mera",
    "kathe vrady",
    "kathe vradi",
    "syntagi",
    "farmakeio",
    "piesi",
    "kardia",
    "zaxaro",
    "diabiti",
    "plirwnei",
    "plironei",
    "dwrean",
    "dorean",
    "tzampa",
    "eopyy",
    "كل يوم",
    "كل صباح",
    "كل ليلة",
    "يوميا",
    "وصفة",
    "روشتة",
    "صيدلية",
    "الصيدلية",
    "للضغط",
    "الضغط",
    "للسكري",
    "السكري",
    "للسكر",
    "السكر",
    "للقلب",
    "القلب",
    "مجانا",
    "ببلاش",
    "kol yom",
    "kel lele",
    "kil lele",
    "kol leila",
    "majjani",
    "majani",
    "majjanan",
    "مجاني",
    "kul yom",
    "kil yom",
    "daght",
    "da8t",
    "sokkar",
    "sukkar",
    "saydaliyye",
    "saydaliya",
    "wasfe",
    "roshetta",
    "sako dives",
    "sako dive",
    "σακο ντιβες",
    "receta",
    "bi love",
    "bi lovengo",
)
_WORD = re.compile(r"\w+")


# The verbs of taking medicine go with its names: "i take my" alone read as a plan (0.39-0.50).
_TAKING = _PILLS | _TAKEN | _TAKE | frozenset(normalise_words("taking παίρνω παίρνει pairnw pairno pairnei").split())


def _without_medicine(text: str) -> str:
    """A message with the names of pills and medicine, and the verbs of taking them, taken out; its punctuation
    kept."""
    return _WORD.sub(lambda word: "" if _forms_of(normalise(word.group())) & _TAKING else word.group(), text)


def _pills_taken(text: str) -> tuple[bool, bool]:
    """Whether a message says that pills or medicine were taken («ήπια τα χάπια», "bla3t el 7boob"), and whether
    many were: "overdosed", or a word of quantity within four words of the pills ("shrabit kul el 7ubub", «ήπια όλο
    το κουτί με τα χάπια»), a count of ten or more among them («καμια 30 ξανάξ»)."""
    padded = normalise_words(text)
    words = padded.split()
    if (_OVERDOSED.intersection(words) or _says_any(padded, _OVERDOSE_PHRASES)) and not _long_past(words):
        return True, True
    forms = [_forms_of(word) for word in words]
    pills = [at for at, form in enumerate(forms) if form & _PILLS]
    taken = any(
        form & _TAKEN and not _NOT.intersection(words[max(0, at - 2) : at]) for at, form in enumerate(forms)
    ) or bool(_TAKE.intersection(words) and _PAST_SAID.intersection(words))
    if not pills or not taken:
        return False, False
    many = [
        at
        for at, (word, form) in enumerate(zip(words, forms, strict=True))
        if (form & _MANY or (word.isdecimal() and int(word) >= 10) or (word in _MANY_BEFORE and at + 1 in pills))
        and not _WELL.intersection(words[at + 1 : at + 2])
    ]
    return True, any(abs(quantity - pill) <= 4 for quantity in many for pill in pills)


# Someone who does not wake up, is not breathing or has passed out needs an ambulance before anything else: "she take
# many pills and she dont wake up" was suicide alone, 1018 first (named by helper-154's try). Phrases, as the words
# alone are everyday ones ("i cant wake up early").
_NOT_WAKING = _normalised(
    "dont wake up",
    "don't wake up",
    "doesnt wake up",
    "doesn't wake up",
    "does not wake up",
    "wont wake up",
    "won't wake up",
    "will not wake up",
    "not waking up",
    "not breathing",
    "unconscious",
    "passed out",
    "cant wake",
    "can't wake",
    "cannot wake",
    # Not "not wake up" alone: "i want to go to sleep and not wake up" is a wish, not someone lying there.
    "she not wake up",
    "he not wake up",
    "she no wake up",
    "he no wake up",
    "not opening her eyes",
    "not opening his eyes",
    "δεν ξυπνάει",
    "δεν ξυπνά",
    "δεν αναπνέει",
    "δεν ανασαίνει",
    "αναίσθητος",
    "αναίσθητη",
    "λιποθύμησε",
    "den ksypnaei",
    "den xypnaei",
    "den ksipnaei",
    "den jipnaei",
    "den anapnei",
    "den anapneei",
    "ما عم يفيق",
    "ما عم تفيق",
    "ما عم يصحى",
    "ما عم تصحى",
    "مش عم يصحى",
    "مش عم تصحى",
    "ما بيصحى",
    "ما بتصحى",
    "مغمى عليه",
    "مغمى عليها",
    "فاقد الوعي",
    "فاقدة الوعي",
    "ما عم يتنفس",
    "ما عم تتنفس",
    "ma 3am yfi2",
    "ma 3am tfi2",
    "mesh 3am yes7a",
    "mesh 3am tes7a",
    "ma bitsa7a",
    "ma byes7a",
    "ma ysa77i",
    "ma ysahhi",
    "ما يصحى",
    "ما يسحي",
    "δεν ανοίγει τα μάτια",
    "den anoigei ta matia",
    "na phravel e jakha",
    "na phravel i jakha",
    "να τον ξυπνήσω",
    "να την ξυπνήσω",
    "na ton ksypnisw",
    "na ton xypnisw",
    "na tin ksypnisw",
    "na tin xypnisw",
    "όταν τον κουνάω",
    "όταν την κουνάω",
    "otan ton kounao",
    "otan ton kounaw",
    "otan tin kounao",
    "otan tin kounaw",
)


# Bleeding or dizzy after a beating needs the ambulance before the police: "my head is bleeding a lot and i feel
# dizzy" gave 166 fifth, after 100, 15900, 112 and 197 (helper-157's probe).
_HURT_NOW = _normalised(
    "bleeding",
    "blood everywhere",
    "dizzy",
    "αιμορραγεί",
    "αιμορραγώ",
    "τρέχει αίμα",
    "ματώνει",
    "ζαλίζομαι",
    "zalizomai",
    "trexei aima",
    "aimorragei",
    "τρέχουν αίματα",
    "trexoun aimata",
    "άνοιξε το κεφάλι",
    "ανοίξει το κεφάλι",
    "γυρίζει το κεφάλι",
    "ζαλίζεται",
    "zalizetai",
    "ينزف",
    "بينزف",
    "نزيف",
    "الدم ينزل",
    "والدم ينزل",
    "دايخة",
    "دايخ",
    "ودايخة",
    "ودايخ",
    "damm byenzel",
    "yenzef",
    "yinzef",
    "byenzef",
    "binzef",
    "tenzef",
    "btenzef",
    "mdawwa5",
    "mdawakh",
    "dam byenzel",
    "dayekh",
    "day5a",
    "avel rat",
    "αβελ ρατ",
    "ρατ αβελ",
    "rat avel",
)


# An older person hurt by a grown son or daughter is violence at home, not a child in danger: "my son hits me, i am
# 75" gave the children's lines (1056, 116111) in place of 15900. Old age is told by a word for it (a pension too:
# «ο γιος μου με χτυπάει και μου παίρνει τη σύνταξη», helper-156's retry), or an age of 60 or
# more beside a word that gives an age ("i am 75", «78 χρονών», «عمري ٧٠», "72 berš"); a small child named as well
# ("my 5 year old", "the baby", «το μωρό») keeps the child's lines.
_OLD_AGE = frozenset(
    normalise_words(
        "elderly pensioner pension ηλικιωμένη ηλικιωμένος συνταξιούχος συνταξιούχα σύνταξη σύνταξή ilikiomeni "
        "ilikiomenos syntaxiouxos syntaxi sintaxi syntaksi "
        "مسن مسنة ختيار ختيارة عجوز خرفانة خرفان معاش معاشي المعاش تقاعدي phuri phuro φούρι φούρο sintaksa"
    ).split()
)
_AGE_SAID = frozenset(
    normalise_words(
        "is am im age aged years yrs old είναι ειναι einai είμαι ειμαι eimai imai χρονών χρόνων ετών χρονια χρονώ "
        "xronon hronon "
        "عمري عمرها عمره سنة سنه سنين 3omri 3omra 3omro sana sene sem σομ berš bersh bers berša μπερς"
    ).split()
)
_SMALL_CHILD = frozenset(
    normalise_words(
        "baby babies toddler infant little small kid kids μωρό μωράκι μικρό μικρή μικρά παιδάκι παιδάκια moro mikro "
        "mikri mikra طفل طفلة طفلي طفلتي رضيع صغير صغيرة tfl tifl sghir zghir tikno cikno tiknoro τικνό"
    ).split()
)


# A grandchild who takes an old person's pension and pushes her is violence at home, not trafficking (helper-158's
# try: «حفيدي بياخد فلوس المعاش بتاعي… وبيزقني» got 1109).
_GRANDCHILDREN = frozenset(
    normalise_words(
        "grandson granddaughter grandchild grandchildren εγγονός εγγονή εγγόνι εγγόνια eggonos egonos "
        "engonos eggoni حفيد حفيدي حفيدة حفيدتي احفادي 7afidi hafidi unuko unoka"
    ).split()
)


# A grown-up named as one: alone for days and not opening the door, she may have collapsed, and the children's lines
# are not hers (helper-161's try: «η γειτόνισσα η κυρία Ελένη… μένει μόνη της» got 1056 and 116111).
_GROWN_UP = frozenset(
    normalise_words(
        "old lady woman neighbour neighbor grandma grandmother grandpa grandfather mrs mr "
        "κυρία κύριος κυρ γειτόνισσα γείτονας γιαγιά παππούς γυναίκα άντρας kyria kyrios kiria kirios geitonissa "
        "geitonas giagia pappous papous uncle aunt θείος θεία theios theia "
        "جارتي جاري الجارة الجار ختيارة جدتي جدي جارنا jarti jari jaret jaretna kbeere kbire kbir te3ta teta sitti "
        "jido phuri phuro"
    ).split()
)

# A son or a daughter, as Arabizi and Arabic write them beside a neighbour ("ibn jarti", my neighbour's son).
_YOUNG = frozenset(normalise_words("ibn ebn ibni ebni bint binti walad wlad ابن بنت ولد").split())


# Not seen for days, not opening the door, not answering: said of an older or grown-up person, she may have fallen
# or collapsed, and the ambulance comes first whatever else the words were read as (helper-164's retry: a neighbour
# of 82 got the lines for violence at home, an uncle of 79 the children's first).
_NOT_SEEN = _normalised(
    "not seen",
    "nobody has seen",
    "no one has seen",
    "havent seen",
    "haven't seen",
    "hasnt been seen",
    "doesnt open",
    "doesn't open",
    "does not open",
    "dont open",
    "doesnt answer the door",
    "doesn't answer the door",
    "lights have been on",
    "δεν την έχουμε δει",
    "δεν τον έχουμε δει",
    "δεν το έχουμε δει",
    "δεν την έχω δει",
    "δεν τον έχω δει",
    "δεν έχει βγει",
    "δεν ανοίγει",
    "den tin exoume dei",
    "den ton exoume dei",
    "den to exoume dei",
    "den exei vgei",
    "den anoigei",
    "ما حدا شافه",
    "ما حدا شافها",
    "ما شفته",
    "ما شفتها",
    "ما بيفتح",
    "ما بتفتح",
    "ma 7ada shafo",
    "ma 7ada shafha",
    "ma sheftha",
    "ma shefto",
    "ma btefta7",
    "ma byefta7",
    "na dikhlam la",
    "na dikhlam les",
    "na phuterel",
)

# Someone on oxygen whose electricity was cut: the machine stops (helper-164's retry: «μας έκοψαν το ρεύμα και η
# γιαγιά είναι με οξυγόνο» read as no danger at all).
_OXYGEN = frozenset(
    normalise_words(
        "oxygen ventilator οξυγόνο οξυγόνου αναπνευστήρα oxygono oxygonou oksigono oxigono "
        "اكسجين أكسجين اوكسجين oksijen oxygene oksigeno"
    ).split()
)
_POWER = frozenset(
    normalise_words(
        "electricity power ρεύμα ρευμα ηλεκτρικό ΔΕΗ revma reuma rebma كهربا كهرباء الكهربا kahraba kahrabe "
        "ke7raba struja"
    ).split()
)


def _on_oxygen_without_power(text: str) -> bool:
    """Tell whether a message names both oxygen (or a ventilator) and the electricity."""
    forms = [_forms_of(word) for word in normalise_words(text).split()]
    return any(form & _OXYGEN for form in forms) and any(form & _POWER for form in forms)


def _names_a_grown_up_alone(text: str, *, old_age: bool) -> bool:
    """Tell whether a message names a grown-up or older person and no child: no small child, no son or daughter, no
    age under 18 ("my 14 year old is meeting a man of 30" names a child). `old_age`: what `_told_of_old_age_alone`
    said of it, read once per message."""
    words = normalise_words(text).split()
    if _tells_of_children(text) or (_SMALL_CHILD | _YOUNG).intersection(words) or any(age < 18 for age in _ages(words)):
        return False
    return old_age or bool(_GROWN_UP.intersection(words))


def _names_family_below(text: str) -> bool:
    """Tell whether a message names a son, a daughter, children or grandchildren."""
    return _tells_of_children(text) or bool(_GRANDCHILDREN.intersection(normalise_words(text).split()))


def _told_of_old_age_alone(text: str) -> bool:
    """Tell whether a message says that someone in it is old (and names no small child)."""
    words = normalise_words(text).split()
    ages = _ages(words)
    if _SMALL_CHILD.intersection(words) or any(age < 18 for age in ages):
        return False
    return bool(_OLD_AGE.intersection(words)) or any(60 <= age <= 110 for age in ages)


def _ages(words: list[str]) -> list[int]:
    """The numbers a message's words give as ages: beside "years", "old", «χρονών», "berš"."""
    return [
        int(word)
        for at, word in enumerate(words)
        if word.isdecimal() and _AGE_SAID.intersection(words[max(0, at - 2) : at + 3])
    ]


# A partner, or one who was, who keeps her papers and phone and will not let her out: violence at home first, with
# 15900 and where to write, beside the trafficking line; she would not call herself trafficked (an independent try:
# "my boyfriend keeps my passport and phone" got only 1109).
_FORMER_PARTNER = frozenset(normalise_words("ex πρώην proin prwin طليقي طليقتي").split())


def _by_a_partner(text: str) -> bool:
    """Tell whether a message names the person's partner or former partner."""
    return names_a_partner(text) or bool(_FORMER_PARTNER.intersection(normalise_words(text).split()))


# A threat against leaving ("he will kill me if i go", «θα με σκοτώσει αν τον αφήσω») comes from someone the person
# lives with: violence at home, as a partner's threat is.
_IF_I_LEAVE = _normalised(
    "if i go",
    "if i leave",
    "if i left",
    "αν φύγω",
    "αν τον αφήσω",
    "αν την αφήσω",
    "an fygw",
    "an fygo",
    "an figo",
    "an ton afisw",
    "an ton afiso",
    "اذا تركته",
    "إذا تركته",
    "اذا طلعت",
    "إذا طلعت",
    "اذا رحت",
    "iza tarakto",
    "iza tle3t",
    "iza r7t",
)


def _threatened_at_home(text: str) -> bool:
    """Tell whether a threat comes from a partner or is made against leaving."""
    return _by_a_partner(text) or _says_any(normalise_words(text), _IF_I_LEAVE)


def _tells_of_children(text: str) -> bool:
    """Tell whether a message speaks of children (a son, the kids, «الاولاد»)."""
    return any(
        word in _CHILDREN_HURT
        or any(word.startswith(prefix) and word[len(prefix) :] in _CHILDREN_HURT for prefix in _ARABIC_PREFIXES)
        for word in normalise_words(text).split()
    )


# A date ("6/12", "06/12/2026") or a clock time ("14:30") says nothing of danger: read as numbers, they were ages,
# and "6/12 at 14:30", typed at the times, was possible danger to a child.
_DATES_AND_TIMES = re.compile(r"(?<![\d/.:])(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}:\d{2})(?![\d/:])")


# English written out in full reads as its contraction, as most of the examples write it: "i cannot cope any more"
# was ordinary (0.34) where "i cant cope anymore" was asked about (0.86), found by an independent try.
_ENGLISH_IN_FULL = (
    (re.compile(r"\bcan ?not\b"), "cant"),
    (re.compile(r"\bwill not\b"), "wont"),
    (re.compile(r"\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must) not\b"), r"\1nt"),
    (re.compile(r"\bany more\b"), "anymore"),
    # The future as most examples write it: "my husband is going to kill me" was no danger (0.40) where "my husband
    # will kill me" is asked about, once Arabizi examples of 2026-12-07 moved the weights a little.
    (re.compile(r"\b(?:(?:am|is|are) )?(?:going to|gonna)\b"), "will"),
    # Raising children alone is a household, said as most examples say it ("on my own"): "a dad raising my son alone"
    # read "my son alone" as a child left alone (possible danger, 0.61) once examples of 2026-12-07 moved the weights.
    (re.compile(r"\b(rais\w*|bring\w* up|brought up)((?: \w+){1,3}) (?:alone|by myself)\b"), r"\1\2 on my own"),
)


def features_text(text: str) -> str:
    """The text the classifier reads: the normalised words, and their sounds when those differ."""
    text = _DATES_AND_TIMES.sub(" ", text)
    text = _JOINED_NEGATION.sub("ما ", APOSTROPHES.sub("", text.translate(_MEANS_EMOJI)))
    words = normalise(_PUNCTUATION.sub(" ", text))
    for written_out, contracted in _ENGLISH_IN_FULL:
        words = written_out.sub(contracted, words)
    return with_sounds(words)


def ordinary_messages(directory: Path = ORDINARY_MESSAGES) -> list[tuple[str, str]]:
    """Every example of the bot's NLU training data (entity markup removed) with its intent, as (label, text):
    ordinary messages, never danger."""
    messages = []
    for path in sorted(directory.glob("*/*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                example = _ENTITY.sub(r"\1", line.strip().removeprefix("- ").strip())
                if example:
                    messages.append((f"{ORDINARY_PREFIX}{block['intent']}", example))
    return messages


# Answers to the bot's questions (how many adults, children, euros) are ordinary messages too, and short ones like
# "3" or "ένα παιδί" would otherwise look like nothing the classifier knows: they are generated here, per language,
# from a few number words and what is counted.
_ANSWER_NUMBERS = {
    "el": ("ένα", "μία", "δύο", "τρία", "τέσσερα", "πέντε", "έξι", "κανένα", "ena", "dyo", "tria"),
    "en": ("one", "two", "three", "four", "five", "six", "none", "no", "zero"),
    "ar": ("واحد", "اثنين", "تنين", "تلاتة", "ثلاثة", "اربعة", "خمسة", "ستة", "ما في", "صفر"),
    "rom": ("jekh", "duj", "trin", "štar", "panž", "šov", "nisavo", "γιεκ", "ντουι", "τριν"),
}
_ANSWER_COUNTED = {
    "el": ("", "παιδί", "παιδιά", "ενήλικες", "άτομα", "ευρώ", "ευρώ το μήνα", "paidia", "evro"),
    "en": ("", "kid", "kids", "children", "adults", "of us", "euros", "euros a month"),
    "ar": ("", "ولد", "ولاد", "اطفال", "كبار", "اشخاص", "يورو", "يورو بالشهر"),
    "rom": ("", "čhavo", "čhavore", "bare", "manuša", "euro", "τσαβορέ", "ευρώ"),
}
_ANSWER_DIGITS = (
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "10",
    "12",
    "50",
    "150",
    "200",
    "300",
    "450",
    "700",
    "1000",
)
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FORM_ANSWER = f"{ORDINARY_PREFIX}form_answer"


# "I don't know" and its like are answers too, not a sign of anything (as the answer to the danger question they are
# read by kiosk_api.danger.service, not here).
_SHORT_REPLIES = (
    # "Do you have the reference / a phone?": "I don't have (it)" says nothing of danger, though distress says
    # "I have no strength left".
    "δεν έχω",
    "δεν εχω",
    "den exw",
    "den exo",
    "i dont have",
    "i dont have it",
    "ما عندي",
    "ماعندي",
    "معنديش",
    "naj man",
    "nai man",
    "νάι μαν",
    "δεν ξέρω",
    "δεν ξερω",
    "den kserw",
    "den xero",
    "δεν ξέρω ακόμα",
    "ίσως",
    "isws",
    "i dont know",
    "idk",
    "not sure",
    "maybe",
    "i dont know yet",
    "لا أعرف",
    "ما بعرف",
    "مش عارف",
    "ما اعرف",
    "يمكن",
    # The same in Arabizi: "ma ba3ref" alone was possible danger, the despair of "ma ba3ref shu a3mel" (I don't know
    # what to do) read into it.
    "ma ba3ref",
    "ma ba3rif",
    "mba3ref",
    "ma b3rf",
    "ma adri",
    "madri",
    "mesh 3aref",
    "msh 3arfa",
    "ma3rafsh",
    "ma3rftch",
    "ma 3arif",
    "ma a3rif",
    "na džanav",
    "ma janav",
    "ma jananav",
    "na janav",
    "να τζανάβ",
    "shaj",
    "šaj",
    # Answers to "how many?" in words.
    "many",
    "a lot",
    "lots",
    "lots of us",
    "a few",
    "πολλοί",
    "πολλά",
    "λίγοι",
    "polloi",
    "kamposoi",
    "كتير",
    "كثير",
    "كتار",
    "شوي",
    "قليل",
    "but",
    "but džene",
    "xari",
    # Ending or refusing the conversation ("stop" alone was possible medical danger, from "it stopped breathing").
    "stop",
    "stop please",
    "σταμάτα",
    "σταματα",
    "stamata",
    "φτάνει",
    "ftanei",
    "τέλος",
    "enough",
    "quit",
    "exit",
    "وقف",
    "خلص",
    "بس",
    "ačhav",
    "aćhav",
    "bas",
)


# Answers about the household in the estimate: living alone, or raising children alone, said plainly. "only me like i
# said" to "how many adults?" asked whether anyone was in danger, and "raising my 2 children alone" read as a danger
# to a child; a lone mother's question («انا ام لوحدي مع ولدين») was flagged in the evaluation set.
_HOUSEHOLD_ANSWERS = (
    "just me",
    "only me",
    "me alone",
    "only me like i said",
    "just me, i told you",
    "i told you im on my own",
    "im on my own",
    "by myself",
    "i live alone",
    "just me and my 2 kids",
    "me and my three kids",
    "alone with my two children",
    "single mum with 3 kids",
    "im a single dad",
    "raising my 2 children alone",
    "im raising them on my own",
    "μόνο εγώ",
    "μόνη μου",
    "μόνος μου",
    "μόνη μου με δύο παιδιά",
    "μόνο εγώ, σας είπα",
    "σας είπα, είμαι μόνη",
    "είμαι μόνη μητέρα με 2 παιδιά",
    "μεγαλώνω μόνη μου τα παιδιά",
    "mono egw",
    "monh mou",
    "monh mou me dyo paidia",
    "sas eipa eimai moni",
    "mono ego sas eipa",
    "eimai moni mitera me 2 paidia",
    "انا بس",
    "انا لوحدي",
    "انا لوحدي مع ولدين",
    "ام وحيدة مع ٣ ولاد",
    "انا بربي ولادي لوحدي",
    "قلتلك انا لوحدي",
    "ana wa7di",
    "ana lwa7di ma3 wladi",
    "numa me",
    "me korkori",
    "me korkori thaj duj čhave",
    "korkori barjarav mre čhaven",
    "phendem tumenge, korkori sim",
)

# Saying where one writes from is ordinary: after the kiosk's "Continue on my phone" people say so, and a phone is in
# many messages about control at home ("he checks my phone"), which alone made "I carry on from my phone" an alarm.
_CHANNEL_TALK = (
    "συνεχίζω από το κινητό",
    "συνεχιζω απο το κινητο",
    "γράφω από το κινητό μου τώρα",
    "τώρα είμαι από το κινητό",
    "synexizw apo to kinhto",
    "continuing on my phone",
    "i'm writing from my phone now",
    "now on my mobile",
    "أكمل من هاتفي",
    "عم اكتب من الموبايل",
    "صرت عالتلفون",
    "dzav majdur katar o telefono",
    "akana ramosarav andar o mobilo",
    "συνεχίζω από το τηλέφωνο",
)


# A day chosen where the booking shows its times ("την Τετάρτη καλύτερα", "thursday is better") is ordinary too:
# "better" alone leans towards "they would be better off without me", and the day's name tipped «thn tetarti
# kalytera» into asking whether anyone is in danger. Each language's weekdays, in its own letters and in Latin.
_WEEKDAY_NAMES = {
    "el": (
        "Δευτέρα",
        "Τρίτη",
        "Τετάρτη",
        "Πέμπτη",
        "Παρασκευή",
        "Σάββατο",
        "Κυριακή",
        "deftera",
        "triti",
        "tetarti",
        "pempti",
        "paraskevi",
        "savvato",
        "kyriaki",
    ),
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
    "rom": ("luj", "marci", "tetradji", "žoja", "paraštuj", "savato", "kurko"),
}
_DAY_ANSWERS = {
    "el": (
        "την {day} καλύτερα",
        "{day} καλύτερα",
        "με βολεύει {day}",
        "μπορώ {day} στις 10",
        "thn {day} kalytera",
        "{day} mou kanei kalytera",
        "mporw {day}?",
    ),
    "en": ("{day} is better", "{day} would be better", "{day} suits me better", "can i come {day}", "{day} at 10"),
    "ar": ("{day} أحسن", "يوم {day} أفضل", "بيناسبني {day}", "{day} الساعة 10"),
    "rom": ("{day} majfeder", "šaj avav {day}", "{day} ko 10"),
}


# Names typed at the booking's name question are ordinary too. «علي» (Ali, also "on me", as in "he hit me") was
# possible violence and «محمد علي» possible suicide: common names, alone and with a family name, in each script.
# Names that are words too, which despair or danger use: Amal and «أمل» (hope: "ma fi amal", no hope), Hayat (life),
# «Ελπίδα» (hope), Zoi (life): "Amal Haddad" at the name question was possible danger (2026-12-07).
_FIRST_NAMES = {
    "ar": tuple("محمد أحمد علي حسن حسين عمر خالد فاطمة مريم زينب نور ليلى سارة يوسف أمل حياة رحمة وفاء".split()),
    "el": tuple("Γιώργος Μαρία Ελένη Νίκος Κώστας Δημήτρης Σοφία Αννα Ελπίδα Ζωή".split()),
    "en": tuple("Ali Mohamed Ahmed Fatima John Sarah Hassan Omar Amal Hayat Rahma Wafaa".split()),
    "rom": ("Marika", "Giannis", "Tasos", "Sultana", "Zoi", "Angelos"),
}
_FAMILY_NAMES = {
    "ar": ("علي", "حسن", "حسين", "محمد", "أحمد", "الحسن", "عبدالله", "إبراهيم", "خليل", "العلي", "حداد", "منصور"),
    "el": ("Παπαδόπουλος", "Παππά", "Ιωάννου", "Γεωργίου", "Νικολάου", "Παπαδοπούλου"),
    "en": ("Ali", "Hassan", "Smith", "Ahmed", "Khalil", "Haddad", "Mansour", "Al-Hussein", "Darwish"),
    "rom": ("Ioannou", "Mitrou", "Kalamaras", "Dimitriou"),
}
# A time of day typed where the booking shows its times ("in the afternoon" was possible homelessness: "tonight").
_TIMES_OF_DAY = (
    "in the afternoon",
    "afternoon pls",
    "in the morning",
    "morning please",
    "in the evening",
    "late afternoon",
    "το απογευμα",
    "το πρωι",
    "το βραδυ",
    "to vrady",
    "to apogeuma",
    "to prwi",
    "μεσημερι",
    "بعد الظهر",
    "الصبح",
    "المسا",
    "العصر",
    "ranipe",
    "ratjate",
    "palo dilos",
)


def form_answers() -> list[tuple[str, str]]:
    """Short answers to the bot's questions, in every language, as (label, text)."""
    answers = {digits for digits in _ANSWER_DIGITS} | {digits.translate(_ARABIC_INDIC) for digits in _ANSWER_DIGITS}
    answers.update(_SHORT_REPLIES)
    answers.update(_CHANNEL_TALK)
    answers.update(_HOUSEHOLD_ANSWERS)
    for language, numbers in _ANSWER_NUMBERS.items():
        for number in (*numbers, *_ANSWER_DIGITS[1:6]):
            answers.update(f"{number} {counted}".strip() for counted in _ANSWER_COUNTED[language])
    for language, first_names in _FIRST_NAMES.items():
        answers.update(first_names)
        answers.update(f"{first} {family}" for first in first_names for family in _FAMILY_NAMES[language])
    answers.update(_TIMES_OF_DAY)
    for language, templates in _DAY_ANSWERS.items():
        answers.update(template.format(day=day) for template in templates for day in _WEEKDAY_NAMES[language])
    return [(FORM_ANSWER, answer) for answer in sorted(answers)]


def training_set(
    examples: dict[str, dict[str, tuple[str, ...]]], ordinary: list[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """The texts and labels to train on: each kind of danger, the harmless near-misses (`none`), distress
    (`distress`) and the ordinary messages (labelled with their intents)."""
    texts: list[str] = []
    labels: list[str] = []
    for by_category in examples.values():
        for category, messages in by_category.items():
            texts.extend(messages)
            labels.extend([category] * len(messages))
    for label, text in ordinary:
        labels.append(label)
        texts.append(text)
    return texts, labels


class DangerRecogniser:
    """The trained classifier and the phrase backstop."""

    def __init__(self, classifier: TextClassifier, phrases: tuple[str, ...]) -> None:
        self._classifier = classifier
        self._phrases = phrases

    @classmethod
    def train(cls, texts: list[str], labels: list[str], phrases: tuple[str, ...] = ()) -> DangerRecogniser:
        """Train on raw texts and their labels (a kind of danger, `none`, `distress`, or an ordinary intent)."""
        classifier = TextClassifier(REGULARISATION, shortest_chars=2, min_df=2)
        classifier.fit([features_text(text) for text in texts], labels)
        return cls(classifier, phrases)

    def _kinds_of_danger(self, parts: list[str]) -> np.ndarray:
        """Each kind of danger's probability (columns in the order of DANGER_CATEGORIES) for each text (rows)."""
        return self._danger_and_distress(parts)[0]

    def _danger_and_distress(self, parts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each kind of danger's probability for each text (rows), and each text's probability of distress."""
        rows = self._classifier.probability_rows([features_text(part) for part in parts])
        danger = rows[:, [self._classifier.classes.index(category) for category in DANGER_CATEGORIES]]
        return danger, rows[:, self._classifier.classes.index(DISTRESS)]

    def assess(self, text: str) -> Assessment:
        """Read the whole message and each of its sentences; the most alarming reading decides. A sentence without a
        letter says nothing on its own: "(13)" after a question, a number typed alone, were clear dangers to a child,
        the ages in the examples of danger having made the number itself the signal. Distress adds to danger for
        "possible" only, and is read as a danger to oneself (its helplines)."""
        sentences = (part for part in _SENTENCES.split(text) if part.strip() and part.strip() != text.strip())
        parts = [part for part in (text, *sentences) if any(ch.isalpha() for ch in part)]
        if not parts:
            return Assessment(None, "", 0.0)
        by_part, distress = self._danger_and_distress(parts)
        concerns = by_part.sum(axis=1) + distress
        worst = int(concerns.argmax())
        best, concern = by_part[worst], float(concerns[worst])
        score = float(best.sum())
        ranked = sorted(zip(best, DANGER_CATEGORIES, strict=True), reverse=True)
        if distress[worst] > score:
            ranked = [(distress[worst], "suicide"), *((p, kind) for p, kind in ranked if kind != "suicide")]
        category = ranked[0][1]
        share_of = max(score, float(distress[worst]))
        categories = tuple(kind for probability, kind in ranked if probability >= SECOND_KIND_SHARE * share_of)
        words = normalise_words(text)
        pills_taken, overdose = _pills_taken(text)
        # An overdose long past is a person's history (the phrase list's "overdose" made "my uncle died of an overdose
        # back in 2009" urgent, with no way to say No: helper-160's retry).
        long_past = _long_past(words.split())
        not_waking = _says_any(words, _NOT_WAKING)
        # Pills named beside someone who cannot be woken is an emergency, however they were taken ("my wife she drink
        # many tablet for sleep… now she not wake up": helper-160's retry).
        oxygen_cut = _on_oxygen_without_power(text)
        names_pills = _names_pills(text)
        backstop = (
            overdose
            or oxygen_cut
            or (names_pills and not_waking)
            or any(phrase in words for phrase in self._phrases if not (long_past and phrase.strip() in _OVERDOSED))
        )
        hurt_now = _says_any(words, _HURT_NOW)
        if (
            not (backstop or not_waking or hurt_now)
            and _says_any(words, _AS_PRESCRIBED)
            and names_pills
            and (without := _without_medicine(text)) != text
            and (reading := self.assess(without)).level is None
        ):
            return reading
        diluted = distress[worst] >= DILUTING_DISTRESS
        if score < CLEAR_THRESHOLD and not backstop and not diluted and concern < POSSIBLE_THRESHOLD:
            return Assessment(None, category, score, categories, concern)
        by_clause = self._danger_of_clauses(text)
        # "I can't bear it any more, I want to end my life tonight" read whole is part distress, which would keep the
        # plan in its second clause from being clear: a clause that is clear danger on its own decides.
        if score >= CLEAR_THRESHOLD or backstop or (diluted and bool((by_clause.sum(axis=1) >= CLEAR_THRESHOLD).any())):
            level: Level | None = Level.clear
        elif concern >= POSSIBLE_THRESHOLD:
            level = Level.possible
        else:
            return Assessment(None, category, score, categories, concern)
        categories += _kinds_clear_in_clauses(by_clause, categories)
        if "trafficking" in categories and categories[0] != "violence" and _by_a_partner(text):
            categories = ("violence", *(kind for kind in categories if kind != "violence"))
            category = "violence"
        # Not beside trafficking: a boss who threatens a worker who would leave is not violence at home.
        if {"threat"} == {"threat", "violence", "trafficking"}.intersection(categories) and _threatened_at_home(text):
            categories += ("violence",)
        old_age = _told_of_old_age_alone(text)
        grown_family = "child" in categories or (
            {"violence", "trafficking"}.intersection(categories) and _names_family_below(text)
        )
        if grown_family and old_age:
            categories = (
                "violence",
                *(kind for kind in categories if kind not in ("violence", "child", "trafficking")),
            )
            category = "violence"
        grown_up = _names_a_grown_up_alone(text, old_age=old_age)
        if "child" in categories and grown_up:
            categories = tuple(dict.fromkeys("medical" if kind == "child" else kind for kind in categories))
            category = categories[0]
        not_seen = grown_up and _says_any(words, _NOT_SEEN)
        if (
            overdose
            or oxygen_cut
            or not_seen
            or ({"suicide", "medical"}.intersection(categories) and pills_taken)
            or not_waking
            or hurt_now
        ):
            categories = ("medical", *(kind for kind in categories if kind != "medical"))
        # Many pills taken: the lines for suicide follow the ambulance, whatever else the words were read as ("my son
        # took a lot of pills and he is sleeping weird" lost them to violence and a child once everyday talk of
        # medicine was taught as harmless, 2026-12-08).
        if overdose and "suicide" not in categories:
            categories = (categories[0], "suicide", *categories[1:])
        if (
            "child" not in categories
            and _HURT_BY_SOMEONE.intersection(categories)
            and _tells_of_children(text)
            and not old_age
        ):
            categories += ("child",)
        return Assessment(level, category, score, categories, concern)

    def _danger_of_clauses(self, text: str) -> np.ndarray:
        """Each kind of danger's probability for each clause of a message of several clauses (rows); no row for a
        message of one clause."""
        clauses = [part for part in _CLAUSES.split(text) if any(ch.isalpha() for ch in part)]
        if len(clauses) < 2:
            return np.empty((0, len(DANGER_CATEGORIES)))
        return self._kinds_of_danger(clauses)

    def has_ordinary_part(self, text: str) -> bool:
        """Tell whether a message of several sentences has one that is not about danger (a question the bot should
        still answer once the person says nobody is in danger)."""
        parts = [part for part in _SENTENCES.split(text) if any(ch.isalpha() for ch in part)]
        if len(parts) < 2:
            # A question after a comma asks something too: "my old mother cannot get out of bed, does someone come
            # to help at home?" was not answered after "No" (helper-158's try). Not a clause that asks nothing: "I am
            # so tired of everything, I cannot go on" alone would get "I did not understand".
            *told, last = _ASIDE.split(text)
            parts = [last] if told and _ASKS.search(last) and any(ch.isalpha() for ch in last) else []
            if not parts:
                return False
        danger, distress = self._danger_and_distress(parts)
        return bool((danger.sum(axis=1) + distress < POSSIBLE_THRESHOLD).any())

    def save(self, path: Path) -> None:
        """Save as compressed arrays (no pickles), written whole or not at all."""
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
        np.savez_compressed(partial, phrases=np.array(self._phrases), **self._classifier.to_arrays())
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> DangerRecogniser:
        with np.load(path, allow_pickle=False) as arrays:
            return cls(TextClassifier.from_arrays(arrays), tuple(str(phrase) for phrase in arrays["phrases"]))


def _kinds_clear_in_clauses(by_clause: np.ndarray, known: tuple[str, ...]) -> tuple[str, ...]:
    """The kinds of danger, not yet in `known`, that a clause of the message is clearly about on its own."""
    added: list[str] = []
    for row in by_clause:
        kind = DANGER_CATEGORIES[int(row.argmax())]
        if row.sum() >= CLEAR_THRESHOLD and kind not in known and kind not in added:
            added.append(kind)
    return tuple(added)


def backstop_phrases() -> tuple[str, ...]:
    """The phrase list of every language, normalised for whole-word matching."""
    return tuple(normalise_words(phrase) for phrases in load_urgent_phrases().values() for phrase in phrases)


def _training_data_digest() -> str:
    """A digest of everything the recogniser learns from, so a saved model is used only while it is current."""
    digest = hashlib.sha256(f"{REGULARISATION}".encode())
    for path in [
        *sorted((KNOWLEDGE_DIR / "danger").glob("*.yaml")),
        KNOWLEDGE_DIR / "urgent.yaml",
        *sorted(ORDINARY_MESSAGES.glob("*/*.yml")),
        Path(__file__),
        REPO_DIR / "multilingual" / "classifier.py",
        REPO_DIR / "multilingual" / "normalise.py",
        REPO_DIR / "multilingual" / "features.py",
    ]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train_from_knowledge() -> DangerRecogniser:
    """Train on the knowledge base's danger messages and the bot's ordinary messages."""
    texts, labels = training_set(load_danger_examples(), ordinary_messages() + form_answers())
    return DangerRecogniser.train(texts, labels, backstop_phrases())


@cache
def recogniser() -> DangerRecogniser:
    """The current recogniser: loaded from var/ when saved for the current data, otherwise trained (about a minute
    on two cores) and saved for the next start."""
    path = MODEL_DIR / f"danger-model-{_training_data_digest()}.npz"
    if path.exists():
        return DangerRecogniser.load(path)
    log.info("training the danger recogniser (its data changed)")
    trained = train_from_knowledge()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        trained.save(path)
        for older in MODEL_DIR.glob("danger-model-*.npz"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError as error:  # a read-only disk: keep it in memory
        log.warning("danger model not saved: %s", error)
    return trained


def assess(text: str) -> Assessment:
    """Assess one citizen message."""
    return recogniser().assess(text)


if __name__ == "__main__":  # python -m kiosk_api.danger.recogniser: train and save now (the hub's image does)
    recogniser()
