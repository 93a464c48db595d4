"""Text normalisation applied before features, so that spelling variants of one word look alike.

Folds case, Greek accents and final sigma, Arabic diacritics, tatweel and the alef, ya and ta marbuta variants,
and Arabic-Indic digits.
"""

import re
import unicodedata

_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ـ": None,  # tatweel only stretches a word
        "ς": "σ",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
    }
)
_SPACES = re.compile(r"\s+")


def normalise_token(token: str) -> str:
    """Return one token folded to its comparable form."""
    # NFKC first turns Arabic presentation forms into ordinary letters; NFD then splits off every accent and
    # haraka as a combining mark (category Mn), which is dropped.
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", token).casefold())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).translate(_ARABIC_FOLDS)


def normalise(text: str) -> str:
    """Return a whole text folded token by token, with runs of white space made single spaces."""
    return " ".join(normalise_token(token) for token in _SPACES.split(text.strip()) if token)
