"""Tables of the conversations domain."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kiosk_api.database import Base, UtcDateTime


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
    # The citizen asked to erase it while staff still held it (left the kiosk, say): it is erased when they close it.
    erase_requested: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # "Continue on my phone": the one-time link's secret (as a hash) and when it stops working.
    phone_link_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    phone_link_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", passive_deletes=True, order_by="Message.id"
    )


class Message(Base):
    """A message of a conversation; the id orders the transcript and is the `after` cursor.

    A citizen message is stored `pending` and handled (sent to the bot) strictly in id order, whichever API process
    picks it up; the replies point back to it with `reply_to`.
    """

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_pending", "conversation_id", "pending"),
        # A channel that may send a message twice (a retried Telegram update) names it; the second is the first.
        UniqueConstraint("conversation_id", "client_id", name="uq_messages_conversation_client"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    sender: Mapped[Sender] = mapped_column(Enum(Sender, native_enum=False, length=20))
    text: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(8))
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # What the danger recogniser made of a citizen message, "<level>:<kind>+<kind>" (e.g. "possible:suicide",
    # "clear:violence+homeless"), for staff, and for the helplines said again as the person leaves.
    danger: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # The caseworker who wrote a staff reply: colleagues see who answered, also after a transfer.
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_members.id", name="fk_messages_staff_id", ondelete="SET NULL"), nullable=True
    )
    # A citizen message that changes one sent before (Telegram lets people edit): kept for staff, never re-answered.
    edited: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Understanding(Base):
    """What the assistant made of a citizen message it answered: the language it heard, its best intent and programme,
    and whether it gave up ("please say it another way"). Staff review the ones it most likely got wrong; the row goes
    with its message (retention, erasure)."""

    __tablename__ = "understandings"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
    language_guess: Mapped[str | None] = mapped_column(String(8), nullable=True)
    language_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The best intent even when the fallback fired (what a reviewer confirms or corrects), and its confidence.
    intent: Mapped[str] = mapped_column(String(60))
    confidence: Mapped[float] = mapped_column(Float)
    programme: Mapped[str | None] = mapped_column(String(60), nullable=True)
    fallback: Mapped[bool] = mapped_column(Boolean)


class Consent(Base):
    """A citizen's answer to a request for consent, kept as asked: what for, yes or no, in which language, when."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    granted: Mapped[bool] = mapped_column(Boolean)
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class DeliveryStatus(enum.StrEnum):
    """Where a pushed message stands on its way to a channel that does not ask for it (Telegram)."""

    pending = "pending"
    sending = "sending"
    sent = "sent"
    blocked = "blocked"


class Delivery(Base):
    """The outbox: a message the citizen did not ask for (a staff reply, a reminder, an offer) waiting to be pushed
    to their channel. Written in the same transaction as the message, so none is forgotten."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[DeliveryStatus] = mapped_column(Enum(DeliveryStatus, native_enum=False, length=20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
    # A sender that dies mid-send leaves its claim; after this moment another may take the message again.
    lease_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Attachment(Base):
    """A photo, document or voice message a citizen sent to a caseworker; kept and deleted with the conversation."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
