"""The front desk: checking in for an appointment, walk-in tickets, and the events staff watch live."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, AppointmentStatus, DeskEvent, WalkIn, WalkInStatus
from kiosk_api.centre.service import ATHENS
from kiosk_api.records import service as records

# Why a walk-in came: one of the centre's services (those an administrator adds too), or one of these.
GENERAL_REASONS = ("information", "other")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def today(now: dt.datetime | None = None) -> dt.date:
    """Today in Athens."""
    return (now or _now()).astimezone(ATHENS).date()


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=ATHENS)
    return start.astimezone(dt.UTC), (start + dt.timedelta(days=1)).astimezone(dt.UTC)


def check_in(*, db: Session, reference: str, now: dt.datetime | None = None) -> Appointment:
    """Mark today's appointment with this reference as arrived, log the visit, and tell the caseworker."""
    code = appointments.find_reference(reference)
    appointment = appointments.get_by_reference(db=db, reference=code) if code else None
    if appointment is None:
        raise appointments.BookingError("unknown_reference")
    start, end = _day_bounds(today(now))
    if not start <= appointment.starts_at < end:
        raise appointments.BookingError("not_today")
    if appointment.status == AppointmentStatus.arrived:
        return appointment  # pressed twice: nothing more to do
    if appointment.status != AppointmentStatus.booked:
        raise appointments.BookingError("not_booked")
    record_arrival(db=db, appointment=appointment)
    return appointment


def record_arrival(*, db: Session, appointment: Appointment) -> None:
    """The citizen came (checked in at the kiosk, or marked at the desk): one visit in the log, and the caseworker
    told at once. Marking it again counts nothing more."""
    if appointment.status == AppointmentStatus.arrived:
        return
    appointments.mark(db=db, appointment=appointment, status=AppointmentStatus.arrived)
    records.log_visit(
        db=db,
        kind="appointment",
        reason=appointment.service_id,
        language=appointment.language,
        channel=appointment.channel,
        person_key=appointments.person_key(appointment.phone),
    )
    db.add(DeskEvent(kind="arrived", appointment_id=appointment.id, staff_id=appointment.staff_id))
    db.commit()


def is_reason(*, db: Session, reason: str) -> bool:
    """Whether a walk-in can give this reason: a service of the centre, or a general one."""
    return reason in GENERAL_REASONS or appointments.get_service(db=db, service_id=reason) is not None


def take_ticket(*, db: Session, reason: str, language: str, channel: str, now: dt.datetime | None = None) -> WalkIn:
    """Give a numbered ticket for today's walk-in queue (numbers start at 1 each day and never repeat)."""
    day = today(now)
    while True:
        number = (db.scalar(select(func.max(WalkIn.number)).where(WalkIn.day == day)) or 0) + 1
        ticket = WalkIn(
            day=day, number=number, reason=reason, language=language, channel=channel, status=WalkInStatus.waiting
        )
        db.add(ticket)
        try:
            db.flush()
        except IntegrityError:
            db.rollback()  # another ticket took the number at the same moment; take the next one
            continue
        db.add(DeskEvent(kind="walk_in", walk_in_id=ticket.id))
        db.commit()
        return ticket


def waiting_before(*, db: Session, ticket: WalkIn) -> int:
    """How many walk-ins of the day are ahead of a ticket."""
    return db.scalar(
        select(func.count())
        .select_from(WalkIn)
        .where(WalkIn.day == ticket.day, WalkIn.status == WalkInStatus.waiting, WalkIn.number < ticket.number)
    )


def call_next(*, db: Session, staff_id: int, now: dt.datetime | None = None) -> WalkIn | None:
    """Call the next waiting walk-in of the day; of two staff calling at once, each gets a different person."""
    day = today(now)
    while True:
        ticket = db.scalar(
            select(WalkIn)
            .where(WalkIn.day == day, WalkIn.status == WalkInStatus.waiting)
            .order_by(WalkIn.number)
            .limit(1)
        )
        if ticket is None:
            return None
        called = db.execute(
            update(WalkIn)
            .where(WalkIn.id == ticket.id, WalkIn.status == WalkInStatus.waiting)
            .values(status=WalkInStatus.called, called_at=_now(), called_by=staff_id)
        ).rowcount
        if called:
            db.add(DeskEvent(kind="called", walk_in_id=ticket.id, staff_id=staff_id))
            # A visit is a person served: counted when called, not when the ticket was taken.
            records.log_visit(
                db=db,
                kind="walk_in",
                reason=ticket.reason,
                language=ticket.language,
                channel=ticket.channel,
                commit=False,
            )
            db.commit()
            db.refresh(ticket)
            return ticket
        db.rollback()


def not_here(*, db: Session, day: dt.date, number: int) -> WalkIn | None:
    """The person of a ticket is not there (left before or when called): the ticket is marked so, and a call that
    counted them as a visit no longer does. None if the day has no such ticket."""
    ticket = db.scalar(select(WalkIn).where(WalkIn.day == day, WalkIn.number == number))
    if ticket is None:
        return None
    if ticket.status == WalkInStatus.called:
        records.remove_visit(
            db=db, day=day, kind="walk_in", reason=ticket.reason, language=ticket.language, channel=ticket.channel
        )
    ticket.status = WalkInStatus.left
    db.add(DeskEvent(kind="left", walk_in_id=ticket.id))
    db.commit()
    return ticket


def day_board(*, db: Session, day: dt.date) -> tuple[list[Appointment], list[WalkIn]]:
    """The day's appointments and walk-in tickets, in order."""
    start, end = _day_bounds(day)
    return (
        appointments.list_appointments(db=db, start=start, end=end),
        list(db.scalars(select(WalkIn).where(WalkIn.day == day).order_by(WalkIn.number))),
    )


def events_after(*, db: Session, after: int, limit: int = 100) -> list[DeskEvent]:
    """Return the desk events after an event id, oldest first."""
    return list(db.scalars(select(DeskEvent).where(DeskEvent.id > after).order_by(DeskEvent.id).limit(limit)))


def last_event_id(*, db: Session) -> int:
    """The newest desk event's id (0 if none)."""
    return db.scalar(select(func.max(DeskEvent.id))) or 0
