"""Recognising a message that signals danger, in any of the four languages."""

from __future__ import annotations

from functools import cache

from knowledge.loader import load_urgent_phrases
from multilingual.normalise import normalise_words


@cache
def _phrases() -> tuple[str, ...]:
    return tuple(normalise_words(phrase) for phrases in load_urgent_phrases().values() for phrase in phrases)


def signals_danger(text: str) -> bool:
    """Tell whether a message contains a danger phrase of any language (compared normalised, as whole words)."""
    words = normalise_words(text)
    return any(phrase in words for phrase in _phrases())
