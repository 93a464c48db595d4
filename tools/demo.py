"""`make run`'s demonstration setup, so that a newcomer can book at the kiosk and find the booking in the console
without configuring anything: on a development database with no staff account, an administrator and two
caseworkers who provide every service Monday to Friday, 08:00–16:00 (the centre's usual hours). Never in production
(APP_ENV=production), never on a database that has staff; `make run DEMO=0` starts empty."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.config import get_settings
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role, StaffMember

ADMIN_EMAIL = "demo-admin@kentro.example"
# Marked as a demonstration in their names, so that nobody takes them for real colleagues.
CASEWORKERS = {"demo-eleni@kentro.example": "Ελένη (demo)", "demo-giorgos@kentro.example": "Γιώργος (demo)"}
WORKING_DAYS = range(5)  # Monday to Friday
OPENS, CLOSES = dt.time(8), dt.time(16)


def set_up(*, db: Session) -> dict[str, str]:
    """Create the demonstration accounts and schedule if this database may have them; return each new account's
    email and password (empty when nothing was created)."""
    if get_settings().production or db.scalar(select(func.count()).select_from(StaffMember)):
        return {}
    passwords = {ADMIN_EMAIL: secrets.token_urlsafe(12)}
    staff.create_member(
        db=db, email=ADMIN_EMAIL, name="Administrator (demo)", role=Role.admin, password=passwords[ADMIN_EMAIL]
    )
    caseworker_ids = []
    for email, name in CASEWORKERS.items():
        passwords[email] = secrets.token_urlsafe(12)
        member = staff.create_member(db=db, email=email, name=name, role=Role.caseworker, password=passwords[email])
        appointments.set_working_plan(
            db=db, staff_id=member.id, hours=[(day, OPENS, CLOSES) for day in WORKING_DAYS], breaks=[]
        )
        caseworker_ids.append(member.id)
    for service in appointments.list_services(db=db):
        appointments.set_providers(db=db, service=service, staff_ids=caseworker_ids)
    return passwords


def announcement(passwords: dict[str, str]) -> str:
    """What `make run` prints once, when it has just created the demonstration setup."""
    accounts = "\n".join(f"    {email}  password: {password}" for email, password in passwords.items())
    return (
        "DEMONSTRATION SETUP (development only; `make run DEMO=0` starts empty): these accounts were created now and\n"
        "their passwords are shown only this once. Caseworkers provide every service Monday to Friday, 08:00-16:00.\n"
        f"{accounts}\n"
        "  Book at the kiosk, then log in to the staff console as the administrator to find it under Today."
    )
