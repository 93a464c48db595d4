"""Citizen routes: a client reaches its own conversation with the token it was given, and nothing else."""

from __future__ import annotations

import time
from typing import Annotated, Literal

import segno
from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.conversations import rasa, service
from kiosk_api.conversations.limits import MAX_ATTACHMENT_BYTES
from kiosk_api.conversations.models import Conversation, ConversationState
from kiosk_api.conversations.schemas import (
    CitizenMessage,
    ConsentAnswer,
    ConsentRecord,
    CreatedConversation,
    Leaving,
    MessageOut,
    NewConversation,
    PhoneLink,
    Transcript,
    Turn,
)
from kiosk_api.deps import Db, Own
from kiosk_api.errors import ApiError
from kiosk_api.flows import citizen_messages, erasure
from kiosk_api.handoff import service as handoffs
from kiosk_api.i18n import Translator
from kiosk_api.nlg.danger import helplines_text
from kiosk_api.nlg.parts import when_staff_answer
from kiosk_api.streams import EVENT_STREAM, Event, event_stream

router = APIRouter(prefix="/api/conversations", tags=["conversations"])
phone_links = APIRouter(prefix="/api/phone-links", tags=["conversations"])


@router.post("", response_model=CreatedConversation, status_code=201, summary="Start a conversation")
def create_conversation(body: NewConversation, db: Db) -> CreatedConversation:
    """Create a conversation for a channel and language; the token is shown only here."""
    conversation, token = service.create(db=db, channel=body.channel, language=body.language)
    return CreatedConversation(id=conversation.id, token=token, language=conversation.language)


@router.post("/{conversation_id}/phone-link", response_model=PhoneLink, status_code=201, summary="Continue on a phone")
def create_phone_link(conversation: Own, db: Db) -> PhoneLink:
    """A link to open this conversation on the person's own phone, once, within ten minutes; only where the hub's
    public address (PUBLIC_BASE_URL) is set, as a phone on mobile data cannot reach the hub's own. The secret is after
    the "#", which browsers never send, so no log keeps it."""
    base = get_settings().public_base_url
    if not base:
        raise ApiError(404, "no_public_address", "PUBLIC_BASE_URL is not set: a phone could not reach this hub.")
    secret = service.create_phone_link(db=db, conversation=conversation)
    url = f"{base.rstrip('/')}/phone#{secret}"
    qr = segno.make(url, error="m").svg_data_uri(scale=6, border=2, dark="#000", light="#fff")
    return PhoneLink(url=url, qr=qr, expires_at=conversation.phone_link_expires_at)


@phone_links.post("/{secret}", response_model=CreatedConversation, summary="Open a conversation on a phone")
def take_phone_link(secret: Annotated[str, Path(max_length=64)], db: Db) -> CreatedConversation:
    """The phone's page exchanges the link's secret, once, for the conversation and a new token of its own; the
    kiosk's token stops working."""
    taken = service.take_phone_link(db=db, secret=secret)
    if taken is None:
        raise ApiError(
            404, "phone_link_used_or_expired", "This link was already used or has expired: make a new one at the kiosk."
        )
    conversation, token = taken
    # A caseworker with the conversation open sees at once that the citizen now writes from their phone.
    handoffs.citizen_wrote(db=db, conversation=conversation)
    return CreatedConversation(id=conversation.id, token=token, language=conversation.language)


@router.post("/{conversation_id}/messages", response_model=Turn, summary="Send a citizen message")
def post_message(body: CitizenMessage, conversation: Own, db: Db, response: Response) -> Turn:
    """Store the message, route it, and return the replies (a notice and the offer of a person if Rasa is down).
    The Server-Timing header says how long the turn waited for the bot and how long the hub's own work took."""
    began = time.perf_counter()
    rasa.waited.set(0.0)
    replies = citizen_messages.handle_citizen_message(
        db=db,
        conversation=conversation,
        text=body.text or "",
        payload=body.payload,
        client_id=body.client_id,
        edit=body.edit,
    )
    bot_ms, total_ms = rasa.waited.get() * 1000, (time.perf_counter() - began) * 1000
    response.headers["Server-Timing"] = f"bot;dur={bot_ms:.1f}, hub;dur={total_ms - bot_ms:.1f}"
    return Turn(
        messages=[MessageOut.of(reply) for reply in replies],
        state=conversation.state.value,
        language=conversation.language,
        urgent=handoffs.is_urgent(db=db, conversation=conversation),
    )


@router.get("/{conversation_id}/messages", response_model=Transcript, summary="Read the transcript")
def get_messages(conversation: Own, db: Db, after: Annotated[int | None, Query(ge=0)] = None) -> Transcript:
    """Return the messages in order, or only those after a message id (for polling)."""
    return Transcript(
        messages=[MessageOut.of(m) for m in service.list_messages(db=db, conversation=conversation, after=after)]
    )


@router.get(
    "/{conversation_id}/events",
    response_class=StreamingResponse,
    responses=EVENT_STREAM,
    summary="Receive new messages live (server-sent events)",
)
def message_events(
    request: Request,
    conversation: Own,
    db: Db,
    after: Annotated[int | None, Query(ge=0)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Stream each new message of the conversation (event `message`, data as in the transcript plus the
    conversation's `state` then: `bot`, `waiting` or `assigned`; id = message id) from the `after` cursor (or
    `Last-Event-ID`) on; without either, from now on. Send the token as a Bearer header
    (with `fetch`), or poll `GET …/messages?after=` instead."""
    conversation_id, token_hash = conversation.id, conversation.token_hash

    def new_messages(session: Session, after_id: int) -> list[Event]:
        current = session.get(Conversation, conversation_id)
        # Erased meanwhile, or taken by a phone ("Continue on my phone"): the token this stream was opened with no
        # longer reads it.
        if current is None or current.token_hash != token_hash:
            return []
        return [
            (message.id, "message", {**MessageOut.of(message).model_dump(mode="json"), "state": current.state.value})
            for message in service.list_messages(db=session, conversation=current, after=after_id)
        ]

    return event_stream(
        request,
        new_messages,
        db=db,
        after=after,
        last_event_id=last_event_id,
        latest=lambda session: service.last_message_id(db=session, conversation_id=conversation_id),
    )


@router.post("/{conversation_id}/consent", response_model=ConsentRecord, status_code=201, summary="Record consent")
def record_consent(body: ConsentAnswer, conversation: Own, db: Db) -> ConsentRecord:
    """Record the citizen's yes or no to storing personal data, as asked in their language."""
    return ConsentRecord.of(
        service.record_consent(db=db, conversation=conversation, purpose=body.purpose, granted=body.granted)
    )


@router.post(
    "/{conversation_id}/attachments",
    response_model=MessageOut,
    status_code=201,
    summary="Send staff a photo, document or voice message",
    openapi_extra={"requestBody": {"content": {"application/octet-stream": {}}, "required": True}},
)
async def send_attachment(
    request: Request,
    conversation: Own,
    db: Db,
    kind: Annotated[Literal["photo", "document", "voice"], Query()],
    file_name: Annotated[str, Query(min_length=1, max_length=200)] = "file",
) -> MessageOut:
    """The file is the request body. Only while staff hold the conversation (409 `not_with_staff` otherwise): it is
    kept, and deleted, with the conversation. At most 10 MB."""
    if conversation.state == ConversationState.bot:
        raise ApiError(409, "not_with_staff", "Files go to a member of staff; ask for one first.")
    content = await request.body()
    if not content:
        raise ApiError(422, "empty_file", "The file is empty.")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ApiError(413, "file_too_large", "Files are limited to 10 MB.")
    media_type = request.headers.get("content-type", "application/octet-stream")[:100]
    message, attachment = citizen_messages.handle_citizen_attachment(
        db=db, conversation=conversation, kind=kind, file_name=file_name, media_type=media_type, content=content
    )
    return MessageOut.of(message, [attachment])


@router.get("/{conversation_id}/leaving", response_model=Leaving, summary="What leaving the screen would do")
def leaving(conversation: Own, db: Db) -> Leaving:
    """Whether leaving (or erasing) now would keep the conversation for staff instead of erasing it: the kiosk's
    Finish says so before the person leaves (someone who wrote of possible danger and left the question unanswered
    is told that a member of staff will read it, not that it is cleared); out of hours, when; and, to someone who
    told of danger, the numbers to call once more before the screen clears."""
    outcome = erasure.leaving(db=db, conversation=conversation)
    tr = Translator(conversation.language)
    return Leaving(
        kept_for_staff=outcome.kept_for_staff,
        staff_read=when_staff_answer(tr, shared_screen=True).strip() if outcome.kept_for_staff else "",
        helplines=helplines_text(tr, outcome.danger_kinds) if outcome.danger_kinds else "",
    )


@router.post("/{conversation_id}/leave", status_code=204, summary="Leave a shared screen (the kiosk's Finish)")
def leave_conversation(conversation: Own, db: Db) -> Response:
    """The citizen left the screen they wrote on: the conversation is erased as by DELETE, but the appointments they
    booked keep the name, phone and estimate answers they agreed to leave, for staff, until the retention period
    ends. While staff hold the conversation, the token stops working at once and it is kept for them."""
    erasure.leave(db=db, conversation=conversation)
    return Response(status_code=204)


@router.delete(
    "/{conversation_id}",
    status_code=204,
    summary="Erase the conversation",
    responses={
        202: {
            "description": "Kept for the member of staff who holds it, and erased when they close it",
            "content": {"application/json": {"example": {"kept_for_staff": True}}},
        }
    },
)
def delete_conversation(conversation: Own, db: Db) -> Response:
    """Erase the conversation: its messages, handoff, notes and consent answers, and the bot's memory of it (204).
    While staff hold it, the token stops working at once and the conversation is kept for them until they close it
    (202, `{"kept_for_staff": true}`): the citizen is told so, not that everything is erased."""
    if erasure.erase(db=db, conversation=conversation):
        return Response(status_code=204)
    return JSONResponse(status_code=202, content={"kept_for_staff": True})
