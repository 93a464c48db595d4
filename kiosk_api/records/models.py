"""Tables of the records domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base, UtcDateTime


class Visit(Base):
    """One person coming to the centre: why, in which language, through which channel. No personal data, except a
    one-way key of the phone number when the person consented to storing it, so returning people can be counted."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # appointment, walk_in, enquiry
    reason: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(20))
    person_key: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
