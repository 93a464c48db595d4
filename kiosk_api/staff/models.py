"""Tables of the staff domain."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base, UtcDateTime


class Role(enum.StrEnum):
    """What a staff member may do."""

    caseworker = "caseworker"
    admin = "admin"
    # Teaches the assistant (a Roma mediator, an interpreter): reviews what it understood, masked; reads no
    # conversation and holds none.
    reviewer = "reviewer"


class StaffMember(Base):
    """A caseworker, an administrator or a reviewer."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class StaffSession(Base):
    """A login: the cookie carries the token, the table only its hash."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)  # naive UTC, compared in SQL


class LoginAttempt(Base):
    """A failed login, kept briefly so that guessing passwords is slowed down across API processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    client: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)  # naive UTC, compared in SQL


class AuditEntry(Base):
    """Something a staff member read or did."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(100), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
