"""The centre's state now, for the pages: whether staff are in, and if not, when they next are."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel

from kiosk_api.centre import service as centre

router = APIRouter(tags=["centre"])


class CentreStatus(BaseModel):
    """Whether staff are at the centre now; if not, when they next are (None if not within three weeks)."""

    open: bool
    staff_answer_from: dt.datetime | None


@router.get("/api/centre/status", response_model=CentreStatus, summary="Whether staff are in now")
def status() -> CentreStatus:
    """The kiosk asks when a person asks for a caseworker: outside opening hours it offers a booking beside the
    request, which stays with staff."""
    moment = centre.now()
    if centre.is_open(at=moment):
        return CentreStatus(open=True, staff_answer_from=None)
    return CentreStatus(open=False, staff_answer_from=centre.next_opening(after=moment))
