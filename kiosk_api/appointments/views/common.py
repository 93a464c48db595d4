"""What the appointment routes of several audiences share: a service as shown, an appointment found by reference (with
the phone, for a citizen), a booking, a place on the waiting list, the next free times."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments import waiting
from kiosk_api.appointments.models import Appointment
from kiosk_api.appointments.views.schemas import (
    BookingRequest,
    ServiceOut,
    SlotOut,
    WaitingPlace,
    WaitingRequest,
    aware,
)
from kiosk_api.conversations.models import Conversation
from kiosk_api.deps import Language
from kiosk_api.errors import ApiError


def service_out(db: Session, service_id: str) -> ServiceOut:
    service = appointments.get_service(db=db, service_id=service_id)
    providers = appointments.providers(db=db, service=service)
    return ServiceOut(
        id=service.id,
        duration_minutes=service.duration_minutes,
        buffer_minutes=service.buffer_minutes,
        names=service.names,
        active=service.active,
        staff_ids=providers,
        staff_without_hours=appointments.without_working_hours(db=db, staff_ids=providers),
    )


def by_reference(db: Session, reference: str) -> Appointment:
    appointment = appointments.get_by_reference(db=db, reference=reference.upper())
    if appointment is None:
        raise ApiError(404, "unknown_reference", "No appointment with this reference.")
    return appointment


def citizens_appointment(db: Session, reference: str, phone: str, conversation_id: str | None = None) -> Appointment:
    """The appointment of a reference, for the phone it was booked with or from the conversation that booked it."""
    appointment = appointments.find_for_citizen(
        db=db, reference=reference, phone=phone, conversation_id=conversation_id
    )
    if appointment is None:
        raise ApiError(404, "unknown_reference", "No appointment with this reference and phone number.")
    return appointment


def make_booking(
    db: Session,
    body: BookingRequest,
    *,
    language: str,
    channel: str,
    conversation_id: str | None = None,
) -> Appointment:
    """Book what a request asks for, with the estimate's answers when the citizen consented; a refusal becomes its
    JSON error."""
    return appointments.book(
        db=db,
        service_id=body.service,
        staff_id=body.staff_id,
        starts_at=aware(body.starts_at),
        language=language,
        channel=channel,
        conversation_id=conversation_id,
        name=body.name,
        phone=body.phone,
        consent=body.consent,
        details={"estimate": body.estimate.details()} if body.estimate and body.consent else None,
    )


def waiting_place(db: Session, body: WaitingRequest, conversation: Conversation) -> WaitingPlace:
    """Put a conversation's citizen on a service's waiting list; their place in it."""
    if appointments.get_service(db=db, service_id=body.service) is None:
        raise ApiError(404, "unknown_service", "No such service.")
    entry = waiting.join(
        db=db,
        service_id=body.service,
        language=conversation.language,
        channel=conversation.channel,
        conversation_id=conversation.id,
        name=body.name,
        phone=body.phone,
        consent=body.consent,
    )
    return WaitingPlace(service=entry.service_id, position=waiting.position(db=db, entry=entry))


def next_free_times(
    db: Session,
    service_id: str,
    *,
    after: dt.datetime | None,
    limit: int,
    language: Language | None = None,
    staff_id: int | None = None,
    conversation_id: str | None = None,
) -> list[SlotOut]:
    found = appointments.get_service(db=db, service_id=service_id)
    if found is None or not found.active:
        raise ApiError(404, "unknown_service", "No such service.")
    slots = appointments.next_slots(
        db=db,
        service=found,
        after=aware(after) if after else None,
        limit=limit,
        staff_id=staff_id,
        conversation_id=conversation_id,
    )
    return [SlotOut.of(slot, language) for slot in slots]
