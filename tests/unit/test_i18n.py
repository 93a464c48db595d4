"""Dates and numbers are written the way each language writes them; Romani never crashes."""

import datetime as dt

import pytest

from kiosk_api.channels.kiosk.strings import kiosk_strings
from kiosk_api.i18n import Translator, day_name, join_list, month_year, number

NOVEMBER = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("language", "written"),
    [("el", "Νοέμβριος 2026"), ("en", "November 2026"), ("rom", "Novembro 2026")],
)
def test_month_and_year(language: str, written: str) -> None:
    assert month_year(NOVEMBER, language) == written


def test_arabic_month_is_in_arabic() -> None:
    assert "نوفمبر" in month_year(NOVEMBER, "ar")


@pytest.mark.parametrize(("language", "monday"), [("el", "Δευτέρα"), ("en", "Monday"), ("rom", "Luja")])
def test_day_names(language: str, monday: str) -> None:
    assert day_name(0, language) == monday


def test_romani_numbers_follow_greek_conventions() -> None:
    assert number(1296.5, "rom") == number(1296.5, "el") == "1.296,5"
    assert number(1296.5, "en") == "1,296.5"


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_every_language_translates(language: str) -> None:
    translated = Translator(language).gettext("Which language would you like?")
    assert translated
    assert (translated == "Which language would you like?") == (language == "en")


@pytest.mark.parametrize(
    ("language", "joined"),
    [("el", "α, β και γ"), ("en", "α, β, and γ"), ("ar", "α وβ وγ"), ("rom", "α, β thaj γ")],
)
def test_lists_are_joined_the_way_each_language_joins_them(language: str, joined: str) -> None:
    assert join_list(["α", "β", "γ"], language) == joined


def test_plurals_follow_each_language_arabic_with_its_six_forms() -> None:
    arabic = kiosk_strings(Translator("ar"))["walk_in_ahead"]
    assert len({arabic[count].replace(count, "#") for count in ("0", "1", "2", "3", "10")}) == 4  # 3 and 10: "few"
    english = kiosk_strings(Translator("en"))["walk_in_ahead"]
    assert english["1"] == "1 person is waiting before you." and english["2"] == "2 people are waiting before you."
    romani = kiosk_strings(Translator("rom"))["walk_in_ahead"]
    assert romani["1"] != romani["2"].replace("2", "1")
