"""What the appointment routes take and give, for every audience."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kiosk_api.appointments import desk
from kiosk_api.appointments.models import Appointment, WalkIn
from kiosk_api.appointments.slots import Slot
from kiosk_api.centre.service import ATHENS
from kiosk_api.channel_registry import CHANNELS
from kiosk_api.deps import Language
from kiosk_api.errors import ApiError
from kiosk_api.estimates.schemas import HouseholdAnswers
from kiosk_api.i18n import Translator, day_and_time, full_date

Channel = Literal[tuple(CHANNELS)]  # type: ignore[valid-type]


def aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ApiError(422, "time_zone_required", "Give times with a time zone offset, e.g. 2026-11-25T09:00+02:00.")
    return moment


class ServiceOut(BaseModel):
    """A service offered by appointment."""

    id: str
    duration_minutes: int
    buffer_minutes: int
    names: dict[str, str]
    active: bool
    staff_ids: list[int]
    staff_without_hours: list[int] = Field(
        default_factory=list, description="Providers with no working hours: nobody can book them until they have"
    )


class ServiceIn(BaseModel):
    """A service as an admin sets it."""

    duration_minutes: int = Field(ge=5, le=480)
    buffer_minutes: int = Field(ge=0, le=120)
    names: dict[Language, str]
    active: bool = True
    staff_ids: list[int] = Field(default_factory=list)


class SlotOut(BaseModel):
    """A free time and who would see the citizen; with `language`, also its day and time written in it."""

    starts_at: dt.datetime
    staff_id: int
    day_label: str | None = None
    time_label: str | None = None

    @classmethod
    def of(cls, slot: Slot, language: str | None = None, *, now: dt.datetime | None = None) -> SlotOut:
        if language is None:
            return cls(starts_at=slot.starts_at, staff_id=slot.staff_id)
        local = slot.starts_at.astimezone(ATHENS)
        return cls(
            starts_at=slot.starts_at,
            staff_id=slot.staff_id,
            day_label=day_label(local.date(), language, desk.today(now)),
            time_label=f"{local:%H:%M}",
        )


def day_label(day: dt.date, language: str, today: dt.date) -> str:
    """A day to choose, with "today" or "tomorrow" before the date when it is one: the date alone makes a person
    work out which day that is."""
    _ = Translator(language).gettext
    date = full_date(day, language)
    if day == today:
        return _("Today, {date}").format(date=date)
    if day == today + dt.timedelta(days=1):
        return _("Tomorrow, {date}").format(date=date)
    return date


class BookingRequest(BaseModel):
    """A slot to book, and (with consent) who for."""

    service: str = Field(max_length=40)
    starts_at: dt.datetime
    staff_id: int
    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    consent: bool = False
    # The estimate's answers, for the caseworker who helps with the application; kept only with consent.
    estimate: HouseholdAnswers | None = None


class CitizenChange(BaseModel):
    """Proof that it is the citizen's appointment: the phone number it was booked with."""

    phone: str = Field(max_length=40)


class MoveRequest(BaseModel):
    """The new time."""

    starts_at: dt.datetime
    staff_id: int


class CitizenMove(CitizenChange, MoveRequest):
    """A move asked for by the citizen."""


class AppointmentOut(BaseModel):
    """An appointment as the citizen sees it."""

    reference: str
    service: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    language: str
    when: str = Field(description="The start, written the way the appointment's language writes it (Athens time)")
    calendar_url: str

    @classmethod
    def of(cls, appointment: Appointment) -> AppointmentOut:
        return cls(
            reference=appointment.reference,
            service=appointment.service_id,
            starts_at=appointment.starts_at,
            ends_at=appointment.ends_at,
            status=appointment.status.value,
            language=appointment.language,
            when=day_and_time(appointment.starts_at.astimezone(ATHENS), appointment.language),
            calendar_url=f"/api/appointments/{appointment.reference}/calendar.ics?key={appointment.access_key}",
        )


class StaffAppointment(AppointmentOut):
    """An appointment as staff see it: with who booked it (if they consented) and what they told the assistant."""

    staff_id: int
    name: str | None
    phone: str | None
    channel: str
    details: dict
    can_be_told: bool = Field(description="Booked in a conversation that still exists, so the hub can tell the citizen")

    @classmethod
    def of(cls, appointment: Appointment) -> StaffAppointment:
        return cls(
            **AppointmentOut.of(appointment).model_dump(),
            staff_id=appointment.staff_id,
            name=appointment.name,
            phone=appointment.phone,
            channel=appointment.channel,
            details=appointment.details,
            can_be_told=appointment.conversation_id is not None,
        )


class Booked(BaseModel):
    """A booking's outcome: the appointment, or why not and the times free now."""

    appointment: AppointmentOut


class WaitingRequest(BaseModel):
    """A place on a service's waiting list."""

    service: str = Field(max_length=40)
    name: str | None = Field(default=None, min_length=1, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    consent: bool = False


class WaitingPlace(BaseModel):
    """Where the citizen stands on the waiting list."""

    service: str
    position: int


class OfferAnswer(BaseModel):
    """Yes or no to a time offered from the waiting list."""

    accept: bool


class CheckIn(BaseModel):
    """The reference on the citizen's ticket or phone."""

    reference: str = Field(min_length=1, max_length=40)


class TicketRequest(BaseModel):
    """Why the walk-in came, in which language, at which channel."""

    # A service's id, "information" or "other" (checked against the centre's services when the ticket is taken).
    reason: str = Field(default="other", pattern=r"^[a-z][a-z0-9_]{1,39}$")
    language: Language
    channel: Channel = "kiosk"


class TicketOut(BaseModel):
    """A walk-in ticket."""

    number: int
    day: dt.date
    reason: str
    language: str
    status: str
    waiting_before: int
    taken_at: dt.datetime
    called_at: dt.datetime | None = None
    called_by: int | None = Field(default=None, description="The staff member who called the ticket")

    @classmethod
    def of(cls, db: Session, ticket: WalkIn) -> TicketOut:
        return cls(
            number=ticket.number,
            day=ticket.day,
            reason=ticket.reason,
            language=ticket.language,
            status=ticket.status.value,
            waiting_before=desk.waiting_before(db=db, ticket=ticket),
            taken_at=ticket.created_at,
            called_at=ticket.called_at,
            called_by=ticket.called_by,
        )


class DayBoard(BaseModel):
    """A day at the front desk."""

    day: dt.date
    appointments: list[StaffAppointment]
    walk_ins: list[TicketOut]


class Span(BaseModel):
    """A span of a week day, Athens time."""

    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: dt.time
    end: dt.time


class WorkingPlan(BaseModel):
    """A staff member's usual week."""

    hours: list[Span]
    breaks: list[Span] = Field(default_factory=list)


class TimeOffIn(BaseModel):
    """Leave of one staff member, or a closure of the centre (no staff_id)."""

    staff_id: int | None = None
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str = Field(default="", max_length=200)


class NewTimeOff(TimeOffIn):
    """Leave or a closure to record, and what to do with the appointments booked in it."""

    bookings: Literal["cancel", "keep"] | None = Field(
        default=None,
        description="cancel: cancel them and tell each citizen in their conversation; keep: leave them to be moved "
        "by hand. Without it, a leave or closure over booked appointments is refused (409 bookings_in_the_way).",
    )


class TimeOffOut(TimeOffIn):
    """Recorded leave or closure."""

    id: int


class AffectedBooking(StaffAppointment):
    """An appointment a leave or closure would leave without a caseworker."""


class NewStaffBooking(BookingRequest):
    """A booking made at the desk or on the phone for a citizen."""

    language: Language = "el"
    channel: Channel = "desk"


class FeedOut(BaseModel):
    """The secret address of one's calendar feed (shown once)."""

    url: str


class PhoneCheck(BaseModel):
    """A phone number as typed."""

    text: str = Field(max_length=100)


class PhoneChecked(BaseModel):
    """The number in E.164 form, or null when it is not a valid number."""

    phone: str | None


class InternalBooking(BookingRequest):
    """The booking form's answers."""

    conversation_id: str = Field(max_length=36)


class InternalWaiting(WaitingRequest):
    """The booking form's answers when nothing was free."""

    conversation_id: str = Field(max_length=36)


class InternalLookup(BaseModel):
    """A reference and a phone number, as typed, and the conversation asking (which needs no phone for an
    appointment it booked)."""

    reference: str = Field(max_length=40)
    phone: str = Field(default="", max_length=40)
    conversation_id: str | None = Field(default=None, max_length=64)


class InternalMove(InternalLookup, MoveRequest):
    """A move asked for in the conversation."""
