"""Appointment services: the catalogue and working plans, booking (double booking impossible by construction),
finding, moving and cancelling, and telling the citizen of every change in their conversation."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

import phonenumbers
from sqlalchemy import Connection, String, cast, delete, func, insert, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk_api.appointments.models import (
    Appointment,
    AppointmentStatus,
    Break,
    Service,
    ServiceProvider,
    SlotUnit,
    TimeOff,
    WorkingHours,
)
from kiosk_api.appointments.slots import Slot, bookable_window, first_per_time, free_slots, units
from kiosk_api.centre.service import ATHENS, closed_all_day, opening_hours, public_holiday
from kiosk_api.config import get_settings
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation
from kiosk_api.errors import ApiError
from kiosk_api.nlg.booking import CLOSED_DAY, PUBLIC_HOLIDAY, SERVICES
from kiosk_api.tokens import new_token
from knowledge import load_centre
from knowledge.loader import load_services
from multilingual.names import latin_spelling, spelled_alike
from multilingual.normalise import CONSONANTS_MARK, consonants, normalise, normalise_words, sounds
from multilingual.references import find_reference, new_reference

# Each refusal's HTTP status and message for developers (clients show their own text for the code).
BOOKING_ERRORS = {
    "unknown_service": (404, "No such service."),
    "consent_required": (422, "A name or phone number is kept only with the citizen's consent."),
    "invalid_phone": (422, "Not a valid phone number."),
    "outside_booking_window": (422, "That time is too soon or too far ahead to book."),
    "slot_taken": (409, "That time has just been taken."),
    "not_cancellable": (409, "This appointment cannot be cancelled any more."),
    "not_movable": (409, "This appointment cannot be moved any more."),
    "not_markable": (409, "This appointment cannot be marked."),
    "offer_expired": (409, "This offer is no longer held."),
    "unknown_reference": (404, "No appointment with this reference."),
    "not_today": (409, "This appointment is not today."),
    "not_booked": (409, "This appointment is not booked."),
    "length_not_multiple_of_5": (422, "Length plus pause must be a multiple of 5 minutes."),
    "invalid_plan": (422, "Each span needs a weekday 0-6 and must end after it starts."),
    "ends_before_it_starts": (422, "It must end after it starts."),
}


class BookingError(ApiError):
    """A booking, move or cancellation that cannot be done; `code` is stable, for the API and the bot (which answer
    it as JSON like any ApiError)."""

    def __init__(self, code: str) -> None:
        status, message = BOOKING_ERRORS.get(code, (409, code))
        super().__init__(status, code, message)

    def __str__(self) -> str:
        return self.code


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalise_phone(text: str) -> str | None:
    """Return a valid phone number in E.164 form (Greek numbers may omit +30), or None."""
    try:
        number = phonenumbers.parse(text, "GR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def person_key(phone: str | None) -> str | None:
    """A one-way key of a phone number, to recognise a returning person without storing who they are."""
    return hashlib.sha256(phone.encode()).hexdigest() if phone else None


def copy_services_into_a_new_database(connection: Connection) -> None:
    """Give a database without services those of knowledge/services.yaml (run after the migrations), offered only
    where the centre has them (knowledge/centres/: a Roma mediator only where there is one); the rest are kept
    switched off for an administrator to turn on. A database that has services keeps its own: from then on
    administrators change them in the console."""
    if not inspect(connection).has_table(Service.__tablename__):
        return  # migrated only part of the way
    if connection.scalar(select(func.count()).select_from(Service)):
        return
    offered = set(load_centre(get_settings().centre_id).services)
    connection.execute(
        insert(Service),
        [
            {
                "id": service.id,
                "duration_minutes": service.duration_minutes,
                "buffer_minutes": service.buffer_minutes,
                "names": service.names,
                "active": service.id in offered,
            }
            for service in load_services().values()
        ],
    )


def switch_on_every_service(*, db: Session) -> None:
    """Offer every service, those the centre's file does not list too (a test centre, a benchmark's)."""
    db.execute(update(Service).values(active=True))
    db.commit()


def list_services(*, db: Session, active_only: bool = True) -> list[Service]:
    """Return the services, by id."""
    query = select(Service).order_by(Service.id)
    if active_only:
        query = query.where(Service.active.is_(True))
    return list(db.scalars(query))


def with_services(*, db: Session, arguments: dict[str, Any]) -> dict[str, Any]:
    """A booking response's arguments with the centre's services (`nlg.booking.SERVICES`): the message layer names
    a service, or offers them, from its arguments alone."""
    services = {
        service.id: {"names": dict(service.names), "active": service.active}
        for service in list_services(db=db, active_only=False)
    }
    return {**arguments, SERVICES: services}


def with_closed_day(*, db: Session, arguments: dict[str, Any]) -> dict[str, Any]:
    """A time question's arguments with `nlg.booking.CLOSED_DAY` when the day asked for (`day_without_times`) is one
    the centre does not open: a weekend or public holiday (`centre.service.closed_all_day`; the holiday's name in
    `nlg.booking.PUBLIC_HOLIDAY`), or a closure of the whole centre over its opening hours."""
    asked = arguments.get("day_without_times")
    if not asked:
        return arguments
    day = dt.date.fromisoformat(asked)
    closed = closed_all_day(day)
    if not closed:
        opens, shuts = (dt.datetime.combine(day, time, tzinfo=ATHENS) for time in opening_hours(day))
        closure = select(TimeOff.id).where(
            TimeOff.staff_id.is_(None), TimeOff.starts_at <= opens, TimeOff.ends_at >= shuts
        )
        closed = db.scalar(closure.limit(1)) is not None
    return {**arguments, CLOSED_DAY: closed, PUBLIC_HOLIDAY: public_holiday(day)}


def get_service(*, db: Session, service_id: str) -> Service | None:
    """Return a service by id."""
    return db.get(Service, service_id)


def save_service(
    *, db: Session, service_id: str, duration_minutes: int, buffer_minutes: int, names: dict[str, str], active: bool
) -> Service:
    """Create or change a service."""
    if (duration_minutes + buffer_minutes) % 5:
        raise BookingError("length_not_multiple_of_5")
    service = db.get(Service, service_id) or Service(id=service_id)
    service.duration_minutes, service.buffer_minutes = duration_minutes, buffer_minutes
    service.names, service.active = names, active
    db.add(service)
    db.commit()
    return service


def set_providers(*, db: Session, service: Service, staff_ids: list[int]) -> None:
    """Say which staff members provide a service."""
    db.execute(delete(ServiceProvider).where(ServiceProvider.service_id == service.id))
    db.add_all(ServiceProvider(service_id=service.id, staff_id=staff_id) for staff_id in sorted(set(staff_ids)))
    db.commit()


def providers(*, db: Session, service: Service) -> list[int]:
    """Return the ids of the staff members who provide a service."""
    return list(db.scalars(select(ServiceProvider.staff_id).where(ServiceProvider.service_id == service.id)))


def set_working_plan(
    *,
    db: Session,
    staff_id: int,
    hours: list[tuple[int, dt.time, dt.time]],
    breaks: list[tuple[int, dt.time, dt.time]],
) -> None:
    """Replace a staff member's weekly hours and breaks (weekday 0 = Monday, Athens time)."""
    for weekday, start, end in [*hours, *breaks]:
        if not 0 <= weekday <= 6 or start >= end:
            raise BookingError("invalid_plan")
    db.execute(delete(WorkingHours).where(WorkingHours.staff_id == staff_id))
    db.execute(delete(Break).where(Break.staff_id == staff_id))
    db.add_all(WorkingHours(staff_id=staff_id, weekday=w, start=s, end=e) for w, s, e in hours)
    db.add_all(Break(staff_id=staff_id, weekday=w, start=s, end=e) for w, s, e in breaks)
    db.commit()


def working_plan(*, db: Session, staff_id: int) -> tuple[list[WorkingHours], list[Break]]:
    """Return a staff member's weekly hours and breaks."""
    hours = db.scalars(select(WorkingHours).where(WorkingHours.staff_id == staff_id).order_by(WorkingHours.weekday))
    breaks = db.scalars(select(Break).where(Break.staff_id == staff_id).order_by(Break.weekday))
    return list(hours), list(breaks)


def without_working_hours(*, db: Session, staff_ids: list[int]) -> list[int]:
    """Those of `staff_ids` who have no working hours at all (so no free time can ever be offered with them)."""
    planned = set(db.scalars(select(WorkingHours.staff_id).where(WorkingHours.staff_id.in_(staff_ids))))
    return [staff_id for staff_id in staff_ids if staff_id not in planned]


def add_time_off(
    *, db: Session, staff_id: int | None, starts_at: dt.datetime, ends_at: dt.datetime, reason: str
) -> TimeOff:
    """Record leave (or, without a staff member, a closure of the centre)."""
    if ends_at <= starts_at:
        raise BookingError("ends_before_it_starts")
    time_off = TimeOff(staff_id=staff_id, starts_at=starts_at, ends_at=ends_at, reason=reason)
    db.add(time_off)
    db.commit()
    return time_off


def bookings_during(
    *, db: Session, staff_id: int | None, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[Appointment]:
    """The booked (or offered) appointments a leave of `staff_id`, or a closure of the centre (None), would leave
    without a caseworker; in order."""
    query = select(Appointment).where(
        Appointment.starts_at < ends_at,
        Appointment.ends_at > starts_at,
        Appointment.status.in_([AppointmentStatus.booked, AppointmentStatus.offered]),
    )
    if staff_id is not None:
        query = query.where(Appointment.staff_id == staff_id)
    return list(db.scalars(query.order_by(Appointment.starts_at)))


def list_time_off(*, db: Session, after: dt.datetime) -> list[TimeOff]:
    """Return leave and closures that end after a moment."""
    return list(db.scalars(select(TimeOff).where(TimeOff.ends_at > after).order_by(TimeOff.starts_at)))


def delete_time_off(*, db: Session, time_off_id: int) -> bool:
    """Remove leave or a closure; False if there was none."""
    time_off = db.get(TimeOff, time_off_id)
    if time_off is None:
        return False
    db.delete(time_off)
    db.commit()
    return True


def next_slots(
    *,
    db: Session,
    service: Service,
    after: dt.datetime | None = None,
    limit: int = 4,
    now: dt.datetime | None = None,
    staff_id: int | None = None,
    conversation_id: str | None = None,
) -> list[Slot]:
    """The next free times for a service (one provider per time, or one given provider), from a moment on, within
    the bookable window; for a conversation, none at a time it already has an appointment (one person cannot be
    at two meetings, though another caseworker is free then)."""
    earliest, horizon = bookable_window(now or _now())
    start = max(earliest, after) if after else earliest
    if start >= horizon:
        return []
    found = first_per_time(free_slots(db=db, service=service, start=start, end=horizon, staff_id=staff_id))
    if conversation_id:
        length = dt.timedelta(minutes=service.duration_minutes)
        held = for_conversation(db=db, conversation_id=conversation_id, after=start - length - dt.timedelta(days=1))
        found = [
            slot
            for slot in found
            if not any(slot.starts_at < other.ends_at and other.starts_at < slot.starts_at + length for other in held)
        ]
    return found[:limit]


def _new_reference(db: Session) -> str:
    while True:
        reference = new_reference()
        if db.scalar(select(Appointment.id).where(Appointment.reference == reference)) is None:
            return reference


def _check_slot(
    db: Session, service: Service, staff_id: int, starts_at: dt.datetime, now: dt.datetime, ignore: int | None = None
) -> None:
    """Refuse a time that is not one of the service's slots (outside plans, too soon, too far, on leave)."""
    earliest, horizon = bookable_window(now)
    if not earliest <= starts_at < horizon:
        raise BookingError("outside_booking_window")
    moment = starts_at.astimezone(dt.UTC)
    candidates = free_slots(
        db=db, service=service, start=moment, end=moment + dt.timedelta(minutes=1), staff_id=staff_id, ignore=ignore
    )
    if Slot(moment, staff_id) not in candidates:
        raise BookingError("slot_taken")


def _take_units(db: Session, appointment: Appointment, service: Service) -> None:
    db.add_all(
        SlotUnit(staff_id=appointment.staff_id, unit=unit, appointment_id=appointment.id)
        for unit in units(appointment.starts_at, service.duration_minutes + service.buffer_minutes)
    )


def book(
    *,
    db: Session,
    service_id: str,
    staff_id: int,
    starts_at: dt.datetime,
    language: str,
    channel: str,
    conversation_id: str | None = None,
    name: str | None = None,
    phone: str | None = None,
    consent: bool = False,
    details: dict[str, Any] | None = None,
    status: AppointmentStatus = AppointmentStatus.booked,
    offer_expires_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book a slot. The slot's five-minute units are written in the same transaction as the appointment, under a
    primary key: of two bookings that overlap, whatever their timing, the database accepts exactly one."""
    service = db.get(Service, service_id)
    if service is None or not service.active:
        raise BookingError("unknown_service")
    if (name or phone) and not consent:
        raise BookingError("consent_required")
    if phone is not None and normalise_phone(phone) is None:
        raise BookingError("invalid_phone")
    _check_slot(db, service, staff_id, starts_at, now or _now())
    appointment = Appointment(
        reference=_new_reference(db),
        access_key=new_token(),
        service_id=service.id,
        staff_id=staff_id,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=service.duration_minutes),
        status=status,
        name=name,
        phone=normalise_phone(phone) if phone else None,
        language=language,
        channel=channel,
        conversation_id=conversation_id,
        details=details or {},
        offer_expires_at=offer_expires_at,
    )
    db.add(appointment)
    try:
        db.flush()
        _take_units(db, appointment, service)
        db.commit()
    except IntegrityError as error:
        db.rollback()
        raise BookingError("slot_taken") from error
    return appointment


def get_by_reference(*, db: Session, reference: str) -> Appointment | None:
    """Return the appointment with a reference."""
    return db.scalar(select(Appointment).where(Appointment.reference == reference))


def find_for_citizen(
    *, db: Session, reference: str, phone: str, conversation_id: str | None = None
) -> Appointment | None:
    """Return the appointment only if the phone number is the one it was booked with, or the citizen asks from the
    conversation that booked it (so a reference alone, seen over a shoulder, changes nothing; and an appointment
    booked without a phone can still be changed where it was booked)."""
    appointment = get_by_reference(db=db, reference=find_reference(reference) or "")
    if appointment is None:
        return None
    if conversation_id is not None and appointment.conversation_id == conversation_id:
        return appointment
    normalised = normalise_phone(phone)
    return appointment if normalised is not None and appointment.phone == normalised else None


def find_coming(*, db: Session, typed: str, after: dt.datetime) -> list[Appointment]:
    """The booked appointments from a moment on that are what a member of staff typed: the code (any case, spaces),
    the phone in any form ("69 1234 5678", "+30 691..."), or part of the name without accents or capitals («μαρια»
    finds «Μαρία Παπαδοπούλου»), the name as typed before names that only sound alike. How staff find the appointment
    of someone who has lost the code."""
    code = "".join(typed.split()).replace("-", "").upper()
    phone = normalise_phone(typed)
    if not code:
        return []
    names = _name_matcher(typed)
    coming = db.scalars(
        select(Appointment)
        .where(Appointment.status == AppointmentStatus.booked, Appointment.starts_at >= after)
        .order_by(Appointment.starts_at)
    )
    found: list[tuple[float, Appointment]] = []
    for appointment in coming:
        if appointment.reference == code or (phone is not None and appointment.phone == phone):
            found.append((0, appointment))
        elif appointment.name and (likeness := names(appointment.name)) is not None:
            found.append((likeness, appointment))
    return [appointment for _, appointment in sorted(found, key=lambda pair: pair[0])]


def _skeletons(text: str, *, unheard_h: bool = False) -> list[frozenset[str]]:
    """The consonant skeletons of a name's words, unmarked, Greek letters spelled in Latin ones first: each word's as
    the Arabic transliterations hear it (kh and h one sound, as Greek writes both خ and ح as χ; d and t one, as Mahmoud
    is «Μαχμούτ» as often as «Μαχμούντ»), and as Greeks spell a name in Latin letters (x is ξ, "Alexiou"; ch is χ,
    "Rachaf"; tz is τζ, "Hatzigeorgiou"); with `unheard_h`, also without an h inside the word (see `_name_matcher`).
    A name of two consonants has a skeleton ("Halil"); "al" or "el" alone has none."""
    words = consonants(latin_spelling(normalise(text)), shortest_latin=2).replace(CONSONANTS_MARK, "").split()
    heard = [
        {word.translate(_NAME_SOUNDS), _GREEK_LATIN.sub(lambda found: _GREEK_LATIN_SOUNDS[found[0]], word)}
        for word in words
    ]
    if unheard_h:
        heard = [
            ways | {_DOUBLED_LETTER.sub(r"\1", way[:1] + way[1:].replace("h", "")) for way in ways} for ways in heard
        ]
    return [frozenset(ways) for ways in heard]


_NAME_SOUNDS = str.maketrans({"x": "h", "d": "t"})
_DOUBLED_LETTER = re.compile(r"(.)\1")
_DOUBLED_VOWEL = re.compile(r"([aeiou])\1")
# A skeleton's letters as Greeks write a name's sounds in Latin ones, two-letter spellings read before one-letter ones.
_GREEK_LATIN_SOUNDS = {"tz": "j", "x": "ks", "c": "h", "d": "t"}
_GREEK_LATIN = re.compile("|".join(sorted(_GREEK_LATIN_SOUNDS, key=len, reverse=True)))


def _sounds_like(typed: frozenset[str], held: frozenset[str]) -> bool:
    """Whether a typed word's skeleton is one of a name's word's: within it, or, two consonants or fewer, all of it
    (so "Halil", hl, is not found in every Khalid)."""
    return any(word == other or (len(word) > 2 and word in other) for word in typed for other in held)


def _closeness(typed: str, name: str) -> float:
    """How alike two spellings are (0–1), word by word: "Hussain" is nearer Hussein than Hassan."""
    names = name.split() or [""]
    return sum(max(SequenceMatcher(None, word, other).ratio() for other in names) for word in typed.split()) / max(
        1, len(typed.split())
    )


def _name_matcher(typed: str) -> Callable[[str], float | None]:
    """How much a name is what a member of staff typed (read once, not once per appointment): part of it without
    accents or capitals («μαρια»), in the other alphabet ("maria papadopoulou" for «Μαρία Παπαδοπούλου»), or as it
    sounds in Latin or Greek letters ("Rahaf Hasan" or «Ραχάφ» for «رهف الحسن», «Χασαν» for "Hassan Ali": each
    word's consonants within one of the name's; independent tries found only the Arabic letters, which a Greek
    caseworker cannot type, found the first, and nothing found the second from Greek letters). A name spelled as
    typed in either alphabet («Χασ», «Χασάν» for Hassan) is 1, before one that only sounds alike (Hussein), between 2
    and 3, the nearer spelling first."""
    written = normalise_words(typed).strip()
    heard, spelled, wanted = sounds(written).strip(), spelled_alike(written), _skeletons(typed)
    # Greek has no h, and one between two vowels is not heard: a Greek writes Rahaf «Ραάφ», the vowel twice, which an
    # independent try found nothing for. Only then is a name's inner h let go («Μάτι» is not Mahmoud).
    unheard_h = bool(_DOUBLED_VOWEL.search(latin_spelling(normalise(typed))))

    def names(name: str) -> float | None:
        """1 for the name as typed (in either alphabet), 2–3 for one that sounds alike, None for another name."""
        if len(written) < 2:
            return None
        full = normalise_words(name)
        if written in full or heard in sounds(full) or spelled in spelled_alike(full):
            return 1
        held = _skeletons(name, unheard_h=unheard_h)
        if wanted and all(any(_sounds_like(word, other) for other in held) for word in wanted):
            return 3 - _closeness(spelled, spelled_alike(full))
        return None

    return names


def for_conversation(*, db: Session, conversation_id: str, after: dt.datetime) -> list[Appointment]:
    """The booked appointments of a conversation that start after a moment."""
    return list(
        db.scalars(
            select(Appointment)
            .where(
                Appointment.conversation_id == conversation_id,
                Appointment.status == AppointmentStatus.booked,
                Appointment.starts_at > after,
            )
            .order_by(Appointment.starts_at)
        )
    )


def list_appointments(
    *, db: Session, start: dt.datetime, end: dt.datetime, staff_id: int | None = None
) -> list[Appointment]:
    """Return the appointments starting within [start, end), earliest first."""
    query = select(Appointment).where(Appointment.starts_at >= start, Appointment.starts_at < end)
    if staff_id is not None:
        query = query.where(Appointment.staff_id == staff_id)
    return list(db.scalars(query.order_by(Appointment.starts_at)))


def _release_units(db: Session, appointment: Appointment) -> None:
    db.execute(delete(SlotUnit).where(SlotUnit.appointment_id == appointment.id))


def release(*, db: Session, appointment: Appointment, status: AppointmentStatus) -> None:
    """End an appointment that held a slot (cancelled, or an offer that expired) and free its time."""
    _release_units(db, appointment)
    appointment.status = status
    appointment.changed_at = _now()
    db.commit()


def forget_people(*, db: Session, conversation_ids: list[str]) -> None:
    """The name, phone and estimate answers booked from these conversations go with them, as consent promised; the
    appointments themselves stay, so their times remain taken (committed with the caller's transaction)."""
    if conversation_ids:
        db.execute(
            update(Appointment)
            .where(Appointment.conversation_id.in_(conversation_ids))
            .values(name=None, phone=None, details={})
        )


def keep_apart(*, db: Session, conversation_id: str) -> None:
    """The appointments booked from a conversation stop depending on it: erasing it then leaves their name, phone
    and estimate answers for the caseworker, and `forget_people_of_past_bookings` forgets them in their own time
    (committed with the caller's transaction)."""
    db.execute(update(Appointment).where(Appointment.conversation_id == conversation_id).values(conversation_id=None))


def forget_people_of_past_bookings(*, db: Session, older_than: dt.datetime) -> int:
    """The name, phone and estimate answers of appointments that no conversation holds (a kiosk visitor who left,
    a booking made at the desk) go once both the booking and the appointment are older than a moment; return how
    many appointments kept any."""
    forgotten = db.execute(
        update(Appointment)
        .where(
            Appointment.conversation_id.is_(None),
            Appointment.created_at < older_than,
            Appointment.ends_at < older_than,
            Appointment.name.is_not(None)
            | Appointment.phone.is_not(None)
            | (cast(Appointment.details, String) != "{}"),
        )
        .values(name=None, phone=None, details={})
    ).rowcount
    db.commit()
    return forgotten


def cancel(*, db: Session, appointment: Appointment, by_staff: bool) -> None:
    """Cancel an appointment, free its slot and tell the citizen (when staff cancelled it). Offering the freed time
    to the waiting list is `flows.appointments.cancel`'s work."""
    if appointment.status not in (AppointmentStatus.booked, AppointmentStatus.offered):
        raise BookingError("not_cancellable")
    release(db=db, appointment=appointment, status=AppointmentStatus.cancelled)
    if by_staff:
        notify(db=db, appointment=appointment, response="utter_appointment_cancelled")


def move(
    *,
    db: Session,
    appointment: Appointment,
    staff_id: int,
    starts_at: dt.datetime,
    by_staff: bool,
    now: dt.datetime | None = None,
) -> None:
    """Move an appointment to another slot in one transaction: its old units go and the new ones come, or nothing
    changes. Offering the freed time to the waiting list is `flows.appointments.move`'s work."""
    if appointment.status != AppointmentStatus.booked:
        raise BookingError("not_movable")
    service = db.get(Service, appointment.service_id)
    _check_slot(db, service, staff_id, starts_at, now or _now(), ignore=appointment.id)
    _release_units(db, appointment)
    appointment.staff_id, appointment.starts_at = staff_id, starts_at
    appointment.ends_at = starts_at + dt.timedelta(minutes=service.duration_minutes)
    appointment.changed_at, appointment.reminder_sent_at = _now(), None
    try:
        db.flush()
        _take_units(db, appointment, service)
        db.commit()
    except IntegrityError as error:
        db.rollback()
        raise BookingError("slot_taken") from error
    if by_staff:
        notify(db=db, appointment=appointment, response="utter_appointment_moved")


def mark(*, db: Session, appointment: Appointment, status: AppointmentStatus) -> None:
    """Record that the citizen came, or did not."""
    if appointment.status not in (AppointmentStatus.booked, AppointmentStatus.arrived, AppointmentStatus.no_show):
        raise BookingError("not_markable")
    appointment.status = status
    appointment.changed_at = _now()
    if status == AppointmentStatus.arrived:
        appointment.arrived_at = _now()
    db.commit()


def notify(*, db: Session, appointment: Appointment, response: str, **arguments: Any) -> None:
    """Tell the citizen about their appointment in the conversation they booked from, in their language."""
    if appointment.conversation_id is None:
        return
    conversation = db.get(Conversation, appointment.conversation_id)
    if conversation is None:
        return
    conversations.add_notice(
        db=db,
        conversation=conversation,
        response=response,
        arguments=with_services(db=db, arguments={**describe(appointment), **arguments}),
    )


def describe(appointment: Appointment) -> dict[str, str]:
    """The arguments every appointment message is written from."""
    return {
        "reference": appointment.reference,
        "service": appointment.service_id,
        "starts_at": appointment.starts_at.isoformat(),
    }


def figures(*, db: Session, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Appointments booked within [start, end); those due then kept, missed or cancelled; by service and language."""
    booked = list(
        db.scalars(
            select(Appointment).where(
                Appointment.created_at >= start,
                Appointment.created_at < end,
                # Slots held for the waiting list count once taken, not while offered or after lapsing.
                Appointment.status.not_in([AppointmentStatus.offered, AppointmentStatus.expired]),
            )
        )
    )
    due = list(db.scalars(select(Appointment).where(Appointment.starts_at >= start, Appointment.starts_at < end)))
    return {
        "booked": len(booked),
        "kept": sum(1 for a in due if a.status == AppointmentStatus.arrived),
        "missed": sum(1 for a in due if a.status == AppointmentStatus.no_show),
        "cancelled": sum(1 for a in due if a.status == AppointmentStatus.cancelled),
        "booked_by_service": dict(Counter(a.service_id for a in booked)),
        "booked_by_language": dict(Counter(a.language for a in booked)),
        "booked_by_channel": dict(Counter(a.channel for a in booked)),
    }
