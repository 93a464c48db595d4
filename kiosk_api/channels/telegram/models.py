"""Tables of the Telegram gateway."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base


class TelegramChat(Base):
    """A Telegram chat and the hub conversation it is, kept across restarts. The conversation's token is kept so the
    gateway can act for the citizen in the hub, as the kiosk page keeps it in its memory."""

    __tablename__ = "telegram_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    conversation_id: Mapped[str | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    conversation_token: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # The user blocked the bot: nothing more is sent until they write again.
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class HandledUpdate(Base):
    """An update already handled: Telegram may send it again after a restart, and it must not count twice."""

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
