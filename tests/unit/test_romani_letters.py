"""Romani answered in the Greek letters a person writes it in."""

from __future__ import annotations

import pytest

from multilingual.romani_letters import in_greek_letters, written_in_greek_letters


@pytest.mark.parametrize(
    ("latin", "greek"),
    [
        ("Shaj azhutiv tumen?", "Σαϊ αζουτιβ τουμεν?"),
        ("tumaro randevu", "τουμαρο ραντεβου"),
        ("mangav te dikhav", "μαγκαβ τε ντικαβ"),
        ("Djan Devlesa, te aven saste!", "Τζαν Ντεβλεσα, τε αβεν σαστε!"),
        ("kaja ora thaj jekh aver", "καγια ορα ταϊ γιεκ αβερ"),
        # Codes, numbers and addresses keep their letters; the Greek acronyms are written as Greek writes them.
        ("Kodo K7P3QD, o TEBA, o FEAD, +30 210 778 5489", "Κοντο K7P3QD, ο ΤΕΒΑ, ο FEAD, +30 210 778 5489"),
        ("dikh www.opeka.gr", "ντικ www.opeka.gr"),
    ],
)
def test_the_latin_spelling_becomes_the_greek_one(latin: str, greek: str) -> None:
    assert in_greek_letters(latin) == greek


@pytest.mark.parametrize(
    ("text", "greek"),
    [("σι μαν ραντεβου?", True), ("si man rantevu?", False), ("ok ΚΕΑ", True), ("K7P3QD", False), ("", False)],
)
def test_a_message_in_greek_letters_is_told_apart(text: str, greek: bool) -> None:
    assert written_in_greek_letters(text) is greek
