"""Appointment routes: services and free times (anyone), booking and changes (the citizen, with their conversation's
token or their reference and phone), the front desk and scheduling (staff), and the bot's internal routes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kiosk_api.appointments import calendars, desk, waiting
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, AppointmentStatus, WalkIn
from kiosk_api.appointments.slots import Slot
from kiosk_api.centre import service as centre
from kiosk_api.centre.service import ATHENS
from kiosk_api.conversations.models import Conversation
from kiosk_api.deps import Admin, Db, Internal, Language, Own, Staff
from kiosk_api.errors import ApiError
from kiosk_api.estimates.views import HouseholdAnswers
from kiosk_api.handoff import service as handoffs
from kiosk_api.i18n import Translator, day_and_time, full_date
from kiosk_api.staff import service as staff
from kiosk_api.streams import EVENT_STREAM, Event, event_stream

router = APIRouter(tags=["appointments"])
Channel = Literal["kiosk", "telegram", "web", "phone", "desk"]


def _aware(moment: dt.datetime) -> dt.datetime:
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
            day_label=_day_label(local.date(), language, desk.today(now)),
            time_label=f"{local:%H:%M}",
        )


def _day_label(day: dt.date, language: str, today: dt.date) -> str:
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

    @classmethod
    def of(cls, appointment: Appointment) -> StaffAppointment:
        return cls(
            **AppointmentOut.of(appointment).model_dump(),
            staff_id=appointment.staff_id,
            name=appointment.name,
            phone=appointment.phone,
            channel=appointment.channel,
            details=appointment.details,
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

    reason: desk.WalkInReason = "other"
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

    can_be_told: bool = Field(description="Booked in a conversation, so the hub can tell the citizen there")

    @classmethod
    def of(cls, appointment: Appointment) -> AffectedBooking:
        return cls(**StaffAppointment.of(appointment).model_dump(), can_be_told=appointment.conversation_id is not None)


class NewStaffBooking(BookingRequest):
    """A booking made at the desk or on the phone for a citizen."""

    language: Language = "el"
    channel: Channel = "desk"


class FeedOut(BaseModel):
    """The secret address of one's calendar feed (shown once)."""

    url: str


def _service_out(db: Session, service_id: str) -> ServiceOut:
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


def _by_reference(db: Session, reference: str) -> Appointment:
    appointment = appointments.get_by_reference(db=db, reference=reference.upper())
    if appointment is None:
        raise ApiError(404, "unknown_reference", "No appointment with this reference.")
    return appointment


def _citizens(db: Session, reference: str, phone: str) -> Appointment:
    appointment = appointments.find_for_citizen(db=db, reference=reference, phone=phone)
    if appointment is None:
        raise ApiError(404, "unknown_reference", "No appointment with this reference and phone number.")
    return appointment


def _book(
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
        starts_at=_aware(body.starts_at),
        language=language,
        channel=channel,
        conversation_id=conversation_id,
        name=body.name,
        phone=body.phone,
        consent=body.consent,
        details={"estimate": body.estimate.details()} if body.estimate and body.consent else None,
    )


def _join_waiting_list(db: Session, body: WaitingRequest, conversation: Conversation) -> WaitingPlace:
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


# Anyone


@router.get("/api/services", response_model=list[ServiceOut], summary="Services offered by appointment")
def list_services(db: Db) -> list[ServiceOut]:
    """The active services, with their names in every language."""
    return [_service_out(db, service.id) for service in appointments.list_services(db=db)]


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
    return _free_times(db, service, after=after, limit=limit, language=language, staff_id=staff_id)


def _free_times(
    db: Session,
    service_id: str,
    *,
    after: dt.datetime | None,
    limit: int,
    language: Language | None = None,
    staff_id: int | None = None,
) -> list[SlotOut]:
    found = appointments.get_service(db=db, service_id=service_id)
    if found is None or not found.active:
        raise ApiError(404, "unknown_service", "No such service.")
    slots = appointments.next_slots(
        db=db, service=found, after=_aware(after) if after else None, limit=limit, staff_id=staff_id
    )
    return [SlotOut.of(slot, language) for slot in slots]


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


class PhoneCheck(BaseModel):
    """A phone number as typed."""

    text: str = Field(max_length=100)


class PhoneChecked(BaseModel):
    """The number in E.164 form, or null when it is not a valid number."""

    phone: str | None


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
    ticket = desk.take_ticket(db=db, reason=body.reason, language=body.language, channel=body.channel)
    return TicketOut.of(db, ticket)


# The citizen


@router.post(
    "/api/conversations/{conversation_id}/appointments",
    response_model=Booked,
    status_code=201,
    summary="Book an appointment (citizen)",
)
def book(body: BookingRequest, conversation: Own, db: Db) -> Booked:
    """Book a free time for the conversation's citizen; 409 `slot_taken` when someone was quicker."""
    appointment = _book(
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
    appointments.cancel(db=db, appointment=appointment, by_staff=False)
    return AppointmentOut.of(appointment)


@router.post(
    "/api/conversations/{conversation_id}/waiting-list",
    response_model=WaitingPlace,
    status_code=201,
    summary="Join a service's waiting list (citizen)",
)
def join_waiting_list(body: WaitingRequest, conversation: Own, db: Db) -> WaitingPlace:
    """Wait for a time to become free; the first one is offered here, in the conversation."""
    return _join_waiting_list(db, body, conversation)


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
    appointment = _citizens(db, reference, body.phone)
    appointments.cancel(db=db, appointment=appointment, by_staff=False)
    return AppointmentOut.of(appointment)


@router.post("/api/appointments/{reference}/move", response_model=AppointmentOut, summary="Reschedule (citizen)")
def move_by_citizen(reference: str, body: CitizenMove, db: Db) -> AppointmentOut:
    """Move to another free time, with the reference and the phone number it was booked with."""
    appointment = _citizens(db, reference, body.phone)
    appointments.move(
        db=db, appointment=appointment, staff_id=body.staff_id, starts_at=_aware(body.starts_at), by_staff=False
    )
    return AppointmentOut.of(appointment)


# Staff


@router.get("/api/desk/appointments", response_model=list[StaffAppointment], summary="Appointments (staff)")
def staff_appointments(
    member: Staff, db: Db, start: dt.datetime, end: dt.datetime, staff_id: int | None = None
) -> list[StaffAppointment]:
    """Appointments starting within [start, end), optionally one staff member's; the read is audited."""
    staff.audit(db=db, member=member, action="appointments_read", target=f"staff:{staff_id or 'all'}")
    found = appointments.list_appointments(db=db, start=_aware(start), end=_aware(end), staff_id=staff_id)
    return [StaffAppointment.of(appointment) for appointment in found]


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
    appointment = _book(db, body, language=body.language, channel=body.channel)
    staff.audit(db=db, member=member, action="appointment_booked", target=f"appointment:{appointment.reference}")
    return StaffAppointment.of(appointment)


@router.post(
    "/api/desk/appointments/{reference}/move", response_model=StaffAppointment, summary="Move an appointment (staff)"
)
def staff_move(reference: str, body: MoveRequest, member: Staff, db: Db) -> StaffAppointment:
    """Move to another free time; the citizen is told in the conversation they booked from."""
    appointment = _by_reference(db, reference)
    appointments.move(
        db=db, appointment=appointment, staff_id=body.staff_id, starts_at=_aware(body.starts_at), by_staff=True
    )
    staff.audit(db=db, member=member, action="appointment_moved", target=f"appointment:{reference}")
    return StaffAppointment.of(appointment)


@router.post(
    "/api/desk/appointments/{reference}/cancel",
    response_model=StaffAppointment,
    summary="Cancel an appointment (staff)",
)
def staff_cancel(reference: str, member: Staff, db: Db) -> StaffAppointment:
    """Cancel; the citizen is told, and the time goes to the waiting list."""
    appointment = _by_reference(db, reference)
    appointments.cancel(db=db, appointment=appointment, by_staff=True)
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
    appointment = _by_reference(db, reference)
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


# Admins


@router.put("/api/services/{service_id}", response_model=ServiceOut, summary="Create or change a service (admin)")
def save_service(
    service_id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")], body: ServiceIn, admin: Admin, db: Db
) -> ServiceOut:
    """Set a service's length, pause, names (all four languages) and providers."""
    if set(body.names) != {"el", "en", "ar", "rom"}:
        raise ApiError(422, "names_required", "Give the service's name in el, en, ar and rom.")
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
    return _service_out(db, service_id)


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
        db=db, staff_id=staff_id, starts_at=_aware(starts_at), ends_at=_aware(ends_at)
    )
    return [AffectedBooking.of(appointment) for appointment in affected]


@router.post("/api/time-off", response_model=TimeOffOut, status_code=201, summary="Leave or a closure (admin)")
def add_time_off(body: NewTimeOff, admin: Admin, db: Db) -> TimeOffOut:
    """Record leave of one staff member, or (without staff_id) a closure of the centre. Appointments booked in it
    are never left silently: the administrator chooses to cancel them (each citizen is told in their conversation)
    or to keep them and move them by hand."""
    starts_at, ends_at = _aware(body.starts_at), _aware(body.ends_at)
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
            appointments.cancel(db=db, appointment=appointment, by_staff=True)
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


# The bot (internal)


class InternalBooking(BookingRequest):
    """The booking form's answers."""

    conversation_id: str = Field(max_length=36)


class InternalWaiting(WaitingRequest):
    """The booking form's answers when nothing was free."""

    conversation_id: str = Field(max_length=36)


class InternalLookup(BaseModel):
    """A reference and a phone number, as typed."""

    reference: str = Field(max_length=40)
    phone: str = Field(max_length=40)


class InternalMove(InternalLookup, MoveRequest):
    """A move asked for in the conversation."""


internal = APIRouter(prefix="/api/internal", include_in_schema=False, dependencies=[Internal])


def _conversation(db: Session, conversation_id: str) -> Conversation:
    conversation = db.get(Conversation, conversation_id)
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "Not a hub conversation.")
    return conversation


@internal.get("/services", response_model=list[ServiceOut])
def internal_services(db: Db) -> list[ServiceOut]:
    """The services the booking form offers."""
    return [_service_out(db, service.id) for service in appointments.list_services(db=db)]


@internal.get("/slots", response_model=list[SlotOut])
def internal_slots(
    db: Db, service: str, after: dt.datetime | None = None, limit: Annotated[int, Query(ge=1, le=12)] = 4
) -> list[SlotOut]:
    """The next free times for the booking form."""
    return _free_times(db, service, after=after, limit=limit)


@internal.post("/phones", response_model=PhoneChecked)
def internal_phone(body: PhoneCheck) -> PhoneChecked:
    """Check a phone number the citizen typed."""
    return PhoneChecked(phone=appointments.normalise_phone(body.text))


@internal.post("/appointments", response_model=AppointmentOut, status_code=201)
def internal_book(body: InternalBooking, db: Db) -> AppointmentOut:
    """Book from the booking form."""
    conversation = _conversation(db, body.conversation_id)
    appointment = _book(
        db,
        body,
        language=conversation.language,
        channel=conversation.channel,
        conversation_id=conversation.id,
    )
    return AppointmentOut.of(appointment)


@internal.post("/waiting-list", response_model=WaitingPlace, status_code=201)
def internal_waiting(body: InternalWaiting, db: Db) -> WaitingPlace:
    """Join the waiting list from the booking form."""
    return _join_waiting_list(db, body, _conversation(db, body.conversation_id))


@internal.post("/appointments/lookup", response_model=AppointmentOut)
def internal_lookup(body: InternalLookup, db: Db) -> AppointmentOut:
    """Find the citizen's appointment by reference and phone."""
    return AppointmentOut.of(_citizens(db, body.reference, body.phone))


@internal.post("/appointments/cancel", response_model=AppointmentOut)
def internal_cancel(body: InternalLookup, db: Db) -> AppointmentOut:
    """Cancel from the conversation."""
    appointment = _citizens(db, body.reference, body.phone)
    appointments.cancel(db=db, appointment=appointment, by_staff=False)
    return AppointmentOut.of(appointment)


@internal.post("/appointments/move", response_model=AppointmentOut)
def internal_move(body: InternalMove, db: Db) -> AppointmentOut:
    """Move from the conversation."""
    appointment = _citizens(db, body.reference, body.phone)
    appointments.move(
        db=db, appointment=appointment, staff_id=body.staff_id, starts_at=_aware(body.starts_at), by_staff=False
    )
    return AppointmentOut.of(appointment)


@internal.post("/check-in", response_model=AppointmentOut)
def internal_check_in(body: CheckIn, db: Db) -> AppointmentOut:
    """Check in from the conversation."""
    return AppointmentOut.of(desk.check_in(db=db, reference=body.reference))
