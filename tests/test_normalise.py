"""Normalisation folds the spelling variants people type into one form."""

import pytest

from multilingual.normalise import normalise


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
