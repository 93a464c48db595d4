"""People name the language they want in any of the four languages, and the identifier knows Romani and Greeklish."""

import pytest

from multilingual.languages import LANGUAGES, evident_language, named_language, plainly_written_in


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("θέλω αγγλικά παρακαλώ", "en"),
        ("mporeis na milas ellinika?", "el"),
        ("بدي احكي بالعربي", "ar"),
        ("can you speak arabic", "ar"),
        ("rakir romanes", "rom"),
        ("Ελληνικά", "el"),
        ("العربية", "ar"),
    ],
)
def test_a_named_language_is_recognised(message: str, code: str) -> None:
    assert named_language(message) == code


def test_a_message_naming_no_language_names_none() -> None:
    assert named_language("πόσα λεφτά παίρνω;") is None


@pytest.mark.parametrize(
    ("message", "current", "code"),
    [
        # The other language named is the one the person finds hard…
        ("Can we speak English please? My Greek is not so good", "el", "en"),
        ("ممكن نحكي بالعربي؟ ما بفهم يوناني منيح", "el", "ar"),
        ("i need arabic i don't understand english well", "en", "ar"),
        ("I can't read Greek, English please", "el", "en"),
        ("my english is not good can you speak arabic", None, "ar"),
        ("τα ελληνικά μου δεν είναι καλά, μπορούμε να μιλήσουμε αγγλικά;", "el", "en"),
        ("den katalavaino ellinika, english please", "el", "en"),
        # …or the one the person is being answered in…
        ("why is everything in greek, I SAID ENGLISH", "el", "en"),
        ("انا ما بحكي انكليزي منيح، احكي معي عربي", "en", "ar"),
        # …and of two the person asks for, the last.
        ("my greek is not so good, and english i read slowly. is it possible to write to me in arabic?", "el", "ar"),
    ],
)
def test_of_several_languages_named_the_one_asked_for_is_chosen(message: str, current: str | None, code: str) -> None:
    assert named_language(message, current=current) == code


@pytest.mark.parametrize("message", ["ما بفهم يوناني", "I do not understand Greek", "δεν καταλαβαίνω ελληνικά"])
def test_a_language_named_only_as_the_one_not_understood_is_not_chosen(message: str) -> None:
    assert named_language(message, current="el") is None


def test_each_language_is_named_in_itself_and_arabic_is_right_to_left() -> None:
    assert [language.autonym for language in LANGUAGES.values()] == [
        "Ελληνικά",
        "English",
        "العربية",
        "Romani",
    ]
    assert {code for code, language in LANGUAGES.items() if language.direction == "rtl"} == {"ar"}


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        # Found by helper-96's try: Romani on a chat that opened in Greek was answered in Greek.
        ("o rom marel man thaj daraj te zhav khere", "el", "rom"),
        ("ο ρομ μαρέλ μαν θαϊ νταράι τε ζαβ χέρε", "el", "rom"),
        ("na haljovav grekitska mishto. so te kerav?", "en", "rom"),
        # Found by helper-97's try: other Greek-letter spellings were still answered in Greek.
        ("ο ρομ μαρελ μαν σακο τζιβες, νταραβαβ τε τζαβ κχερε", "el", "rom"),
        ("μαρελ μαν μο ρομ", "el", "rom"),
        # Greek, Greeklish and English stay what they are.
        ("ο αντρας μου με χτυπαει και φοβαμαι να γυρισω σπιτι", "el", "el"),
        ("o antras mou me xtypaei kai fobamai na paw spiti", "el", "el"),
        ("please help my husband is going to kill me", "el", "en"),
        ("να σαι καλα, δεν αντεχω αλλο", "el", "el"),  # «να 'σαι», not Romani «σαι»
        ("he pushes me", "en", "en"),  # "pushes" is English before it is Romani
    ],
)
def test_a_cry_for_help_is_answered_in_the_language_it_is_written_in(text: str, current: str, expected: str) -> None:
    assert evident_language(text, current) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bokhalo sim", "rom"),  # one everyday Romani word in a short message
        ("mangav te dikhav e koinoniki, nai man love", "rom"),  # two in a long one
        ("o doktori", None),  # an international word tells nothing
        ("μποχαλι σομ, νικον ναι μαν", "rom"),  # the same words in Greek letters
        ("να σαι καλα", None),  # Greek «να 'σαι καλά», not Romani «σαι» (can)
        ("ρομανες μιλας?", None),  # the language's name asked for in Greek
        ("ela re", None),
        ("kalimera kiria, thelo voitheia", None),
        ("mafi shi", None),
        ("hello i need help", None),
    ],
)
def test_a_message_is_plainly_a_languages_own_when_its_everyday_words_say_so(text: str, expected: str | None) -> None:
    assert plainly_written_in(text) == expected
