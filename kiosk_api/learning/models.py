"""Tables of the learning domain: reviews of what the assistant understood, and what reviewers made of them."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, Enum, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from kiosk_api.conversations.models import Message
from kiosk_api.database import Base, UtcDateTime
from kiosk_api.staff.models import StaffMember


class Verdict(enum.StrEnum):
    """What a reviewer made of a message the assistant may have got wrong."""

    example = "example"  # understood as the reviewer says: a training example
    new_topic = "new_topic"  # a need the assistant has no answer for: the content gap report
    not_a_question = "not_a_question"
    discard = "discard"


# The keys below name the columns themselves, not "table.column" strings: `make learn` runs in a Python of its own,
# where a string resolves only against tables some other module happened to define (a served run once failed to
# record itself so).


class Review(Base):
    """A citizen message a reviewer has seen and judged, so it leaves the review list. It goes with its message
    (retention, erasure); what the reviewer made of it is kept apart, without any link to the conversation."""

    __tablename__ = "reviews"

    message_id: Mapped[int] = mapped_column(ForeignKey(Message.id, ondelete="CASCADE"), primary_key=True)
    verdict: Mapped[Verdict] = mapped_column(Enum(Verdict, native_enum=False, length=20))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey(StaffMember.id, ondelete="SET NULL"), nullable=True)
    reviewed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class ExampleStatus(enum.StrEnum):
    """Where a training example stands: waiting for a learning run, in the serving model, or set aside by a run the
    quality gate refused (a wrong label, most likely; a reviewer looks again)."""

    new = "new"
    learned = "learned"
    refused = "refused"


class TrainingExample(Base):
    """A message as a reviewer labelled it, with personal numbers masked and no link to its conversation: kept beyond
    the retention period, until a learning run has trained on it and afterwards as part of the training data."""

    __tablename__ = "training_examples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str] = mapped_column(String(60))
    programme: Mapped[str | None] = mapped_column(String(60), nullable=True)
    status: Mapped[ExampleStatus] = mapped_column(
        Enum(ExampleStatus, native_enum=False, length=20), default=ExampleStatus.new, server_default="new"
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey(StaffMember.id, ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())


class LearningRun(Base):
    """One run of `make learn`: the examples new in it, the held-out figures of the serving model and of the
    candidate per language, and whether the candidate was served or refused, and why."""

    __tablename__ = "learning_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # {language: count} of the examples new in this run
    new_examples: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # {language: {"n", "intent", "programme"}} on the held-out sets: the serving model, and the candidate
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # [[language, "intent" | "programme"], …]: what fell by more than the tolerance (why it was refused)
    dropped: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    served: Mapped[bool] = mapped_column(Boolean)
    # A code the console puts in words: "" (served), served_at_next_start (Rasa was not running), no_new_examples,
    # accuracy_dropped, training_failed (the error in `detail`, for the administrator)
    reason: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class TopicNote(Base):
    """A need the assistant has no answer for, as a reviewer noted it (the message masked, no link to its
    conversation): the content gap report groups them."""

    __tablename__ = "topic_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey(StaffMember.id, ondelete="SET NULL"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, server_default=func.now())
