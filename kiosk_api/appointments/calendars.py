"""Calendars: a feed of each staff member's appointments at a secret address, and an .ics file per appointment."""

from __future__ import annotations

import datetime as dt
import hmac

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.appointments.models import HOLDING, Appointment, CalendarFeed, Service
from kiosk_api.centre.service import ATHENS
from kiosk_api.config import get_settings
from kiosk_api.i18n import Translator, day_and_time
from kiosk_api.tokens import new_token, token_hash
from knowledge import load_centre

PRODUCT = "-//Community Centre assistant//kentro-koinotitas//EN"
FEED_PAST_DAYS = 30


def new_feed_token(*, db: Session, staff_id: int) -> str:
    """Make a new secret feed address for a staff member (the old one stops working); return its token."""
    token = new_token()
    feed = db.get(CalendarFeed, staff_id) or CalendarFeed(staff_id=staff_id)
    feed.token_hash = token_hash(token)
    db.add(feed)
    db.commit()
    return token


def key_matches(*, appointment: Appointment, key: str) -> bool:
    """Whether a link's key is the appointment's own (compared in constant time, as bytes: a key from a link may hold
    any character, and compare_digest refuses non-ASCII strings)."""
    return hmac.compare_digest(appointment.access_key.encode(), key.encode())


def staff_for_feed(*, db: Session, token: str) -> int | None:
    """Return the staff member whose feed this token opens."""
    return db.scalar(select(CalendarFeed.staff_id).where(CalendarFeed.token_hash == token_hash(token)))


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    return calendar


def _event(appointment: Appointment, service: Service, language: str, *, for_staff: bool) -> Event:
    centre = load_centre(get_settings().centre_id)
    event = Event()
    event.add("uid", f"{appointment.reference}@kentro-koinotitas")
    event.add("dtstamp", appointment.changed_at or appointment.created_at or dt.datetime.now(dt.UTC))
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    title = service.names.get(language) or service.names.get("en") or service.id
    event.add("summary", f"{title} ({appointment.reference})")
    event.add("location", f"{centre.content[language].name}, {centre.content[language].address}")
    if for_staff:
        # What the caseworker needs to prepare; the citizen's name only if they agreed to give it.
        lines = [f"Language: {appointment.language}", f"Channel: {appointment.channel}"]
        if appointment.name:
            lines.append(f"Name: {appointment.name}")
        event.add("description", "\n".join(lines))
    return event


def ticket_qr_content(*, appointment: Appointment, service: Service, public_base_url: str | None) -> str:
    """What a ticket's QR code carries. With the hub's public address (PUBLIC_BASE_URL), the link to the
    appointment's .ics; without it, the appointment itself as text: a link to the hub's own address would be an
    internal one that a phone on mobile data cannot open."""
    if public_base_url:
        path = f"/api/appointments/{appointment.reference}/calendar.ics?key={appointment.access_key}"
        return public_base_url.rstrip("/") + path
    language = appointment.language
    centre = load_centre(get_settings().centre_id).content[language]
    reference = Translator(language).gettext("Reference")
    return "\n".join(
        [
            service.names.get(language) or service.names.get("en") or service.id,
            day_and_time(appointment.starts_at.astimezone(ATHENS), language),
            f"{centre.name}, {centre.address}",
            f"{reference}: {appointment.reference}",
        ]
    )


def appointment_ics(*, db: Session, appointment: Appointment) -> bytes:
    """The .ics of one appointment, in the citizen's language."""
    calendar = _calendar()
    calendar.add_component(
        _event(appointment, db.get(Service, appointment.service_id), appointment.language, for_staff=False)
    )
    return calendar.to_ical()


def staff_feed_ics(*, db: Session, staff_id: int, language: str = "el") -> bytes:
    """A staff member's appointments from a month ago on."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=FEED_PAST_DAYS)
    calendar = _calendar()
    held = select(Appointment).where(
        Appointment.staff_id == staff_id, Appointment.starts_at >= since, Appointment.status.in_(HOLDING)
    )
    for appointment in db.scalars(held.order_by(Appointment.starts_at)):
        calendar.add_component(_event(appointment, db.get(Service, appointment.service_id), language, for_staff=True))
    return calendar.to_ical()
