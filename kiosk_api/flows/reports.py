"""The centre's monthly report: every indicator of a month, read from the records of each domain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments import waiting
from kiosk_api.centre.service import ATHENS
from kiosk_api.conversations import service as conversations
from kiosk_api.handoff import service as handoffs
from kiosk_api.records import service as records


def monthly_report(*, db: Session, month: str) -> dict[str, Any]:
    """Every indicator of a month (YYYY-MM, Athens time), computed from the records of each domain."""
    first, last = records.month_bounds(month)
    start = dt.datetime.combine(first, dt.time(), tzinfo=ATHENS).astimezone(dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=ATHENS).astimezone(dt.UTC)
    return {
        "month": month,
        "visits": records.visit_figures(db=db, first=first, last=last),
        "conversations": conversations.figures(db=db, start=start, end=end),
        "handoffs": handoffs.figures(db=db, start=start, end=end),
        "appointments": appointments.figures(db=db, start=start, end=end),
        "waiting_list": waiting.waiting_count(db=db),
    }
