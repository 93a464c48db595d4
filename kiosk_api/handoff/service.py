"""Handoff services: open, queue, claim (atomically), reply, note, transfer, resolve, and the queue's events."""

from __future__ import annotations

import contextlib
import datetime as dt
import statistics
from collections import Counter
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk_api.conversations import rasa
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation, ConversationState, Message, Sender
from kiosk_api.handoff.models import Handoff, HandoffNote, HandoffStatus, QueueEvent
from kiosk_api.staff.models import Role, StaffMember

SUMMARY_MESSAGES = 10


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _record(db: Session, handoff: Handoff, kind: str) -> None:
    """Add a queue event to the caller's transaction, so it exists exactly when the change does."""
    db.flush()  # the handoff needs its id
    db.add(QueueEvent(kind=kind, handoff_id=handoff.id))


def is_urgent(*, db: Session, conversation: Conversation) -> bool:
    """Whether the conversation's open request for staff is urgent (someone in danger)."""
    if conversation.state == ConversationState.bot:
        # A handoff is opened with the conversation waiting and closed as it goes back to the bot, in one commit
        # (`resolve`): with the bot, there is none, and every turn with the bot would ask the database (issue 22).
        return False
    handoff = open_for_conversation(db=db, conversation=conversation)
    return bool(handoff and handoff.urgent)


def open_for_conversation(*, db: Session, conversation: Conversation) -> Handoff | None:
    """Return the conversation's waiting or assigned handoff, if any."""
    return db.scalar(
        select(Handoff).where(
            Handoff.conversation_id == conversation.id,
            Handoff.status.in_([HandoffStatus.waiting, HandoffStatus.assigned]),
        )
    )


def open_handoff(
    *, db: Session, conversation: Conversation, reason: str, topic: str | None = None, urgent: bool = False
) -> Handoff:
    """Hand a conversation to staff with a summary (or return the one already open) and take it from the bot."""
    existing = open_for_conversation(db=db, conversation=conversation)
    if existing is not None:
        return existing
    recent = conversations.list_messages(db=db, conversation=conversation)[-SUMMARY_MESSAGES:]
    handoff = Handoff(
        conversation_id=conversation.id,
        status=HandoffStatus.waiting,
        reason=reason,
        urgent=urgent,
        language=conversation.language,
        topic=topic,
        summary=[{"sender": m.sender.value, "text": m.text, "language": m.language} for m in recent],
    )
    db.add(handoff)
    conversation.state = ConversationState.waiting
    _record(db, handoff, "opened")
    db.commit()
    return handoff


def mark_urgent(*, db: Session, conversation: Conversation) -> Handoff:
    """Open an urgent handoff for a conversation, or make its open one urgent."""
    handoff = open_handoff(db=db, conversation=conversation, reason="urgent", urgent=True)
    if not handoff.urgent:
        handoff.urgent = True
        _record(db, handoff, "urgent")
        db.commit()
    return handoff


def left_out_of_hours(*, db: Session, handoff_ids: list[int]) -> set[int]:
    """Of these handoffs, those whose latest note that the citizen left says they left while the centre was closed
    (one query for a whole queue)."""
    if not handoff_ids:
        return set()
    notes = db.execute(
        select(HandoffNote.handoff_id, HandoffNote.arguments)
        .where(HandoffNote.handoff_id.in_(handoff_ids), HandoffNote.response == "utter_citizen_left")
        .order_by(HandoffNote.id)
    ).all()
    latest = {handoff_id: bool((arguments or {}).get("out_of_hours")) for handoff_id, arguments in notes}
    return {handoff_id for handoff_id, out_of_hours in latest.items() if out_of_hours}


def queue_position(*, db: Session, handoff: Handoff) -> int:
    """Return the handoff's place among the waiting ones (urgent first, then oldest first). People who have left
    (the kiosk cleared; staff still see their request) are not ahead of anyone."""
    earlier_in_same_rank = (Handoff.urgent.is_(handoff.urgent)) & (Handoff.id < handoff.id)
    ahead_condition = earlier_in_same_rank if handoff.urgent else (Handoff.urgent.is_(True) | earlier_in_same_rank)
    ahead = db.scalar(
        select(func.count())
        .select_from(Handoff)
        .join(Conversation, Conversation.id == Handoff.conversation_id)
        .where(Handoff.status == HandoffStatus.waiting, ahead_condition, Conversation.erase_requested.is_(False))
    )
    return ahead + 1


def list_handoffs(*, db: Session, status: HandoffStatus | None = None) -> list[Handoff]:
    """Return handoffs, urgent first, then by waiting time."""
    query = select(Handoff).order_by(Handoff.urgent.desc(), Handoff.id)
    if status is not None:
        query = query.where(Handoff.status == status)
    return list(db.scalars(query))


def get_handoff(*, db: Session, handoff_id: int) -> Handoff | None:
    """Return a handoff by id."""
    return db.get(Handoff, handoff_id)


def may_read(*, handoff: Handoff, member: StaffMember) -> bool:
    """Staff read a conversation only when it waits for someone, it is theirs, or they are an admin."""
    return handoff.status == HandoffStatus.waiting or handoff.assigned_to == member.id or member.role == Role.admin


def claim(*, db: Session, handoff: Handoff, member: StaffMember) -> bool:
    """Take a waiting handoff; exactly one of several simultaneous claims succeeds (a conditional UPDATE)."""
    claimed = db.execute(
        update(Handoff)
        .where(Handoff.id == handoff.id, Handoff.status == HandoffStatus.waiting)
        .values(status=HandoffStatus.assigned, assigned_to=member.id, claimed_at=_now())
    ).rowcount
    if claimed:
        conversation = db.get(Conversation, handoff.conversation_id)
        conversation.state = ConversationState.assigned
        _record(db, handoff, "claimed")
        if not conversation.erase_requested:  # the citizen has left: nobody to tell
            conversations.add_notice(db=db, conversation=conversation, response="utter_staff_joined")
    db.commit()
    db.refresh(handoff)
    return bool(claimed)


def last_taken(*, db: Session, conversation_ids: list[str]) -> dict[str, dt.datetime]:
    """When a caseworker last took each conversation that has been taken (claimed from the queue, or taken over)."""
    rows = db.execute(
        select(Handoff.conversation_id, func.max(Handoff.claimed_at))
        .where(Handoff.conversation_id.in_(conversation_ids), Handoff.claimed_at.is_not(None))
        .group_by(Handoff.conversation_id)
    ).all()
    return {conversation_id: claimed_at for conversation_id, claimed_at in rows}


def take_over(*, db: Session, conversation: Conversation, member: StaffMember) -> Handoff:
    """Take a conversation from the bot (or from the queue) for oneself."""
    handoff = open_handoff(db=db, conversation=conversation, reason="staff")
    if handoff.status == HandoffStatus.waiting:
        claim(db=db, handoff=handoff, member=member)
    return handoff


def transfer(*, db: Session, handoff: Handoff, to: StaffMember) -> None:
    """Pass an assigned conversation to a colleague, who holds it from now on."""
    handoff.assigned_to = to.id
    _record(db, handoff, "transferred")
    conversations.add_notice(
        db=db, conversation=db.get(Conversation, handoff.conversation_id), response="utter_staff_transferred"
    )


def citizen_wrote(*, db: Session, conversation: Conversation) -> None:
    """Tell the queue that a citizen wrote while staff hold their conversation."""
    handoff = open_for_conversation(db=db, conversation=conversation)
    if handoff is not None:
        _record(db, handoff, "message")
        db.commit()


def events_after(*, db: Session, after: int, limit: int = 100) -> list[QueueEvent]:
    """Return the queue events after an event id, oldest first."""
    return list(db.scalars(select(QueueEvent).where(QueueEvent.id > after).order_by(QueueEvent.id).limit(limit)))


def last_event_id(*, db: Session) -> int:
    """Return the id of the newest queue event (0 if none)."""
    return db.scalar(select(func.max(QueueEvent.id))) or 0


def reply(*, db: Session, handoff: Handoff, member: StaffMember, text: str) -> Message:
    """Store a caseworker's reply for the citizen (their client receives it with the `after` cursor)."""
    conversation = db.get(Conversation, handoff.conversation_id)
    return conversations.add_message(
        db=db,
        conversation=conversation,
        sender=Sender.staff,
        text=text,
        language=conversation.language,
        staff_id=member.id,
    )


def add_note(*, db: Session, handoff: Handoff, member: StaffMember, text: str) -> HandoffNote:
    """Add an internal note the citizen never sees."""
    note = HandoffNote(handoff_id=handoff.id, staff_id=member.id, text=text)
    db.add(note)
    db.commit()
    return note


def note_from_the_system(
    *, db: Session, conversation: Conversation, text: str, response: str, arguments: dict[str, Any]
) -> None:
    """Tell the staff handling a conversation something they must know (the citizen blocked the channel, say): the
    text in the centre's language, and the response it was rendered from, for staff who read another language."""
    handoff = open_for_conversation(db=db, conversation=conversation)
    if handoff is None:
        return
    db.add(HandoffNote(handoff_id=handoff.id, staff_id=None, text=text, response=response, arguments=arguments))
    _record(db, handoff, "message")
    db.commit()


def notes(*, db: Session, handoff: Handoff) -> list[HandoffNote]:
    """Return the notes of a handoff and of the conversation's earlier ones, in order: what a colleague noted the
    last time ("asked that the mother is not told") matters to whoever takes the person's next request."""
    earlier = select(Handoff.id).where(Handoff.conversation_id == handoff.conversation_id, Handoff.id <= handoff.id)
    return list(db.scalars(select(HandoffNote).where(HandoffNote.handoff_id.in_(earlier)).order_by(HandoffNote.id)))


def resolve(*, db: Session, handoff: Handoff) -> None:
    """Close a handoff and give the conversation back to the bot (resuming Rasa's paused tracker). What the citizen
    is told, or whether the conversation is erased, is `flows.handoffs.resolve`'s work."""
    conversation = db.get(Conversation, handoff.conversation_id)
    handoff.status = HandoffStatus.resolved
    handoff.closed_at = _now()
    conversation.state = ConversationState.bot
    _record(db, handoff, "resolved")
    db.commit()
    # If Rasa is down now, the next message finds it down and gets the notice and the offer of a person.
    with contextlib.suppress(rasa.RasaUnavailable):
        rasa.resume(sender=conversation.id)


def figures(*, db: Session, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Handoffs opened and resolved within [start, end), and how long people waited for a caseworker."""
    opened = list(db.scalars(select(Handoff).where(Handoff.created_at >= start, Handoff.created_at < end)))
    resolved = db.scalars(select(Handoff.id).where(Handoff.closed_at >= start, Handoff.closed_at < end))
    waits = [
        (handoff.claimed_at - handoff.created_at).total_seconds() / 60
        for handoff in opened
        if handoff.claimed_at is not None
    ]
    return {
        "opened": len(opened),
        "urgent": sum(1 for handoff in opened if handoff.urgent),
        "resolved": len(list(resolved)),
        "median_wait_minutes": round(statistics.median(waits), 1) if waits else None,
        "by_language": dict(Counter(handoff.language for handoff in opened)),
        "by_reason": dict(Counter(handoff.reason for handoff in opened)),
    }
