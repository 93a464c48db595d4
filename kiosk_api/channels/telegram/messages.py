"""Turning hub messages into Telegram messages: plain text (so no citizen or knowledge text can break formatting
or inject links), split under Telegram's length limit at paragraph boundaries, buttons as inline keyboards, and
right-to-left marks for Arabic."""

from __future__ import annotations

import unicodedata
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from multilingual.languages import LANGUAGES

LIMIT = 4096
CALLBACK_LIMIT = 64  # bytes of callback data Telegram accepts
RIGHT_TO_LEFT_MARK = "\u200f"
# A button whose payload is too long for callback data is sent as "m:<hub message id>:<index>" and looked up.
LOOKUP_PREFIX = "m:"


def split(text: str, limit: int = LIMIT) -> list[str]:
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
    return LANGUAGES.get(language) is not None and LANGUAGES[language].direction == "rtl"


def for_language(text: str, language: str) -> str:
    """Mark every line of a right-to-left language so Telegram lays it out right to left, even when a line starts
    with a number or a Latin word."""
    if not right_to_left(language):
        return text
    return "\n".join(RIGHT_TO_LEFT_MARK + line if line else line for line in text.split("\n"))


def label(title: str, language: str) -> str:
    """A button's label, whole (Telegram wraps a long one). In a right-to-left language a label that begins with a
    left-to-right word ("ΤΕΒΑ – صندوق …") is marked, or Telegram would lay it out left to right."""
    first = next((unicodedata.bidirectional(c) for c in title if unicodedata.bidirectional(c) in ("L", "R", "AL")), "")
    return RIGHT_TO_LEFT_MARK + title if right_to_left(language) and first == "L" else title


def callback_data(payload: str, message_id: int, index: int) -> str:
    """The button's payload, or a short reference to it when the payload is too long for Telegram."""
    if len(payload.encode()) <= CALLBACK_LIMIT and not payload.startswith(LOOKUP_PREFIX):
        return payload
    return f"{LOOKUP_PREFIX}{message_id}:{index}"


def keyboard(message: dict[str, Any], language: str) -> InlineKeyboardMarkup | None:
    """A hub message's buttons as an inline keyboard, one button a row (they are long, and touched on phones). Only
    the callback data is limited (64 bytes); the labels are kept whole."""
    buttons = message.get("buttons") or []
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    label(b["title"], language), callback_data=callback_data(b["payload"], message["id"], i)
                )
            ]
            for i, b in enumerate(buttons)
        ]
    )


def telegram_parts(message: dict[str, Any], language: str) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The Telegram messages one hub message becomes; the buttons go with the last part."""
    parts = split(for_language(message.get("text") or "…", language))
    return [
        (part, keyboard(message, language) if index == len(parts) - 1 else None) for index, part in enumerate(parts)
    ]
