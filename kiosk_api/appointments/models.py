"""Tables of the appointments domain. Times are stored in UTC and shown in Europe/Athens."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base, UtcDateTime


class Service(Base):
    """Something the centre offers by appointment, with its length, the pause after it, and its names."""

    __tablename__ = "services"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=0)
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceProvider(Base):
    """A staff member who provides a service."""

    __tablename__ = "service_providers"

    service_id: Mapped[str] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), primary_key=True)


class WorkingHours(Base):
    """A span of a staff member's usual week, in Athens time (several per day are allowed)."""

    __tablename__ = "working_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)


class Break(Base):
    """A pause in a staff member's usual week, in Athens time."""

    __tablename__ = "breaks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    start: Mapped[dt.time] = mapped_column(Time)
    end: Mapped[dt.time] = mapped_column(Time)


class TimeOff(Base):
    """Leave of one staff member, or (with no staff member) a closure of the whole centre."""

    __tablename__ = "time_off"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", ondelete="CASCADE"), nullable=True, index=True
    )
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")


class AppointmentStatus(enum.StrEnum):
    """Where an appointment stands. `offered` holds a slot for the first person on the waiting list for a while."""

    offered = "offered"
    booked = "booked"
    arrived = "arrived"
    no_show = "no_show"
    cancelled = "cancelled"
    expired = "expired"


# The statuses that occupy the slot.
HOLDING = (AppointmentStatus.offered, AppointmentStatus.booked, AppointmentStatus.arrived, AppointmentStatus.no_show)


class Appointment(Base):
    """A booked slot with one staff member, in the citizen's language, from a channel."""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    # The secret in the appointment's own links (its .ics, its QR code), so a reference alone opens nothing.
    access_key: Mapped[str] = mapped_column(String(43))
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    status: Mapped[AppointmentStatus] = mapped_column(Enum(AppointmentStatus, native_enum=False, length=20), index=True)
    # Stored only with the citizen's consent.
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(20))
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    # What the citizen told the assistant that the caseworker should see (estimator answers, say).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
    reminder_sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    offer_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    arrived_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class SlotUnit(Base):
    """Five minutes of a staff member's time taken by an appointment. The primary key is what makes double booking
    impossible: two appointments that overlap by a single unit cannot both be written, whatever the timing."""

    __tablename__ = "slot_units"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), primary_key=True)
    unit: Mapped[int] = mapped_column(Integer, primary_key=True)  # minutes since the epoch / 5
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), index=True)


class WaitingStatus(enum.StrEnum):
    """Where a place on the waiting list stands."""

    waiting = "waiting"
    offered = "offered"
    booked = "booked"
    left = "left"


class WaitingEntry(Base):
    """A place on a service's waiting list, taken when nothing was free within the booking horizon."""

    __tablename__ = "waiting_list"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("services.id"), index=True)
    status: Mapped[WaitingStatus] = mapped_column(Enum(WaitingStatus, native_enum=False, length=20), index=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, index=True
    )
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(20))
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    offered_appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class WalkInStatus(enum.StrEnum):
    """Where a walk-in ticket stands."""

    waiting = "waiting"
    called = "called"
    left = "left"


class WalkIn(Base):
    """A numbered ticket in today's walk-in queue."""

    __tablename__ = "walk_ins"
    __table_args__ = (UniqueConstraint("day", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    number: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[WalkInStatus] = mapped_column(Enum(WalkInStatus, native_enum=False, length=20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
    called_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    called_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)


class DeskEvent(Base):
    """Something the front desk should see at once (an arrival, a new walk-in), streamed to staff."""

    __tablename__ = "desk_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"), nullable=True)
    walk_in_id: Mapped[int | None] = mapped_column(ForeignKey("walk_ins.id", ondelete="CASCADE"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class CalendarFeed(Base):
    """The secret address of a staff member's calendar feed (only its hash is kept; a new one replaces it)."""

    __tablename__ = "calendar_feeds"

    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
