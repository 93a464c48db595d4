"""The conversation languages: their names in themselves, their script direction, and how people name them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from multilingual.normalise import normalise, normalise_words


@dataclass(frozen=True)
class Language:
    """One conversation language."""

    code: str
    autonym: str  # the language's name in itself, as shown on language buttons (never a flag)
    direction: str  # "ltr" or "rtl"
    names: tuple[str, ...]  # ways people name it in any of the four languages, Greeklish included
    # Words that negate what follows ("I do NOT want to cancel"), in the spellings people type (Greeklish, Arabizi).
    # Words that mean something else in another of the four languages are left out: Romani "nai" and «νάι» are
    # Greek "yes", Arabizi "mo" is Romani "my", «μα» is Greek "but".
    negations: tuple[str, ...] = ()
    # The espeak-ng voice that reads the kiosk's text aloud; None when no voice speaks the language.
    voice: str | None = None


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
            ("δεν", "μην", "μη", "όχι", "ούτε", "den", "dn", "min", "oxi", "ohi", "oute"),
            voice="el",
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
            ("not", "no", "dont", "don't", "doesnt", "didnt", "cant", "cannot", "wont", "isnt", "never", "nor"),
            voice="en-gb",
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
            ("لا", "ما", "مش", "مو", "ليس", "لم", "لن", "مب", "موش", "مافي", "mish", "msh", "mesh", "mush"),
            voice="ar",
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
            ("na", "ma", "nane", "naj", "νάνε"),
        ),
    )
}
DEFAULT_LANGUAGE = "el"


def is_supported(code: str | None) -> bool:
    """Tell whether a code names a conversation language."""
    return code in LANGUAGES


# Words that say the person does not (well) speak or understand a language they name, in the four languages:
# "my Greek is not so good", «ما بفهم يوناني», "δεν καταλαβαίνω ελληνικά", "našti haljovav". (Romani "na" is left
# out: in Greeklish it is "να", which comes just before the language asked for, as in "na milame agglika".)
NOT_UNDERSTOOD_WORDS = (
    *("not", "no", "dont", "doesnt", "cant", "cannot", "never", "bad", "poor", "weak"),
    *("δεν", "den", "dn", "ούτε", "oute", "όχι", "oxi", "ohi"),
    *("ما", "لا", "مش", "مو", "مب", "ماني", "مابفهم", "مافهمت", "مافهمتش", "مابعرف", "ماعرف", "msh", "mish", "mesh"),
    *("našti", "naj", "nane", "či"),
)
_NOT_UNDERSTOOD = {normalise(word) for word in NOT_UNDERSTOOD_WORDS}
# A reason and a request are usually said apart: "Can we speak English please? My Greek is not so good".
_CLAUSE_BREAK = re.compile(r"[.,;:!?؟،؛·\n]+")


def _names_in(words: list[str]) -> list[tuple[int, str]]:
    """Return (position, language code) of every language named in a clause's normalised words, in order."""
    found = set()
    for language in LANGUAGES.values():
        for name in language.names:
            name_words = normalise(name).split()
            for position in range(len(words) - len(name_words) + 1):
                if words[position : position + len(name_words)] == name_words:
                    found.add((position, language.code))
    return sorted(found)


def _nearest(named: list[tuple[int, str]], position: int) -> str:
    """Return the language named nearest a position; of two as near, the one after it ("I need Arabic, I don't
    understand English": a negation comes before what it denies)."""
    return min(named, key=lambda found: (abs(found[0] - position), found[0] < position))[1]


def named_language(text: str, current: str | None = None) -> str | None:
    """Return the code of the language a message asks for ("in English please" → "en"), or None.

    A message may name several: "Can we speak English please? My Greek is not so good". In each clause, a language
    named nearest to a word saying the person does not (well) understand it is not the one asked for. Of those left,
    one other than the conversation's `current` language is preferred (a person who names two languages wants to
    leave the one they are being answered in), and of those the last named (the request tends to follow the reason:
    "my Greek is not good, and English I read slowly; can you write in Arabic?"). A message that names languages only
    as ones the person does not understand names none.
    """
    asked_for: list[str] = []
    for clause in _CLAUSE_BREAK.split(text):
        # "don't" and "can't" as one word each.
        words = normalise_words(re.sub(r"['’]", "", clause)).split()
        named = _names_in(words)
        cues = [position for position, word in enumerate(words) if word in _NOT_UNDERSTOOD]
        not_understood = {_nearest(named, cue) for cue in cues} if named else set()
        asked_for += [code for _, code in named if code not in not_understood]
    if not asked_for:
        return None
    others = [code for code in asked_for if code != current]
    return (others or asked_for)[-1]


def _share(letters: list[str], first: str, last: str) -> float:
    return sum(first <= ch <= last for ch in letters) / len(letters)


# Everyday English words that Greeklish, Romani and Arabizi do not use: two of them making up much of a message in
# Latin letters tell English from the other three.
_ENGLISH_WORDS = frozenset(
    (
        *("my", "the", "is", "are", "was", "please", "help", "want", "going", "not", "and", "with", "nobody"),
        *("anyone", "someone", "cares", "baby", "breathing", "husband", "wife", "kill", "die", "dont", "cant", "im"),
        *("he", "she", "they", "we", "you", "will", "have", "has", "can", "what", "where", "scared", "hurt"),
    )
)


def evident_language(text: str, current: str) -> str:
    """The language a message must be answered in when its letters or words rule out the conversation's: Arabic
    letters are Arabic; Greek letters in an English or Arabic conversation are Greek (Romani in Greek letters is read
    by people who read Greek); Latin letters that are plainly English words are English. Otherwise the
    conversation's language (Latin letters may be Greeklish, Romani or Arabizi). Used where the hub answers before
    the bot can (danger), so a cry for help written first in another language is answered in a language the person
    reads."""
    letters = [ch for ch in text.casefold() if ch.isalpha()]
    if not letters:
        return current
    if _share(letters, "\u0600", "\u06ff") > 0.5:
        return "ar"
    if _share(letters, "\u0370", "\u03ff") + _share(letters, "\u1f00", "\u1fff") > 0.5:
        return current if current in ("el", "rom") else DEFAULT_LANGUAGE
    words = normalise_words(text.replace("'", "").replace("’", "")).split()
    english = sum(word in _ENGLISH_WORDS for word in words)
    if current != "en" and _share(letters, "a", "z") > 0.5 and english >= 2 and english >= 0.3 * len(words):
        return "en"
    return current
