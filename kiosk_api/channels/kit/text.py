"""Text for channels that carry plain text (Telegram, SMS, a municipality's app): split under a length limit at
natural boundaries, and laid out right to left where the language is written so."""

from __future__ import annotations

import re

from multilingual.languages import LANGUAGES

RIGHT_TO_LEFT_MARK = "\u200f"
# Hebrew, Arabic, Syriac, Thaana, and the Arabic presentation forms.
_RIGHT_TO_LEFT_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def split(text: str, limit: int) -> list[str]:
    """Split a text into parts of at most `limit` characters, at paragraph, then line, then word boundaries."""
    parts: list[str] = []
    remaining = text.strip()
    while len(remaining) > limit:
        window = remaining[:limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0) or limit
        parts.append(remaining[:cut].rstrip())
        remaining = remaining[cut:].lstrip()
    if remaining or not parts:
        parts.append(remaining)
    return parts


def right_to_left(language: str) -> bool:
    """Whether a conversation language is written right to left."""
    return LANGUAGES.get(language) is not None and LANGUAGES[language].direction == "rtl"


def for_language(text: str, language: str) -> str:
    """Mark each line of a right-to-left language that holds right-to-left words, so an app lays it out right to
    left even when it starts with a number or a Latin word; a line with none (a caseworker's reply in Greek) stays
    left to right."""
    if not right_to_left(language):
        return text
    return "\n".join(
        RIGHT_TO_LEFT_MARK + line if _RIGHT_TO_LEFT_LETTER.search(line) else line for line in text.split("\n")
    )
