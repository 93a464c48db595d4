"""Reading the one number in a citizen's answer to "How many…?" and "How much…?", in every conversation language."""

from __future__ import annotations

import math
import random

import pytest

from multilingual.numbers import gives_a_household_size, read_number

DIGITS = [
    ("2", 2),
    (" 2 ", 2),
    ("2 adults", 2),
    ("€350", 350),
    ("350€", 350),
    ("350 ευρώ", 350),
    ("350 euro", 350),
    ("1200", 1200),
    ("1.200", 1200),  # Greek thousands separator
    ("1,200", 1200),  # English thousands separator
    ("1.200,50", 1200.5),
    ("1,200.50", 1200.5),
    ("350,5", 350.5),  # Greek decimal comma
    ("350.50", 350.5),
    ("1 200", 1200),  # thousands grouped with a space
    ("1\u00a0200", 1200),  # or a no-break space
    ("1 200 000", 1_200_000),
    ("12.345.678", 12_345_678),
    ("0,75", 0.75),
    ("0", 0),
    ("€ 1.200,00", 1200),
    ("350,-", 350),
    ("50%", 50),
    ("3️⃣", 3),  # keycap emoji
    ("3 (three)", 3),  # the same number twice
    ("1,5 χιλιάδες", 1500),  # digits times a scale word
    ("2 thousand", 2000),
    ("2k", 2000),
    ("χίλια 200", 1200),
    ("6912345678", 6_912_345_678),  # read as it is: callers check the range
    ("8 adults", 8),
    ("ka8e mhna 350", 350),  # Greeklish 8 for θ inside a word is no number
]

ENGLISH = [
    ("two", 2),
    ("Twelve", 12),
    ("we are three", 3),
    ("we are 3 adults", 3),
    ("twenty-five", 25),
    ("forty two", 42),
    ("three hundred and fifty", 350),
    ("a hundred and five", 105),
    ("one thousand two hundred", 1200),
    ("a thousand", 1000),
    ("fifteen hundred", 1500),
    ("ninety nine thousand nine hundred and ninety nine", 99_999),
    ("two million three thousand", 2_003_000),
    ("about four hundred euros a month", 400),
    ("about 400 euros a month", 400),
    ("three, 3", 3),
    ("none", 0),
    ("nothing", 0),
    ("zero", 0),
    ("no", 0),
    ("No.", 0),
    ("no income", 0),
    ("NO KIDS", 0),
    ("no one", 0),  # "one" is part of "none" here
    ("no, 3", 3),  # "no" as a negation before the number
    ("2 or 3", None),
    ("two or three", None),
    ("between 300 and 400", None),
    ("3 adults and 2 children", None),
    ("five twenty", None),
    ("one and a half", None),  # a fraction is not read as 1
    ("hello", None),
    ("I don't know", None),
    ("I have no idea", None),
    ("-5", None),
]

GREEK = [
    ("δύο", 2),
    ("δυο", 2),
    ("ΔΥΟ", 2),
    ("είμαστε τρεις", 3),
    ("Είμαστε ΤΡΕΙΣ", 3),
    ("τρείς", 3),  # a common misspelt accent
    ("τρία παιδιά", 3),
    ("μία", 1),
    ("μια", 1),
    ("ένας", 1),
    ("τέσσερις", 4),
    ("τέσσερα", 4),
    ("δεκαπέντε", 15),
    ("δέκα πέντε", 15),
    ("δεκαεφτά", 17),
    ("εικοσιπέντε", 25),  # a compound typed as one word
    ("είκοσι πέντε", 25),
    ("ογδόντα οχτώ", 88),
    ("εκατόν είκοσι", 120),
    ("διακόσια", 200),
    ("διακόσιες", 200),
    ("διακόσιοι", 200),
    ("τριακόσια πενήντα", 350),
    ("χίλια διακόσια πενήντα", 1250),
    ("δύο χιλιάδες", 2000),
    ("εκατό χιλιάδες", 100_000),
    ("ενενήντα εννιά χιλιάδες εννιακόσια ενενήντα εννιά", 99_999),
    ("περίπου 400", 400),
    ("400 ευρώ το μήνα", 400),
    ("καμιά 400", 400),  # "καμιά" before a number is "about"
    ("κανένα", 0),
    ("κανένας", 0),
    ("τίποτα", 0),
    ("μηδέν", 0),
    ("δεν έχω", 0),
    ("δεν έχουμε παιδιά", 0),
    ("όχι", 0),
    ("Όχι!", 0),
    ("ούτε ένα ευρώ", 0),
    ("ένα ή δύο", None),
    ("δύο και τρία", None),
    ("μεταξύ 300 και 400", None),
    ("ενάμισι", None),
    ("δεν ξέρω", None),
    ("δεν έχω ιδέα", None),
    ("γεια σας", None),
]

GREEKLISH = [
    ("dyo", 2),
    ("dio", 2),
    ("tria", 3),
    ("treis", 3),
    ("eimaste treis", 3),
    ("tesera", 4),
    ("pente", 5),
    ("eksi", 6),
    ("exi", 6),
    ("epta", 7),
    ("efta", 7),
    ("okto", 8),
    ("oxto", 8),
    ("ennea", 9),
    ("enia", 9),
    ("deka", 10),
    ("enteka", 11),
    ("dodeka", 12),
    ("dekapente", 15),
    ("eikosi", 20),
    ("ikosi", 20),
    ("eikosipente", 25),
    ("trianta", 30),
    ("saranta", 40),
    ("peninta", 50),
    ("ekato", 100),
    ("ekaton peninta", 150),
    ("diakosia", 200),
    ("triakosia", 300),
    ("tetrakosia", 400),
    ("pentakosia", 500),
    ("eksakosia", 600),
    ("eftakosia", 700),
    ("oktakosia", 800),
    ("enniakosia", 900),
    ("xilia", 1000),
    ("hilia", 1000),
    ("dyo xiliades pentakosia", 2500),
    ("tipota", 0),
    ("kanena", 0),
    ("miden", 0),
    ("den exw", 0),
    ("ka8olou", 0),
    ("oxi", 0),
    ("dyo h tria", None),
    ("den xerw", None),
]

ARABIC = [
    ("٣", 3),
    ("٥٠٠", 500),
    ("١٬٢٠٠", 1200),  # Arabic thousands separator
    ("٣٥٠٫٥", 350.5),  # Arabic decimal separator
    ("۱۲۰۰", 1200),  # Persian digits
    ("عندي ٣ أطفال", 3),
    ("حوالي ٤٠٠ يورو", 400),
    ("واحد", 1),
    ("اثنين", 2),
    ("اتنين", 2),
    ("تنين", 2),
    ("ثلاثة", 3),
    ("ثَلَاثَة", 3),  # harakat
    ("تلاتة", 3),
    ("عندي تلات ولاد", 3),
    ("أربعة", 4),
    ("ثمانية", 8),
    ("عشرة", 10),
    ("أحد عشر", 11),
    ("حداش", 11),
    ("اثنا عشر", 12),
    ("اطناش", 12),
    ("ثلاثة عشر", 13),
    ("خمسة وعشرين", 25),  # the unit before the ten
    ("عشرين", 20),
    ("مية", 100),
    ("ميتين", 200),
    ("ثلاثمئة", 300),
    ("تلت مية", 300),
    ("ثلاثمئة وخمسين", 350),
    ("خمسمية و عشرين", 520),
    ("ألف", 1000),
    ("ألفين وخمسمية", 2500),
    ("خمس تلاف", 5000),
    ("خمستلاف", 5000),
    ("تسعة وتسعين ألف وتسعمية وتسعة وتسعين", 99_999),
    ("صفر", 0),
    ("لا شيء", 0),
    ("ولا شي", 0),
    ("ما في", 0),
    ("مافي دخل", 0),
    ("لا يوجد", 0),
    ("ولا واحد", 0),  # "واحد" is part of "none" here
    ("لا", 0),
    ("اتنين ولا تلاتة", None),  # Levantine "ولا" is "or"
    ("ستة ونص", None),
    ("ما بعرف", None),
    ("لا أعرف", None),
    ("بدي احكي مع احد", None),  # أحد alone is "someone", not one
    ("مرحبا", None),
]

# Arabic in Latin letters, with digits for the letters Latin lacks (3 for ع, 7 for ح, 2 for ء, 5 for خ): found by
# helper-92's try, where "ana bas, wa7de" (just me, one) was 7 adults and "ma 3ande shi" (I have nothing) 3 children.
ARABIZI = [
    ("ana bas, wa7de", 1),
    ("wa7ed", 1),
    ("tnen", 2),
    ("2tnen", 2),
    ("tlete", 3),
    ("3ande 3 wlad", 3),
    ("3andi tlat wlad", 3),
    ("arba3a", 4),
    ("5amse", 5),
    ("ma 3ande shi", 0),
    ("wala shi", 0),
    ("mitein euro men jam3iye", 200),
    ("taqriban 400 bel sha7r", 400),
    ("ma3i 300 euro", 300),
    ("bshte8el w btale3 300", 300),
    ("3am eshtghel", None),
    ("2k", 2000),
    ("300euro", 300),
]

ROMANI = [
    ("jekh", 1),
    ("iek", 1),
    ("duj", 2),
    ("dui", 2),
    ("trin", 3),
    ("ame sam trin", 3),
    ("štar", 4),
    ("shtar", 4),
    ("pandž", 5),
    ("panch", 5),
    ("šov", 6),
    ("sov", 6),
    ("efta", 7),
    ("ochto", 8),
    ("enja", 9),
    ("deš", 10),
    ("desh", 10),
    ("deš thaj jekh", 11),
    ("deshujekh", 11),
    ("biš thaj pandž", 25),
    ("trianda", 30),
    ("peninda", 50),
    ("šel", 100),
    ("duj šel", 200),
    ("duj šel thaj peninda", 250),
    ("trin mija", 3000),
    ("jekh mija duj šel", 1200),
    ("400 evra", 400),
    ("γιεκ", 1),  # Romani in Greek letters
    ("ντούι", 2),
    ("τριν", 3),
    ("στάρ", 4),
    ("πάντζ", 5),
    ("ντες", 10),
    ("μπις", 20),
    ("στάρ σελ πενίντα", 450),
    ("khanči", 0),
    ("khanchi", 0),
    ("kanchi", 0),
    ("χαντσί", 0),
    ("ni jekh", 0),
    ("na", 0),
    ("duj vaj trin", None),
    ("na džanav", None),
    ("sar san", None),
]


def _check(answer: str, number: float | None) -> None:
    """Assert that an answer reads as a number (a float, decimals kept) or as None."""
    read = read_number(answer)
    if number is None:
        assert read is None
    else:
        assert isinstance(read, float)
        assert read == number


@pytest.mark.parametrize(("answer", "number"), DIGITS)
def test_digits_with_separators_and_units(answer: str, number: float) -> None:
    _check(answer, number)


@pytest.mark.parametrize(("answer", "number"), ENGLISH)
def test_english(answer: str, number: float | None) -> None:
    _check(answer, number)


@pytest.mark.parametrize(("answer", "number"), GREEK)
def test_greek(answer: str, number: float | None) -> None:
    _check(answer, number)


@pytest.mark.parametrize(("answer", "number"), GREEKLISH)
def test_greeklish(answer: str, number: float | None) -> None:
    _check(answer, number)


@pytest.mark.parametrize(("answer", "number"), ARABIC)
def test_arabic(answer: str, number: float | None) -> None:
    _check(answer, number)


@pytest.mark.parametrize(("answer", "number"), ARABIZI)
def test_arabizi(answer: str, number: float | None) -> None:
    _check(answer, number)


@pytest.mark.parametrize(("answer", "number"), ROMANI)
def test_romani(answer: str, number: float | None) -> None:
    _check(answer, number)


@pytest.mark.parametrize(
    "answer",
    [
        "2-3",  # a range
        "300-400",
        "10:30",
        "2/3",
        "1.2345",  # neither thousands nor decimals
        "+30 6912345678",
        "−5",  # a minus sign
        "three, 3, four",
    ],
)
def test_ambiguous_answers_read_as_none(answer: str) -> None:
    assert read_number(answer) is None


@pytest.mark.parametrize(
    "answer",
    ["", "   ", "😀🎉", "\x00\x01\x07\n\t", "\u200b\u200c\u200d", "\ud800", "?!.,;-", "-", "٫٬"],
)
def test_junk_reads_as_none(answer: str) -> None:
    assert read_number(answer) is None


@pytest.mark.parametrize(
    "unit",
    [
        "x",
        "9",  # one word longer than what is read
        "\u3251",  # a character that NFKC expands into digits
        "uuuu",  # a connector, over and over
        "€1,",
        "ثَلَاثَة",
    ],
)
def test_huge_input_never_raises(unit: str) -> None:
    # How fast is measured in bench/, not here.
    read = read_number(unit * (100_000 // len(unit)))
    assert read is None or read == 3


def test_only_the_start_of_a_long_answer_is_read() -> None:
    assert read_number("three " + "and so on " * 10_000) == 3
    assert read_number("one " * 25_000 + "two") == 1  # the "two" is past the part that is read
    assert read_number("x " * 150 + "1200") is None
    assert read_number("x" * 198 + " 1200") is None  # a number cut at the limit is dropped, not read as 12


def test_not_a_string_reads_as_none() -> None:
    assert read_number(None) is None  # type: ignore[arg-type]
    assert read_number(3) is None  # type: ignore[arg-type]


def test_random_text_never_raises() -> None:
    alphabet = (
        "0123456789.,٫٬ -−–'’k€$%/:aeiouxnstθαβγδεςσώ٠١٢٣٤٥٦٧٨٩۵ابتثحخدسصعلمنهويةـ"
        "\u064e\u0301\x00\n\u200b😀½²\ufdfa\u2460"
    )
    rng = random.Random(20_240_601)
    for _ in range(3000):
        answer = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        read = read_number(answer)
        assert read is None or (isinstance(read, float) and math.isfinite(read) and read >= 0), answer


@pytest.mark.parametrize(
    ("text", "gives"),
    [
        ("and for 3 kids?", True),
        ("ki me tria paidia?", True),
        ("two adults and two children", True),
        # "I have none" reads as 0, and an age is no household: a need told afresh with them stayed on the programme
        # discussed before (helper-161's try).
        ("δεν έχω να πληρώσω το ενοίκιο", False),
        ("my grandmother is 82 and cannot walk", False),
        # A fraction or a negative number is read as no number at all, not an error.
        ("and for half of them?", False),
        ("-3", False),
    ],
)
def test_a_household_size_is_one_to_fifteen_people(text: str, gives: bool) -> None:
    assert gives_a_household_size(text) is gives
