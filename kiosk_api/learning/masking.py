"""Numbers and addresses that identify a person, hidden before a reviewer reads a citizen's message: phone numbers,
ΑΜΚΑ (11 digits), ΑΦΜ (9 digits), IBANs and e-mail addresses. A reviewer needs the words, never these."""

from __future__ import annotations

import re

MASK = "•"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An IBAN: two letters, two check digits, then up to 30 letters or digits, often in groups of four.
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}\b")
# Seven digits or more, perhaps written with spaces, dots or dashes between them (69 1234 5678, 210-123.4567), perhaps
# after + or 00, in any script's digits (Arabic-Indic too). An amount (534, 1.200 €) or a date (12/3/2025) is shorter
# or broken by other signs, and stays.
_LONG_NUMBER = re.compile(r"(?:\+|\b)\d(?:[ .\-]?\d){6,}")


def mask_personal_numbers(text: str) -> str:
    """The text with every e-mail address, IBAN and long number (phone, ΑΜΚΑ, ΑΦΜ) replaced by dots of its length,
    so a reviewer still sees that one was there."""
    for pattern in (_EMAIL, _IBAN, _LONG_NUMBER):
        text = pattern.sub(lambda found: MASK * len(found.group()), text)
    return text
