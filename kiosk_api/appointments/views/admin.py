"""Appointment routes for administrators (and what staff may read of it): services, working plans, leave and
closures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import Field

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.views.common import service_out
from kiosk_api.appointments.views.schemas import (
    AffectedBooking,
    NewTimeOff,
    ServiceIn,
    ServiceOut,
    Span,
    TimeOffOut,
    WorkingPlan,
    aware,
)
from kiosk_api.deps import Admin, Db, Staff
from kiosk_api.errors import ApiError
from kiosk_api.flows import appointments as changes
from kiosk_api.staff import service as staff
from knowledge.loader import COMPLETE
from multilingual.languages import LANGUAGES

router = APIRouter(tags=["appointments"])


@router.put("/api/services/{service_id}", response_model=ServiceOut, summary="Create or change a service (admin)")
def save_service(
    service_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")], body: ServiceIn, admin: Admin, db: Db
) -> ServiceOut:
    """Set a service's length, pause, names (in every conversation language) and providers."""
    # Every complete language needs the name; one still being translated may wait (its fallback's name is shown).
    if not set(COMPLETE) <= set(body.names) <= set(LANGUAGES):
        raise ApiError(422, "names_required", f"Give the service's name in {', '.join(COMPLETE)}.")
    service = appointments.save_service(
        db=db,
        service_id=service_id,
        duration_minutes=body.duration_minutes,
        buffer_minutes=body.buffer_minutes,
        names=body.names,
        active=body.active,
    )
    appointments.set_providers(db=db, service=service, staff_ids=body.staff_ids)
    staff.audit(db=db, member=admin, action="service_saved", target=f"service:{service_id}")
    return service_out(db, service_id)


@router.put(
    "/api/staff/accounts/{staff_id}/working-plan", response_model=WorkingPlan, summary="Set a working plan (admin)"
)
def set_working_plan(staff_id: int, body: WorkingPlan, admin: Admin, db: Db) -> WorkingPlan:
    """Replace a staff member's weekly hours and breaks (Athens time)."""
    if staff.get_member(db=db, member_id=staff_id) is None:
        raise ApiError(404, "staff_not_found", "No such staff member.")
    appointments.set_working_plan(
        db=db,
        staff_id=staff_id,
        hours=[(span.weekday, span.start, span.end) for span in body.hours],
        breaks=[(span.weekday, span.start, span.end) for span in body.breaks],
    )
    staff.audit(db=db, member=admin, action="working_plan_set", target=f"staff:{staff_id}")
    return body


@router.get("/api/staff/accounts/{staff_id}/working-plan", response_model=WorkingPlan, summary="A working plan (staff)")
def get_working_plan(staff_id: int, member: Staff, db: Db) -> WorkingPlan:
    """A staff member's weekly hours and breaks."""
    hours, breaks = appointments.working_plan(db=db, staff_id=staff_id)
    return WorkingPlan(
        hours=[Span(weekday=h.weekday, start=h.start, end=h.end) for h in hours],
        breaks=[Span(weekday=b.weekday, start=b.start, end=b.end) for b in breaks],
    )


@router.get(
    "/api/time-off/bookings",
    response_model=list[AffectedBooking],
    summary="The appointments a leave or closure would fall on (admin)",
)
def bookings_in_time_off(
    admin: Admin, db: Db, starts_at: dt.datetime, ends_at: dt.datetime, staff_id: int | None = None
) -> list[AffectedBooking]:
    """What an administrator is shown before recording leave or a closure over booked appointments."""
    affected = appointments.bookings_during(
        db=db, staff_id=staff_id, starts_at=aware(starts_at), ends_at=aware(ends_at)
    )
    return [AffectedBooking.of(appointment) for appointment in affected]


@router.post("/api/time-off", response_model=TimeOffOut, status_code=201, summary="Leave or a closure (admin)")
def add_time_off(body: NewTimeOff, admin: Admin, db: Db) -> TimeOffOut:
    """Record leave of one staff member, or (without staff_id) a closure of the centre. Appointments booked in it
    are never left silently: the administrator chooses to cancel them (each citizen is told in their conversation)
    or to keep them and move them by hand."""
    starts_at, ends_at = aware(body.starts_at), aware(body.ends_at)
    affected = appointments.bookings_during(db=db, staff_id=body.staff_id, starts_at=starts_at, ends_at=ends_at)
    if affected and body.bookings is None:
        raise ApiError(409, "bookings_in_the_way", f"{len(affected)} appointments are booked in this time.")
    time_off = appointments.add_time_off(
        db=db, staff_id=body.staff_id, starts_at=starts_at, ends_at=ends_at, reason=body.reason
    )
    staff.audit(db=db, member=admin, action="time_off_added", target=f"time_off:{time_off.id}")
    if body.bookings == "cancel":
        # After the leave is recorded: the freed times are then no longer bookable, so none goes to the waiting list.
        for appointment in affected:
            changes.cancel(db=db, appointment=appointment, by_staff=True)
            staff.audit(
                db=db, member=admin, action="appointment_cancelled", target=f"appointment:{appointment.reference}"
            )
    return TimeOffOut(
        id=time_off.id,
        staff_id=time_off.staff_id,
        starts_at=time_off.starts_at,
        ends_at=time_off.ends_at,
        reason=time_off.reason,
    )


@router.get("/api/time-off", response_model=list[TimeOffOut], summary="Leave and closures (staff)")
def list_time_off(member: Staff, db: Db) -> list[TimeOffOut]:
    """Leave and closures that have not ended."""
    return [
        TimeOffOut(id=t.id, staff_id=t.staff_id, starts_at=t.starts_at, ends_at=t.ends_at, reason=t.reason)
        for t in appointments.list_time_off(db=db, after=dt.datetime.now(dt.UTC))
    ]


@router.delete("/api/time-off/{time_off_id}", status_code=204, summary="Remove leave or a closure (admin)")
def delete_time_off(time_off_id: int, admin: Admin, db: Db) -> Response:
    """Remove recorded leave or a closure."""
    if not appointments.delete_time_off(db=db, time_off_id=time_off_id):
        raise ApiError(404, "time_off_not_found", "No such leave or closure.")
    staff.audit(db=db, member=admin, action="time_off_removed", target=f"time_off:{time_off_id}")
    return Response(status_code=204)
