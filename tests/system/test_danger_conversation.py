"""Danger in the middle of the estimate or the booking, through the hub with the real model, in each of the four
languages: the form is left, the helplines come at once and a caseworker is called urgently; when the caseworker hands
the conversation back, the bot starts afresh instead of asking the form's question again. A "possible" message that
the person says is not danger is answered by the bot after all, outside the form."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from kiosk_api.danger import recogniser
from kiosk_api.danger.recogniser import Level
from kiosk_api.nlg.service import BACK_TO_THE_ASSISTANT
from knowledge.loader import load_programmes
from tests.api.test_danger import INDEPENDENT_DANGER, helpline_numbers, is_urgent_help
from tests.citizen import Citizen, rendered
from tests.system.test_booking_conversation import ATHENS, BOOK, appointment_of, appointments_of
from tests.system.test_estimate_conversation import CONVERSATIONS as ESTIMATES
from tools.stack import Stack

# A clear danger message per language (the issue's own words, never trained on), and its first helpline.
DANGER = {language: (text, first) for language, text, _, first in reversed(INDEPENDENT_DANGER)}
GREETING = {"el": "γεια σας", "en": "hello", "ar": "مرحبا", "rom": "sastipe"}


def _post(citizen: Citizen, **body: str) -> dict[str, Any]:
    turn = citizen.client.post(f"/api/conversations/{citizen.id}/messages", json=body)
    assert turn.status_code == 200, turn.text
    return turn.json()


def _tracker(stack: Stack, citizen: Citizen) -> dict[str, Any]:
    return httpx.get(f"{stack.rasa_url}/conversations/{citizen.id}/tracker", timeout=30).json()


def _hand_back(caseworker: httpx.Client, citizen: Citizen) -> None:
    """A caseworker takes the urgent conversation and, once it is settled, returns it to the assistant."""
    [handoff] = [h for h in caseworker.get("/api/handoffs?status=waiting").json() if h["conversation_id"] == citizen.id]
    assert handoff["urgent"]
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/claim").status_code == 200
    assert caseworker.post(f"/api/handoffs/{handoff['id']}/resolve", json={"return_to_bot": True}).status_code == 200


def _leaves_the_form_by_danger(stack: Stack, caseworker: httpx.Client, citizen: Citizen, asked: str) -> None:
    language = citizen.language
    text, first = DANGER[language]
    turn = _post(citizen, text=text)
    [alarm] = turn["messages"]
    numbers = helpline_numbers(alarm["text"])
    assert numbers[0] == first
    assert rendered("utter_ask_estimate_adults", language) not in alarm["text"]
    assert turn["state"] == "waiting"
    _hand_back(caseworker, citizen)
    assert _tracker(stack, citizen)["active_loop"] in ({}, None, {"name": None})
    replies = citizen.say(GREETING[language])
    assert asked not in citizen.texts(), replies
    assert citizen.texts()[0] == rendered("utter_greet", language)


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_danger_in_the_middle_of_the_estimate_leaves_it(stack: Stack, caseworker: httpx.Client, language: str) -> None:
    citizen = Citizen(stack, language)
    citizen.say(ESTIMATES[language]["start"])
    citizen.say(ESTIMATES[language]["answers"][0])
    asked = rendered("utter_ask_estimate_children", language)
    assert citizen.texts() == [asked]
    _leaves_the_form_by_danger(stack, caseworker, citizen, asked)


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_danger_in_the_middle_of_booking_leaves_it(
    stack: Stack, caseworker: httpx.Client, schedule: None, language: str
) -> None:
    citizen = Citizen(stack, language)
    citizen.say(BOOK[language])
    asked = rendered("utter_ask_booking_service", language)
    assert citizen.texts() == [asked]
    _leaves_the_form_by_danger(stack, caseworker, citizen, asked)


@pytest.mark.rasa
def test_no_to_the_danger_question_lets_the_bot_answer_outside_the_form(stack: Stack) -> None:
    text = "I am so tired of everything. How much is the housing allowance?"
    assert recogniser.assess(text).level == Level.possible  # the premise: a message the recogniser is unsure of
    citizen = Citizen(stack, "en")
    citizen.say(ESTIMATES["en"]["start"])
    assert citizen.texts() == [rendered("utter_ask_estimate_adults", "en")]
    turn = _post(citizen, text=text)
    [question] = citizen.last = turn["messages"]
    assert "Are you or someone near you in danger right now?" in question["text"] and turn["state"] == "bot"
    citizen.press("hub:danger:no:")
    assert citizen.texts()[0] == rendered("utter_not_in_danger", "en")
    answer = "\n\n".join(citizen.texts()[1:])
    assert "Housing Allowance" in answer and rendered("utter_ask_estimate_adults", "en") not in answer
    assert _tracker(stack, citizen)["active_loop"] in ({}, None, {"name": None})


@pytest.mark.rasa
def test_asking_in_words_for_a_person_under_the_danger_question_is_urgent(
    stack: Stack, caseworker: httpx.Client
) -> None:
    # Pressing "Talk to a person" under the question was made urgent (helper-128's retry); asking for one in words went
    # to the bot, whose answer was anyone's: "You are number 1 in the queue… staff will answer from tomorrow at 08:00",
    # and "Ask the assistant instead".
    text = "I am so tired of everything"
    assert recogniser.assess(text).level == Level.possible  # the premise: a message the recogniser is unsure of
    citizen = Citizen(stack, "en")
    citizen.last = _post(citizen, text=text)["messages"]
    replies = _post(citizen, text="can I talk to a person please?")["messages"]
    said = "\n\n".join(reply["text"] for reply in replies)
    assert is_urgent_help(said), said
    if "call one of these numbers now" in said:
        assert said.index("1018") < said.index("call one of these numbers now"), said
    assert BACK_TO_THE_ASSISTANT not in [b["payload"] for reply in replies for b in reply["buttons"]]
    [handoff] = [h for h in caseworker.get("/api/handoffs?status=waiting").json() if h["conversation_id"] == citizen.id]
    assert handoff["urgent"]


@pytest.mark.rasa
def test_no_to_the_danger_question_in_the_middle_of_a_form_asks_the_forms_question_again(stack: Stack) -> None:
    # From an independent try: an answer to the estimate taken for possible danger, then "No": nothing asked the
    # question again, and the next reply filled the wrong field. The form must go on where it was.
    text = "I am so tired of everything"
    assert recogniser.assess(text).level == Level.possible  # the premise: a message the recogniser is unsure of
    citizen = Citizen(stack, "en")
    citizen.say(ESTIMATES["en"]["start"])
    assert citizen.texts() == [rendered("utter_ask_estimate_adults", "en")]
    citizen.last = _post(citizen, text=text)["messages"]
    citizen.press("hub:danger:no:")
    assert citizen.texts()[0] == rendered("utter_not_in_danger", "en")
    # The form has the message: it asks its question again, or answers and offers to go back to it.
    after = "\n\n".join(citizen.texts()[1:])
    assert "How many adults" in after or "go back to the estimate" in after, citizen.texts()
    if "How many adults" not in after:
        citizen.press("estimate")  # "Continue the estimate"
        assert "How many adults" in "\n\n".join(citizen.texts()), citizen.texts()
    citizen.say("two")
    assert "children" in "\n\n".join(citizen.texts()), "the answer did not go to the adults question"


@pytest.mark.rasa
@pytest.mark.parametrize("text", ["δεν θελω αλλο", "den thelw allo"])
def test_no_to_the_danger_question_after_i_dont_want_any_more_stops_the_form(stack: Stack, text: str) -> None:
    # Found by an independent try: «δεν θέλω άλλο» in the middle of the estimate was asked about (it may be despair:
    # asking is right), and after "No" the estimate asked its number again; the mother was stuck in it.
    citizen = Citizen(stack, "el")
    citizen.say(ESTIMATES["el"]["start"])
    citizen.say("2")
    assert citizen.texts() == [rendered("utter_ask_estimate_children", "el")]
    turn = _post(citizen, text=text)
    citizen.last = turn["messages"]
    if recogniser.assess(text).level == Level.possible:
        citizen.press("hub:danger:no:")
        assert citizen.texts()[0] == rendered("utter_not_in_danger", "el")
    after = citizen.texts()[1:] if citizen.texts()[0] == rendered("utter_not_in_danger", "el") else citizen.texts()
    assert after == [
        rendered("utter_form_stopped", "el", form="estimate_form"),
        rendered("utter_how_can_i_help", "el"),
    ]


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "worry", "typed_no", "answer_names"),
    [
        ("en", "I am so tired of everything", "no, nobody is in danger, I just need help with the rent", "Housing"),
        ("el", "κουράστηκα με όλα", "όχι, κανείς δεν κινδυνεύει, απλά θέλω βοήθεια με το νοίκι", "Στέγασης"),
        # Found by helper-89's try: the "help" of a question about it had made the No a Yes (an urgent handoff).
        ("en", "I am so tired of everything", "im fine thanks. can i get help with rent?", "Housing"),
        # (Sleepless worry, «الوضع صعب كتير، ما عم نام من الهم», was the Arabic worry here; it no longer asks.)
        ("ar", "انا تعبانة كتير من كل شي", "لا ما حدا بخطر، بس كيف بقدم على اعانة السكن؟", "السكن"),
    ],
)
def test_a_typed_no_that_goes_on_to_ask_something_is_answered(
    stack: Stack, language: str, worry: str, typed_no: str, answer_names: str
) -> None:
    # Found by an independent try: "no, nobody is in danger, I just need help with the rent" typed under the danger
    # question was thanked, and the question about the rent never answered.
    assert recogniser.assess(worry).level == Level.possible  # the premise: a message the recogniser is unsure of
    citizen = Citizen(stack, language)
    citizen.last = _post(citizen, text=worry)["messages"]
    turn = _post(citizen, text=typed_no)
    citizen.last = turn["messages"]
    assert citizen.texts()[0] == rendered("utter_not_in_danger", language)
    assert answer_names in "\n\n".join(citizen.texts()[1:]), citizen.texts()
    assert turn["state"] == "bot"


@pytest.mark.rasa
@pytest.mark.parametrize(("language", "typed_no"), [("en", "no im fine thanks"), ("el", "όχι, είμαι καλά")])
def test_a_plain_typed_no_is_thanked_and_nothing_more_is_read_into_it(
    stack: Stack, language: str, typed_no: str
) -> None:
    worry = {"en": "I am so tired of everything", "el": "κουράστηκα με όλα"}[language]
    citizen = Citizen(stack, language)
    citizen.last = _post(citizen, text=worry)["messages"]
    citizen.last = _post(citizen, text=typed_no)["messages"]
    assert citizen.texts()[0] == rendered("utter_not_in_danger", language)
    assert rendered("utter_not_in_danger", language) not in citizen.texts()[1:]


@pytest.mark.rasa
def test_no_to_the_danger_question_answers_a_question_asked_after_a_comma(stack: Stack) -> None:
    # From helper-158's try, in its words: an old mother who cannot get out of bed, and whether someone comes to help
    # at home, in one sentence; after "No" nothing answered it (in English, with a full stop between, it was).
    text = "ummi kbeere bel 3omr w ma 3am t2dar t2um men el takht la7ala, fi 7ada byiji ysa3ed bel beit?"
    assert recogniser.assess(text).level == Level.possible  # the premise: a message the recogniser is unsure of
    citizen = Citizen(stack, "ar")
    citizen.last = _post(citizen, text=text)["messages"]
    citizen.press("hub:danger:no:")
    assert citizen.texts()[0] == rendered("utter_not_in_danger", "ar")
    answer = "\n\n".join(citizen.texts()[1:])
    assert load_programmes()["help_at_home"].content["ar"].name in answer, citizen.texts()


@pytest.mark.rasa
def test_no_to_the_danger_question_about_a_request_to_change_an_appointment_changes_it(
    stack: Stack, schedule: None
) -> None:
    # An independent try reported that after exasperation and a request to change the appointment just booked, the
    # question "are you in danger?" and "No", the request to change it was lost. Kept as a guard: the request is
    # answered after "No" as it is without the question (the times to move to), and nothing is booked twice.
    text = "I am so tired of everything. I want to change my appointment"
    assert recogniser.assess(text).level == Level.possible  # the premise: a message the recogniser is unsure of
    citizen = Citizen(stack, "en")
    citizen.say(BOOK["en"])
    citizen.press('"social_work"')
    citizen.press("|")
    citizen.say("no")  # no consent: no name, no phone
    citizen.press("/affirm")
    booked = appointment_of(stack, citizen.id)
    citizen.last = _post(citizen, text=text)["messages"]
    assert "Are you or someone near you in danger right now?" in citizen.last[0]["text"]
    citizen.press("hub:danger:no:")
    assert citizen.texts()[0] == rendered("utter_not_in_danger", "en")
    moving = "\n\n".join(citizen.texts()[1:])
    assert "Your appointment is booked for" in moving and "Which one suits you?" in moving, citizen.texts()
    assert f"{booked.starts_at.astimezone(ATHENS):%H:%M}" in moving
    assert [a.reference for a in appointments_of(stack, citizen.id)] == [booked.reference]
