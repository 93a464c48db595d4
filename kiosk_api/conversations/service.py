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
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from kiosk_api.appointments.models import Appointment
from kiosk_api.config import get_settings
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
)
from kiosk_api.danger import recogniser as danger
from kiosk_api.nlg.danger import IN_DANGER
from kiosk_api.nlg.service import render
from kiosk_api.tokens import matches, new_token, token_hash
from multilingual.languages import evident_language, is_supported

# Button payloads the hub answers itself, never the bot: they belong to the hub's own messages.
HUB_PAYLOAD = "hub:"
# What the bot reads of a message: enough for any question; the transcript keeps the whole text for staff.
BOT_TEXT = 2000
# Channels that cannot ask for new messages: what staff and the hub write to them goes through the outbox.
PUSH_CHANNELS = ("telegram",)
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
    db.add(message)
    if sender != Sender.citizen and reply_to is None and conversation.channel in PUSH_CHANNELS:
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
    """Store a file the citizen sent to staff, as a message of its own, and tell the queue."""
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
    _tell_staff(db=db, conversation=conversation)
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


def _forget_people_in_appointments(db: Session, conversation_ids: list[str]) -> None:
    """The name, phone and estimate answers booked from these conversations go with them, as consent promised; the
    appointment itself stays, so the time remains taken."""
    if conversation_ids:
        db.execute(
            update(Appointment)
            .where(Appointment.conversation_id.in_(conversation_ids))
            .values(name=None, phone=None, details={})
        )


def purge_expired(*, db: Session, older_than: dt.datetime) -> int:
    """Delete the conversations whose last message is older than a moment (those staff still hold excepted, and
    those without messages counted from their creation); return how many."""
    last = select(func.max(Message.created_at)).where(Message.conversation_id == Conversation.id).scalar_subquery()
    expired = list(
        db.scalars(
            select(Conversation).where(
                Conversation.state == ConversationState.bot,
                func.coalesce(last, Conversation.created_at) < older_than,
            )
        )
    )
    _forget_people_in_appointments(db, [conversation.id for conversation in expired])
    for conversation in expired:
        db.delete(conversation)
    db.commit()
    for conversation in expired:
        with contextlib.suppress(rasa.RasaUnavailable):
            rasa.forget(sender=conversation.id)
    return len(expired)


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


def last_message_id(*, db: Session, conversation_id: str) -> int:
    """The id of a conversation's newest message (0 if it has none)."""
    return db.scalar(select(func.max(Message.id)).where(Message.conversation_id == conversation_id)) or 0


def erase(*, db: Session, conversation: Conversation) -> bool:
    """Delete a conversation with every message, handoff and consent of it, here and in the bot's memory; True when
    done. While staff hold it (a person in danger who walked away from the kiosk, say), the citizen's access ends at
    once but the conversation is kept for the caseworker, told so, and erased when they close it: False."""
    # Imported here: the handoff service builds on this one.
    from kiosk_api.handoff import service as handoffs

    if conversation.state != ConversationState.bot and handoffs.open_for_conversation(db=db, conversation=conversation):
        conversation.erase_requested = True
        conversation.token_hash = token_hash(new_token())  # nobody can read it from the channel any more
        db.commit()
        # A note for staff, in the centre's language.
        note = render(response="utter_citizen_left", arguments={}, language=get_settings().default_language)
        handoffs.note_from_the_system(db=db, conversation=conversation, text=note["text"])
        return False
    _forget_people_in_appointments(db, [conversation.id])
    db.delete(conversation)
    db.commit()
    # The conversation id is random and now unknown to anyone; if Rasa is down, its copy is merely unreachable.
    with contextlib.suppress(rasa.RasaUnavailable):
        rasa.forget(sender=conversation.id)
    return True


@contextmanager
def _conversation_lock(db: Session, conversation: Conversation) -> Iterator[None]:
    """Hold the conversation until the transaction commits (at the end of the block), in this process and, on
    PostgreSQL, across API processes. An advisory lock, unlike a row lock, leaves the conversation row free for the
    bot's own call to the hub (opening a handoff) in the middle of a turn."""
    with _LOCAL_LOCKS.hold(conversation.id):
        try:
            if db.get_bind().dialect.name == "postgresql":
                db.execute(
                    sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": zlib.crc32(conversation.id.encode())}
                )
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


def handle_citizen_message(
    *,
    db: Session,
    conversation: Conversation,
    text: str,
    payload: str | None = None,
    client_id: str | None = None,
    edit: bool = False,
) -> list[Message]:
    """Store a citizen message, then route it: to the bot in the order messages were stored (whichever API process
    received them), or to staff while they hold the conversation. Return the replies to it. A message the channel
    sends again under the same `client_id` is not handled twice: its first replies are returned. An `edit` of an
    earlier message is read for danger and kept for staff, marked as an edit, but never sent to the bot: the
    question was answered already."""
    if client_id is not None:
        earlier = _by_client_id(db, conversation, client_id)
        if earlier is not None:
            return _replies_to(db=db, conversation=conversation, message=earlier)
    if payload is not None and not text.strip():
        # Channels send a pressed button as its payload alone; the transcript (and the caseworker) should read
        # what the person chose: "Yes, we need help now", not an empty bubble.
        text = _button_title(db=db, conversation=conversation, payload=payload) or text
    # Danger is read before anything else, from the text the person typed (a pressed button's title says nothing).
    assessment = danger.assess(text) if payload is None else None
    in_danger = assessment is not None and assessment.level is not None
    if payload is None and not edit:
        typed = _typed_danger_answer(db=db, conversation=conversation, text=text)
        # A Yes to the danger question is the answer, whatever else it says ("azhutin man", help me, is no new
        # kind of danger); a No that tells of danger is read as danger.
        if typed is not None and (not in_danger or typed.startswith(IN_DANGER)):
            payload, in_danger = typed, False
    if in_danger:
        # A cry for help is often the first thing a person writes, in their own language, whatever the chat opened in.
        conversation.language = evident_language(text, conversation.language)
    for_the_hub = (payload or "").startswith(HUB_PAYLOAD)
    try:
        message = add_message(
            db=db,
            conversation=conversation,
            sender=Sender.citizen,
            text=text,
            edited=edit,
            payload=payload,
            language=conversation.language,
            pending=conversation.state == ConversationState.bot and not (in_danger or for_the_hub or edit),
            client_id=client_id,
            danger=f"{assessment.level}:{assessment.category}" if in_danger else None,
        )
    except IntegrityError:
        db.rollback()  # the same message arrived twice at once; the other request stored it
        return _replies_to(db=db, conversation=conversation, message=_by_client_id(db, conversation, client_id))
    if in_danger or for_the_hub:
        if in_danger:
            replies = _respond_to_danger(db=db, conversation=conversation, message=message, assessment=assessment)
        else:
            replies = _answer_hub_button(db=db, conversation=conversation, message=message)
        if conversation.state != ConversationState.bot:
            _tell_staff(db=db, conversation=conversation)  # staff hold it: the message and the answer are theirs
        return replies
    if not message.pending:
        _tell_staff(db=db, conversation=conversation)
        return []
    return _replies_to(db=db, conversation=conversation, message=message)


def _by_client_id(db: Session, conversation: Conversation, client_id: str | None) -> Message | None:
    return db.scalar(select(Message).where(Message.conversation_id == conversation.id, Message.client_id == client_id))


def _replies_to(*, db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """The replies to a citizen message, answering it first if it is still waiting for the bot."""
    if message.pending:
        replies = _answer_pending(db=db, conversation=conversation, up_to=message.id)
        if replies is not None:
            return replies
    # Answered already, perhaps by another request (in another process) while this one waited for the conversation.
    return list(
        db.scalars(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.reply_to == message.id)
            .order_by(Message.id)
        )
    )


def _answer_pending(*, db: Session, conversation: Conversation, up_to: int) -> list[Message] | None:
    """Send the conversation's pending citizen messages to the bot one at a time, oldest first, until the message
    `up_to` has been answered; return its replies, or None if another request answered it."""
    while True:
        with _conversation_lock(db, conversation):
            db.refresh(conversation)
            oldest = db.scalar(
                select(Message)
                .where(Message.conversation_id == conversation.id, Message.pending.is_(True))
                .order_by(Message.id)
                .limit(1)
            )
            if oldest is None or oldest.id > up_to:
                return None
            if conversation.state != ConversationState.bot:
                # Handed to staff by an earlier message: the rest is for them.
                db.execute(
                    update(Message)
                    .where(Message.conversation_id == conversation.id, Message.pending.is_(True))
                    .values(pending=False)
                )
                _tell_staff(db=db, conversation=conversation)
                return []
            replies = _answer(db=db, conversation=conversation, message=oldest)
            if replies is None:
                # The bot is down or slow: one notice answers everything waiting, rather than one timeout each.
                db.execute(
                    update(Message)
                    .where(Message.conversation_id == conversation.id, Message.pending.is_(True), Message.id <= up_to)
                    .values(pending=False)
                )
                notice = add_notice(
                    db=db, conversation=conversation, response="utter_assistant_unavailable", reply_to=up_to
                )
                return [notice]
            if oldest.id == up_to:
                return replies


def _answer(*, db: Session, conversation: Conversation, message: Message) -> list[Message] | None:
    """Send one citizen message to the bot and add its replies to the transaction; None if the bot cannot answer."""
    try:
        turn = rasa.send(
            sender=conversation.id,
            message=message.payload or message.text[:BOT_TEXT],
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
    message.pending = False
    return [_store_reply(db=db, conversation=conversation, reply=reply, reply_to=message.id) for reply in turn.replies]


def _answer_hub_button(*, db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """Answer a button of one of the hub's own messages (the danger question, a waiting-list offer), whoever holds
    the conversation."""
    # Imported here: the danger and appointments domains build on this one.
    from kiosk_api.appointments import waiting
    from kiosk_api.danger import service as danger_service

    if danger_service.is_danger_payload(message.payload or ""):
        answer = danger_service.answer_check(db=db, conversation=conversation, message=message)
        if answer.answer_again is None or conversation.state != ConversationState.bot:
            return answer.replies
        # Nobody is in danger. A message that answered a form goes back to it, which takes the answer or asks its
        # question again; one that also asked something else is answered outside any form.
        if answer.only_to_a_form:
            try:
                if rasa.active_form(sender=conversation.id) is None:
                    return answer.replies
            except rasa.RasaUnavailable:
                return answer.replies
        else:
            # If the bot is down, the message gets the notice that it is, and the offer of a person.
            with contextlib.suppress(rasa.RasaUnavailable):
                rasa.leave_forms(sender=conversation.id)
        answer.answer_again.pending = True
        db.commit()
        return [*answer.replies, *_replies_to(db=db, conversation=conversation, message=answer.answer_again)]
    response, arguments = waiting.answer_in_conversation(
        db=db, conversation_id=conversation.id, payload=message.payload or ""
    )
    return [add_notice(db=db, conversation=conversation, response=response, arguments=arguments, reply_to=message.id)]


def _button_title(*, db: Session, conversation: Conversation, payload: str) -> str | None:
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


def _typed_danger_answer(*, db: Session, conversation: Conversation, text: str) -> str | None:
    """A Yes or No typed in answer to the danger question, as the button's payload."""
    from kiosk_api.danger import service as danger_service  # imported here: it builds on this module

    return danger_service.typed_answer(db=db, conversation=conversation, text=text)


def _respond_to_danger(
    *, db: Session, conversation: Conversation, message: Message, assessment: danger.Assessment
) -> list[Message]:
    """The helplines at once, and an urgent handoff or the question whether someone is in danger."""
    from kiosk_api.danger import service as danger_service  # imported here: it builds on this module

    return danger_service.respond(db=db, conversation=conversation, message=message, assessment=assessment)


def _tell_staff(*, db: Session, conversation: Conversation) -> None:
    """Let the staff queue know the citizen wrote while staff hold the conversation."""
    # Imported here: the handoff service builds on this one.
    from kiosk_api.handoff import service as handoffs

    handoffs.citizen_wrote(db=db, conversation=conversation)


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
