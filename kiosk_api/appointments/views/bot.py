"""The bot's internal appointment routes (the booking form and changes in a conversation), closed to every caller
without the shared internal token."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from kiosk_api.appointments import desk
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.views.common import (
    citizens_appointment,
    make_booking,
    next_free_times,
    service_out,
    waiting_place,
)
from kiosk_api.appointments.views.schemas import (
    AppointmentOut,
    CheckIn,
    InternalBooking,
    InternalLookup,
    InternalMove,
    InternalWaiting,
    PhoneCheck,
    PhoneChecked,
    ServiceOut,
    SlotOut,
    WaitingPlace,
    aware,
)
from kiosk_api.conversations.models import Conversation
from kiosk_api.deps import Db, Internal
from kiosk_api.errors import ApiError
from kiosk_api.flows import appointments as changes

internal = APIRouter(prefix="/api/internal", include_in_schema=False, dependencies=[Internal])


def _conversation(db: Session, conversation_id: str) -> Conversation:
    conversation = db.get(Conversation, conversation_id)
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "Not a hub conversation.")
    return conversation


@internal.get("/services", response_model=list[ServiceOut])
def internal_services(db: Db) -> list[ServiceOut]:
    """The services the booking form offers."""
    return [service_out(db, service.id) for service in appointments.list_services(db=db)]


@internal.get("/slots", response_model=list[SlotOut])
def internal_slots(
    db: Db,
    service: str,
    after: dt.datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=12)] = 4,
    conversation_id: str | None = None,
) -> list[SlotOut]:
    """The next free times for the booking form; for a conversation, none when it already has an appointment."""
    return next_free_times(db, service, after=after, limit=limit, conversation_id=conversation_id)


@internal.post("/phones", response_model=PhoneChecked)
def internal_phone(body: PhoneCheck) -> PhoneChecked:
    """Check a phone number the citizen typed."""
    return PhoneChecked(phone=appointments.normalise_phone(body.text))


@internal.post("/appointments", response_model=AppointmentOut, status_code=201)
def internal_book(body: InternalBooking, db: Db) -> AppointmentOut:
    """Book from the booking form."""
    conversation = _conversation(db, body.conversation_id)
    appointment = make_booking(
        db,
        body,
        language=conversation.language,
        channel=conversation.channel,
        conversation_id=conversation.id,
    )
    return AppointmentOut.of(appointment)


@internal.post("/waiting-list", response_model=WaitingPlace, status_code=201)
def internal_waiting(body: InternalWaiting, db: Db) -> WaitingPlace:
    """Join the waiting list from the booking form."""
    return waiting_place(db, body, _conversation(db, body.conversation_id))


@internal.post("/appointments/lookup", response_model=AppointmentOut)
def internal_lookup(body: InternalLookup, db: Db) -> AppointmentOut:
    """Find the citizen's appointment by reference and phone."""
    return AppointmentOut.of(citizens_appointment(db, body.reference, body.phone, body.conversation_id))


@internal.post("/appointments/cancel", response_model=AppointmentOut)
def internal_cancel(body: InternalLookup, db: Db) -> AppointmentOut:
    """Cancel from the conversation."""
    appointment = citizens_appointment(db, body.reference, body.phone, body.conversation_id)
    changes.cancel(db=db, appointment=appointment, by_staff=False)
    return AppointmentOut.of(appointment)


@internal.post("/appointments/move", response_model=AppointmentOut)
def internal_move(body: InternalMove, db: Db) -> AppointmentOut:
    """Move from the conversation."""
    appointment = citizens_appointment(db, body.reference, body.phone, body.conversation_id)
    changes.move(
        db=db, appointment=appointment, staff_id=body.staff_id, starts_at=aware(body.starts_at), by_staff=False
    )
    return AppointmentOut.of(appointment)


@internal.get("/conversations/{conversation_id}/appointments", response_model=list[AppointmentOut])
def internal_own_appointments(conversation_id: str, db: Db) -> list[AppointmentOut]:
    """The appointments a conversation booked that are still to come, earliest first: changing one there needs
    neither its reference nor a phone."""
    upcoming = appointments.for_conversation(db=db, conversation_id=conversation_id, after=dt.datetime.now(dt.UTC))
    return [AppointmentOut.of(appointment) for appointment in upcoming]


@internal.post("/check-in", response_model=AppointmentOut)
def internal_check_in(body: CheckIn, db: Db) -> AppointmentOut:
    """Check in from the conversation."""
    return AppointmentOut.of(desk.check_in(db=db, reference=body.reference))
