"""Appointment routes for staff: the calendar, booking and moving for a citizen, the day's arrivals and walk-ins,
the desk's live events, one's calendar address."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from kiosk_api.appointments import calendars, desk
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, AppointmentStatus, WalkIn
from kiosk_api.appointments.views.common import by_reference, make_booking
from kiosk_api.appointments.views.schemas import (
    DayBoard,
    FeedOut,
    MoveRequest,
    NewStaffBooking,
    StaffAppointment,
    TicketOut,
    aware,
)
from kiosk_api.centre import service as centre
from kiosk_api.centre.service import ATHENS
from kiosk_api.deps import Db, Staff
from kiosk_api.errors import ApiError
from kiosk_api.flows import appointments as changes
from kiosk_api.handoff import service as handoffs
from kiosk_api.staff import service as staff
from kiosk_api.streams import EVENT_STREAM, Event, event_stream

router = APIRouter(tags=["appointments"])


@router.get("/api/desk/appointments", response_model=list[StaffAppointment], summary="Appointments (staff)")
def staff_appointments(
    member: Staff, db: Db, start: dt.datetime, end: dt.datetime, staff_id: int | None = None
) -> list[StaffAppointment]:
    """Appointments starting within [start, end), optionally one staff member's; the read is audited."""
    staff.audit(db=db, member=member, action="appointments_read", target=f"staff:{staff_id or 'all'}")
    found = appointments.list_appointments(db=db, start=aware(start), end=aware(end), staff_id=staff_id)
    return [StaffAppointment.of(appointment) for appointment in found]


@router.get(
    "/api/desk/appointments/search",
    response_model=list[StaffAppointment],
    summary="Coming appointments by name, phone or code (staff)",
)
def search_appointments(q: str, member: Staff, db: Db) -> list[StaffAppointment]:
    """The coming appointments whose code, phone or name is what was typed (someone at the desk or on the phone who
    has lost the code); the search is audited, without what was typed."""
    staff.audit(db=db, member=member, action="appointments_searched", target="appointments")
    today = centre.now().astimezone(ATHENS).replace(hour=0, minute=0, second=0, microsecond=0)
    return [StaffAppointment.of(found) for found in appointments.find_coming(db=db, typed=q[:200], after=today)]


@router.get(
    "/api/handoffs/{handoff_id}/appointments",
    response_model=list[StaffAppointment],
    summary="The citizen's coming appointments (staff)",
)
def handoff_appointments(handoff_id: int, member: Staff, db: Db) -> list[StaffAppointment]:
    """The coming appointments booked from a handoff's conversation (for staff who may read it)."""
    handoff = handoffs.get_handoff(db=db, handoff_id=handoff_id)
    if handoff is None or not handoffs.may_read(handoff=handoff, member=member):
        raise ApiError(404, "handoff_not_found", "No such handoff for you.")
    upcoming = appointments.for_conversation(
        db=db, conversation_id=handoff.conversation_id, after=dt.datetime.now(dt.UTC)
    )
    return [StaffAppointment.of(appointment) for appointment in upcoming]


@router.post(
    "/api/desk/appointments", response_model=StaffAppointment, status_code=201, summary="Book for a citizen (staff)"
)
def staff_book(body: NewStaffBooking, member: Staff, db: Db) -> StaffAppointment:
    """Book at the desk or on the phone; the name and phone only with the citizen's consent."""
    appointment = make_booking(db, body, language=body.language, channel=body.channel)
    staff.audit(db=db, member=member, action="appointment_booked", target=f"appointment:{appointment.reference}")
    return StaffAppointment.of(appointment)


@router.post(
    "/api/desk/appointments/{reference}/move", response_model=StaffAppointment, summary="Move an appointment (staff)"
)
def staff_move(reference: str, body: MoveRequest, member: Staff, db: Db) -> StaffAppointment:
    """Move to another free time; the citizen is told in the conversation they booked from."""
    appointment = by_reference(db, reference)
    changes.move(db=db, appointment=appointment, staff_id=body.staff_id, starts_at=aware(body.starts_at), by_staff=True)
    staff.audit(db=db, member=member, action="appointment_moved", target=f"appointment:{reference}")
    return StaffAppointment.of(appointment)


@router.post(
    "/api/desk/appointments/{reference}/cancel",
    response_model=StaffAppointment,
    summary="Cancel an appointment (staff)",
)
def staff_cancel(reference: str, member: Staff, db: Db) -> StaffAppointment:
    """Cancel; the citizen is told, and the time goes to the waiting list."""
    appointment = by_reference(db, reference)
    changes.cancel(db=db, appointment=appointment, by_staff=True)
    staff.audit(db=db, member=member, action="appointment_cancelled", target=f"appointment:{reference}")
    return StaffAppointment.of(appointment)


@router.post(
    "/api/desk/appointments/{reference}/{outcome}",
    response_model=StaffAppointment,
    summary="Mark arrived or no-show (staff)",
)
def staff_mark(reference: str, outcome: Literal["arrived", "no-show"], member: Staff, db: Db) -> StaffAppointment:
    """Record that the citizen came (from the day of the appointment), or did not (once its time has passed): a
    slip on next week's row must not count as a missed appointment."""
    appointment = by_reference(db, reference)
    status = AppointmentStatus.arrived if outcome == "arrived" else AppointmentStatus.no_show
    now = centre.now()
    starts = appointment.starts_at
    if (status == AppointmentStatus.no_show and now < starts) or (
        status == AppointmentStatus.arrived and now.astimezone(ATHENS).date() < starts.astimezone(ATHENS).date()
    ):
        raise ApiError(409, "not_yet", "This appointment has not come yet.")
    if status == AppointmentStatus.arrived:
        desk.record_arrival(db=db, appointment=appointment)  # a visit, as a check-in at the kiosk is
    else:
        appointments.mark(db=db, appointment=appointment, status=status)
    staff.audit(db=db, member=member, action=f"appointment_{status.value}", target=f"appointment:{reference}")
    return StaffAppointment.of(appointment)


@router.get("/api/desk/today", response_model=DayBoard, summary="Today's arrivals and walk-ins (staff)")
def today(member: Staff, db: Db, day: dt.date | None = None) -> DayBoard:
    """The day's appointments and walk-in tickets (today by default)."""
    board_day = day or desk.today()
    booked, tickets = desk.day_board(db=db, day=board_day)
    staff.audit(db=db, member=member, action="desk_read", target=f"day:{board_day}")
    return DayBoard(
        day=board_day,
        appointments=[StaffAppointment.of(appointment) for appointment in booked],
        walk_ins=[TicketOut.of(db, ticket) for ticket in tickets],
    )


@router.post("/api/desk/walk-ins/next", response_model=TicketOut, summary="Call the next walk-in (staff)")
def call_next(member: Staff, db: Db) -> TicketOut:
    """Call the next person waiting; 404 when nobody waits."""
    ticket = desk.call_next(db=db, staff_id=member.id)
    if ticket is None:
        raise ApiError(404, "nobody_waiting", "Nobody is waiting.")
    return TicketOut.of(db, ticket)


@router.post("/api/desk/walk-ins/{number}/left", response_model=TicketOut, summary="A walk-in is not here (staff)")
def walk_in_left(number: Annotated[int, Path(ge=1, le=100_000)], member: Staff, db: Db) -> TicketOut:
    """Today's ticket `number` is marked as gone: called and not there, or left before; not counted as a visit."""
    ticket = desk.not_here(db=db, day=desk.today(), number=number)
    if ticket is None:
        raise ApiError(404, "ticket_not_found", "No such ticket today.")
    staff.audit(db=db, member=member, action="walk_in_left", target=f"ticket:{number}")
    return TicketOut.of(db, ticket)


@router.get(
    "/api/desk/events",
    response_class=StreamingResponse,
    responses=EVENT_STREAM,
    summary="The front desk, live (staff, server-sent events)",
)
def desk_events(
    request: Request,
    member: Staff,
    db: Db,
    after: Annotated[int | None, Query(ge=0)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """`desk` events: `arrived` (with the appointment's reference and caseworker), `walk_in` and `called` (with the
    ticket number); from the `after` event id (or `Last-Event-ID`) on, or from now."""

    def changes(session: Session, after_id: int) -> list[Event]:
        events = []
        for event in desk.events_after(db=session, after=after_id):
            appointment = session.get(Appointment, event.appointment_id) if event.appointment_id else None
            ticket = session.get(WalkIn, event.walk_in_id) if event.walk_in_id else None
            data = {
                "id": event.id,
                "kind": event.kind,
                "staff_id": event.staff_id,
                "reference": appointment.reference if appointment else None,
                "ticket": ticket.number if ticket else None,
            }
            events.append((event.id, "desk", data))
        return events

    return event_stream(
        request,
        changes,
        db=db,
        after=after,
        last_event_id=last_event_id,
        latest=lambda session: desk.last_event_id(db=session),
    )


@router.post("/api/desk/calendar", response_model=FeedOut, summary="A new secret calendar address (staff)")
def new_calendar_address(member: Staff, db: Db) -> FeedOut:
    """Make (or replace) the address of one's own calendar feed."""
    token = calendars.new_feed_token(db=db, staff_id=member.id)
    return FeedOut(url=f"/api/calendars/{token}.ics")
