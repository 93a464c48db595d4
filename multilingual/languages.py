"""The conversation languages: their names in themselves, their script direction, and how people name them."""

from __future__ import annotations

from dataclasses import dataclass

from multilingual.normalise import normalise, normalise_words


@dataclass(frozen=True)
class Language:
    """One conversation language."""

    code: str
    autonym: str  # the language's name in itself, as shown on language buttons (never a flag)
    direction: str  # "ltr" or "rtl"
    names: tuple[str, ...]  # ways people name it in any of the four languages, Greeklish included


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language(
            "el",
            "Ελληνικά",
            "ltr",
            (
                "ελληνικά",
                "ελληνικα",
                "ελλ",
                "greek",
                "ellinika",
                "elinika",
                "ellhnika",
                "elliniká",
                "يوناني",
                "اليونانية",
                "باليوناني",
                "اليوناني",
                "grekikanes",
                "γκρεκικανές",
                "elinikanes",
            ),
        ),
        Language(
            "en",
            "English",
            "ltr",
            (
                "english",
                "eng",
                "αγγλικά",
                "αγγλικα",
                "agglika",
                "aglika",
                "anglika",
                "inglizika",
                "انجليزي",
                "انكليزي",
                "الانجليزية",
                "الإنجليزية",
                "بالانجليزي",
                "انقليزي",
                "englezicka",
                "anglikanes",
                "αγγλικανές",
            ),
        ),
        Language(
            "ar",
            "العربية",
            "rtl",
            (
                "arabic",
                "arab",
                "αραβικά",
                "αραβικα",
                "aravika",
                "arabika",
                "عربي",
                "العربية",
                "العربي",
                "بالعربي",
                "بالعربية",
                "عربية",
                "arabikanes",
                "αραβικανές",
                "3arabi",
                "arabi",
            ),
        ),
        Language(
            "rom",
            "Romani",
            "ltr",
            (
                "romani",
                "romanes",
                "romani chib",
                "ρομανί",
                "ρομανές",
                "ρομανες",
                "ρομά",
                "τσιγγάνικα",
                "τσιγγανικα",
                "γύφτικα",
                "romika",
                "tsiganika",
                "gyftika",
                "giftika",
                "الغجرية",
                "غجري",
                "رومانية",
                "romanés",
                "romane",
                "ρομανε",
            ),
        ),
    )
}
DEFAULT_LANGUAGE = "el"


def is_supported(code: str | None) -> bool:
    """Tell whether a code names a conversation language."""
    return code in LANGUAGES


def named_language(text: str) -> str | None:
    """Return the code of the language a message names ("in English please" → "en"), or None."""
    words = normalise_words(text)
    for language in LANGUAGES.values():
        for name in language.names:
            if f" {normalise(name)} " in words:
                return language.code
    return None
