"""Tables of the conversations domain."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Enum, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk_api.database import Base


class Sender(enum.StrEnum):
    """Who wrote a message."""

    citizen = "citizen"
    bot = "bot"
    staff = "staff"
    system = "system"


class ConversationState(enum.StrEnum):
    """Who holds the conversation: the bot, or staff (waiting for a caseworker, or assigned to one)."""

    bot = "bot"
    waiting = "waiting"
    assigned = "assigned"


class Conversation(Base):
    """One citizen's conversation on one channel."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    state: Mapped[ConversationState] = mapped_column(
        Enum(ConversationState, native_enum=False, length=20), default=ConversationState.bot
    )
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", passive_deletes=True, order_by="Message.id"
    )


class Message(Base):
    """A message of a conversation; the id orders the transcript and is the `after` cursor.

    A citizen message is stored `pending` and handled (sent to the bot) strictly in id order, whichever API process
    picks it up; the replies point back to it with `reply_to`.
    """

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_pending", "conversation_id", "pending"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    sender: Mapped[Sender] = mapped_column(Enum(Sender, native_enum=False, length=20))
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8))
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Consent(Base):
    """A citizen's answer to a request for consent, kept as asked: what for, yes or no, in which language, when."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
