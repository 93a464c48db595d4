"""Appointment routes for anyone: services and free times, calendar files, checking a phone number, checking in and
taking a walk-in ticket (the kiosk)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Response

from kiosk_api.appointments import calendars, desk
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.views.common import next_free_times, service_out
from kiosk_api.appointments.views.schemas import (
    AppointmentOut,
    CheckIn,
    PhoneCheck,
    PhoneChecked,
    ServiceOut,
    SlotOut,
    TicketOut,
    TicketRequest,
)
from kiosk_api.deps import Db, Language
from kiosk_api.errors import ApiError

router = APIRouter(tags=["appointments"])


@router.get("/api/services", response_model=list[ServiceOut], summary="Services offered by appointment")
def list_services(db: Db, retired: bool = False) -> list[ServiceOut]:
    """The services offered, with their names in every language; with `retired=true`, also those no longer offered
    (`active: false`), to name the service of an appointment booked before."""
    return [service_out(db, service.id) for service in appointments.list_services(db=db, active_only=not retired)]


@router.get("/api/slots", response_model=list[SlotOut], summary="Free times for a service")
def free_times(
    db: Db,
    service: Annotated[str, Query(max_length=40)],
    after: dt.datetime | None = None,
    # Enough for every time of a month-long horizon: the kiosk offers every bookable day.
    limit: Annotated[int, Query(ge=1, le=2000)] = 6,
    language: Language | None = None,
    staff_id: int | None = None,
) -> list[SlotOut]:
    """The next free times (one per time), from the minimum notice (or `after`) up to the booking horizon; with
    `language`, each with its day and time written in that language; with `staff_id`, only that person's."""
    return next_free_times(db, service, after=after, limit=limit, language=language, staff_id=staff_id)


@router.get(
    "/api/appointments/{reference}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
    summary="An appointment as an .ics file",
)
def appointment_calendar(reference: str, db: Db, key: Annotated[str, Query(max_length=64)]) -> Response:
    """The appointment's calendar file; the key is the one in the link the citizen was given (and in the QR code)."""
    appointment = appointments.get_by_reference(db=db, reference=reference.upper())
    if appointment is None or not calendars.key_matches(appointment=appointment, key=key):
        raise ApiError(404, "unknown_reference", "No appointment with this reference and key.")
    return Response(
        calendars.appointment_ics(db=db, appointment=appointment),
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{appointment.reference}.ics"'},
    )


@router.get(
    "/api/calendars/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
    summary="A staff member's calendar feed",
)
def staff_calendar(token: str, db: Db) -> Response:
    """Subscribe to this address in a calendar application; it is secret, and a new one replaces it."""
    staff_id = calendars.staff_for_feed(db=db, token=token)
    if staff_id is None:
        raise ApiError(404, "unknown_feed", "No calendar at this address.")
    return Response(calendars.staff_feed_ics(db=db, staff_id=staff_id), media_type="text/calendar")


@router.post("/api/phone-check", response_model=PhoneChecked, summary="Would a booking accept this phone number?")
def check_phone(body: PhoneCheck) -> PhoneChecked:
    """The booking's own rule: the kiosk says a number is wrong on the screen where it was typed."""
    return PhoneChecked(phone=appointments.normalise_phone(body.text))


@router.post("/api/check-in", response_model=AppointmentOut, summary="Check in for today's appointment")
def check_in(body: CheckIn, db: Db) -> AppointmentOut:
    """Mark today's appointment as arrived (the kiosk's "I have an appointment"); the caseworker is told at once."""
    return AppointmentOut.of(desk.check_in(db=db, reference=body.reference))


@router.post("/api/walk-ins", response_model=TicketOut, status_code=201, summary="Take a walk-in ticket")
def take_ticket(body: TicketRequest, db: Db) -> TicketOut:
    """A numbered ticket for today's walk-in queue (the kiosk's "I want to see someone")."""
    if not desk.is_reason(db=db, reason=body.reason):
        raise ApiError(422, "unknown_reason", "Give one of the centre's services, information or other.")
    ticket = desk.take_ticket(db=db, reason=body.reason, language=body.language, channel=body.channel)
    return TicketOut.of(db, ticket)
