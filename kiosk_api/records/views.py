"""Records routes: the visitor log and the monthly report (staff)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from kiosk_api.channel_registry import CHANNELS
from kiosk_api.deps import Db, Language, Staff
from kiosk_api.flows import reports
from kiosk_api.records import service
from kiosk_api.staff import service as staff

router = APIRouter(tags=["records"])


class VisitIn(BaseModel):
    """Someone who came to the desk without an appointment or ticket (an enquiry), as staff record it."""

    reason: str = Field(min_length=1, max_length=40)
    language: Language
    channel: Literal[tuple(CHANNELS)] = "desk"  # type: ignore[valid-type]


class VisitOut(VisitIn):
    """A visit of the log."""

    id: int
    day: dt.date
    kind: str


@router.post("/api/records/visits", response_model=VisitOut, status_code=201, summary="Log a visit (staff)")
def log_visit(body: VisitIn, member: Staff, db: Db) -> VisitOut:
    """Add an enquiry to today's visitor log (appointments and walk-ins are logged by themselves)."""
    visit = service.log_visit(db=db, kind="enquiry", reason=body.reason, language=body.language, channel=body.channel)
    staff.audit(db=db, member=member, action="visit_logged", target=f"visit:{visit.id}")
    return VisitOut(
        id=visit.id, day=visit.day, kind=visit.kind, reason=visit.reason, language=visit.language, channel=visit.channel
    )


@router.get("/api/records/visits", response_model=list[VisitOut], summary="A day's visitor log (staff)")
def day_log(member: Staff, db: Db, day: dt.date) -> list[VisitOut]:
    """The visits of a day: kind, reason, language, channel; no personal data."""
    return [
        VisitOut(id=v.id, day=v.day, kind=v.kind, reason=v.reason, language=v.language, channel=v.channel)
        for v in service.visits(db=db, first=day, last=day)
    ]


@router.get(
    "/api/reports/monthly",
    summary="The month's indicators (staff)",
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
)
def monthly_report(
    member: Staff,
    db: Db,
    month: Annotated[str, Query(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")],
    format: Literal["json", "csv"] = "json",
) -> Response:
    """People served and new people; visits by language, reason and channel; conversations; handoffs opened and
    resolved with the median wait; appointments booked, kept, cancelled and missed; the waiting list. As JSON, or as
    CSV rows of `indicator,value`."""
    report = reports.monthly_report(db=db, month=month)
    staff.audit(db=db, member=member, action="report_read", target=f"month:{month}")
    if format == "json":
        return Response(content=service.as_json(report), media_type="application/json")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["indicator", "value"])
    writer.writerows(service.flatten(report))
    return Response(
        content=buffer.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="indicators-{month}.csv"'},
    )
