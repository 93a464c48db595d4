"""Appointment routes for the citizen: with their conversation's token, or with their reference and phone."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments import waiting
from kiosk_api.appointments.views.common import citizens_appointment, make_booking, waiting_place
from kiosk_api.appointments.views.schemas import (
    AppointmentOut,
    Booked,
    BookingRequest,
    CitizenChange,
    CitizenMove,
    OfferAnswer,
    WaitingPlace,
    WaitingRequest,
    aware,
)
from kiosk_api.deps import Db, Own
from kiosk_api.errors import ApiError
from kiosk_api.flows import appointments as changes

router = APIRouter(tags=["appointments"])


@router.post(
    "/api/conversations/{conversation_id}/appointments",
    response_model=Booked,
    status_code=201,
    summary="Book an appointment (citizen)",
)
def book(body: BookingRequest, conversation: Own, db: Db) -> Booked:
    """Book a free time for the conversation's citizen; 409 `slot_taken` when someone was quicker."""
    appointment = make_booking(
        db, body, language=conversation.language, channel=conversation.channel, conversation_id=conversation.id
    )
    return Booked(appointment=AppointmentOut.of(appointment))


@router.get(
    "/api/conversations/{conversation_id}/appointments",
    response_model=list[AppointmentOut],
    summary="The citizen's appointments (citizen)",
)
def own_appointments(conversation: Own, db: Db) -> list[AppointmentOut]:
    """The appointments booked from this conversation that are still to come, earliest first."""
    upcoming = appointments.for_conversation(db=db, conversation_id=conversation.id, after=dt.datetime.now(dt.UTC))
    return [AppointmentOut.of(appointment) for appointment in upcoming]


@router.post(
    "/api/conversations/{conversation_id}/appointments/{reference}/cancel",
    response_model=AppointmentOut,
    summary="Cancel one's appointment (citizen)",
)
def cancel_own(reference: str, conversation: Own, db: Db) -> AppointmentOut:
    """Cancel an appointment booked from this conversation; the time goes to the waiting list."""
    appointment = appointments.get_by_reference(db=db, reference=reference.upper())
    if appointment is None or appointment.conversation_id != conversation.id:
        raise ApiError(404, "unknown_reference", "No appointment with this reference in this conversation.")
    changes.cancel(db=db, appointment=appointment, by_staff=False)
    return AppointmentOut.of(appointment)


@router.post(
    "/api/conversations/{conversation_id}/waiting-list",
    response_model=WaitingPlace,
    status_code=201,
    summary="Join a service's waiting list (citizen)",
)
def join_waiting_list(body: WaitingRequest, conversation: Own, db: Db) -> WaitingPlace:
    """Wait for a time to become free; the first one is offered here, in the conversation."""
    return waiting_place(db, body, conversation)


@router.post(
    "/api/conversations/{conversation_id}/offers/{reference}",
    response_model=AppointmentOut,
    summary="Take or refuse an offered time (citizen)",
)
def answer_offer(reference: str, body: OfferAnswer, conversation: Own, db: Db) -> AppointmentOut:
    """Answer a time offered from the waiting list to this conversation."""
    offer = appointments.get_by_reference(db=db, reference=reference.upper())
    if offer is None or offer.conversation_id != conversation.id:
        raise ApiError(404, "unknown_reference", "No such offer in this conversation.")
    (waiting.accept if body.accept else waiting.decline)(db=db, offer=offer)
    return AppointmentOut.of(offer)


@router.post("/api/appointments/{reference}/cancel", response_model=AppointmentOut, summary="Cancel (citizen)")
def cancel_by_citizen(reference: str, body: CitizenChange, db: Db) -> AppointmentOut:
    """Cancel with the reference and the phone number it was booked with; the time goes to the waiting list."""
    appointment = citizens_appointment(db, reference, body.phone)
    changes.cancel(db=db, appointment=appointment, by_staff=False)
    return AppointmentOut.of(appointment)


@router.post("/api/appointments/{reference}/move", response_model=AppointmentOut, summary="Reschedule (citizen)")
def move_by_citizen(reference: str, body: CitizenMove, db: Db) -> AppointmentOut:
    """Move to another free time, with the reference and the phone number it was booked with."""
    appointment = citizens_appointment(db, reference, body.phone)
    changes.move(
        db=db, appointment=appointment, staff_id=body.staff_id, starts_at=aware(body.starts_at), by_staff=False
    )
    return AppointmentOut.of(appointment)
