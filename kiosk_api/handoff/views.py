"""Handoff routes: the staff queue and a conversation's handling, and the bot's internal route to open a handoff."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.orm import Session

from kiosk_api.console.strings import CONSOLE_LANGUAGES
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Attachment, Conversation, Message
from kiosk_api.conversations.schemas import ConsentRecord, MessageOut, Turn, readable
from kiosk_api.danger import service as danger
from kiosk_api.deps import Db, Internal, Own, Staff
from kiosk_api.errors import ApiError
from kiosk_api.flows import handoffs as flows_handoffs
from kiosk_api.handoff import service
from kiosk_api.handoff.models import Handoff, HandoffNote, HandoffStatus
from kiosk_api.nlg.service import render
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from kiosk_api.streams import EVENT_STREAM, Event, event_stream

router = APIRouter(tags=["handoff"])
MAX_TEXT = 2000


class HandoffSummary(BaseModel):
    """A queue entry."""

    id: int
    conversation_id: str
    status: str
    reason: str
    urgent: bool
    citizen_left: bool = Field(default=False, description="The citizen ended it; erased when staff close it")
    citizen_left_out_of_hours: bool = Field(
        default=False,
        description="They left while the centre was closed: not to be looked for in the lobby (a kiosk's screen)",
    )
    language: str
    topic: str | None
    channel: str
    assigned_to: int | None
    created_at: dt.datetime
    claimed_at: dt.datetime | None = Field(default=None, description="When a caseworker first took it: the wait ended")
    danger: str | None = Field(
        default=None, description='The latest danger the recogniser saw in the conversation: "clear:<kind>" or …'
    )
    danger_answer: Literal["yes", "no", "unclear"] | None = Field(
        default=None, description="The citizen's answer, since that danger, to the question whether anyone is in danger"
    )


class Note(BaseModel):
    """An internal note."""

    id: int
    staff_id: int | None
    text: str
    texts: dict[str, str] | None = Field(
        default=None, description="A note the system wrote, in each language of the console (el, en)"
    )
    created_at: dt.datetime

    @classmethod
    def of(cls, note: HandoffNote) -> Note:
        """A note as staff read it; the system's in each console language, rendered as it was written."""
        texts = None
        if note.response is not None:
            arguments = note.arguments or {}
            texts = {
                language: render(response=note.response, arguments=arguments, language=language)["text"]
                for language in CONSOLE_LANGUAGES
            }
        return cls(id=note.id, staff_id=note.staff_id, text=note.text, texts=texts, created_at=note.created_at)


class StaffMessageOut(MessageOut):
    """A message of the transcript as staff see it: with what the danger recogniser made of it."""

    danger: str | None = Field(default=None, description='"clear:<kind>" or "possible:<kind>" (citizen messages)')
    staff_id: int | None = Field(default=None, description="Who on the staff wrote it (staff replies)")
    edited: bool = Field(default=False, description="The citizen's new text for a message sent before")
    danger_answer: Literal["yes", "no", "unclear"] | None = Field(
        default=None,
        description="This message answered the question whether someone is in danger right now: yes, no, or "
        "unclearly, taken as a yes",
    )

    @classmethod
    def of(cls, message: Message, attachments: list[Attachment] | None = None) -> StaffMessageOut:
        return cls(
            **MessageOut.of(message, attachments).model_dump(),
            danger=message.danger,
            staff_id=message.staff_id,
            edited=message.edited,
            danger_answer=danger.answer_of(message),
        )


class HandoffDetail(HandoffSummary):
    """A handoff with its summary, transcript, notes and the citizen's consent answers."""

    summary: list[dict[str, str]]
    messages: list[StaffMessageOut]
    notes: list[Note]
    consents: list[ConsentRecord]


class Transfer(BaseModel):
    """The colleague who takes the conversation over."""

    staff_id: int


class TakeOver(BaseModel):
    """A conversation a caseworker takes from the bot."""

    conversation_id: str = Field(max_length=36)


class LiveConversation(BaseModel):
    """A conversation active now, without its content (reading it means taking it over, which is audited)."""

    id: str
    channel: str
    language: str
    state: str
    last_message_at: dt.datetime
    danger: str | None = Field(
        default=None, description='The latest danger the recogniser saw in it: "clear:<kind>" or "possible:<kind>"'
    )
    danger_answer: Literal["yes", "no", "unclear"] | None = Field(
        default=None, description="The citizen's answer to the question whether someone is in danger right now"
    )
    seen_by_staff: bool = Field(
        default=False, description="A caseworker has taken the conversation since its latest sign of danger"
    )


class QueueChange(BaseModel):
    """One event of the live queue stream (event name `queue`)."""

    id: int
    kind: Literal["opened", "urgent", "claimed", "transferred", "message", "resolved"]
    handoff_id: int
    handoff: HandoffSummary | None = Field(
        description="The handoff as it is now; null once it is gone (closed, and its conversation erased)"
    )


class StaffText(BaseModel):
    """A reply or a note."""

    text: str = Field(min_length=1, max_length=MAX_TEXT)

    @field_validator("text", mode="before")
    @classmethod
    def _readable(cls, value: object) -> object:
        return readable(value) if isinstance(value, str) else value


class Resolution(BaseModel):
    """How a handoff ends."""

    return_to_bot: bool = True


class NewHandoff(BaseModel):
    """The bot's request to hand a conversation over."""

    conversation_id: str
    reason: Literal["requested", "fallback", "urgent", "staff"] = "requested"
    topic: str | None = Field(default=None, max_length=60)


class OpenedHandoff(BaseModel):
    """Where the conversation now stands in the queue."""

    handoff_id: int
    position: int
    channel: str  # where the citizen writes from: at the kiosk, out of hours, staff will read, not answer there
    # Asked for while the person may be in danger: said as urgent, with the lines of the kinds of danger read.
    urgent: bool = False
    categories: str = ""


def _summary(db: Session, handoff: Handoff) -> HandoffSummary:
    """One queue entry."""
    return _summaries(db, [handoff])[0]


def _summaries(
    db: Session, handoffs: list[Handoff], checks: dict[str, danger.Check] | None = None
) -> list[HandoffSummary]:
    """Queue entries, in the order given, read with one query per kind of fact for them all, not one per entry;
    `checks` are the danger readings of their conversations (read here when not given)."""
    conversation_ids = [handoff.conversation_id for handoff in handoffs]
    conversation_of = conversations.by_ids(db=db, conversation_ids=conversation_ids)
    if checks is None:
        checks = danger.latest_checks(db=db, conversation_ids=conversation_ids)
    left_at_night = service.left_out_of_hours(
        db=db,
        handoff_ids=[handoff.id for handoff in handoffs if conversation_of[handoff.conversation_id].erase_requested],
    )
    return [
        HandoffSummary(
            id=handoff.id,
            conversation_id=handoff.conversation_id,
            status=handoff.status.value,
            reason=handoff.reason,
            urgent=handoff.urgent,
            citizen_left=conversation_of[handoff.conversation_id].erase_requested,
            citizen_left_out_of_hours=handoff.id in left_at_night,
            language=handoff.language,
            topic=handoff.topic,
            channel=conversation_of[handoff.conversation_id].channel,
            assigned_to=handoff.assigned_to,
            created_at=handoff.created_at,
            claimed_at=handoff.claimed_at,
            danger=checks[handoff.conversation_id].danger if handoff.conversation_id in checks else None,
            danger_answer=checks[handoff.conversation_id].answer if handoff.conversation_id in checks else None,
        )
        for handoff in handoffs
    ]


def _readable(db: Session, handoff_id: int, member) -> Handoff:
    handoff = service.get_handoff(db=db, handoff_id=handoff_id)
    if handoff is None:
        raise ApiError(404, "handoff_not_found", "No such handoff.")
    if not service.may_read(handoff=handoff, member=member):
        raise ApiError(403, "not_your_conversation", "This conversation is handled by a colleague.")
    return handoff


def _theirs(db: Session, handoff_id: int, member) -> Handoff:
    handoff = _readable(db, handoff_id, member)
    if handoff.status != HandoffStatus.assigned or handoff.assigned_to != member.id:
        raise ApiError(409, "not_assigned_to_you", "Claim the conversation first.")
    return handoff


@router.get(
    "/api/handoffs/events",
    response_class=StreamingResponse,
    responses=EVENT_STREAM,
    summary="The queue, live (staff, server-sent events)",
)
def queue_events(
    request: Request,
    member: Staff,
    db: Db,
    after: Annotated[int | None, Query(ge=0)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Stream each change to the queue as a `queue` event whose data is a QueueChange: opened, urgent, claimed,
    transferred, message (the citizen wrote) and resolved; from the `after` event id (or `Last-Event-ID`) on, or
    from now."""

    def changes(session: Session, after_id: int) -> list[Event]:
        events = []
        for event in service.events_after(db=session, after=after_id):
            handoff = session.get(Handoff, event.handoff_id)
            change = QueueChange(
                id=event.id,
                kind=event.kind,
                handoff_id=event.handoff_id,
                handoff=None if handoff is None else _summary(session, handoff),
            )
            events.append((event.id, "queue", change.model_dump(mode="json")))
        return events

    return event_stream(
        request,
        changes,
        db=db,
        after=after,
        last_event_id=last_event_id,
        latest=lambda session: service.last_event_id(db=session),
    )


@router.get("/api/handoffs/live", response_model=list[LiveConversation], summary="Conversations active now (staff)")
def live_conversations(
    member: Staff, db: Db, minutes: Annotated[int, Query(ge=1, le=1440)] = 30
) -> list[LiveConversation]:
    """Conversations with a message in the last minutes, newest first, so a caseworker can take one over."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes)
    active = conversations.list_active(db=db, since=since)
    checks = danger.latest_checks(db=db, conversation_ids=[conversation.id for conversation, _ in active])
    return [
        LiveConversation(
            id=conversation.id,
            channel=conversation.channel,
            language=conversation.language,
            state=conversation.state.value,
            last_message_at=last_message_at,
            danger=checks[conversation.id].danger if conversation.id in checks else None,
            danger_answer=checks[conversation.id].answer if conversation.id in checks else None,
            seen_by_staff=conversation.id in checks and checks[conversation.id].seen_by_staff,
        )
        for conversation, last_message_at in active
    ]


@router.post(
    "/api/handoffs", response_model=HandoffSummary, status_code=201, summary="Take a conversation over (staff)"
)
def take_over(body: TakeOver, member: Staff, db: Db) -> HandoffSummary:
    """Take a conversation from the bot (or from the queue) for oneself; 409 when a colleague holds it."""
    conversation = db.get(Conversation, body.conversation_id)
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "No such conversation.")
    handoff = service.take_over(db=db, conversation=conversation, member=member)
    if handoff.assigned_to != member.id:
        raise ApiError(409, "already_claimed", "A colleague has already taken this conversation.")
    staff.audit(db=db, member=member, action="conversation_taken_over", target=f"handoff:{handoff.id}")
    return _summary(db, handoff)


@router.get("/api/handoffs", response_model=list[HandoffSummary], summary="The queue (staff)")
def list_handoffs(member: Staff, db: Db, status: HandoffStatus | None = None) -> list[HandoffSummary]:
    """Handoffs, urgent first (clear danger before possible danger left unanswered, and among clear danger a
    medical emergency first: someone not breathing, pills just swallowed), then by waiting time; optionally of one
    status."""
    handoffs = service.list_handoffs(db=db, status=status)
    # One reading of every conversation's danger for the whole queue, not one per entry.
    checks = danger.latest_checks(db=db, conversation_ids=[handoff.conversation_id for handoff in handoffs])

    def triage(handoff: Handoff) -> tuple[bool, bool, bool]:
        """Sorts first what should be answered first (False before True)."""
        reading = checks.get(handoff.conversation_id)
        level, _, kinds = (reading.danger if reading is not None else "").partition(":")
        clear = level == "clear"
        return (not handoff.urgent, not clear, not (clear and "medical" in kinds.split("+")))

    # Stable: within each group, the order of the service (urgent first, then the longest waiting).
    ordered = sorted(handoffs, key=triage)
    return _summaries(db, ordered, checks)


@router.get("/api/handoffs/{handoff_id}", response_model=HandoffDetail, summary="A handoff and its transcript (staff)")
def get_handoff(handoff_id: int, member: Staff, db: Db) -> HandoffDetail:
    """Read a waiting or one's own conversation (admins: any); every read is audited."""
    handoff = _readable(db, handoff_id, member)
    staff.audit(db=db, member=member, action="conversation_read", target=f"handoff:{handoff.id}")
    conversation = db.get(Conversation, handoff.conversation_id)
    files = conversations.attachments_of(db=db, conversation=conversation)
    return HandoffDetail(
        **_summary(db, handoff).model_dump(),
        summary=handoff.summary,
        messages=[
            StaffMessageOut.of(m, files.get(m.id))
            for m in conversations.list_messages(db=db, conversation=conversation)
        ],
        notes=[Note.of(n) for n in service.notes(db=db, handoff=handoff)],
        consents=[ConsentRecord.of(c) for c in conversations.consents(db=db, conversation=conversation)],
    )


@router.get(
    "/api/handoffs/{handoff_id}/attachments/{attachment_id}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
    summary="A file the citizen sent (staff)",
)
def get_attachment(handoff_id: int, attachment_id: int, member: Staff, db: Db) -> Response:
    """Download a photo, document or voice message of the conversation; every download is audited."""
    handoff = _readable(db, handoff_id, member)
    conversation = db.get(Conversation, handoff.conversation_id)
    attachment = conversations.get_attachment(db=db, conversation=conversation, attachment_id=attachment_id)
    if attachment is None:
        raise ApiError(404, "attachment_not_found", "No such file in this conversation.")
    staff.audit(db=db, member=member, action="attachment_read", target=f"handoff:{handoff.id}")
    return Response(
        attachment.content,
        media_type=attachment.media_type,
        # Never shown inline: a file from the public is downloaded, not rendered in the staff console.
        headers={"Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/api/handoffs/{handoff_id}/claim", response_model=HandoffSummary, summary="Claim a handoff (staff)")
def claim(handoff_id: int, member: Staff, db: Db) -> HandoffSummary:
    """Take a waiting conversation; 409 when a colleague was first."""
    handoff = service.get_handoff(db=db, handoff_id=handoff_id)
    if handoff is None:
        raise ApiError(404, "handoff_not_found", "No such handoff.")
    # Checked before who may read it: once a colleague holds it, this caseworker may not, and the answer they need
    # is that someone was quicker, not that it is none of their business.
    if handoff.status != HandoffStatus.waiting or not service.claim(db=db, handoff=handoff, member=member):
        raise ApiError(409, "already_claimed", "A colleague has already taken this conversation.")
    staff.audit(db=db, member=member, action="handoff_claimed", target=f"handoff:{handoff.id}")
    return _summary(db, handoff)


@router.post("/api/handoffs/{handoff_id}/messages", response_model=MessageOut, status_code=201, summary="Reply (staff)")
def reply(handoff_id: int, body: StaffText, member: Staff, db: Db) -> MessageOut:
    """Send the citizen a reply in their conversation."""
    handoff = _theirs(db, handoff_id, member)
    message = service.reply(db=db, handoff=handoff, member=member, text=body.text)
    staff.audit(db=db, member=member, action="handoff_replied", target=f"handoff:{handoff.id}")
    return MessageOut.of(message)


@router.post("/api/handoffs/{handoff_id}/notes", response_model=Note, status_code=201, summary="Internal note (staff)")
def add_note(handoff_id: int, body: StaffText, member: Staff, db: Db) -> Note:
    """Add a note the citizen never sees."""
    handoff = _readable(db, handoff_id, member)
    note = service.add_note(db=db, handoff=handoff, member=member, text=body.text)
    staff.audit(db=db, member=member, action="handoff_note", target=f"handoff:{handoff.id}")
    return Note.of(note)


@router.post(
    "/api/handoffs/{handoff_id}/transfer", response_model=HandoffSummary, summary="Transfer to a colleague (staff)"
)
def transfer(handoff_id: int, body: Transfer, member: Staff, db: Db) -> HandoffSummary:
    """Pass one's conversation (admins: anyone's) to an active colleague; the citizen is told."""
    handoff = _readable(db, handoff_id, member)
    if handoff.status != HandoffStatus.assigned or (handoff.assigned_to != member.id and member.role != Role.admin):
        raise ApiError(409, "not_assigned_to_you", "Claim the conversation first.")
    colleague = staff.get_member(db=db, member_id=body.staff_id)
    if colleague is None or not colleague.active or colleague.role == Role.reviewer:
        raise ApiError(404, "colleague_not_found", "No active colleague with this id.")
    if colleague.id == handoff.assigned_to:
        raise ApiError(409, "already_theirs", "The conversation is already with this colleague.")
    service.transfer(db=db, handoff=handoff, to=colleague)
    staff.audit(
        db=db,
        member=member,
        action="handoff_transferred",
        target=f"handoff:{handoff.id}",
        detail=f"to staff:{colleague.id}",
    )
    return _summary(db, handoff)


@router.post("/api/handoffs/{handoff_id}/resolve", response_model=HandoffSummary, summary="Resolve (staff)")
def resolve(handoff_id: int, body: Resolution, member: Staff, db: Db) -> HandoffSummary:
    """Close the handoff and give the conversation back to the bot."""
    handoff = _theirs(db, handoff_id, member)
    summary = _summary(db, handoff)
    flows_handoffs.resolve(db=db, handoff=handoff, return_to_bot=body.return_to_bot)
    staff.audit(db=db, member=member, action="handoff_resolved", target=f"handoff:{summary.id}")
    # The citizen may have asked to erase the conversation meanwhile: then it is gone now, and so is the handoff.
    return summary.model_copy(update={"status": HandoffStatus.resolved.value})


@router.post(
    "/api/conversations/{conversation_id}/handoff",
    response_model=Turn,
    summary="Ask for a person, without the assistant (citizen)",
)
def ask_for_a_person(conversation: Own, db: Db) -> Turn:
    """Hand the conversation to staff directly (the kiosk's "talk to a person" works with the assistant down); the
    citizen is told their place in the queue, or when someone will answer."""
    notice = flows_handoffs.wait_for_a_person(db=db, conversation=conversation, reason="requested")
    return Turn(
        messages=[MessageOut.of(notice)],
        state=conversation.state.value,
        language=conversation.language,
        urgent=service.is_urgent(db=db, conversation=conversation),
    )


@router.post("/api/internal/handoffs", response_model=OpenedHandoff, include_in_schema=False, dependencies=[Internal])
def open_handoff(body: NewHandoff, db: Db) -> OpenedHandoff:
    """The bot's action hands a conversation over; only callers with the shared internal token may."""
    conversation = db.get(Conversation, body.conversation_id)
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "Not a hub conversation.")
    handoff = flows_handoffs.hand_over(db=db, conversation=conversation, reason=body.reason, topic=body.topic)
    place = flows_handoffs.place_in_queue(db=db, conversation=conversation, handoff=handoff)
    return OpenedHandoff(handoff_id=handoff.id, **place)
