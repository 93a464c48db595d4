"""Staff routes: login and logout with an HttpOnly session cookie, and account management for admins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Cookie, Query, Request, Response
from pydantic import BaseModel, Field

from kiosk_api.config import get_settings
from kiosk_api.deps import STAFF_COOKIE, Admin, Db, LoggedIn, Staff
from kiosk_api.errors import ApiError
from kiosk_api.staff import service
from kiosk_api.staff.models import Role, StaffMember

router = APIRouter(prefix="/api/staff", tags=["staff"])


class Credentials(BaseModel):
    """Email and password."""

    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1000)


class Member(BaseModel):
    """A staff account as shown to staff."""

    id: int
    email: str
    name: str
    role: Literal["caseworker", "admin", "reviewer"]
    active: bool

    @classmethod
    def of(cls, member: StaffMember) -> Member:
        return cls(id=member.id, email=member.email, name=member.name, role=member.role.value, active=member.active)


class NewMember(BaseModel):
    """A new staff account."""

    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    name: str = Field(min_length=1, max_length=200)
    role: Literal["caseworker", "admin", "reviewer"]
    password: str = Field(min_length=service.MIN_PASSWORD_LENGTH, max_length=1000)


class MemberChange(BaseModel):
    """Changes to an account; omitted fields stay as they are."""

    role: Literal["caseworker", "admin", "reviewer"] | None = None
    active: bool | None = None
    password: str | None = Field(default=None, min_length=service.MIN_PASSWORD_LENGTH, max_length=1000)


class AuditRow(BaseModel):
    """One entry of the audit log."""

    id: int
    staff_id: int | None
    action: str
    target: str | None
    detail: str | None
    at: dt.datetime


@router.post("/login", response_model=Member, summary="Log in (sets an HttpOnly session cookie)")
def login(body: Credentials, request: Request, response: Response, db: Db) -> Member:
    """Start a session; repeated failures for an email or a client address are refused for 15 minutes."""
    client = request.client.host if request.client else "unknown"
    try:
        member, token = service.login(db=db, email=body.email, password=body.password, client=client)
    except service.TooManyAttempts as error:
        raise ApiError(429, "too_many_attempts", "Too many failed logins. Try again in 15 minutes.") from error
    except service.LoginRefused as error:
        raise ApiError(401, "wrong_credentials", "Wrong email or password.") from error
    response.set_cookie(
        STAFF_COOKIE,
        token,
        max_age=int(service.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=get_settings().secure_cookies,
        path="/",
    )
    service.audit(db=db, member=member, action="login")
    return Member.of(member)


@router.post("/logout", status_code=204, summary="Log out")
def logout(member: LoggedIn, db: Db, staff_session: Annotated[str | None, Cookie()] = None) -> Response:
    """End the session and clear the cookie."""
    service.logout(db=db, token=staff_session or "")
    service.audit(db=db, member=member, action="logout")
    response = Response(status_code=204)
    response.delete_cookie(STAFF_COOKIE, path="/")
    return response


@router.get("/me", response_model=Member, summary="The logged-in staff member")
def me(member: LoggedIn) -> Member:
    """Return who is logged in."""
    return Member.of(member)


@router.get("/accounts", response_model=list[Member], summary="Staff accounts (admins)")
def list_accounts(admin: Admin, db: Db) -> list[Member]:
    """List every account."""
    return [Member.of(member) for member in service.list_members(db=db)]


@router.post("/accounts", response_model=Member, status_code=201, summary="Create a staff account (admins)")
def create_account(body: NewMember, admin: Admin, db: Db) -> Member:
    """Create an account."""
    if service.get_member_by_email(db=db, email=body.email):
        raise ApiError(409, "email_taken", "An account with this email exists.")
    member = service.create_member(
        db=db, email=body.email, name=body.name, role=Role(body.role), password=body.password
    )
    service.audit(db=db, member=admin, action="account_created", target=f"staff:{member.id}", detail=member.role.value)
    return Member.of(member)


@router.patch("/accounts/{member_id}", response_model=Member, summary="Change a staff account (admins)")
def change_account(member_id: int, body: MemberChange, admin: Admin, db: Db) -> Member:
    """Change role, activity or password; deactivating or a new password ends the member's sessions."""
    member = service.get_member(db=db, member_id=member_id)
    if member is None:
        raise ApiError(404, "staff_not_found", "No such staff account.")
    service.update_member(
        db=db, member=member, role=Role(body.role) if body.role else None, active=body.active, password=body.password
    )
    changed = ", ".join(name for name, value in body.model_dump().items() if value is not None and name != "password")
    service.audit(
        db=db,
        member=admin,
        # A new password alone is said as such in the log, not as a change of the account.
        action="account_changed" if changed else "password_set",
        target=f"staff:{member.id}",
        detail=changed + (", password" if body.password else ""),
    )
    return Member.of(member)


class Colleague(BaseModel):
    """A colleague to pass a conversation to, or to book with."""

    id: int
    name: str


@router.get("/colleagues", response_model=list[Colleague], summary="Active colleagues (staff)")
def colleagues(member: Staff, db: Db) -> list[Colleague]:
    """Every active caseworker's and admin's id and name (a reviewer holds no conversation)."""
    return [
        Colleague(id=m.id, name=m.name) for m in service.list_members(db=db) if m.active and m.role != Role.reviewer
    ]


@router.get("/audit", response_model=list[AuditRow], summary="The audit log, newest first (admins)")
def audit_log(
    admin: Admin,
    db: Db,
    staff_id: int | None = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    before: Annotated[
        int | None, Query(ge=1, description="Only entries older than this entry id (the next page)")
    ] = None,
) -> list[AuditRow]:
    """The newest 200 audit entries, optionally of one staff member or one kind of action; page with `before`."""
    return [
        AuditRow(id=e.id, staff_id=e.staff_id, action=e.action, target=e.target, detail=e.detail, at=e.at)
        for e in service.audit_log(db=db, staff_id=staff_id, action=action, before=before)
    ]
