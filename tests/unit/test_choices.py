"""A choice typed where the assistant shows buttons: which button it is, and when it is none."""

from __future__ import annotations

import pytest

from multilingual.choices import chosen_button

CHANGE = [
    {"title": "Move it to another time", "payload": "move"},
    {"title": "Cancel it", "payload": "cancel"},
    {"title": "Keep it", "payload": "keep"},
]
SERVICES = [
    {"title": "Συνάντηση με κοινωνικό λειτουργό", "payload": "social_work"},
    {"title": "Συνεδρία με ψυχολόγο", "payload": "psychology"},
    {"title": "Συνάντηση με τον διαμεσολαβητή Ρομά", "payload": "roma_mediation"},
]
TIMES = [{"title": "Thu 10 Dec, 10:00", "payload": "t1"}, {"title": "Fri 11 Dec, 09:30", "payload": "t2"}]


@pytest.mark.parametrize(
    ("typed", "buttons", "chosen"),
    [
        ("keep it", CHANGE, "keep"),
        ("Keep it!!", CHANGE, "keep"),
        ("cancel it please", CHANGE, "cancel"),
        ("move", CHANGE, "move"),
        ("με κοινωνικο λειτουργο", SERVICES, "social_work"),
        ("me koinwniko leitourgo", SERVICES, "social_work"),  # Greeklish
        ("ψυχολογου", SERVICES, "psychology"),  # another ending
    ],
)
def test_a_typed_choice_is_the_button_it_names(typed: str, buttons: list[dict[str, str]], chosen: str) -> None:
    assert chosen_button(typed, buttons) == chosen


@pytest.mark.parametrize(
    ("typed", "buttons"),
    [
        ("don't cancel it", CHANGE),  # a negation is never a choice
        ("μην το ακυρωσεις", [{"title": "Ακύρωση", "payload": "cancel"}]),
        ("i have a problem with my rent and i cannot pay it", CHANGE),  # more than a choice: for the model
        ("συναντηση", SERVICES),  # in two titles: which one is not said
        ("thursday", TIMES),  # times and dates are not read from words
        ("θελω να μιλησω με ανθρωπο", SERVICES),
    ],
)
def test_a_message_that_names_no_single_button_is_left_to_the_model(typed: str, buttons: list[dict[str, str]]) -> None:
    assert chosen_button(typed, buttons) is None
