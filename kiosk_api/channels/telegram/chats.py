"""Which hub conversation each Telegram chat is, and which updates were handled: kept in the database, so both
survive restarts. Plain functions with an explicit session, run off the event loop by the gateway."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk_api.channels.kit.hub import Credentials
from kiosk_api.channels.telegram.models import HandledUpdate, TelegramChat


def credentials(*, db: Session, chat_id: int) -> Credentials | None:
    """The conversation of a chat, if it has one."""
    chat = db.get(TelegramChat, chat_id)
    if chat is None or not chat.conversation_id or not chat.conversation_token:
        return None
    return Credentials(chat.conversation_id, chat.conversation_token)


def remember(*, db: Session, chat_id: int, credentials: Credentials) -> None:
    """Tie a chat to its new conversation."""
    chat = db.get(TelegramChat, chat_id) or TelegramChat(chat_id=chat_id)
    chat.conversation_id, chat.conversation_token, chat.blocked = credentials.conversation_id, credentials.token, False
    db.add(chat)
    db.commit()


def set_language(*, db: Session, chat_id: int, language: str) -> None:
    """Keep the language the conversation is in, for what the gateway says itself."""
    chat = db.get(TelegramChat, chat_id)
    if chat is not None and chat.language != language:
        chat.language = language
        db.commit()


def language(*, db: Session, chat_id: int) -> str | None:
    """The chat's language, if known."""
    chat = db.get(TelegramChat, chat_id)
    return chat.language if chat else None


def forget(*, db: Session, chat_id: int) -> None:
    """Forget a chat (after its conversation was erased)."""
    db.execute(delete(TelegramChat).where(TelegramChat.chat_id == chat_id))
    db.commit()


def chat_of(*, db: Session, conversation_id: str) -> TelegramChat | None:
    """The chat a conversation is in."""
    return db.scalar(select(TelegramChat).where(TelegramChat.conversation_id == conversation_id))


def set_blocked(*, db: Session, chat_id: int, blocked: bool) -> bool:
    """The user blocked the bot (or wrote again after blocking it); True if that changed what was known."""
    chat = db.get(TelegramChat, chat_id)
    if chat is not None and chat.blocked != blocked:
        chat.blocked = blocked
        db.commit()
        return True
    return False


def was_handled(*, db: Session, update_id: int) -> bool:
    """Whether an update was handled before (Telegram sends unconfirmed ones again after a restart)."""
    return db.get(HandledUpdate, update_id) is not None


def mark_handled(*, db: Session, update_id: int) -> None:
    """Record that an update was handled."""
    db.add(HandledUpdate(update_id=update_id))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()


def prune_handled(*, db: Session, before: dt.datetime) -> int:
    """Forget the updates handled before a moment; return how many."""
    pruned = db.execute(delete(HandledUpdate).where(HandledUpdate.handled_at < before)).rowcount
    db.commit()
    return pruned
