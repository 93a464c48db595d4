"""What the text classifiers read besides the normalised words: their sounds, and the words a negation governs."""

from __future__ import annotations

import re

from multilingual.languages import LANGUAGES
from multilingual.normalise import APOSTROPHES, consonants, normalise, normalise_words, sounds

# The words after a negation that it governs, at most: "I do not want to cancel" → want, to, cancel.
NEGATION_SCOPE = 3
NEGATION_MARK = "not_"
_NEGATIONS = frozenset(normalise(word) for language in LANGUAGES.values() for word in language.negations)
_MA = normalise("ما")


def _stop_words(text: str) -> str:
    """A text folded for comparing a stop: normalised, apostrophes dropped, Greek letters and Greeklish alike."""
    return sounds(normalise_words(APOSTROPHES.sub("", text))).strip()


_STOPS = frozenset(_stop_words(phrase) for language in LANGUAGES.values() for phrase in language.stops)
# Said beside a stop ("ok stop please", «σταμάτα το παρακαλώ», "خلص بس لو سمحت"), they change nothing.
_POLITE = frozenset(
    _stop_words(word)
    for word in "please pls plz ok okay οκ οκει παρακαλώ parakalo parakalw εντάξει entaksei entaxei λοιπόν loipon "
    "لو سمحت من فضلك طيب يا اخي halla2 hala2 mangav tut".split()
)
# A stop is a short message: "stop asking me about my rent, I want to know about the child benefit" is a question.
_MAX_STOP_WORDS = 5


def asks_to_stop(text: str) -> bool:
    """Tell whether a whole message asks to stop what is going on («σταμάτα», "forget it", «خلص بس», "dosta"), in any
    of the languages (their `stops` in languages.yaml)."""
    words = _stop_words(text).split()
    if not words or len(words) > _MAX_STOP_WORDS:
        return False
    return " ".join(word for word in words if word not in _POLITE) in _STOPS


def with_sounds(words: str) -> str:
    """Normalised words, and their sounds (`multilingual.normalise.sounds`) when those differ, so Greek, unaccented
    Greek and Greeklish look alike."""
    folded = sounds(words)
    return words if folded == words else f"{words} {folded}"


# Greeklish «να» is spelt as the Romani "na" (not): after a verb of wanting or being able ("thelo na kleiso", "mporo
# na to allaxo"), or before an object pronoun or a first-person verb in -w ("na to kanw pempti", "na erthw"; Romani
# in Latin letters has no w).
_GREEKLISH_NA = re.compile(r"(?<=\s)(thel\w*|mpor\w*|prepei|as) na(?=\s)|(?<=\s)na(?=\s(?:to|ta|tin|ton|\w+w)\s)")


def without_greeklish_na(words: str) -> str:
    """Normalised words with the Greeklish «να» left out, so that `negated` does not take it for the Romani "na".
    (The classifiers' features keep it: they learnt from it as it is.)"""
    return _GREEKLISH_NA.sub(r"\1", f" {words} ").strip()


# Arabic «ما» after "after", "before", "until" or "as" («بعد ما وصّل الولاد», after I take the kids) joins a clause
# to the word before it; it negates nothing.
_JOINING_MA = frozenset(normalise(word) for word in "بعد قبل لحد لحتى حتى زي متل مثل كل ba3d 2abl abl metl zay".split())


def negated(words: str) -> bool:
    """Tell whether normalised words hold a negation ("dont", "μην", "la")."""
    said = words.split()
    return any(
        word in _NEGATIONS and not (word == _MA and at and said[at - 1] in _JOINING_MA) for at, word in enumerate(said)
    )


def mark_negation(words: str) -> str:
    """Normalised words with those a negation governs marked: "dont want cancel new" → "dont not_want not_cancel
    not_new". A classifier then tells "I want to cancel" from "I do not want to cancel", which share every word."""
    marked: list[str] = []
    remaining = 0
    for word in words.split():
        if word in _NEGATIONS:
            remaining = NEGATION_SCOPE
            marked.append(word)
        elif remaining:
            marked.append(f"{NEGATION_MARK}{word}")
            remaining -= 1
        else:
            marked.append(word)
    return " ".join(marked)


def intent_features(words: str) -> str:
    """The text the intent classifier reads: the normalised words with negation marked, then the words as they are,
    their sounds, and their consonants, so Arabizi meets the Arabic-script examples (measured on
    tests/data/nlu_tuning.csv: marking in place, with the plain words kept beside, was right more often than adding
    the marked words alone; the consonants took its Arabizi from 0.68 to 0.77)."""
    return f"{mark_negation(words)} {with_sounds(words)} {consonants(words)}"


def programme_features(words: str) -> str:
    """The text the programme detector reads: the normalised words with negation marked, and their sounds, so a
    programme named only to be set aside ("not the rent allowance, the child benefit") does not count for itself."""
    return with_sounds(mark_negation(words))
