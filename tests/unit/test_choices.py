"""A choice typed where the assistant shows buttons: which button it is, and when it is none; and a typed stop."""

from __future__ import annotations

import pytest

from knowledge.loader import load_services
from multilingual.choices import chosen_button, named_choice, without_words_of
from multilingual.features import asks_to_stop

CHANGE = [
    {"title": "Move it to another time", "payload": '/cancel_appointment{"change_action": "move"}'},
    {"title": "Cancel it", "payload": '/cancel_appointment{"change_action": "cancel"}'},
    {"title": "Keep it", "payload": '/cancel_appointment{"change_action": "keep"}'},
]
SERVICES = [
    {"title": "Συνάντηση με κοινωνικό λειτουργό", "payload": '/book_appointment{"service": "social_work"}'},
    {"title": "Συνεδρία με ψυχολόγο", "payload": '/book_appointment{"service": "psychology"}'},
    {"title": "Συνάντηση με τον διαμεσολαβητή Ρομά", "payload": '/book_appointment{"service": "roma_mediation"}'},
]
# Under a programme's answer: its other aspects, a person, an appointment (menus, not a question's answers).
AFTER_AN_ANSWER = [
    {"title": "Documents", "payload": '/ask_documents{"programme": "minimum_income"}'},
    {"title": "How to apply", "payload": '/ask_how_to_apply{"programme": "minimum_income"}'},
    {"title": "Talk to a person", "payload": "/request_human"},
]
TIMES = [{"title": "Thu 10 Dec, 10:00", "payload": "t1"}, {"title": "Fri 11 Dec, 09:30", "payload": "t2"}]


@pytest.mark.parametrize(
    ("typed", "buttons", "chosen"),
    [
        ("keep it", CHANGE, CHANGE[2]["payload"]),
        ("Keep it!!", CHANGE, CHANGE[2]["payload"]),
        ("cancel it please", CHANGE, CHANGE[1]["payload"]),
        ("move", CHANGE, CHANGE[0]["payload"]),
        ("με κοινωνικο λειτουργο", SERVICES, SERVICES[0]["payload"]),
        ("me koinwniko leitourgo", SERVICES, SERVICES[0]["payload"]),  # Greeklish
        ("ψυχολογου", SERVICES, SERVICES[1]["payload"]),  # another ending
        ("Documents", AFTER_AN_ANSWER, '/ask_documents{"programme": "minimum_income"}'),  # a menu's title, exactly
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
        ("documents for child benefit?", AFTER_AN_ANSWER),  # another programme: the model reads it
        ("and how to apply for rent", AFTER_AN_ANSWER),
    ],
)
def test_a_message_that_names_no_single_button_is_left_to_the_model(typed: str, buttons: list[dict[str, str]]) -> None:
    assert chosen_button(typed, buttons) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("θέλω να κλείσω ραντεβού με κοινωνική λειτουργό", "social_work"),
        ("thelw rantevou me ton koinoniko leitourgo", "social_work"),
        ("can i book to see the social worker on monday", "social_work"),
        ("بدي موعد مع الأخصائية الاجتماعية", "social_work"),
        ("ραντεβού με ψυχολόγο παρακαλώ", "psychological_support"),
        ("i need an appointment with a psychologist", "psychological_support"),
        ("بدي احجز عند اخصائي نفسي", "psychological_support"),
        ("mangav rantevou e psihologosa", "psychological_support"),
        ("θέλω ραντεβού για να κάνω αίτηση", "application_help"),
        ("appointment to help me apply for the housing allowance", "application_help"),
        ("ραντεβού με τον διαμεσολαβητή", "roma_mediation"),
        ("θέλω ένα ραντεβού", None),  # names no service: the question is asked
        ("i want an appointment, i need help", None),
        ("social worker or psychologist, whoever is free", None),  # two: the person chooses
        ("όχι με ψυχολόγο, με κοινωνικό λειτουργό", "social_work"),  # the one refused does not count
        ("δεν θέλω ψυχολόγο", None),
        # From a third independent try: "na" is Greek «να» before a verb, not the Romani "not".
        ("geia sas thelw na kleisw rantevou me psyxologo", "psychological_support"),
        ("salam, 3ayez ma3ad ma3 doktor nafsi yom el 5amis", "psychological_support"),
    ],
)
def test_a_service_named_in_the_request_is_that_service(typed: str, expected: str | None) -> None:
    asked_as = {service.id: service.asked_as for service in load_services().values()}
    assert named_choice(typed, asked_as) == expected


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("σταμάτα", True),
        ("stamata to", True),
        ("ok stop please", True),
        ("Forget it!", True),
        ("خلص بس لو سمحت", True),
        ("άσ' το", True),
        ("dosta", True),
        # Found by an independent try: in the middle of the estimate it was read as a count, and asked again.
        ("δεν θελω αλλο", True),
        ("den thelw allo", True),
        ("ντόστα", True),
        # An answer, a question, a refusal to stop: no stop.
        ("2", False),
        ("no", False),
        ("stop asking me about the rent, I want the child benefit", False),
        ("να σταματήσω;", False),
        ("dont stop", False),
    ],
)
def test_a_stop_is_a_whole_short_message_in_any_language(text: str, stops: bool) -> None:
    assert asks_to_stop(text) is stops


@pytest.mark.parametrize(
    ("text", "phrases", "rest"),
    [
        (
            "i need help with the rent and the heating allowance",
            ("heating allowance",),
            "i need help with the rent and the",
        ),
        (
            "θελω βοηθεια για το ενοικιο και το επιδομα θερμανσης",
            ("επίδομα θέρμανσης",),
            "θελω βοηθεια για το ενοικιο και το",
        ),
        ("في مساعدة للتدفئة والإيجار؟", ("مساعدة تدفئة",), "في والإيجار؟"),
        # A phrase the message does not hold whole takes nothing away.
        ("the heating is broken", ("heating allowance",), "the heating is broken"),
    ],
)
def test_the_words_of_a_named_phrase_leave_what_else_a_message_asks(
    text: str, phrases: tuple[str, ...], rest: str
) -> None:
    assert without_words_of(text, phrases) == rest
