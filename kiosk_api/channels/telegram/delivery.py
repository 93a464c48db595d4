"""The outbox worker: pushes staff replies, reminders and offers to the chats, each exactly once, waiting out
Telegram's flood limits, backing off on network errors and server errors, and stopping at a blocked chat (and
telling the staff who handle it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from typing import Any

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from kiosk_api.channels.telegram import chats, messages
from kiosk_api.channels.telegram.models import TelegramChat
from kiosk_api.conversations import outbox
from kiosk_api.conversations.models import Conversation, Delivery, Message
from kiosk_api.conversations.schemas import MessageOut
from kiosk_api.database import new_session
from kiosk_api.handoff import service as handoffs

POLL_SECONDS = 0.5
# A message Telegram keeps refusing (not a network problem) is given up after this many attempts.
MAX_ATTEMPTS = 8
logger = logging.getLogger(__name__)


def seconds(retry_after: int | dt.timedelta) -> float:
    """Telegram's retry_after, as seconds (python-telegram-bot gives an int or a timedelta)."""
    return retry_after.total_seconds() if isinstance(retry_after, dt.timedelta) else float(retry_after)


def _claim() -> list[tuple[Delivery, Message, Conversation, int | None, bool]]:
    with new_session() as db:
        due = outbox.claim_due(db=db, channel="telegram")
        found = []
        for delivery, message, conversation in due:
            chat = chats.chat_of(db=db, conversation_id=conversation.id)
            found.append((delivery, message, conversation, chat.chat_id if chat else None, bool(chat and chat.blocked)))
        return found


def _record(function: Any, **kwargs: Any) -> None:
    with new_session() as db:
        function(db=db, **kwargs)


def reachable_again(chat_id: int) -> None:
    """The citizen unblocked the bot, or wrote again: what staff wrote meanwhile goes out now, and staff are told."""
    with new_session() as db:
        if not chats.set_blocked(db=db, chat_id=chat_id, blocked=False):
            return
        chat = db.get(TelegramChat, chat_id)
        conversation = db.get(Conversation, chat.conversation_id) if chat and chat.conversation_id else None
        if conversation is None:
            return
        resumed = outbox.resume_for_conversation(db=db, conversation_id=conversation.id)
        handoffs.note_from_the_system(
            db=db,
            conversation=conversation,
            text=f"Telegram: the citizen is reachable again; {resumed} message(s) held back are being sent now.",
        )


def _blocked(conversation: Conversation, chat_id: int | None) -> None:
    with new_session() as db:
        held = outbox.stop_for_conversation(db=db, conversation_id=conversation.id, reason="blocked by the user")
        # Staff are told first: once the chat shows as blocked, the note is already there to read.
        handoffs.note_from_the_system(
            db=db,
            conversation=db.get(Conversation, conversation.id),
            text=f"Telegram: the citizen has blocked the bot; {held} message(s) could not be delivered. "
            "Reach them another way.",
        )
        if chat_id is not None:
            chats.set_blocked(db=db, chat_id=chat_id, blocked=True)


async def deliver(
    bot: Any, delivery: Delivery, message: Message, conversation: Conversation, chat_id: int | None, blocked: bool
) -> None:
    """Push one message, and record what happened."""
    if chat_id is None or blocked:
        await asyncio.to_thread(_blocked, conversation, chat_id)
        return
    try:
        parts = messages.telegram_parts(MessageOut.of(message).model_dump(), conversation.language)
        for text, markup in parts:
            await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
    except RetryAfter as error:
        logger.warning("Outbox message %s: flood limit, again in %s s", message.id, error.retry_after)
        wait = dt.timedelta(seconds=seconds(error.retry_after))
        await asyncio.to_thread(_record, outbox.retry_later, delivery=delivery, error="429", wait=wait)
    except Forbidden:
        logger.info("Outbox message %s: the chat has blocked the bot; held back", message.id)
        await asyncio.to_thread(_blocked, conversation, chat_id)
    except (NetworkError, BadRequest) as error:
        logger.warning("Outbox message %s not sent (attempt %s): %s", message.id, delivery.attempts, error)
        if isinstance(error, BadRequest) and delivery.attempts >= MAX_ATTEMPTS:
            await asyncio.to_thread(_blocked, conversation, chat_id)
            return
        await asyncio.to_thread(_record, outbox.retry_later, delivery=delivery, error=str(error))
    else:
        await asyncio.to_thread(_record, outbox.mark_sent, delivery=delivery)


async def run(bot: Any) -> None:
    """Deliver what is due, for as long as the gateway runs."""
    while True:
        try:
            for due in await asyncio.to_thread(_claim):
                await deliver(bot, *due)
        except Exception:  # the next round must come; the traceback is logged
            logger.exception("Outbox delivery failed; trying again.")
        await asyncio.sleep(POLL_SECONDS)
