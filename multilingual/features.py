"""What the text classifiers read besides the normalised words: their sounds, and the words a negation governs."""

from __future__ import annotations

import re

from multilingual.languages import LANGUAGES
from multilingual.normalise import consonants, normalise, sounds

# The words after a negation that it governs, at most: "I do not want to cancel" → want, to, cancel.
NEGATION_SCOPE = 3
NEGATION_MARK = "not_"
_NEGATIONS = frozenset(normalise(word) for language in LANGUAGES.values() for word in language.negations)


def with_sounds(words: str) -> str:
    """Normalised words, and their sounds (`multilingual.normalise.sounds`) when those differ, so Greek, unaccented
    Greek and Greeklish look alike."""
    folded = sounds(words)
    return words if folded == words else f"{words} {folded}"


# Greeklish «να» after a verb of wanting or being able ("thelo na kleiso", "mporo na to allaxo") is spelt as the
# Romani "na" (not).
_GREEKLISH_NA = re.compile(r"(?<=\s)(thel\w*|mpor\w*|prepei|as) na(?=\s)")


def without_greeklish_na(words: str) -> str:
    """Normalised words with the Greeklish «να» after a verb of wanting or being able left out, so that `negated`
    does not take it for the Romani "na". (The classifiers' features keep it: they learnt from it as it is.)"""
    return _GREEKLISH_NA.sub(r"\1", f" {words} ").strip()


def negated(words: str) -> bool:
    """Tell whether normalised words hold a negation ("dont", "μην", "la")."""
    return any(word in _NEGATIONS for word in words.split())


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
