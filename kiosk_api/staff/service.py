"""Staff services: accounts, logins, sessions and the audit log."""

from __future__ import annotations

import datetime as dt
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from kiosk_api.staff.models import AuditEntry, LoginAttempt, Role, StaffMember, StaffSession
from kiosk_api.tokens import new_token, token_hash

SESSION_LIFETIME = dt.timedelta(hours=12)
LOGIN_WINDOW = dt.timedelta(minutes=15)
MAX_FAILED_LOGINS = 5  # per email or per client address within the window
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


class LoginRefused(Exception):
    """Wrong email or password (deliberately not saying which)."""


class TooManyAttempts(Exception):
    """Too many failed logins for this email or client; try again later."""


# How long a read counts as the same read (see `audit`).
READ_AGAIN = dt.timedelta(minutes=10)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _normal_email(email: str) -> str:
    return email.strip().lower()


def create_member(*, db: Session, email: str, name: str, role: Role, password: str) -> StaffMember:
    """Create a staff account; the password is stored as an argon2 hash."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    member = StaffMember(
        email=_normal_email(email), name=name.strip(), role=role, password_hash=_hasher.hash(password), active=True
    )
    db.add(member)
    db.commit()
    return member


def get_member(*, db: Session, member_id: int) -> StaffMember | None:
    """Return a staff member by id."""
    return db.get(StaffMember, member_id)


def get_member_by_email(*, db: Session, email: str) -> StaffMember | None:
    """Return a staff member by email."""
    return db.scalar(select(StaffMember).where(StaffMember.email == _normal_email(email)))


def list_members(*, db: Session) -> list[StaffMember]:
    """Return every staff account."""
    return list(db.scalars(select(StaffMember).order_by(StaffMember.name)))


def update_member(
    *,
    db: Session,
    member: StaffMember,
    role: Role | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> StaffMember:
    """Change a member's role, activity or password; deactivating ends their sessions."""
    if role is not None:
        member.role = role
    if password is not None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
        member.password_hash = _hasher.hash(password)
    if active is not None:
        member.active = active
    if active is False or password is not None:
        db.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))
    db.commit()
    return member


@cache
def _stand_in_hash() -> str:
    """A hash of a password nobody has, at the hub's cost."""
    return _hasher.hash(new_token())


def login(*, db: Session, email: str, password: str, client: str) -> tuple[StaffMember, str]:
    """Check the credentials and start a session; return the member and the session token."""
    email = _normal_email(email)
    since = _now() - LOGIN_WINDOW
    db.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
    failures = db.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.at >= since, or_(LoginAttempt.email == email, LoginAttempt.client == client))
    )
    if failures >= MAX_FAILED_LOGINS:
        db.commit()
        raise TooManyAttempts
    member = get_member_by_email(db=db, email=email)
    try:
        # An unknown address is checked against a stand-in hash all the same: refused at once, it was answered in a
        # fraction of the time a wrong password takes, which told a stranger timing the two which addresses exist.
        _hasher.verify(_stand_in_hash() if member is None else member.password_hash, password)
        if member is None or not member.active:
            raise VerificationError
    except (VerificationError, InvalidHashError) as error:
        db.add(LoginAttempt(email=email, client=client, at=_now()))
        db.commit()
        raise LoginRefused from error
    if _hasher.check_needs_rehash(member.password_hash):
        member.password_hash = _hasher.hash(password)
    token = new_token()
    db.add(StaffSession(token_hash=token_hash(token), staff_id=member.id, expires_at=_now() + SESSION_LIFETIME))
    db.commit()
    return member, token


def logout(*, db: Session, token: str) -> None:
    """End a session."""
    db.execute(delete(StaffSession).where(StaffSession.token_hash == token_hash(token)))
    db.commit()


def member_for_session(*, db: Session, token: str) -> StaffMember | None:
    """Return the active member a live session token belongs to, or None."""
    return db.scalar(
        select(StaffMember)
        .join(StaffSession, StaffSession.staff_id == StaffMember.id)
        .where(
            StaffSession.token_hash == token_hash(token),
            StaffSession.expires_at > _now(),
            StaffMember.active.is_(True),
        )
    )


def audit(
    *, db: Session, member: StaffMember | None, action: str, target: str | None = None, detail: str | None = None
) -> None:
    """Write what a staff member read or did to the audit log. A read the same person made of the same thing within
    READ_AGAIN is not written again: a screen that refreshes as messages arrive would otherwise bury what people did
    under the same read, over and over."""
    now = dt.datetime.now(dt.UTC)
    if action.endswith("_read") and member is not None:
        since = now - READ_AGAIN
        repeated = db.scalar(
            select(AuditEntry.id)
            .where(
                AuditEntry.staff_id == member.id,
                AuditEntry.action == action,
                AuditEntry.target == target,
                AuditEntry.at >= since,
            )
            .limit(1)
        )
        if repeated is not None:
            return
    db.add(AuditEntry(staff_id=member.id if member else None, action=action, target=target, detail=detail, at=now))
    db.commit()


def audit_log(
    *,
    db: Session,
    limit: int = 200,
    staff_id: int | None = None,
    action: str | None = None,
    before: int | None = None,
) -> list[AuditEntry]:
    """Return the newest audit entries first: of one member, of one action, older than an entry id, as asked."""
    query = select(AuditEntry)
    if staff_id is not None:
        query = query.where(AuditEntry.staff_id == staff_id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    return list(db.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
