"""When the centre is staffed: its weekly opening hours (knowledge), minus Greek public holidays, in Athens time."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from kiosk_api.config import get_settings
from knowledge import load_centre
from knowledge.loader import WEEKDAYS

ATHENS = ZoneInfo("Europe/Athens")
# Far enough to pass a long holiday weekend with the usual hours; a centre open less often answers "no hours".
SEARCH_DAYS = 21


@cache
def _public_holidays(year: int) -> holidays.HolidayBase:
    # Orthodox Easter and the feasts that move with it are computed by the package, never typed in.
    return holidays.country_holidays("GR", years=year)


def now() -> dt.datetime:
    """The current moment (the one place tests move the clock)."""
    return dt.datetime.now(dt.UTC)


def is_public_holiday(day: dt.date) -> bool:
    """Whether a day is a Greek public holiday."""
    return day in _public_holidays(day.year)


def public_holiday(day: dt.date) -> str | None:
    """The English name of the Greek public holiday a day is ("Christmas Day"), or None."""
    return _public_holidays(day.year).get(day)


def _spans(day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
    if is_public_holiday(day):
        return ()
    return load_centre(get_settings().centre_id).opening_hours.get(WEEKDAYS[day.weekday()], ())


def closed_all_day(day: dt.date) -> bool:
    """Whether the centre does not open at all on a day (a weekend, a public holiday)."""
    return not _spans(day)


def opening_hours(day: dt.date) -> tuple[dt.time, dt.time]:
    """When the centre opens and shuts on a day it opens (Athens time)."""
    spans = _spans(day)
    return spans[0][0], spans[-1][1]


def hours_confirmed() -> bool:
    """Whether the centre has confirmed its opening hours (until then they are the usual ones)."""
    return load_centre(get_settings().centre_id).hours_confirmed


def is_open(*, at: dt.datetime) -> bool:
    """Whether staff are at the centre at a moment."""
    local = at.astimezone(ATHENS)
    return any(start <= local.time() < end for start, end in _spans(local.date()))


def next_opening(*, after: dt.datetime) -> dt.datetime | None:
    """Return the next moment the centre opens after a moment (in Athens time), or None within three weeks."""
    local = after.astimezone(ATHENS)
    for offset in range(SEARCH_DAYS):
        day = local.date() + dt.timedelta(days=offset)
        for start, _end in _spans(day):
            opening = dt.datetime.combine(day, start, tzinfo=ATHENS)
            if opening > local:
                return opening
    return None
