"""Changes to an appointment that free time: the freed time is offered at once to the first person waiting for the
service."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments import waiting
from kiosk_api.appointments.models import Appointment


def cancel(*, db: Session, appointment: Appointment, by_staff: bool) -> None:
    """Cancel an appointment (telling the citizen when staff cancelled it), and offer its time to the waiting list."""
    appointments.cancel(db=db, appointment=appointment, by_staff=by_staff)
    waiting.offer_freed_slot(
        db=db, service_id=appointment.service_id, staff_id=appointment.staff_id, starts_at=appointment.starts_at
    )


def move(
    *,
    db: Session,
    appointment: Appointment,
    staff_id: int,
    starts_at: dt.datetime,
    by_staff: bool,
    now: dt.datetime | None = None,
) -> None:
    """Move an appointment to another slot (telling the citizen when staff moved it), and offer the time it left to
    the waiting list."""
    left_staff, left_start = appointment.staff_id, appointment.starts_at
    appointments.move(
        db=db, appointment=appointment, staff_id=staff_id, starts_at=starts_at, by_staff=by_staff, now=now
    )
    waiting.offer_freed_slot(db=db, service_id=appointment.service_id, staff_id=left_staff, starts_at=left_start)
