"""Normalisation folds the spelling variants people type into one form."""

import pytest

from multilingual.normalise import CONSONANTS_MARK, consonants, normalise


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Το ΨΥΓΕΊΟ είναι άδειο", "το ψυγειο ειναι αδειο"),  # case and tonos
        ("ΕΠΊΔΟΜΑ ΣΤΈΓΑΣΗΣ", "επιδομα στεγασησ"),  # final sigma folds to σ
        ("ϊΰ", "ιυ"),  # dialytika
        ("أريـــد مَوْعِدًا", "اريد موعدا"),  # hamza on alef, tatweel, harakat
        ("إعانة السكن", "اعانه السكن"),  # alef with hamza below, ta marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("عندي ٣ أطفال", "عندي 3 اطفال"),  # Arabic-Indic digits
        ("  Mangav   RANTEVOU ", "mangav rantevou"),
        ("šaj čhavo žuvli", "shaj chhavo zhuvli"),  # Romani háčeks fold to the digraphs people type
        ("8elw na kanw aithsh ka8e xrono", "thelw na kanw aithsh kathe xrono"),  # Greeklish 8 for θ
        ("800 ευρώ", "800 ευρω"),  # but a number stays a number
    ],
)
def test_spelling_variants_fold_together(typed: str, folded: str) -> None:
    assert normalise(typed) == folded


@pytest.mark.parametrize(
    ("arabic", "arabizi"),
    [
        ("بدي موعد", "bdi maw3ed"),  # Levantine: 3 for ع (and "bdi", two consonants without a digit, left out)
        ("عاوزة ميعاد", "3awza mi3ad"),  # Egyptian
        ("نخرج", "n5rej"),  # 5 for خ
        ("صحيح", "sa7i7"),  # 7 for ح
        ("الباسبور", "lbasbor"),  # Maghrebi: b for p
        ("مشكلة", "mochkila"),  # ch for ش
        ("كتير", "kteer"),  # a long vowel written twice
        ("الشهر", "elshahr"),  # the article
    ],
)
def test_arabic_and_arabizi_share_their_consonants(arabic: str, arabizi: str) -> None:
    """Arabizi writes Arabic in Latin letters and digits, with the vowels that Arabic script leaves out: reduced to
    their consonants, both spellings of a word meet, so what is learned from one helps the other."""
    arabizi_skeletons = consonants(normalise(arabizi)).split()
    assert arabizi_skeletons and set(arabizi_skeletons) <= set(consonants(normalise(arabic)).split())


def test_a_name_in_latin_letters_is_not_taken_for_arabizi() -> None:
    """Two consonants without Arabizi digits ("Amal Haddad": ml, hd) are as likely a name as Arabic ("حدا",
    someone): a name typed into the booking form was read as a request for a person."""
    assert consonants(normalise("Amal Haddad")) == ""
    assert consonants(normalise("7ada")) == f"{CONSONANTS_MARK}hd"


def test_consonants_leave_greek_alone_and_mark_their_words() -> None:
    assert consonants("θελω ραντεβου") == ""
    assert all(word.startswith(CONSONANTS_MARK) for word in consonants("bdi maw3ed").split())
