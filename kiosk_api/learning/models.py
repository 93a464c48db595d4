"""Tables of the learning domain: reviews of what the assistant understood, and what reviewers made of them."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.database import Base, UtcDateTime


class Verdict(enum.StrEnum):
    """What a reviewer made of a message the assistant may have got wrong."""

    example = "example"  # understood as the reviewer says: a training example
    new_topic = "new_topic"  # a need the assistant has no answer for: the content gap report
    not_a_question = "not_a_question"
    discard = "discard"


class Review(Base):
    """A citizen message a reviewer has seen and judged, so it leaves the review list. It goes with its message
    (retention, erasure); what the reviewer made of it is kept apart, without any link to the conversation."""

    __tablename__ = "reviews"

    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
    verdict: Mapped[Verdict] = mapped_column(Enum(Verdict, native_enum=False, length=20))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class TrainingExample(Base):
    """A message as a reviewer labelled it, with personal numbers masked and no link to its conversation: kept beyond
    the retention period, until a learning run has trained on it and afterwards as part of the training data."""

    __tablename__ = "training_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str] = mapped_column(String(60))
    programme: Mapped[str | None] = mapped_column(String(60), nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class TopicNote(Base):
    """A need the assistant has no answer for, as a reviewer noted it (the message masked, no link to its
    conversation): the content gap report groups them."""

    __tablename__ = "topic_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
