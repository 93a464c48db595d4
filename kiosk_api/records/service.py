"""The visitor log and the monthly indicators, computed from the records, never typed in."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.centre.service import ATHENS
from kiosk_api.records.models import Visit


def log_visit(
    *,
    db: Session,
    kind: str,
    reason: str,
    language: str,
    channel: str,
    person_key: str | None = None,
    commit: bool = True,
) -> Visit:
    """Write a visit to today's log (Athens date)."""
    visit = Visit(
        day=dt.datetime.now(dt.UTC).astimezone(ATHENS).date(),
        kind=kind,
        reason=reason,
        language=language,
        channel=channel,
        person_key=person_key,
    )
    db.add(visit)
    if commit:
        db.commit()
    return visit


def remove_visit(*, db: Session, day: dt.date, kind: str, reason: str, language: str, channel: str) -> None:
    """Take back one anonymous visit of a day (a person called who had gone). Anonymous visits alike in every field
    cannot be told apart, so the newest such one goes; the caller commits."""
    visit = db.scalar(
        select(Visit)
        .where(
            Visit.day == day,
            Visit.kind == kind,
            Visit.reason == reason,
            Visit.language == language,
            Visit.channel == channel,
            Visit.person_key.is_(None),
        )
        .order_by(Visit.id.desc())
        .limit(1)
    )
    if visit is not None:
        db.delete(visit)


def visits(*, db: Session, first: dt.date, last: dt.date) -> list[Visit]:
    """The visits of the days [first, last], in order."""
    return list(db.scalars(select(Visit).where(Visit.day >= first, Visit.day <= last).order_by(Visit.id)))


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of a month written YYYY-MM."""
    first = dt.date.fromisoformat(f"{month}-01")
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def visit_figures(*, db: Session, first: dt.date, last: dt.date) -> dict[str, Any]:
    """People served and new people, and visits by kind, language, reason and channel."""
    period = visits(db=db, first=first, last=last)
    known = {visit.person_key for visit in period if visit.person_key}
    seen_before = set(
        db.scalars(select(Visit.person_key).where(Visit.day < first, Visit.person_key.in_(known))) if known else []
    )
    anonymous = sum(1 for visit in period if not visit.person_key)
    return {
        "visits": len(period),
        # Without a key nobody can tell two anonymous visits apart: each counts as one person, and as new.
        "people_served": len(known) + anonymous,
        "new_people": len(known - seen_before) + anonymous,
        "by_kind": dict(Counter(visit.kind for visit in period)),
        "by_language": dict(Counter(visit.language for visit in period)),
        "by_reason": dict(Counter(visit.reason for visit in period)),
        "by_channel": dict(Counter(visit.channel for visit in period)),
    }


def flatten(report: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """The report as (indicator, value) rows, for CSV: "visits.by_language.ar", 4."""
    rows: list[tuple[str, Any]] = []
    for key, value in report.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(flatten(value, f"{name}."))
        else:
            rows.append((name, value))
    return rows


def as_json(report: dict[str, Any]) -> str:
    """The report as JSON text."""
    return json.dumps(report, ensure_ascii=False, indent=2)
