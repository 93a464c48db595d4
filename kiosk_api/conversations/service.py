"""Conversation services: plain functions with keyword arguments and an explicit session."""

from __future__ import annotations

import threading
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.conversations import rasa
from kiosk_api.conversations.models import Conversation, ConversationState, Message, Sender
from kiosk_api.handoff.urgent import signals_danger
from kiosk_api.nlg.service import render
from kiosk_api.tokens import matches, new_token, token_hash
from multilingual.languages import is_supported

# SQLite has no row locks; within one process a fixed pool of locks, picked by conversation, serialises each
# conversation's turns instead (a lock per conversation would grow without bound).
_LOCAL_LOCKS = tuple(threading.Lock() for _ in range(64))


def create(*, db: Session, channel: str, language: str) -> tuple[Conversation, str]:
    """Create a conversation; return it with its secret token (stored only as a hash)."""
    token = new_token()
    conversation = Conversation(id=str(uuid.uuid4()), channel=channel, language=language, token_hash=token_hash(token))
    db.add(conversation)
    db.commit()
    return conversation, token


def authenticate(*, db: Session, conversation_id: str, token: str) -> Conversation | None:
    """Return the conversation if the token is its own, else None."""
    conversation = db.get(Conversation, conversation_id)
    if conversation is None or not matches(token, conversation.token_hash):
        return None
    return conversation


def add_message(
    *,
    db: Session,
    conversation: Conversation,
    sender: Sender,
    text: str,
    language: str,
    payload: str | None = None,
    buttons: list[dict[str, Any]] | None = None,
    commit: bool = True,
) -> Message:
    """Store a message and commit it at once, so that it survives whatever happens next (or, with commit=False,
    add it to the caller's transaction)."""
    message = Message(
        conversation_id=conversation.id,
        sender=sender,
        text=text,
        payload=payload,
        buttons=buttons or [],
        language=language,
    )
    db.add(message)
    if commit:
        db.commit()
    else:
        db.flush()  # assigns the id the client will use as its `after` cursor
    return message


def add_notice(
    *, db: Session, conversation: Conversation, response: str, arguments: dict[str, Any] | None = None
) -> Message:
    """Store a system message: a response rendered in the conversation's language."""
    notice = render(response=response, arguments=arguments or {}, language=conversation.language)
    return add_message(
        db=db,
        conversation=conversation,
        sender=Sender.system,
        text=notice["text"],
        buttons=notice["buttons"],
        language=conversation.language,
    )


def list_messages(*, db: Session, conversation: Conversation, after: int | None = None) -> list[Message]:
    """Return the transcript in order, optionally only the messages after a message id."""
    query = select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
    if after is not None:
        query = query.where(Message.id > after)
    return list(db.scalars(query))


def erase(*, db: Session, conversation: Conversation) -> None:
    """Delete a conversation and every message of it."""
    db.delete(conversation)
    db.commit()


@contextmanager
def _turn_lock(db: Session, conversation: Conversation) -> Iterator[None]:
    """Hold the conversation for one turn, across API processes on PostgreSQL (a row lock until the commit at the
    end of the turn, which also stores the replies together)."""
    with _LOCAL_LOCKS[zlib.crc32(conversation.id.encode()) % len(_LOCAL_LOCKS)]:
        if db.get_bind().dialect.name == "postgresql":
            db.execute(select(Conversation.id).where(Conversation.id == conversation.id).with_for_update())
        try:
            yield
        finally:
            db.commit()


def handle_citizen_message(
    *, db: Session, conversation: Conversation, text: str, payload: str | None = None
) -> list[Message]:
    """Store a citizen message, then route it to Rasa (or leave it for staff while they hold the conversation) and
    store every reply; return the replies."""
    add_message(
        db=db,
        conversation=conversation,
        sender=Sender.citizen,
        text=text,
        payload=payload,
        language=conversation.language,
    )
    if signals_danger(text):
        return [_urgent(db=db, conversation=conversation)]
    if conversation.state != ConversationState.bot:
        return []
    with _turn_lock(db, conversation):
        try:
            replies = [
                reply
                for reply in rasa.send(
                    sender=conversation.id,
                    message=payload or text,
                    metadata={"language": conversation.language, "channel": conversation.channel},
                )
                if reply.get("text") or reply.get("buttons")
            ]
            # The bot answers every message; silence means an action failed (the action server is down, say).
            if not replies:
                raise rasa.RasaUnavailable("the bot gave no reply")
        except rasa.RasaUnavailable:
            return [add_notice(db=db, conversation=conversation, response="utter_assistant_unavailable")]
        # The bot may have handed the conversation to staff meanwhile (through the hub's internal route).
        db.refresh(conversation)
        language = rasa.conversation_language(sender=conversation.id)
        if is_supported(language) and language != conversation.language:
            conversation.language = language
        return [_store_reply(db=db, conversation=conversation, reply=reply) for reply in replies]


def _urgent(*, db: Session, conversation: Conversation) -> Message:
    """Put the conversation at the top of the staff queue and give the emergency and helpline numbers at once."""
    # Imported here: the handoff service builds on this one.
    from kiosk_api.handoff import service as handoffs

    handoff = handoffs.mark_urgent(db=db, conversation=conversation)
    position = handoffs.queue_position(db=db, handoff=handoff)
    return add_notice(db=db, conversation=conversation, response="utter_urgent_help", arguments={"position": position})


def _store_reply(*, db: Session, conversation: Conversation, reply: dict[str, Any]) -> Message:
    """Add a bot reply to the turn's transaction (committed when the turn lock is released)."""
    buttons = [
        {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
        for button in reply.get("buttons") or []
    ]
    return add_message(
        db=db,
        conversation=conversation,
        sender=Sender.bot,
        text=reply.get("text") or "",
        buttons=buttons,
        language=conversation.language,
        commit=False,
    )
