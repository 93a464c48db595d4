"""Tables of the handoff domain."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base, UtcDateTime


class HandoffStatus(enum.StrEnum):
    """Where a handoff stands."""

    waiting = "waiting"
    assigned = "assigned"
    resolved = "resolved"


class Handoff(Base):
    """A conversation handed to staff, with the summary a caseworker reads first."""

    __tablename__ = "handoffs"
    # SQLite would give a new handoff the number of the newest erased one (migration 0015).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    status: Mapped[HandoffStatus] = mapped_column(Enum(HandoffStatus, native_enum=False, length=20), index=True)
    reason: Mapped[str] = mapped_column(String(40))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8))
    topic: Mapped[str | None] = mapped_column(String(60), nullable=True)
    summary: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class HandoffNote(Base):
    """An internal note on a handoff; the citizen never sees it."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    # A note the system writes: the response it was rendered from, so that each console language reads it.
    response: Mapped[str | None] = mapped_column(String(64), nullable=True)
    arguments: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class QueueEvent(Base):
    """A change to the staff queue, kept in the database so that every API process streams the same events in the
    same order (the id is the stream's event id)."""

    __tablename__ = "queue_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    # Not a foreign key: the events of an erased handoff stay (a kind, a number, a time; nothing of the person), so
    # that screens hear that it went, and so that SQLite never gives a new event the number of an erased one, which
    # every open queue had already read past (an independent try: queues went stale, "Nobody is waiting").
    handoff_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
