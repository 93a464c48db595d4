"""What a reviewer reads of a citizen's message: the words, never a number, address or name that identifies them."""

from __future__ import annotations

import pytest

from kiosk_api.learning.masking import MASK, mask_personal_data, mask_personal_numbers


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("το κινητό μου 6912345678 πάρτε με", "6912345678"),
        ("tilefono 69 1234 5678", "69 1234 5678"),
        ("call me on +30 210 123 4567 please", "+30 210 123 4567"),
        ("σταθερό 210-123.4567", "210-123.4567"),
        ("ΑΜΚΑ 01018012345 τι κάνω", "01018012345"),
        ("o AFM mou einai 123456789", "123456789"),
        ("IBAN GR16 0110 1250 0000 0001 2300 695 για την πληρωμή", "GR16 0110 1250 0000 0001 2300 695"),
        ("iban gr1601101250000000012300695", "gr1601101250000000012300695"),
        ("γράψτε μου στο maria.k+kentro@gmail.com", "maria.k+kentro@gmail.com"),
        ("رقمي ٠٦٩١٢٣٤٥٦٧٨", "٠٦٩١٢٣٤٥٦٧٨"),
        ("mo numero si 6987654321 te akhares man", "6987654321"),
    ],
)
def test_numbers_and_addresses_that_identify_a_person_are_hidden(text: str, hidden: str) -> None:
    masked = mask_personal_numbers(text)
    assert hidden not in masked
    assert masked == text.replace(hidden, MASK * len(hidden))


@pytest.mark.parametrize(
    "text",
    [
        "πόσα είναι τα 534 ευρώ του ΕΕΕ;",
        "we are 5 people, 2 adults and 3 children, income 1.200 € a month",
        "το ραντεβού μου στις 12/03/2025 στις 10:30",
        "my reference is A73MN",
        "كم المبلغ لعائلة من 4 أشخاص؟",
    ],
)
def test_amounts_dates_and_references_stay_as_written(text: str) -> None:
    assert mask_personal_numbers(text) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("hi my name is Ahmed", "hi my name is •••••"),
        ("Με λένε Ελένη Παππά και θέλω ραντεβού", "Με λένε ••••• ••••• και θέλω ραντεβού"),
        ("me lene giorgo, thelw voitheia", "me lene ••••••, thelw voitheia"),
        ("انا اسمي محمد وبدي موعد", "انا اسمي •••• وبدي موعد"),
        ("mo anav si Marika thaj kamav randevu", "mo anav si •••••• thaj kamav randevu"),
        ("muro anav si Fotini Nikolaou", "muro anav si •••••• ••••••••"),
        # A name typed alone, capitals and all.
        ("Μαρια Κωνσταντινου", "••••• ••••••••••••"),
        # No introduction, no name hidden.
        ("can you call me tomorrow", "can you call me tomorrow"),
        ("what is the name of the programme", "what is the name of the programme"),
    ],
)
def test_a_name_a_person_introduces_themselves_by_is_masked(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked
