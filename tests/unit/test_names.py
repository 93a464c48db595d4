"""A name typed at the booking's name question, without the words that introduce it."""

import pytest

from multilingual.names import the_name_itself


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        # From helper-92's try: the booking was made for «اسمي رنا الحسن» ("my name is Rana al-Hassan").
        ("اسمي رنا الحسن", "رنا الحسن"),
        ("انا اسمي رنا", "رنا"),
        ("my name is Sarah Ahmed", "Sarah Ahmed"),
        ("im John", "John"),
        ("με λένε Ελένη Παππά", "Ελένη Παππά"),
        ("to onoma mou einai Giorgos", "Giorgos"),
        ("mo anav si Marika", "Marika"),
        # A name alone stays as it is, and so does one that only begins like those words.
        ("Ana Maria Lopez", "Ana Maria Lopez"),
        ("Ελένη", "Ελένη"),
        ("اسمي", "اسمي"),
    ],
)
def test_the_words_before_a_name_are_not_the_name(typed: str, name: str) -> None:
    assert the_name_itself(typed) == name
