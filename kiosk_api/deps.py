"""What routes of several domains depend on: the database session, the logged-in staff member (caseworker,
administrator or reviewer), the citizen's own conversation (by its bearer token), the bot's internal token, and the
languages a route accepts."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import Cookie, Depends, Header
from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation
from kiosk_api.database import get_db
from kiosk_api.errors import ApiError
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role, StaffMember
from multilingual.languages import LANGUAGES

Db = Annotated[Session, Depends(get_db)]
# A conversation language's code (multilingual/languages.py); routes that take one answer 422 to any other.
Language = Literal[tuple(LANGUAGES)]  # type: ignore[valid-type]
# The staff session's cookie (HttpOnly; main.py checks the origin of every unsafe request that carries it).
STAFF_COOKIE = "staff_session"


def current_member(db: Db, staff_session: Annotated[str | None, Cookie()] = None) -> StaffMember:
    """Whoever is logged in, in any role; 401 without a live session."""
    member = staff.member_for_session(db=db, token=staff_session) if staff_session else None
    if member is None:
        raise ApiError(401, "not_logged_in", "Log in first.")
    return member


def current_staff(member: Annotated[StaffMember, Depends(current_member)]) -> StaffMember:
    """A logged-in caseworker or admin: who may read conversations and run the desk; 403 for a reviewer."""
    if member.role == Role.reviewer:
        raise ApiError(403, "reviewers_teach_only", "A reviewer may only teach the assistant.")
    return member


def current_admin(member: Annotated[StaffMember, Depends(current_member)]) -> StaffMember:
    """The logged-in admin; 403 for anyone else."""
    if member.role != Role.admin:
        raise ApiError(403, "admins_only", "Only an administrator may do this.")
    return member


def current_reviewer(member: Annotated[StaffMember, Depends(current_member)]) -> StaffMember:
    """A logged-in reviewer or admin: who may teach the assistant; 403 for a caseworker."""
    if member.role not in (Role.reviewer, Role.admin):
        raise ApiError(403, "reviewers_only", "Only a reviewer or an administrator may do this.")
    return member


LoggedIn = Annotated[StaffMember, Depends(current_member)]
Staff = Annotated[StaffMember, Depends(current_staff)]
Admin = Annotated[StaffMember, Depends(current_admin)]
Reviewer = Annotated[StaffMember, Depends(current_reviewer)]


def own_conversation(
    conversation_id: str, db: Db, authorization: Annotated[str | None, Header()] = None
) -> Conversation:
    """Return the conversation the bearer token belongs to; anything else is 404, so ids cannot be probed."""
    scheme, _, token = (authorization or "").partition(" ")
    conversation = (
        conversations.authenticate(db=db, conversation_id=conversation_id, token=token)
        if scheme.lower() == "bearer" and token
        else None
    )
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "No conversation with this id for this token.")
    return conversation


Own = Annotated[Conversation, Depends(own_conversation)]


def internal_caller(x_hub_token: Annotated[str | None, Header()] = None) -> None:
    """Refuse any caller that does not present the internal token (the bot's own routes into the hub)."""
    expected = get_settings().hub_internal_token
    # Compared as bytes: a header may hold any character, and compare_digest refuses non-ASCII strings.
    if not expected or not x_hub_token or not hmac.compare_digest(expected.encode(), x_hub_token.encode()):
        raise ApiError(403, "forbidden", "Not allowed.")


Internal = Depends(internal_caller)
