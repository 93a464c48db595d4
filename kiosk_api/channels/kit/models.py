"""The kit's address book: which conversation each citizen of a channel is in, for channels that name their
citizens with text (a user id in a municipality's app, a phone number). Telegram keeps its own (`telegram_chats`),
with its numeric chat ids and what only Telegram needs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base


class ChannelAddress(Base):
    """A citizen's address on a channel and the hub conversation they are in. The conversation's token is kept so
    the channel can act for the citizen in the hub, as the kiosk page keeps it in its memory. An address is personal
    data: it goes with its conversation (retention, or the citizen's request to be forgotten)."""

    __tablename__ = "channel_addresses"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    address: Mapped[str] = mapped_column(String(200), primary_key=True)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    conversation_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # The citizen blocked the channel (or left it): nothing more is sent until they write again.
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
