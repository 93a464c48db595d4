"""Booking references found in what people type, and ordinary words never taken for one."""

import pytest

from multilingual.references import REFERENCE_ALPHABET, find_reference, is_a_reference_alone, new_reference


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("K7P3QD", "K7P3QD"),
        ("k7p-3qd", "K7P3QD"),
        ("my code is K7P 3QD thanks", "K7P3QD"),
        ("κωδικός Κ7Ρ-3QD", "K7P3QD"),  # typed on a Greek keyboard
        ("i want to cancel my appointment K7P3QD", "K7P3QD"),
        ("avilem vash o rantevou, o kodikos si 4hx9tc", "4HX9TC"),
        ("ΕΧΩ ΡΑΝΤΕΒΟΥ 4ΗΧ9ΤC", "4HX9TC"),
        ("mwqtdn", "MWQTDN"),
        ("رمز الحجز: Q6RD9K", "Q6RD9K"),
        ("بدي الغي الموعد MWQTDN", "MWQTDN"),
        ("bdi el8i el maw3ed, el code K7P3QD", "K7P3QD"),  # in capitals among Arabizi
        ("el maw3ed taba3i k7p3qd", "K7P3QD"),  # two digits: a code, not a word
        # Found by helper-89's try: in small letters, without a digit, a code named as one was not read.
        ("hi when is my appointment, ref ummfht phone 6944123456", "UMMFHT"),
        ("o kwdikos mou einai mwqtdn", "MWQTDN"),
    ],
)
def test_references_are_found_however_they_are_typed(text: str, reference: str) -> None:
    assert find_reference(text) == reference


@pytest.mark.parametrize(
    "text",
    [
        "θέλω να ακυρώσω το ραντεβού μου",
        "i want to manage my appointment",
        "my phone number changed",
        "no, change it please",  # "CHANGE" is spelt with a code's letters
        "no chance, my number changed to 6944123456",
        "the code is wrong, change it",
        "my father cannot come",
        "ΚΑΝΕΝΑ ΠΡΟΒΛΗΜΑ",
        "K7P3QDX",
        "",
        # Arabizi words spelt with a code's letters and a digit ("maw3ed", appointment), among other Arabizi.
        "bdi el8i el maw3ed law sama7t",
        "salam, 3ayez maw3ed m3 el akhsa2i el nafsi yom el khamis sa3a 9",
    ],
)
def test_ordinary_words_are_not_references(text: str) -> None:
    assert find_reference(text) is None


def test_new_references_use_the_unambiguous_alphabet() -> None:
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(len(r) == 6 and set(r) <= set(REFERENCE_ALPHABET) for r in references)
    assert all(find_reference(r.lower()) == r for r in references)


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("a73man", True),
        ("K7P 3QD", True),
        ("κ7ρ-3qd", True),
        ("MWQTDN", False),  # no digit: it could be a word ("mangav" is Romani for "I want")
        ("cancel K7P3QD", False),
        ("3ayez", False),  # Arabizi for "I want", not of the references' alphabet
        ("", False),
    ],
)
def test_a_reference_alone_has_a_digit_and_nothing_beside_it(text: str, alone: bool) -> None:
    assert is_a_reference_alone(text) is alone
