"""Free slots, computed from the staff's working plans, their breaks and leave, the centre's closures, Greek public
holidays, the appointments already held, the minimum notice and the booking horizon. Plans are in Athens time (so
daylight saving is followed); everything else is in UTC."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk_api.appointments.models import Break, Service, ServiceProvider, SlotUnit, TimeOff, WorkingHours
from kiosk_api.centre.service import ATHENS, is_public_holiday
from kiosk_api.config import get_settings
from kiosk_api.staff.models import StaffMember

UNIT_MINUTES = 5
Span = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True, order=True)
class Slot:
    """A time one staff member can take an appointment for a service."""

    starts_at: dt.datetime
    staff_id: int


def units(start: dt.datetime, minutes: int) -> range:
    """The five-minute units a span occupies (minutes since the epoch / 5)."""
    first = int(start.timestamp()) // (UNIT_MINUTES * 60)
    return range(first, first + -(-minutes // UNIT_MINUTES))


def _minus(spans: list[Span], cuts: Iterable[Span]) -> list[Span]:
    """Remove the cut spans from the spans."""
    for cut_start, cut_end in cuts:
        remaining = []
        for start, end in spans:
            if cut_end <= start or cut_start >= end:
                remaining.append((start, end))
                continue
            if start < cut_start:
                remaining.append((start, cut_start))
            if cut_end < end:
                remaining.append((cut_end, end))
        spans = remaining
    return spans


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=ATHENS).astimezone(dt.UTC)


def bookable_window(now: dt.datetime) -> Span:
    """From the minimum notice to the booking horizon."""
    settings = get_settings()
    return now + dt.timedelta(hours=settings.booking_notice_hours), now + dt.timedelta(
        days=settings.booking_horizon_days
    )


def free_slots(
    *,
    db: Session,
    service: Service,
    start: dt.datetime,
    end: dt.datetime,
    staff_id: int | None = None,
    ignore: int | None = None,
) -> list[Slot]:
    """Every free slot for a service starting within [start, end), earliest first (all providers, or one); the
    appointment `ignore` (one being moved) does not count as taking its own time."""
    providers = list(
        db.scalars(
            select(ServiceProvider.staff_id)
            .join(StaffMember, StaffMember.id == ServiceProvider.staff_id)
            .where(ServiceProvider.service_id == service.id, StaffMember.active.is_(True))
        )
    )
    if staff_id is not None:
        providers = [provider for provider in providers if provider == staff_id]
    if not providers:
        return []
    hours: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(lambda: defaultdict(list))
    for row in db.scalars(select(WorkingHours).where(WorkingHours.staff_id.in_(providers))):
        hours[row.staff_id][row.weekday].append((row.start, row.end))
    pauses: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(lambda: defaultdict(list))
    for row in db.scalars(select(Break).where(Break.staff_id.in_(providers))):
        pauses[row.staff_id][row.weekday].append((row.start, row.end))
    absences: dict[int | None, list[Span]] = defaultdict(list)
    for row in db.scalars(
        select(TimeOff).where(
            or_(TimeOff.staff_id.in_(providers), TimeOff.staff_id.is_(None)),
            TimeOff.starts_at < end + dt.timedelta(days=1),
            TimeOff.ends_at > start - dt.timedelta(days=1),
        )
    ):
        absences[row.staff_id].append((row.starts_at, row.ends_at))
    taken: dict[int, set[int]] = defaultdict(set)
    window = units(start - dt.timedelta(days=1), int((end - start).total_seconds()) // 60 + 2 * 24 * 60)
    for provider, unit in db.execute(
        select(SlotUnit.staff_id, SlotUnit.unit).where(
            SlotUnit.staff_id.in_(providers),
            SlotUnit.unit >= window.start,
            SlotUnit.unit < window.stop,
            SlotUnit.appointment_id != (ignore or 0),
        )
    ):
        taken[provider].add(unit)

    step = dt.timedelta(minutes=service.duration_minutes + service.buffer_minutes)
    length = dt.timedelta(minutes=service.duration_minutes)
    slots = []
    first_day, last_day = start.astimezone(ATHENS).date(), end.astimezone(ATHENS).date()
    for offset in range((last_day - first_day).days + 1):
        day = first_day + dt.timedelta(days=offset)
        if is_public_holiday(day):
            continue
        for provider in providers:
            spans = [(_local(day, a), _local(day, b)) for a, b in hours[provider].get(day.weekday(), [])]
            breaks = [(_local(day, a), _local(day, b)) for a, b in pauses[provider].get(day.weekday(), [])]
            spans = _minus(spans, breaks)
            spans = _minus(spans, absences[provider] + absences[None])
            for span_start, span_end in spans:
                moment = span_start
                while moment + length <= span_end:
                    if start <= moment < end and not taken[provider].intersection(
                        units(moment, int(step.total_seconds()) // 60)
                    ):
                        slots.append(Slot(moment, provider))
                    moment += step
    return sorted(slots)


def first_per_time(slots: list[Slot]) -> list[Slot]:
    """One slot per starting time (the citizen chooses a time, not a person): the provider with the most free slots
    in the list wins, which spreads the work."""
    by_time: dict[dt.datetime, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_time[slot.starts_at].append(slot)
    free_count: dict[int, int] = defaultdict(int)
    for slot in slots:
        free_count[slot.staff_id] += 1
    return [
        max(candidates, key=lambda slot: (free_count[slot.staff_id], -slot.staff_id))
        for _, candidates in sorted(by_time.items())
    ]
