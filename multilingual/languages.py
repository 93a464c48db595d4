"""The conversation languages (the registry, languages.yaml): their names in themselves, their script direction, and
how people name them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from multilingual.normalise import normalise, normalise_words


@dataclass(frozen=True)
class Language:
    """One conversation language (the fields are described in languages.yaml)."""

    code: str
    autonym: str
    direction: str
    names: tuple[str, ...]
    negations: tuple[str, ...] = ()
    stops: tuple[str, ...] = ()
    voice: str | None = None
    borrowed_voice: str | None = None
    fallback: str | None = None
    understood: bool = True
    evident_words: frozenset[str] = frozenset()


FIELDS = {
    "code",
    "autonym",
    "direction",
    "names",
    "negations",
    "stops",
    "voice",
    "borrowed_voice",
    "fallback",
    "understood",
    "evident_words",
}
REGISTRY = Path(__file__).with_name("languages.yaml")


def load_languages(path: Path) -> dict[str, Language]:
    """Read the registry, refusing what would break a screen later: an unknown field, a direction other than ltr or
    rtl, a code twice, a fallback that is not a complete language."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages: dict[str, Language] = {}
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) - FIELDS or not {"code", "autonym", "direction"} <= set(entry):
            raise ValueError(f"{path}: each language needs code, autonym and direction, and only {sorted(FIELDS)}")
        language = Language(
            code=str(entry["code"]),
            autonym=str(entry["autonym"]),
            direction=entry["direction"],
            names=tuple(str(name) for name in entry.get("names") or ()),
            negations=tuple(str(word) for word in entry.get("negations") or ()),
            stops=tuple(str(phrase) for phrase in entry.get("stops") or ()),
            voice=entry.get("voice"),
            borrowed_voice=entry.get("borrowed_voice"),
            fallback=entry.get("fallback"),
            understood=entry.get("understood", True) is not False,
            evident_words=frozenset(normalise_words(str(word)).strip() for word in entry.get("evident_words") or ()),
        )
        if language.direction not in ("ltr", "rtl") or language.code in languages:
            raise ValueError(f"{path}: {language.code}: a direction of ltr or rtl, and each code once")
        languages[language.code] = language
    for language in languages.values():
        if language.fallback is not None and (
            language.fallback not in languages or languages[language.fallback].fallback is not None
        ):
            raise ValueError(f"{path}: {language.code}: its fallback must be a complete language of the file")
        if language.borrowed_voice is not None and (
            language.voice is not None or getattr(languages.get(language.borrowed_voice), "voice", None) is None
        ):
            raise ValueError(f"{path}: {language.code}: a voice is borrowed by a language with none, from one with one")
    return languages


LANGUAGES: dict[str, Language] = load_languages(Path(os.environ.get("LANGUAGES_FILE") or REGISTRY))
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


def plainly_written_in(text: str) -> str | None:
    """The language whose everyday words (the registry's `evident_words`) make a message plainly its own: two of
    them, or one in a message of three words or fewer ("bokhalo sim", "mangav te dikhav"). None when no language's
    words do, or when two languages' do. The classifier places short messages in Latin letters by their letters
    alone, and took Romani ones for Arabizi ("shkola", "gadzhe")."""
    words = normalise_words(text.replace("'", "").replace("’", "")).split()
    found = []
    for code, language in LANGUAGES.items():
        count = sum(word in language.evident_words for word in words)
        if count >= 2 or (count == 1 and len(words) <= 3):
            found.append(code)
    return found[0] if len(found) == 1 else None


def evident_language(text: str, current: str) -> str:
    """The language a message must be answered in when its letters or words rule out the conversation's: Arabic letters
    are Arabic; a language's everyday words (`plainly_written_in`: Romani's, in either alphabet), that language; Greek
    letters in an English or Arabic conversation are Greek (Romani in Greek letters is read by people who read Greek);
    Latin letters that are plainly English words are English. Otherwise the conversation's language (Latin letters may
    be Greeklish, Romani or Arabizi). Used where the hub answers before the bot can (danger), so a cry for help written
    first in another language is answered in a language the person reads."""
    letters = [ch for ch in text.casefold() if ch.isalpha()]
    if not letters:
        return current
    if _share(letters, "\u0600", "\u06ff") > 0.5:
        return "ar"
    if (plain := plainly_written_in(text)) is not None:
        return plain
    if _share(letters, "\u0370", "\u03ff") + _share(letters, "\u1f00", "\u1fff") > 0.5:
        return current if current in ("el", "rom") else DEFAULT_LANGUAGE
    words = normalise_words(text.replace("'", "").replace("’", "")).split()
    english = sum(word in _ENGLISH_WORDS for word in words)
    if current != "en" and _share(letters, "a", "z") > 0.5 and english >= 2 and english >= 0.3 * len(words):
        return "en"
    return current
