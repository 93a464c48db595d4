"""Routes for teaching the assistant (reviewers and admins): the messages it most likely got wrong, masked; a
reviewer's verdict on each."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from kiosk_api.deps import Admin, Db, Language, Reviewer
from kiosk_api.errors import ApiError
from kiosk_api.learning import job, service
from kiosk_api.learning.models import Verdict
from kiosk_api.staff import service as staff
from knowledge import load_programmes

router = APIRouter(prefix="/api/learning", tags=["learning"])


class SaidOut(BaseModel):
    """A message just before the one to review: who wrote it and its text (masked, shortened)."""

    sender: Literal["citizen", "bot", "staff", "system"]
    text: str


class ToReviewOut(BaseModel):
    """A message the assistant may have got wrong: its text with personal numbers masked, and its guess."""

    message_id: int
    text: str
    language: str = Field(description="The conversation's language when it was written")
    written_at: dt.datetime
    intent: str = Field(description="The assistant's best guess, even when it did not act on it")
    confidence: float
    fallback: bool = Field(description="The assistant asked the citizen to say it another way")
    programme: str | None
    language_guess: str | None = Field(description="The language the assistant heard")
    then: Literal["rephrased", "asked_for_person", "passed_to_staff", "left"] | None = Field(
        description="What the citizen did next"
    )
    before: list[SaidOut] = Field(description="The two messages before it in its conversation, oldest first")
    next_text: str | None = Field(description="What the citizen wrote next (masked), if anything")


class RunOut(BaseModel):
    """A learning run: when, the examples new in it per language, the held-out figures per language of the serving
    model (`before`) and of the candidate (`after`), and whether the candidate was served."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime
    new_examples: dict[str, int]
    before: dict[str, dict[str, float | int | None]]
    after: dict[str, dict[str, float | int | None]]
    dropped: list[list[str]] = Field(description="[language, intent | programme] that fell by more than the tolerance")
    served: bool
    reason: str = Field(
        description="served_at_next_start, no_new_examples, accuracy_dropped, training_failed, or empty when served"
    )


class GapOut(BaseModel):
    """A topic without an answer, as reviewers noted it."""

    topic: str
    count: int
    languages: list[str]
    last: dt.datetime
    examples: list[str] = Field(description="Some of the messages, personal numbers masked")


class GapsOut(BaseModel):
    """The content gap report."""

    topics: list[GapOut]
    out_of_scope_unreviewed: dict[str, int] = Field(
        description="Per language, messages the assistant took for something the centre does not handle, not yet "
        "reviewed (review them to name their topics)"
    )


class ReviewIn(BaseModel):
    """A reviewer's verdict. An example needs the right intent (and the programme, if the message names one)."""

    verdict: Verdict
    intent: Literal[service.INTENTS] | None = None  # type: ignore[valid-type]
    programme: str | None = None
    language: Language | None = None
    note: str = Field(default="", max_length=2000)


@router.get("/review", response_model=list[ToReviewOut], summary="Messages to review (reviewers, admins)")
def to_review(member: Reviewer, db: Db, language: Language | None = None) -> list[ToReviewOut]:
    """The messages not yet reviewed that the assistant most likely got wrong, likeliest first; masked, and the
    reading audited."""
    found = service.to_review(db=db, language=language)
    staff.audit(
        db=db,
        member=member,
        action="learning_review_read",
        target=f"language:{language or 'all'}",
        detail=",".join(str(item.message_id) for item in found)[:2000] or None,
    )
    return [ToReviewOut.model_validate(item, from_attributes=True) for item in found]


@router.post("/review/{message_id}", status_code=204, summary="Record a verdict on a message (reviewers, admins)")
def review(message_id: int, body: ReviewIn, member: Reviewer, db: Db) -> Response:
    """Confirm or correct what the assistant understood (a training example), note a topic it has no answer for, or
    set the message aside."""
    if body.verdict == Verdict.example and body.intent is None:
        raise ApiError(422, "intent_needed", "Say what the person wanted.")
    if body.programme is not None and body.programme not in load_programmes():
        raise ApiError(422, "unknown_programme", "No programme with this id.")
    try:
        service.review(
            db=db,
            message_id=message_id,
            verdict=body.verdict,
            reviewer_id=member.id,
            intent=body.intent,
            programme=body.programme if body.verdict == Verdict.example else None,
            language=body.language,
            note=body.note.strip(),
        )
    except service.NotToReview as error:
        raise ApiError(404, "not_to_review", "No message to review with this id (reviewed already?).") from error
    staff.audit(db=db, member=member, action="learning_reviewed", target=f"message:{message_id}", detail=_said(body))
    return Response(status_code=204)


def _said(body: ReviewIn) -> str:
    """A verdict as the audit log keeps it: what the reviewer chose, so a mistake can be seen and undone."""
    if body.verdict == Verdict.example:
        return f"{body.verdict}: " + ", ".join(part for part in (body.intent, body.programme, body.language) if part)
    if body.verdict == Verdict.new_topic:
        return f"{body.verdict}: {body.note.strip()}"[:2000]
    return str(body.verdict)


@router.delete("/review/{message_id}", status_code=204, summary="Undo a verdict (reviewers, admins)")
def undo_review(message_id: int, member: Reviewer, db: Db) -> Response:
    """Undo a verdict given by mistake: what it made is deleted and the message is back on the list; refused once a
    learning run has trained on the example."""
    try:
        verdict = service.undo_review(db=db, message_id=message_id)
    except service.NotReviewed as error:
        raise ApiError(404, "not_reviewed", "This message has no verdict to undo.") from error
    except service.AlreadyLearned as error:
        raise ApiError(409, "already_learned", "The assistant has already learned this example.") from error
    staff.audit(db=db, member=member, action="learning_review_undone", target=f"message:{message_id}", detail=verdict)
    return Response(status_code=204)


@router.get("/runs", response_model=list[RunOut], summary="The latest learning runs (reviewers, admins)")
def runs(member: Reviewer, db: Db) -> list[RunOut]:
    """The ten latest runs of `make learn` (or of the administrators' button), newest first."""
    return [RunOut.model_validate(run, from_attributes=True) for run in service.last_runs(db=db)]


@router.post("/runs", status_code=202, summary="Start a learning run (reviewers' screen; admins only)")
def start_run(member: Admin, db: Db) -> Response:
    """Run what `make learn` runs, in the background (two to three minutes); the runs' list shows how it ended. 409
    `learning_running` while one is in progress."""
    try:
        job.start_in_background()
    except job.AlreadyRunning as error:
        raise ApiError(409, "learning_running", "A learning run is already in progress.") from error
    staff.audit(db=db, member=member, action="learning_started")
    return Response(status_code=202)


@router.get("/gaps", response_model=GapsOut, summary="Topics the assistant has no answer for (reviewers, admins)")
def gaps(member: Reviewer, db: Db) -> GapsOut:
    """The content gap report: the topics reviewers noted, most often first, and how many out-of-scope messages wait
    for a review in each language."""
    topics, unreviewed = service.content_gaps(db=db)
    return GapsOut(
        topics=[GapOut.model_validate(gap, from_attributes=True) for gap in topics], out_of_scope_unreviewed=unreviewed
    )
