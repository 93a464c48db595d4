"""Turning hub messages into Telegram messages: plain text (so no citizen or knowledge text can break formatting
or inject links), split under Telegram's length limit at paragraph boundaries (the kit's text), buttons as inline
keyboards, and right-to-left marks for Arabic."""

from __future__ import annotations

import unicodedata
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from kiosk_api.channels.kit.text import RIGHT_TO_LEFT_MARK, for_language, right_to_left, split

LIMIT = 4096
CALLBACK_LIMIT = 64  # bytes of callback data Telegram accepts
# A button whose payload is too long for callback data is sent as "m:<hub message id>:<index>" and looked up.
LOOKUP_PREFIX = "m:"


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
    parts = split(for_language(message.get("text") or "…", language), LIMIT)
    return [
        (part, keyboard(message, language) if index == len(parts) - 1 else None) for index, part in enumerate(parts)
    ]
