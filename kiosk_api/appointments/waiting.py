"""The waiting list: when nothing is free within the horizon, a citizen waits for the service; a freed slot is held
for the first person in line for a while, then offered to the next."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, AppointmentStatus, WaitingEntry, WaitingStatus
from kiosk_api.config import get_settings
from kiosk_api.conversations.service import HUB_PAYLOAD

# The payloads of the offer's buttons, which the hub answers itself (see conversations.service).
ACCEPT, DECLINE = f"{HUB_PAYLOAD}accept_offer:", f"{HUB_PAYLOAD}decline_offer:"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def join(
    *,
    db: Session,
    service_id: str,
    language: str,
    channel: str,
    conversation_id: str | None,
    name: str | None = None,
    phone: str | None = None,
    consent: bool = False,
) -> WaitingEntry:
    """Put a citizen on a service's waiting list (or return their place if they are on it already)."""
    if (name or phone) and not consent:
        raise appointments.BookingError("consent_required")
    if conversation_id is not None:
        existing = db.scalar(
            select(WaitingEntry).where(
                WaitingEntry.conversation_id == conversation_id,
                WaitingEntry.service_id == service_id,
                WaitingEntry.status.in_([WaitingStatus.waiting, WaitingStatus.offered]),
            )
        )
        if existing is not None:
            return existing
    entry = WaitingEntry(
        service_id=service_id,
        status=WaitingStatus.waiting,
        conversation_id=conversation_id,
        language=language,
        channel=channel,
        name=name,
        phone=appointments.normalise_phone(phone) if phone else None,
    )
    db.add(entry)
    db.commit()
    return entry


def position(*, db: Session, entry: WaitingEntry) -> int:
    """The entry's place in its service's line."""
    ahead = db.scalar(
        select(func.count()).where(
            WaitingEntry.service_id == entry.service_id,
            WaitingEntry.status == WaitingStatus.waiting,
            WaitingEntry.id < entry.id,
        )
    )
    return ahead + 1


def waiting_count(*, db: Session, service_id: str | None = None) -> int:
    """How many people wait (for one service, or for any)."""
    query = select(func.count()).where(WaitingEntry.status.in_([WaitingStatus.waiting, WaitingStatus.offered]))
    if service_id is not None:
        query = query.where(WaitingEntry.service_id == service_id)
    return db.scalar(query)


def offer_freed_slot(*, db: Session, service_id: str, staff_id: int, starts_at: dt.datetime) -> Appointment | None:
    """Hold a freed slot for the first person waiting for the service, and tell them; None if nobody waits or the
    slot is no longer bookable."""
    while True:
        entry = db.scalar(
            select(WaitingEntry)
            .where(WaitingEntry.service_id == service_id, WaitingEntry.status == WaitingStatus.waiting)
            .order_by(WaitingEntry.id)
            .limit(1)
        )
        if entry is None:
            return None
        # Claim the entry first, so two processes freeing slots at once never offer two slots to one person.
        claimed = db.execute(
            update(WaitingEntry)
            .where(WaitingEntry.id == entry.id, WaitingEntry.status == WaitingStatus.waiting)
            .values(status=WaitingStatus.offered)
        ).rowcount
        db.commit()
        if claimed:
            break
    try:
        offer = appointments.book(
            db=db,
            service_id=service_id,
            staff_id=staff_id,
            starts_at=starts_at,
            language=entry.language,
            channel=entry.channel,
            conversation_id=entry.conversation_id,
            name=entry.name,
            phone=entry.phone,
            consent=bool(entry.name or entry.phone),
            status=AppointmentStatus.offered,
            offer_expires_at=_now() + dt.timedelta(hours=get_settings().offer_hold_hours),
        )
    except appointments.BookingError:
        entry.status = WaitingStatus.waiting  # the slot went another way; they keep their place
        db.commit()
        return None
    entry.offered_appointment_id = offer.id
    db.commit()
    appointments.notify(
        db=db,
        appointment=offer,
        response="utter_waiting_offer",
        until=offer.offer_expires_at.isoformat(),
        accept=f"{ACCEPT}{offer.reference}",
        decline=f"{DECLINE}{offer.reference}",
    )
    return offer


def _entry_for(db: Session, offer: Appointment) -> WaitingEntry | None:
    return db.scalar(select(WaitingEntry).where(WaitingEntry.offered_appointment_id == offer.id))


def accept(*, db: Session, offer: Appointment, tell: bool = True) -> None:
    """The citizen takes the slot held for them: it becomes their appointment (and, unless the caller answers them
    itself, they are told so in their conversation)."""
    accepted = db.execute(
        update(Appointment)
        .where(
            Appointment.id == offer.id,
            Appointment.status == AppointmentStatus.offered,
            Appointment.offer_expires_at > _now(),
        )
        .values(status=AppointmentStatus.booked, offer_expires_at=None)
    ).rowcount
    if not accepted:
        db.rollback()
        raise appointments.BookingError("offer_expired")
    entry = _entry_for(db, offer)
    if entry is not None:
        entry.status = WaitingStatus.booked
    db.commit()
    db.refresh(offer)
    if tell:
        appointments.notify(db=db, appointment=offer, response="utter_appointment_booked")


def decline(*, db: Session, offer: Appointment) -> None:
    """The citizen does not want the slot: they leave the list and the slot goes to the next person."""
    if offer.status != AppointmentStatus.offered:
        raise appointments.BookingError("offer_expired")
    entry = _entry_for(db, offer)
    if entry is not None:
        entry.status = WaitingStatus.left
    _pass_on(db, offer, AppointmentStatus.cancelled)


def _pass_on(db: Session, offer: Appointment, status: AppointmentStatus) -> None:
    appointments.release(db=db, appointment=offer, status=status)
    offer_freed_slot(db=db, service_id=offer.service_id, staff_id=offer.staff_id, starts_at=offer.starts_at)


def expire_offers(*, db: Session, now: dt.datetime | None = None) -> int:
    """Pass every offer whose time is up to the next person; return how many expired."""
    moment = now or _now()
    expired = list(
        db.scalars(
            select(Appointment).where(
                Appointment.status == AppointmentStatus.offered, Appointment.offer_expires_at <= moment
            )
        )
    )
    for offer in expired:
        entry = _entry_for(db, offer)
        if entry is not None:
            # Still on the list, at the back: they did not say no, they just did not answer in time.
            entry.status, entry.offered_appointment_id = WaitingStatus.left, None
            db.add(
                WaitingEntry(
                    service_id=entry.service_id,
                    status=WaitingStatus.waiting,
                    conversation_id=entry.conversation_id,
                    language=entry.language,
                    channel=entry.channel,
                    name=entry.name,
                    phone=entry.phone,
                )
            )
        _pass_on(db, offer, AppointmentStatus.expired)
    return len(expired)


def answer_in_conversation(*, db: Session, conversation_id: str, payload: str) -> tuple[str, dict[str, str]]:
    """Answer an offer from one of its buttons in the conversation; return the response that tells the citizen and
    its arguments."""
    accepting = payload.startswith(ACCEPT)
    reference = payload.removeprefix(ACCEPT if accepting else DECLINE)
    offer = appointments.get_by_reference(db=db, reference=reference)
    if offer is None or offer.conversation_id != conversation_id:
        return "utter_offer_expired", {}
    try:
        if accepting:
            accept(db=db, offer=offer, tell=False)
        else:
            decline(db=db, offer=offer)
    except appointments.BookingError:
        return "utter_offer_expired", {}
    if not accepting:
        return "utter_offer_declined", {}
    return "utter_appointment_booked", appointments.with_services(db=db, arguments=appointments.describe(offer))
