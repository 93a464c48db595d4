"""Reading the one number in a citizen's free-text answer to "How many adults…?" or "What is your monthly rent?".

People answer in digits or in words, in Greek (also typed in Latin letters), English, Arabic (standard and dialect)
or Romani (with or without háčeks, or in Greek letters), with currency signs and words around the number, Greek or
English separators ("1.200,50", "1,200.50"), Arabic-Indic digits, or a word for none ("τίποτα", "ما في", "khanči").
The dialogue asks again when nothing is read, so an answer naming two different numbers ("2 or 3", "between 300
and 400") reads as None rather than as a guess. Standard library only: the bot's actions (Python 3.10) and the hub
(3.11) both import it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from multilingual.normalise import normalise_token

# A number answer is short; reading only its start keeps the work bounded when someone pastes a page.
_MAX_CHARS = 200

# Kinds of number word.
_SMALL = "small"  # 1 to 99: "two", "δεκαπέντε", "عشرين", "biš"
_TEN = "ten"  # Arabic عشر/عشرة: 10 alone, and the ten of a teen after a unit ("ثلاثة عشر")
_TEEN_ONE = "teen one"  # Arabic أحد/إحدى: one in "أحد عشر" (11), but alone "someone" or "one of" ("أحد الوالدين")
_HUNDREDS = "hundreds"  # a whole number of hundreds: "εκατό", "διακόσια", "ثلاثمئة"
_HUNDRED = "hundred"  # multiplies what comes before by a hundred: "three hundred", "خمس مية", "duj šel"
_SCALE = "scale"  # multiplies the group before it: "thousand", "χιλιάδες", "ألف", "mija", "million"
_AND = "and"  # "and" inside a number: "three hundred and fifty", "ثلاثمئة وخمسين", "biš thaj jekh"
_FRACTION = "fraction"  # "half", "μισό", "نص": a part the answer cannot be read without


class _Word(NamedTuple):
    """A number word: its kind, its value, and for a scale word the scale (a thousand, a million)."""

    kind: str
    value: int  # for a scale word, how many of the scale it says itself ("ألفين": 2), else 0
    scale: int = 0


# Spellings are written as people type them (accents, háčeks, hamzas); they are folded with normalise_token when the
# lexicon is built, so one entry covers "τρεις", "Τρείς" and "ΤΡΕΙΣ".
_ENGLISH_SMALL = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
    20: "twenty",
    30: "thirty",
    40: "forty fourty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
}
_GREEK_UNITS = {
    1: "ένα ένας έναν ενός μία μια μιας",
    2: "δύο δυο",
    3: "τρία τρεις",
    4: "τέσσερα τέσσερις τέσσερεις",
    5: "πέντε",
    6: "έξι",
    7: "επτά εφτά",
    8: "οκτώ οχτώ",
    9: "εννέα εννιά ενιά",
}
_GREEK_TENS = {
    10: "δέκα",
    11: "έντεκα ένδεκα",
    12: "δώδεκα",
    16: "δεκάξι",
    20: "είκοσι",
    30: "τριάντα",
    40: "σαράντα",
    50: "πενήντα",
    60: "εξήντα",
    70: "εβδομήντα",
    80: "ογδόντα",
    90: "ενενήντα",
}
# Greek hundreds agree in gender and case with what they count: διακόσια ευρώ, διακόσιες δραχμές, διακόσιοι άνθρωποι.
_GREEK_HUNDRED_STEMS = {
    200: "διακόσι",
    300: "τριακόσι",
    400: "τετρακόσι",
    500: "πεντακόσι",
    600: "εξακόσι",
    700: "επτακόσι εφτακόσι",
    800: "οκτακόσι οχτακόσι",
    900: "εννιακόσι εννεακόσι",
}
_GREEK_HUNDRED_ENDINGS = ("α", "ες", "οι", "ων", "ους")
_GREEK_SCALES = {
    1000: "χίλια χίλιοι χίλιες χιλιάδα χιλιάδες χιλιάδων",
    1_000_000: "εκατομμύριο εκατομμύρια εκατομμυρίων εκατομύριο εκατομύρια",
}
_GREEKLISH_UNITS = {
    1: "ena enas enan enos mia mias",
    2: "dyo dio duo",
    3: "tria treis tris",
    4: "tessera tesera tesseris teseris tesseres",
    5: "pente pende",
    6: "eksi exi",
    7: "epta efta",
    8: "okto oxto ochto ohto oktw oxtw",
    9: "ennea enea ennia enia",
}
_GREEKLISH_TENS = {
    10: "deka",
    11: "enteka endeka",
    12: "dodeka dwdeka",
    16: "dekaksi",
    20: "eikosi ikosi",
    30: "trianta",
    40: "saranta",
    50: "peninta penhnta",
    60: "eksinta exinta ekshnta exhnta",
    70: "evdominta evdomhnta",
    80: "ogdonta",
    90: "eneninta enenhnta",
}
_GREEKLISH_HUNDRED_STEMS = {
    200: "diakosi",
    300: "triakosi",
    400: "tetrakosi",
    500: "pentakosi",
    600: "eksakosi exakosi",
    700: "eptakosi eftakosi",
    800: "oktakosi oxtakosi ochtakosi",
    900: "enniakosi eniakosi enneakosi",
}
_GREEKLISH_HUNDRED_ENDINGS = ("a", "es", "oi", "on")
_GREEKLISH_SCALES = {
    1000: "xilia hilia chilia xilies xiliada xiliades hiliades chiliades",
    1_000_000: "ekatommyrio ekatommyria ekatomirio ekatomiria ekatommirio",
}
_ARABIC_UNITS = {
    1: "واحد واحدة",
    2: "اثنين اثنان اثنتين اثنتان اتنين تنين ثنين ثنتين اثنا اثني اثنتا اثنتي زوز",
    3: "ثلاثة ثلاث تلاتة تلات تلت",
    4: "أربعة أربع",
    5: "خمسة خمس",
    6: "ستة ست",
    7: "سبعة سبع",
    8: "ثمانية ثماني ثمان تمانية تماني",
    9: "تسعة تسع",
}
_ARABIC_TENS = {
    11: "حداش حدعش احداش احدعش حداعش احدعشر",
    12: "اطناش اتناش طناش اثنعش اتنعش اثنعشر",
    13: "تلتاش تلطاش ثلطعش ثلاثطعش تلتعش تلتاشر",
    14: "اربعتاش اربعطعش ارباطاش اربعتعش اربعتاشر",
    15: "خمستاش خمسطعش خمسطاش خمستعش خمستاشر",
    16: "ستاش سطاش سطعش ستعش ستاشر",
    17: "سبعتاش سبعطاش سبعطعش سبعتعش سبعتاشر",
    18: "تمنتاش تمنطاش ثمنطعش تمنتعش تمنتاشر",
    19: "تسعتاش تسعطاش تسعطعش تسعتعش تسعتاشر",
    20: "عشرين عشرون",
    30: "ثلاثين ثلاثون تلاتين",
    40: "أربعين أربعون",
    50: "خمسين خمسون",
    60: "ستين ستون",
    70: "سبعين سبعون",
    80: "ثمانين ثمانون تمانين",
    90: "تسعين تسعون",
}
_ARABIC_TEN = "عشرة عشر"
_ARABIC_HUNDRED = "مئة مائة مية"
# Hundreds are written joined to their unit ("ثلاثمئة", Levantine "تلتمية"); written apart, مية multiplies the unit.
_ARABIC_HUNDRED_PREFIXES = {
    3: "ثلاث ثلث تلت تلات",
    4: "أربع ربع",
    5: "خمس",
    6: "ست",
    7: "سبع",
    8: "ثمان ثماني تمن تمان",
    9: "تسع",
}
_ARABIC_TWO_HUNDRED = "مئتين مئتان مائتين مائتان ميتين متين"
_ARABIC_SCALES = {1000: "ألف آلاف ألوف تلاف تالاف", 1_000_000: "مليون ملايين"}
# Arabic in Latin letters (Arabizi), with digits for the letters Latin lacks (3 for ع, 7 for ح, 5 for خ, 2 for ء).
_ARABIZI_UNITS = {
    # Standard Arabic spelt in Latin letters too ("ithnain", "thalath"), and Maghrebi "two" ("jouj", "zouj").
    1: "wa7ed wa7de wa7da wahed wahad wahde wa7d wahid wa7id wahda",
    2: "tnen tnein itnen etnen ithnen 2tnen ithnain ithnayn ithnein itnain itnein etnein etnain tneen tnain jouj zouj",
    3: "tlete tleteh tlateh tlate tlata talata thalatha tlat tlet thlath thalath tlath thlatha tlatha tleta",
    4: "arba3a arb3a arba3 arbaa arba arb3 arbe3",
    5: "5amse 5amsa khamse khamsa khamas khams 5ams",
    6: "sette sitte sitta",
    7: "sab3a sab3 sab3ah saba3",
    8: "tmane tmanye tamanye tamanya thamanya tmenya",
    9: "tes3a tis3a tes3 tis3",
    10: "3ashra 3ashara 3asher",
    20: "3eshrin 3ishrin 3oshrin",
    30: "tletin tlatin",
    40: "arb3in arba3in",
    50: "5amsin khamsin",
    60: "settin sittin",
    70: "sab3in",
    80: "tmanin",
    90: "tes3in tis3in",
}
_ARABIZI_HUNDRED = "mie miyye meyye miye"
_ARABIZI_TWO_HUNDRED = "mitein mitain miten mitten"
_ARABIZI_SCALES = {1000: "alf alaf"}
# The dual says "two of" in the word itself.
_ARABIC_DUAL_SCALES = {1000: "ألفين ألفان", 1_000_000: "مليونين مليونان"}
_ROMANI_UNITS = {
    1: "jekh jek iek yek yekh ekh",
    2: "duj dui duy duje",
    3: "trin trine",
    4: "štar shtar star",
    5: "pandž panzh panč pansh panj",
    6: "šov shov sov",
    7: "efta",
    8: "oxto ochto okto",
    9: "enja enia inja",
}
_ROMANI_TENS = {
    10: "deš des",
    20: "biš bis",
    30: "trianda trijanda",
    40: "saranda",
    50: "peninda",
    60: "šovardeš eksinda",
    70: "eftavardeš evdominda",
    80: "oxtovardeš ochtovardeš ogdonda",
    90: "enjavardeš eneninda",
}
# Greek Roma write Romani in Greek letters too (and often count in Greek, which the Greek words already cover).
_ROMANI_IN_GREEK_LETTERS = {
    1: "γιεκ γεκ",
    2: "ντούι ντουί",
    3: "τριν",
    4: "στάρ",
    5: "πάντζ",
    6: "σόβ",
    9: "ένια",
    10: "ντες",
    20: "μπις",
    50: "πενίντα",
}
# Romani teens are also written as one word: "dešujekh", "deshthajduj".
_ROMANI_TEEN_JOINS = ("", "u", "thaj", "taj")
_ROMANI_HUNDRED = "šel sel σελ"
_ROMANI_SCALES = {1000: "mija milja hiljada hiljadi hiljade", 1_000_000: "milioni milion"}
_ENGLISH_SCALES = {1000: "thousand", 1_000_000: "million"}
_CONNECTORS = "and και κι kai ke و thaj taj thai tai u ταϊ"
_FRACTIONS = (
    "half halves quarter μισό μισή μισά μισού ενάμισι ενάμιση ενάμισυ μιάμιση miso misi misa enamisi nisf"
    " نص نصف ربع paš"
)


def _spellings(words: str) -> Iterator[str]:
    """Yield the folded forms of space-separated spellings."""
    for word in words.split():
        yield normalise_token(word)


def _lexicon() -> dict[str, _Word]:
    """Return every number word of the four languages, folded, with what it means."""
    entries: list[tuple[str, _Word]] = []

    def add(words: str, word: _Word) -> None:
        entries.extend((spelling, word) for spelling in _spellings(words))

    for small in (_ENGLISH_SMALL, _GREEK_UNITS, _GREEK_TENS, _GREEKLISH_UNITS, _GREEKLISH_TENS):
        for value, words in small.items():
            add(words, _Word(_SMALL, value))
    for units, ten in ((_GREEK_UNITS, "δέκα"), (_GREEKLISH_UNITS, "deka")):
        for value in range(3, 10):
            add(" ".join(ten + unit for unit in units[value].split()), _Word(_SMALL, 10 + value))
    for stems, endings in (
        (_GREEK_HUNDRED_STEMS, _GREEK_HUNDRED_ENDINGS),
        (_GREEKLISH_HUNDRED_STEMS, _GREEKLISH_HUNDRED_ENDINGS),
    ):
        for value, words in stems.items():
            add(" ".join(stem + ending for stem in words.split() for ending in endings), _Word(_HUNDREDS, value))
    add("εκατό εκατόν ekato ekaton", _Word(_HUNDREDS, 100))

    for small in (_ARABIC_UNITS, _ARABIC_TENS, _ARABIZI_UNITS, _ROMANI_UNITS, _ROMANI_TENS, _ROMANI_IN_GREEK_LETTERS):
        for value, words in small.items():
            add(words, _Word(_SMALL, value))
    add(_ARABIC_TEN, _Word(_TEN, 10))
    add("أحد إحدى", _Word(_TEEN_ONE, 1))
    for value, prefixes in _ARABIC_HUNDRED_PREFIXES.items():
        add(" ".join(p + h for p in prefixes.split() for h in _ARABIC_HUNDRED.split()), _Word(_HUNDREDS, value * 100))
    add(f"{_ARABIC_TWO_HUNDRED} {_ARABIZI_TWO_HUNDRED}", _Word(_HUNDREDS, 200))
    for value in range(1, 10):
        teens = (
            ten + join + unit
            for ten in _ROMANI_TENS[10].split()
            for join in _ROMANI_TEEN_JOINS
            for unit in _ROMANI_UNITS[value].split()
        )
        add(" ".join(teens), _Word(_SMALL, 10 + value))

    add(f"hundred {_ARABIC_HUNDRED} {_ARABIZI_HUNDRED} {_ROMANI_HUNDRED}", _Word(_HUNDRED, 100))
    for scales in (_ENGLISH_SCALES, _GREEK_SCALES, _GREEKLISH_SCALES, _ARABIC_SCALES, _ARABIZI_SCALES, _ROMANI_SCALES):
        for scale, words in scales.items():
            add(words, _Word(_SCALE, 0, scale))
    for scale, words in _ARABIC_DUAL_SCALES.items():
        add(words, _Word(_SCALE, 2, scale))
    add(_CONNECTORS, _Word(_AND, 0))
    add(_FRACTIONS, _Word(_FRACTION, 0))

    lexicon: dict[str, _Word] = {}
    for spelling, word in entries:
        # Two languages may share a spelling ("efta" is Greeklish and Romani), but never with different values.
        if lexicon.setdefault(spelling, word) != word:
            raise ValueError(f"number word {spelling!r} means both {lexicon[spelling]} and {word}")
    return lexicon


_LEXICON = _lexicon()
_AND_WORD = _Word(_AND, 0)
_THOUSAND = _Word(_SCALE, 0, 1000)


def _folded_set(words: str) -> frozenset[str]:
    """Return the folded forms of space-separated words as a set."""
    return frozenset(_spellings(words))


# Words that mean "none" wherever they stand.
_ZERO_WORDS = _folded_set(
    "zero none nothing nil nobody nought naught"
    " μηδέν μηδενικό κανένα κανένας κανείς κανέναν καμία καμιά τίποτα τίποτε καθόλου"
    " miden mhden kanena kanenas kaneis kanis kanenan kamia tipota tipote typota katholou"
    " صفر مافي مافيش مفيش ماكو معنديش ماعندي ماعندنا ماعنا مامعي"
    " mafi mafish mafesh walashi ma3andish ma3ndish ma3andeesh"
    " khanči kanči khanci kanci khonik konik nikon nane χαντσί"
)
# Phrases that mean "none", some with a number word in them that must not be read ("ولا واحد", "no one").
_ZERO_PHRASES = [
    tuple(_spellings(phrase))
    for phrase in (
        "no one",
        "not one",
        "not any",
        "not a single",
        "not a penny",
        "not a cent",
        "ούτε ένα",
        "ούτε ένας",
        "ούτε μία",
        "ούτε μια",
        "ούτε ευρώ",
        "oute ena",
        "oute mia",
        "oute euro",
        "لا شيء",
        "لا شي",
        "ولا شي",
        "ولا شيء",
        "ما في",
        "ما فيه",
        "ما فيش",
        "ما فش",
        "ما في أحد",
        "لا يوجد",
        "ما يوجد",
        "ولا واحد",
        "ولا واحدة",
        "ولا أحد",
        "ولا حدا",
        "ما حدا",
        "لا أحد",
        "ما عندي",
        "ما عندنا",
        "ما عنا",
        "ما معي",
        "ليس لدي",
        "ليس لدينا",
        "ولا قرش",
        "wala shi",
        "wala ishi",
        "ma fi",
        "ma fi shi",
        "ma 3ande shi",
        "ma 3andi shi",
        "ma 3nde shi",
        "ma 3ndi shi",
        "ma 3ande",
        "ma 3andi",
        "ma ma3i shi",
        "ni jekh",
        "ni jek",
        "ni iek",
    )
]
_ZERO_PHRASES.sort(key=len, reverse=True)  # "ما في أحد" before "ما في"
# "no income", "χωρίς εισόδημα", "بدون دخل": none of the thing named next.
_NONE_OF = _folded_set("no without χωρίς xoris horis choris بدون بلا")
# "δεν έχω", "δεν παίρνουμε", "den iparxei": I do not have / there is not / we do not get or pay.
_NOT = _folded_set("δεν δε den de")
_HAVE_STEMS = tuple(_spellings("εχ υπαρχ παιρν πληρων βγαζ ex eh ech ipar ypar pern pairn plir vgaz"))
# A bare "no" answers a count or an amount with none; inside a longer answer it is only a negation.
_BARE_NO = _folded_set("no nope nah όχι μπα oxi ochi ohi لا لأ na")
# "I don't know", "no idea", "δεν έχω ιδέα", "ما بعرف", "na džanav": an answer with these is not a "none".
_NOT_SURE = _folded_set(
    "know dunno idk idea clue sure"
    " ξέρω ξέρουμε γνωρίζω γνωρίζουμε ιδέα θυμάμαι σίγουρος σίγουρη"
    " xero ksero xerw kserw gnorizo gnwrizw thimamai thymamai sigouros sigouri"
    " بعرف أعرف عارف عارفة بعرفش معرفش نعرف أدري مدري بدري متأكد"
    " džanav janav žanav τζανάβ"
)

# Persian keyboards type their own ya and kaf in Arabic words.
_PERSIAN_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
_DECIMALS = r"[.,][0-9]{1,2}(?![0-9])|٫[0-9]+"
# What may follow a number's digits without a space: "2k", "5e", "3rd", "2kids", "2paidia".
_UNITS_AFTER = r"(?:k|e|eu|eur|euro|euros|evro|x|st|nd|rd|th|kids?|paidia|paidi|adults?|enilikes|atoma)(?![a-z])"
_TOKENS = re.compile(
    rf"""
    # A word. A lone Latin digit touching a Latin letter is a letter there, never a number: Greeklish θ ("8a",
    # "ka8e") and Arabizi's letters ("wa7de", one; "3ande", I have; "ma3i", with me). Not before a unit ("2k").
    (?P<word>(?:[^\W\d_]|(?<=[a-z])[2-9](?![0-9])|(?<![0-9a-z])[2-9](?=[a-z])(?!{_UNITS_AFTER}))+)
    # Thousands grouped with one separator, then decimals after the other one: 1.200,50  1,200.50  ١٬٢٠٠
    | (?P<grouped>[1-9][0-9]{{0,2}}(?P<sep>[.,'’٬])[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*(?![0-9])
        (?:(?!(?P=sep))(?:{_DECIMALS}))?)
    # Thousands grouped with spaces: 1 200
    | (?P<spaced>[1-9][0-9]{{0,2}}(?:[ ][0-9]{{3}})+(?![0-9])(?:{_DECIMALS})?)
    | (?P<plain>[0-9]+(?:{_DECIMALS})?)
    | (?P<dash>[-‐‑‒–—−])
    | (?P<other>\S)
    """,
    re.VERBOSE,
)


class _Token(NamedTuple):
    """A word (folded), a number in digits, a dash, or any other mark, with where it stands in the text."""

    kind: str  # "word", "number", "dash" or "other"
    text: str
    start: int
    end: int


def _prepared(text: str) -> str:
    """Return the start of a text folded for reading: compatibility forms, case, combining marks, digits."""
    if len(text) > _MAX_CHARS:
        # Drop the word cut in two at the limit, so "1200" is not read as "12".
        text = re.sub(r"\S+\Z", "", text[: _MAX_CHARS + 1])
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_PERSIAN_LETTERS)
    kept = []
    for char in folded:
        # After NFKC the accents of Greek and the háčeks of Romani are part of their letters; what combining marks
        # remain are Arabic harakat and strays, which would otherwise split a word in two.
        if unicodedata.category(char) == "Mn":
            continue
        # Arabic-Indic, Persian and every other script's digits read as 0-9.
        digit = unicodedata.decimal(char, None) if not char.isascii() else None
        kept.append(str(digit) if digit is not None else char)
    return "".join(kept)


def _tokens(text: str) -> list[_Token]:
    """Split a prepared text into words, numbers, dashes and other marks."""
    tokens = []
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup if match.lastgroup in ("word", "dash", "other") else "number"
        written = match.group()
        tokens.append(_Token(kind, normalise_token(written) if kind == "word" else written, *match.span()))
    return tokens


def _digits_value(written: str) -> Decimal:
    """Return the value of a number in digits, telling thousands separators from a decimal one."""
    parts = re.split(r"([^0-9])", written)  # groups of digits with the separators between them
    # The token pattern only lets a separator stand before exactly three digits (thousands) or before one or two
    # (decimals), except the Arabic decimal separator, which is never anything else.
    if len(parts) > 1 and (parts[-2] == "٫" or len(parts[-1]) < 3):
        return Decimal(f"{''.join(parts[:-2:2])}.{parts[-1]}")
    return Decimal("".join(parts[::2]))


def _place(number: Decimal) -> int:
    """Return the smallest power of ten a whole number is written with: 300 → 100, 320 → 10, 7 → 1."""
    place = 1
    while number and number % (place * 10) == 0:
        place *= 10
    return place


class _Run:
    """Number words in a row, added up as they come: "three hundred and fifty", "ألف ومية", "duj šel biš"."""

    def __init__(self) -> None:
        self.total = Decimal(0)  # what the scale words already closed: the thousands, the millions
        self.group = Decimal(0)  # what came after the last scale word
        self.started = False
        self.after_and = False
        self.in_digits = False  # the group is written in digits, which only a hundred or scale word may follow
        self.last_scale = 0
        self.wants_ten = False  # after أحد, which is a number only before عشر

    def complete(self) -> bool:
        """Say whether the run has said a number."""
        return self.started and not self.wants_ten

    def value(self) -> Decimal:
        """Return the number the run says so far."""
        return self.total + self.group

    def add(self, word: _Word) -> bool:
        """Add a word to the run; False when it cannot belong to the same number ("two three")."""
        if word.kind == _AND:
            self.after_and = self.started
            return True
        if (self.wants_ten and word.kind != _TEN) or not self._take(word):
            return False
        self.started, self.after_and = True, False
        return True

    def add_digits(self, number: Decimal) -> bool:
        """Add a number in digits to the run; it can begin a run, or follow a scale word ("χίλια 200")."""
        if not self.started or (self.group == 0 and number < self.last_scale and number == number.to_integral()):
            self.group, self.in_digits, self.started, self.after_and = number, True, True, False
            return True
        return False

    def _take(self, word: _Word) -> bool:
        """Fold a word other than a connector into the total; False when it does not fit."""
        group = self.group
        if self.in_digits and word.kind not in (_HUNDRED, _SCALE):
            return False
        if word.kind in (_SMALL, _TEN, _TEEN_ONE):
            # Arabic says the unit before the ten: "ثلاثة عشر" (13), "خمسة وعشرين" (25), "مية وخمسة وعشرين" (125).
            ten_after_unit = word.kind == _TEN or (self.after_and and word.value >= 20 and word.value % 10 == 0)
            if not (group == 0 or word.value < _place(group) or (ten_after_unit and 1 <= group % 100 <= 9)):
                return False
            self.group = group + word.value
            self.wants_ten = word.kind == _TEEN_ONE
        elif word.kind == _HUNDREDS:
            if group != 0:
                return False
            self.group = Decimal(word.value)
        elif word.kind == _HUNDRED:
            if group >= 100:
                return False
            self.group = (group or 1) * 100
        elif word.kind == _SCALE:
            if word.value and group:
                return False  # "ألفين" already says how many thousands
            times = word.value or group or 1
            # A scale word closes its group once, after any larger scale: "two million three thousand".
            if times >= 1000 or self.total % (word.scale * 1000) != 0:
                return False
            self.total += times * word.scale
            self.group, self.last_scale = Decimal(0), word.scale
        else:
            return False
        self.in_digits = False
        return True


def _number_words(word: str) -> tuple[_Word, ...]:
    """Return what a folded word says as number words, in order; empty when it is not a number."""
    known = _LEXICON.get(word)
    if known:
        return (known,)
    # Arabic writes "and" joined to the next word: "وخمسين", "ومية".
    if word.startswith("و") and word[1:] in _LEXICON:
        return (_AND_WORD, _LEXICON[word[1:]])
    # Compounds are often typed as one word: "εικοσιπέντε", "twentyfive", "خمستلاف", "خمسةوعشرين".
    if 4 <= len(word) <= 24:
        for parts in _splits(word, 4):
            run = _Run()
            if (
                parts[0].kind != _AND
                and parts[-1].kind != _AND
                and all(run.add(part) for part in parts)
                and run.complete()
            ):
                return parts
    return ()


def _splits(word: str, most: int) -> Iterator[tuple[_Word, ...]]:
    """Yield the ways a word is made of at most `most` number words, longest first part first."""
    known = _LEXICON.get(word)
    if known and known.kind != _FRACTION:
        yield (known,)
    if most == 1:
        return
    for cut in range(len(word) - 1, 0, -1):
        head = _LEXICON.get(word[:cut])
        if head and head.kind != _FRACTION:
            for tail in _splits(word[cut:], most - 1):
                yield (head, *tail)


def _zero_length(tokens: list[_Token], index: int) -> int:
    """Return how many tokens from index say "none" ("nothing", "no income", "ما في", "δεν έχω"); 0 when they do not."""
    word = tokens[index].text
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    for phrase in _ZERO_PHRASES:
        if phrase[0] == word and tuple(token.text for token in tokens[index : index + len(phrase)]) == phrase:
            return len(phrase)
    follows_number = following is not None and (following.kind == "number" or bool(_number_words(following.text)))
    if word in _ZERO_WORDS:
        return 0 if follows_number else 1  # "καμιά 400" is "about 400", not "none"
    if following is None or following.kind != "word":
        return 0
    if word in _NONE_OF and not follows_number:
        return 1
    if word in _NOT and following.text.startswith(_HAVE_STEMS):
        return 2
    return 0


def _negative(tokens: list[_Token], index: int) -> bool:
    """Say whether the number at index has a minus sign: "-5", but not "2-3"."""
    if index == 0:
        return False
    dash, number = tokens[index - 1], tokens[index]
    if dash.kind != "dash" or dash.end != number.start:
        return False
    return index == 1 or tokens[index - 2].end < dash.start


def _numbers(tokens: list[_Token]) -> list[Decimal] | None:
    """Return every number the tokens say, in order; None when one is negative or a fraction."""
    zero_allowed = not any(token.text in _NOT_SURE for token in tokens)
    said = [token.text for token in tokens if token.kind in ("word", "number")]
    if zero_allowed and said and all(word in _BARE_NO for word in said):
        return [Decimal(0)]
    found: list[Decimal] = []
    run = _Run()

    def close_run() -> None:
        nonlocal run
        if run.complete():
            found.append(run.value())
        run = _Run()

    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "number":
            if _negative(tokens, index):
                return None
            number = _digits_value(token.text)
            if not run.add_digits(number):
                close_run()
                run.add_digits(number)
        elif token.kind == "other":
            close_run()
        elif token.kind == "word":
            skip = _zero_length(tokens, index) if zero_allowed else 0
            if skip:
                close_run()
                found.append(Decimal(0))
                index += skip
                continue
            previous = tokens[index - 1] if index else None
            if token.text == "k" and previous and previous.kind == "number" and previous.end == token.start:
                parts: tuple[_Word, ...] = (_THOUSAND,)  # "2k"
            else:
                parts = _number_words(token.text)
            if not parts:
                close_run()
            for part in parts:
                if part.kind == _FRACTION:
                    return None
                if not run.add(part):
                    close_run()
                    run.add(part)
        # A dash joins words ("twenty-five"); as a minus sign it was read with its number.
        index += 1
    close_run()
    return found


# A household of one to this many people. Not a zero ("δεν έχω", I have none, reads as 0) nor an age ("my
# grandmother, who is 82"): with them, a need told afresh was kept on the programme discussed before (helper-161's
# try, 2026-12-08).
LARGEST_HOUSEHOLD = 15


def gives_a_household_size(text: str) -> bool:
    """Tell whether a text gives a number that can be a household's size, in digits or words ("and for 3 kids?",
    "two adults and two children")."""
    # A fraction or a negative number reads as none (`_numbers` gives None).
    numbers = _numbers(_tokens(_prepared(text))) if isinstance(text, str) else None
    return any(1 <= number <= LARGEST_HOUSEHOLD for number in numbers or ())


def read_number(text: str) -> float | None:
    """The one number a citizen's answer gives, in digits or words, in Greek, English, Arabic or Romani; None when
    there is none, or more than one different number."""
    if not isinstance(text, str):
        return None
    found = _numbers(_tokens(_prepared(text)))
    if not found or len(set(found)) != 1:
        return None
    number = float(found[0])
    return number if math.isfinite(number) else None
