"""People name the language they want in any of the four languages, and the identifier knows Romani and Greeklish."""

import pytest

from multilingual.languages import LANGUAGES, named_language


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


def test_each_language_is_named_in_itself_and_arabic_is_right_to_left() -> None:
    assert [language.autonym for language in LANGUAGES.values()] == [
        "Ελληνικά",
        "English",
        "العربية",
        "Romani",
    ]
    assert {code for code, language in LANGUAGES.items() if language.direction == "rtl"} == {"ar"}
