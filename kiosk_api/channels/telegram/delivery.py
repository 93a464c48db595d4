"""Telegram for the kit's outbox worker: where a conversation's chat is, and how one hub message is pushed there,
with Telegram's errors told apart (a flood limit says how long to wait; a blocked bot is Forbidden; a bad request is
refused; anything else on the network is tried again)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from kiosk_api.channels.kit import outbox
from kiosk_api.channels.kit.store import db_call
from kiosk_api.channels.telegram import chats, messages


def seconds(retry_after: int | dt.timedelta) -> float:
    """Telegram's retry_after, as seconds (python-telegram-bot gives an int or a timedelta)."""
    return retry_after.total_seconds() if isinstance(retry_after, dt.timedelta) else float(retry_after)


def _address_of(db: Session, conversation_id: str) -> outbox.Address | None:
    chat = chats.chat_of(db=db, conversation_id=conversation_id)
    return outbox.Address(chat.chat_id, chat.blocked) if chat else None


def _mark_blocked(db: Session, chat_id: int) -> None:
    chats.set_blocked(db=db, chat_id=chat_id, blocked=True)


def channel(bot: Any) -> outbox.Channel:
    """The Telegram channel as the outbox worker drives it, sending with `bot`."""

    async def push(chat_id: int, message: dict[str, Any], language: str) -> None:
        try:
            for text, markup in messages.telegram_parts(message, language):
                await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
        except RetryAfter as error:
            raise outbox.RetryLater("429", wait=dt.timedelta(seconds=seconds(error.retry_after))) from error
        except Forbidden as error:
            raise outbox.Unreachable from error
        except BadRequest as error:  # before NetworkError, which it is a kind of
            raise outbox.Refused(str(error)) from error
        except NetworkError as error:
            raise outbox.RetryLater(str(error)) from error

    return outbox.Channel(code="telegram", address_of=_address_of, push=push, mark_unreachable=_mark_blocked)


async def reachable_again(bot: Any, chat_id: int) -> None:
    """The citizen unblocked the bot, or wrote again: what staff wrote meanwhile goes out now, and staff are told."""
    if not await db_call(chats.set_blocked, chat_id=chat_id, blocked=False):
        return
    chat = await db_call(chats.credentials, chat_id=chat_id)
    if chat is not None:
        await outbox.reachable_again(channel(bot), chat.conversation_id)
