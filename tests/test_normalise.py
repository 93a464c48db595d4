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
    ],
)
def test_spelling_variants_fold_together(typed: str, folded: str) -> None:
    assert normalise(typed) == folded
