"""Conversation services: plain functions with keyword arguments and an explicit session."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import uuid
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import Executable

from kiosk_api.channel_registry import PUSHED_CHANNELS
from kiosk_api.conversations import rasa
from kiosk_api.conversations.models import (
    Attachment,
    Consent,
    Conversation,
    ConversationState,
    Delivery,
    DeliveryStatus,
    Message,
    Sender,
    Understanding,
)
from kiosk_api.nlg.service import render
from kiosk_api.tokens import matches, new_token, token_hash
from multilingual.choices import chosen_button, may_be_a_choice
from multilingual.languages import is_supported

# Button payloads the hub answers itself, never the bot: they belong to the hub's own messages.
HUB_PAYLOAD = "hub:"
# What the bot reads of a message: enough for any question; the transcript keeps the whole text for staff.
BOT_TEXT = 2000
# Long enough to take out a phone and scan; short enough that a photo of the screen is soon useless.
PHONE_LINK_LIFETIME = dt.timedelta(minutes=10)


class _LocalLocks:
    """One lock per conversation within this process, kept only while someone holds or waits for it (a shared pool
    would make unrelated conversations wait for each other's turns)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key, (threading.Lock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)


_LOCAL_LOCKS = _LocalLocks()


def create(*, db: Session, channel: str, language: str) -> tuple[Conversation, str]:
    """Create a conversation; return it with its secret token (stored only as a hash)."""
    token = new_token()
    conversation = Conversation(id=str(uuid.uuid4()), channel=channel, language=language, token_hash=token_hash(token))
    db.add(conversation)
    db.commit()
    return conversation, token


def create_phone_link(*, db: Session, conversation: Conversation, now: dt.datetime | None = None) -> str:
    """Give the conversation a one-time link secret for the person's phone (a newer one replaces it); return it."""
    secret = new_token()
    conversation.phone_link_hash = token_hash(secret)
    conversation.phone_link_expires_at = (now or dt.datetime.now(dt.UTC)) + PHONE_LINK_LIFETIME
    db.commit()
    return secret


def take_phone_link(*, db: Session, secret: str, now: dt.datetime | None = None) -> tuple[Conversation, str] | None:
    """Move a conversation to the phone that opened its link: once, before it expires. The conversation gets a new
    token, returned here, so the kiosk that made the link can no longer read it; staff are told in the transcript."""
    digest = token_hash(secret)
    conversation = db.scalars(select(Conversation).where(Conversation.phone_link_hash == digest)).first()
    if conversation is None:
        return None
    token = new_token()
    # The update is the check: of two phones opening the link at the same moment, one takes the conversation.
    taken = db.execute(
        update(Conversation)
        .where(
            Conversation.id == conversation.id,
            Conversation.phone_link_hash == digest,
            Conversation.phone_link_expires_at > (now or dt.datetime.now(dt.UTC)),
        )
        .values(token_hash=token_hash(token), phone_link_hash=None, phone_link_expires_at=None)
    ).rowcount
    if not taken:
        db.rollback()
        return None
    db.commit()
    db.refresh(conversation)
    add_notice(db=db, conversation=conversation, response="utter_continued_on_phone")
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
    pending: bool = False,
    reply_to: int | None = None,
    client_id: str | None = None,
    danger: str | None = None,
    staff_id: int | None = None,
    edited: bool = False,
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
        pending=pending,
        reply_to=reply_to,
        client_id=client_id,
        danger=danger,
        staff_id=staff_id,
        edited=edited,
    )
    _hold_numbering(db=db, conversation=conversation)
    db.add(message)
    if sender != Sender.citizen and reply_to is None and conversation.channel in PUSHED_CHANNELS:
        # Nobody is waiting for this one in a request: the channel's gateway must push it.
        db.flush()
        db.add(
            Delivery(
                message_id=message.id,
                conversation_id=conversation.id,
                channel=conversation.channel,
                status=DeliveryStatus.pending,
            )
        )
    if commit:
        db.commit()
    else:
        db.flush()  # assigns the id the client will use as its `after` cursor
    return message


def add_notice(
    *,
    db: Session,
    conversation: Conversation,
    response: str,
    arguments: dict[str, Any] | None = None,
    reply_to: int | None = None,
) -> Message:
    """Store a system message: a response rendered in the conversation's language."""
    notice = render(response=response, arguments=arguments or {}, language=conversation.language)
    return _store_notice(db=db, conversation=conversation, notice=notice, reply_to=reply_to)


def add_notice_once(
    *,
    db: Session,
    conversation: Conversation,
    response: str,
    arguments: dict[str, Any] | None = None,
    reply_to: int | None = None,
) -> Message | None:
    """Store a system message unless it renders empty (the response has nothing to say now) or is already the latest
    thing said to the citizen: a notice repeated under each message reads as the assistant not listening."""
    notice = render(response=response, arguments=arguments or {}, language=conversation.language)
    if not notice["text"] or notice["text"] == _last_said_to_citizen(db=db, conversation=conversation):
        return None
    return _store_notice(db=db, conversation=conversation, notice=notice, reply_to=reply_to)


def _store_notice(*, db: Session, conversation: Conversation, notice: dict[str, Any], reply_to: int | None) -> Message:
    return add_message(
        db=db,
        conversation=conversation,
        sender=Sender.system,
        text=notice["text"],
        buttons=notice["buttons"],
        language=conversation.language,
        reply_to=reply_to,
    )


def add_attachment(
    *, db: Session, conversation: Conversation, kind: str, file_name: str, media_type: str, content: bytes
) -> tuple[Message, Attachment]:
    """Store a file the citizen sent to staff, as a message of its own."""
    message = add_message(
        db=db,
        conversation=conversation,
        sender=Sender.citizen,
        text=f"[{kind}: {file_name}]",
        language=conversation.language,
        commit=False,
    )
    attachment = Attachment(
        message_id=message.id, kind=kind, file_name=file_name, media_type=media_type, content=content
    )
    db.add(attachment)
    db.commit()
    return message, attachment


def attachments_of(*, db: Session, conversation: Conversation) -> dict[int, list[Attachment]]:
    """The conversation's attachments, by message id."""
    found: dict[int, list[Attachment]] = {}
    query = select(Attachment).join(Message, Message.id == Attachment.message_id)
    for attachment in db.scalars(query.where(Message.conversation_id == conversation.id).order_by(Attachment.id)):
        found.setdefault(attachment.message_id, []).append(attachment)
    return found


def get_attachment(*, db: Session, conversation: Conversation, attachment_id: int) -> Attachment | None:
    """One of the conversation's attachments."""
    attachment = db.get(Attachment, attachment_id)
    if attachment is None or db.get(Message, attachment.message_id).conversation_id != conversation.id:
        return None
    return attachment


def by_ids(*, db: Session, conversation_ids: list[str]) -> dict[str, Conversation]:
    """The conversations of these ids that exist, by id (one query for a whole queue)."""
    if not conversation_ids:
        return {}
    found = db.scalars(select(Conversation).where(Conversation.id.in_(conversation_ids)))
    return {conversation.id: conversation for conversation in found}


def list_messages(*, db: Session, conversation: Conversation, after: int | None = None) -> list[Message]:
    """Return the transcript in order, optionally only the messages after a message id."""
    query = select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id)
    if after is not None:
        query = query.where(Message.id > after)
    return list(db.scalars(query))


def list_active(*, db: Session, since: dt.datetime) -> list[tuple[Conversation, dt.datetime]]:
    """Return the conversations with a message since a moment, with the time of their last message, newest first."""
    last = func.max(Message.created_at).label("last_message_at")
    query = (
        select(Conversation, last)
        .join(Message, Message.conversation_id == Conversation.id)
        .group_by(Conversation.id)
        .having(last >= since)
        .order_by(last.desc())
    )
    return [(conversation, last_message_at) for conversation, last_message_at in db.execute(query)]


def expired(*, db: Session, older_than: dt.datetime) -> list[Conversation]:
    """The conversations whose last message is older than a moment (those staff still hold excepted, and those
    without messages counted from their creation)."""
    last = select(func.max(Message.created_at)).where(Message.conversation_id == Conversation.id).scalar_subquery()
    return list(
        db.scalars(
            select(Conversation).where(
                Conversation.state == ConversationState.bot,
                func.coalesce(last, Conversation.created_at) < older_than,
            )
        )
    )


def figures(*, db: Session, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Conversations started within [start, end), by channel and language."""
    started = db.execute(
        select(Conversation.channel, Conversation.language).where(
            Conversation.created_at >= start, Conversation.created_at < end
        )
    ).all()
    return {
        "started": len(started),
        "by_channel": dict(Counter(channel for channel, _ in started)),
        "by_language": dict(Counter(language for _, language in started)),
    }


def record_consent(*, db: Session, conversation: Conversation, purpose: str, granted: bool) -> Consent:
    """Record a citizen's yes or no to a request for consent, with the language it was asked in."""
    consent = Consent(conversation_id=conversation.id, purpose=purpose, granted=granted, language=conversation.language)
    db.add(consent)
    db.commit()
    return consent


def consents(*, db: Session, conversation: Conversation) -> list[Consent]:
    """Return a conversation's consent answers in order."""
    return list(db.scalars(select(Consent).where(Consent.conversation_id == conversation.id).order_by(Consent.id)))


def _last_said_to_citizen(*, db: Session, conversation: Conversation) -> str | None:
    """The text of the latest message to the citizen (from the bot, staff or the system), or None."""
    return db.scalar(
        select(Message.text)
        .where(Message.conversation_id == conversation.id, Message.sender != Sender.citizen)
        .order_by(Message.id.desc())
        .limit(1)
    )


def last_message_id(*, db: Session, conversation_id: str) -> int:
    """The id of a conversation's newest message (0 if it has none)."""
    return db.scalar(select(func.max(Message.id)).where(Message.conversation_id == conversation_id)) or 0


def close_to_citizen(*, db: Session, conversation: Conversation) -> None:
    """End the citizen's access to a conversation at once (its token stops working) and mark it for erasure when
    staff are done with it."""
    conversation.erase_requested = True
    conversation.token_hash = token_hash(new_token())  # nobody can read it from the channel any more
    db.commit()


def delete(*, db: Session, conversations: list[Conversation]) -> None:
    """Delete conversations with every message, handoff and consent of them, here and in the bot's memory."""
    for conversation in conversations:
        db.delete(conversation)
    db.commit()
    # A conversation id is random and now unknown to anyone; if Rasa is down, its copy is merely unreachable.
    for conversation in conversations:
        with contextlib.suppress(rasa.RasaUnavailable):
            rasa.forget(sender=conversation.id)


# Advisory lock keys: the conversation's turn (below) is crc32 of its id; its numbering, one key above every crc32.
_NUMBERING_KEYS = 1 << 32


def _hold_numbering(*, db: Session, conversation: Conversation) -> None:
    """On PostgreSQL, make a conversation's messages committed in the order of their numbers: a message numbered
    after another, but committed first by another hub process, would be seen before it (the bot answered the second
    message first, and a screen asking for the messages after the last one it had skipped the first for good).
    Held until the transaction ends."""
    _advisory_lock(db, _NUMBERING_KEYS + zlib.crc32(conversation.id.encode()))


def _advisory_lock(db: Session, key: int) -> None:
    """Take a PostgreSQL advisory lock held until the transaction ends. SQLite writes one transaction at a time
    anyway: nothing to take there."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


@contextmanager
def conversation_lock(db: Session, conversation: Conversation) -> Iterator[None]:
    """Hold the conversation until the transaction commits (at the end of the block), in this process and, on
    PostgreSQL, across API processes. An advisory lock, unlike a row lock, leaves the conversation row free for the
    bot's own call to the hub (opening a handoff) in the middle of a turn."""
    with _LOCAL_LOCKS.hold(conversation.id):
        try:
            _advisory_lock(db, zlib.crc32(conversation.id.encode()))
            yield
        except DBAPIError:
            # The database went away mid-turn: nothing of the transaction can be kept; the caller gets the error
            # (a 503), and the message, stored before, is still pending for the channel's retry.
            db.rollback()
            raise
        except BaseException:
            db.commit()
            raise
        else:
            db.commit()


def by_client_id(*, db: Session, conversation: Conversation, client_id: str | None) -> Message | None:
    """The citizen message a channel sent under this `client_id`, if it was stored."""
    return db.scalar(select(Message).where(Message.conversation_id == conversation.id, Message.client_id == client_id))


def stored_replies(*, db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """The replies stored to a message, in order."""
    return list(
        db.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.reply_to == message.id)
            .order_by(Message.id)
        )
    )


def oldest_pending(*, db: Session, conversation: Conversation) -> Message | None:
    """The conversation's oldest citizen message still waiting for the bot."""
    return db.scalar(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.pending.is_(True))
        .order_by(Message.id)
        .limit(1)
    )


def stop_waiting(*, db: Session, conversation: Conversation, up_to: int | None = None) -> None:
    """Take the conversation's messages (up to a message id) off the bot's queue: staff hold them, or the bot
    cannot answer them."""
    waiting = [Message.conversation_id == conversation.id, Message.pending.is_(True)]
    if up_to is not None:
        waiting.append(Message.id <= up_to)
    db.execute(update(Message).where(*waiting).values(pending=False))


def answer_with_bot(*, db: Session, conversation: Conversation, message: Message) -> list[Message] | None:
    """Send one citizen message to the bot and add its replies to the transaction; None if the bot cannot answer."""
    # The hub's own buttons are not the bot's: a message that carries one (a No to the danger question, typed, that
    # went on to ask about the rent) reaches the bot as the words the person wrote.
    hubs = (message.payload or "").startswith(HUB_PAYLOAD)
    try:
        turn = rasa.send(
            sender=conversation.id,
            message=message.text[:BOT_TEXT] if hubs or not message.payload else message.payload,
            metadata={"language": conversation.language, "channel": conversation.channel},
        )
    except rasa.RasaUnavailable:
        return None
    # The bot answers every message; silence means an action failed (the action server is down, say).
    if not turn.replies:
        return None
    # The bot may have handed the conversation to staff meanwhile (through the hub's internal route).
    db.refresh(conversation)
    if is_supported(turn.language) and turn.language != conversation.language:
        conversation.language = turn.language
        # The words typed were in the language the bot heard (a Telegram app set to English, a first message in
        # Arabic): staff read the message's label, not the conversation's language before it.
        if not message.payload:
            message.language = turn.language
    message.pending = False
    if turn.understanding is not None:
        _record_understanding(db=db, message=message, understood=turn.understanding)
    return [_store_reply(db=db, conversation=conversation, reply=reply, reply_to=message.id) for reply in turn.replies]


def _record_understanding(*, db: Session, message: Message, understood: dict[str, Any]) -> None:
    """Keep what the bot made of a message beside it (in the turn's transaction). A pressed button was understood
    for certain, whatever the bot's parse says. One statement that inserts or replaces: the ORM's merge read the row
    first, a query on every turn for a row that is never there (9% of the hub's CPU in a turn, issue 22)."""
    if not isinstance(understood.get("intent"), str):
        return
    pressed = message.payload is not None and not message.payload.startswith(HUB_PAYLOAD)
    values = {
        "message_id": message.id,
        "intent": understood["intent"][:60],
        "confidence": 1.0 if pressed else float(understood.get("confidence") or 0.0),
        "fallback": False if pressed else bool(understood.get("fallback")),
        "programme": str(understood["programme"])[:60] if understood.get("programme") else None,
        "language_guess": str(understood["language_guess"])[:8] if understood.get("language_guess") else None,
        "language_confidence": understood.get("language_confidence"),
    }
    db.connection().execute(_understanding_upsert(db.get_bind().dialect.name), values)


@cache
def _understanding_upsert(dialect: str) -> Executable:
    """INSERT … ON CONFLICT DO UPDATE for an understanding, built once per dialect (both of ours have it)."""
    table = Understanding.__table__
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
    replaced = {column.name: insert.excluded[column.name] for column in table.columns if not column.primary_key}
    return insert.on_conflict_do_update(index_elements=[table.c.message_id], set_=replaced)


def button_title(*, db: Session, conversation: Conversation, payload: str) -> str | None:
    """The title of the button with this payload in the latest message that offered it, if any."""
    offered = db.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.sender != Sender.citizen)
        .order_by(Message.id.desc())
        .limit(20)
    )
    for message in offered:
        for button in message.buttons or []:
            if button.get("payload") == payload:
                return str(button.get("title") or "") or None
    return None


def typed_choice(*, db: Session, conversation: Conversation, text: str) -> str | None:
    """The payload of the button a typed message chooses (`multilingual.choices`), when the conversation's latest
    message is the assistant's, offering buttons; otherwise None."""
    if not may_be_a_choice(text):
        return None  # no query on the way of a longer message
    latest = db.scalars(
        select(Message).where(Message.conversation_id == conversation.id).order_by(Message.id.desc()).limit(1)
    ).first()
    if latest is None or latest.sender == Sender.citizen or not latest.buttons:
        return None
    return chosen_button(text, latest.buttons)


def _store_reply(*, db: Session, conversation: Conversation, reply: dict[str, Any], reply_to: int) -> Message:
    """Add a bot reply to the turn's transaction (committed when the conversation lock is released)."""
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
        reply_to=reply_to,
        commit=False,
    )
