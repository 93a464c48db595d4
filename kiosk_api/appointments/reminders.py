"""Reminders the day before, sent by the hub itself: exactly once per appointment, whatever restarts or replicas."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments import waiting
from kiosk_api.appointments.models import Appointment, AppointmentStatus
from kiosk_api.centre.service import ATHENS
from kiosk_api.config import get_settings
from kiosk_api.database import new_session

INTERVAL_SECONDS = 60
logger = logging.getLogger(__name__)


def reminder_moment(appointment: Appointment) -> dt.datetime:
    """When an appointment's reminder is due: the day before, at the configured hour, Athens time."""
    day_before = appointment.starts_at.astimezone(ATHENS).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day_before, dt.time(get_settings().reminder_hour), tzinfo=ATHENS).astimezone(dt.UTC)


def send_due_reminders(*, db: Session, now: dt.datetime | None = None) -> int:
    """Send every reminder that is due; return how many were sent by this call."""
    moment = now or dt.datetime.now(dt.UTC)
    candidates = db.scalars(
        select(Appointment).where(
            Appointment.status == AppointmentStatus.booked,
            Appointment.reminder_sent_at.is_(None),
            Appointment.starts_at > moment,
            Appointment.starts_at <= moment + dt.timedelta(days=2),
        )
    )
    sent = 0
    for appointment in list(candidates):
        due = reminder_moment(appointment)
        # Booked after the reminder's hour: the confirmation was just given, a reminder would only repeat it.
        if moment < due or appointment.created_at >= due:
            continue
        # The conditional update is the "once": of two senders, only one changes the row.
        claimed = db.execute(
            update(Appointment)
            .where(Appointment.id == appointment.id, Appointment.reminder_sent_at.is_(None))
            .values(reminder_sent_at=moment)
        ).rowcount
        if not claimed:
            db.rollback()
            continue
        # The message is stored in the same transaction as the claim: both happen, or neither.
        appointments.notify(db=db, appointment=appointment, response="utter_appointment_reminder")
        db.commit()
        sent += 1
    return sent


def run_once() -> None:
    """Send due reminders and pass on expired waiting-list offers."""
    with new_session() as db:
        sent = send_due_reminders(db=db)
        expired = waiting.expire_offers(db=db)
    if sent or expired:
        logger.info("Sent %d reminders; %d waiting-list offers expired.", sent, expired)


async def run_periodically() -> None:
    """Every minute, for as long as the hub runs."""
    while True:
        try:
            await run_in_threadpool(run_once)
        except Exception:  # the next minute must still come; the traceback is logged
            logger.exception("Appointment jobs failed; trying again in a minute.")
        await asyncio.sleep(INTERVAL_SECONDS)
