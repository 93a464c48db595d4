"""Translations and locale-aware formatting for el, en, ar and rom.

Babel (CLDR) formats dates and numbers. Romani has no CLDR locale, so `locales/supplement/<lang>.json` supplies the
calendar names it needs and names the locale whose number conventions it follows; nothing here crashes on it.
"""

from __future__ import annotations

import datetime as dt
import gettext
import json
import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_skeleton,
    get_datetime_format,
    get_day_names,
    get_month_names,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from kiosk_api.config import get_settings
from multilingual.languages import LANGUAGES

DOMAIN = "messages"
logger = logging.getLogger(__name__)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """Return the compiled catalog of a language (English text if it is missing, with a warning)."""
    try:
        return gettext.translation(DOMAIN, get_settings().locales_dir, languages=[language])
    except OSError:
        logger.warning("No compiled catalog for %r; run `make catalogs`. Falling back to the source text.", language)
        return gettext.NullTranslations()


@cache
def babel_locale(language: str) -> Locale | None:
    """Return the CLDR locale of a language, or None when CLDR does not know it (Romani)."""
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None


@cache
def _supplement(language: str) -> dict[str, Any]:
    path = get_settings().locales_dir / "supplement" / f"{language}.json"
    if not path.exists():
        logger.warning("No CLDR locale and no %s for %r; using English conventions.", path, language)
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def language_name(code: str, language: str) -> str:
    """A conversation language's name written in another language, as CLDR names it; a language with no CLDR locale
    (Romani) may give its own spelling in its supplement (`names`). Its name in itself when neither knows it."""
    if babel_locale(code) is None and (named := _supplement(code).get("names", {}).get(language)):
        return named
    locale = babel_locale(language) or Locale.parse(_supplement(language).get("number_locale", "en"))
    return locale.languages.get(code) or LANGUAGES[code].autonym


def _number_locale(language: str) -> Locale:
    return babel_locale(language) or Locale.parse(_supplement(language).get("number_locale", "en"))


def month_year(date: dt.date, language: str) -> str:
    """Write a month and year as the language does ("Νοέμβριος 2026", "November 2026")."""
    locale = babel_locale(language)
    if locale is not None:
        return format_skeleton("yMMMM", date, locale=locale)
    months = _supplement(language).get("months") or list(get_month_names("wide", locale="en").values())
    return f"{months[date.month - 1]} {date.year}"


def day_name(weekday: int, language: str) -> str:
    """Name a weekday (0 = Monday) in a language."""
    locale = babel_locale(language)
    if locale is not None:
        return get_day_names("wide", locale=locale)[weekday]
    days = _supplement(language).get("days") or list(get_day_names("wide", locale="en").values())
    return days[weekday]


def short_month(month: int, language: str) -> str:
    """A month's short name ("Δεκ", "Dec", "ديسمبر"; Romani's whole name: it has no short ones)."""
    locale = babel_locale(language)
    if locale is not None:
        return get_month_names("abbreviated", locale=locale)[month]
    months = _supplement(language).get("months") or list(get_month_names("wide", locale="en").values())
    return months[month - 1]


def day_and_time(moment: dt.datetime, language: str) -> str:
    """Write a weekday and date as the language does, and the time on the 24-hour clock ("Τρίτη 24 Νοεμβρίου 2026 -
    15:30", "Tuesday, November 24, 2026, 15:30"), in the moment's own time zone. One clock everywhere: the times to
    choose from are written 15:30, so the ticket and the messages say it the same way (and Greeks write it so)."""
    locale = babel_locale(language)
    if locale is not None:
        date = format_date(moment, "full", locale=locale)
        # As babel.dates.format_datetime joins them, without its seconds and time zone name.
        return (
            get_datetime_format("full", locale=locale)
            .replace("'", "")
            .replace("{0}", f"{moment:%H:%M}")
            .replace("{1}", date)
        )
    return f"{full_date(moment, language)}, {moment:%H:%M}"


def full_date(moment: dt.date, language: str) -> str:
    """Write a weekday and date as the language does ("Τρίτη 24 Νοεμβρίου 2026")."""
    locale = babel_locale(language)
    if locale is not None:
        return format_date(moment, "full", locale=locale)
    months = _supplement(language).get("months") or list(get_month_names("wide", locale="en").values())
    return f"{day_name(moment.weekday(), language)} {moment.day} {months[moment.month - 1]} {moment.year}"


def join_list(items: list[str], language: str) -> str:
    """Join items as the language lists them ("a, b και c", "a، b و c")."""
    locale = babel_locale(language)
    if locale is not None:
        return format_list(items, locale=locale)
    conjunction = _supplement(language).get("and", "and")
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def number(value: float, language: str) -> str:
    """Write a number with the language's separators."""
    return format_decimal(value, locale=_number_locale(language))


def money(value: float, language: str) -> str:
    """Write an amount in euros as the language does ("1.216 €", "€1,216"), with cents only when there are any."""
    locale = _number_locale(language)
    pattern = locale.currency_formats["standard"].pattern
    if value == int(value):
        pattern = pattern.replace(".00", "")
    return format_currency(value, "EUR", format=pattern, locale=locale, currency_digits=False)


@dataclass(frozen=True)
class Translator:
    """The text functions of one language, bundled so a renderer takes one argument."""

    language: str

    def gettext(self, message: str) -> str:
        """Translate a message."""
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """Translate a message that depends on a number, with the language's plural forms (Arabic has six)."""
        return translations(self.language).ngettext(singular, plural, count)
