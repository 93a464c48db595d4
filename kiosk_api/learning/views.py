"""Routes for teaching the assistant (reviewers and admins): the messages it most likely got wrong, masked; a
reviewer's verdict on each."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from kiosk_api.deps import Db, Language, Reviewer
from kiosk_api.errors import ApiError
from kiosk_api.learning import service
from kiosk_api.learning.models import Verdict
from kiosk_api.staff import service as staff
from knowledge import load_programmes

router = APIRouter(prefix="/api/learning", tags=["learning"])


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
    then: Literal["rephrased", "asked_for_person", "left"] | None = Field(description="What the citizen did next")


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
    staff.audit(db=db, member=member, action="learning_reviewed", target=f"message:{message_id}", detail=body.verdict)
    return Response(status_code=204)
