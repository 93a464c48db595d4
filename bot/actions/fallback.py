"""Low NLU confidence: answer the programme if the message clearly names one; otherwise ask the person to rephrase
once, then hand the conversation to a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ASPECT_OF_INTENT,
    answer_programme,
    aspect_asked_before,
    other_benefits_named,
    programme_named,
    programme_to_answer,
    say_there_is_no_information_on,
    sizes_the_household,
)
from actions.forms import moment_named
from actions.handoff import open_handoff, tell_the_place_in_the_queue
from multilingual.household import people_counted, says_lone_parent
from multilingual.references import PHONE_IN_TEXT
from multilingual.when import asks_to_change_an_appointment, asks_when_the_appointment_is, says_there_is_no_appointment

# How far the likeliest intent must lead the next for its aspect to be answered (the fallback's ambiguity threshold,
# bot/config.yml); nearer, the programme itself is described.
CLEAR_LEAD = 0.05


def best_guess_intent(message: dict[str, Any]) -> str | None:
    """Return the likeliest real intent of a message the fallback caught, if it clearly leads the next one: "I can't
    pay the rent", as likely a question of amount as a need, is answered with what the programme is."""
    ranking = [item for item in message.get("intent_ranking") or [] if item["name"] != "nlu_fallback"]
    if not ranking:
        return None
    if len(ranking) > 1 and ranking[0]["confidence"] - ranking[1]["confidence"] < CLEAR_LEAD:
        return None
    return ranking[0]["name"]


# What a person asks who wants to know what they could get: unsure between these, the model says nothing useful.
_WHAT_ONE_COULD_GET = frozenset({"ask_eligibility", "estimate_benefits", "ask_programme", "ask_amount"})


def asks_what_the_household_could_get(message: dict[str, Any]) -> bool:
    """Tell whether an unsure message tells of the household and asks what it could get («είμαι μόνη μητέρα με δύο
    παιδιά, τι επιδόματα μπορώ να πάρω;», torn between eligibility, an estimate and the programmes): its two likeliest
    intents are both such a question, however near each other."""
    text = message.get("text") or ""
    if not (people_counted(text) or says_lone_parent(text)):
        return False
    ranking = [item["name"] for item in message.get("intent_ranking") or [] if item["name"] != "nlu_fallback"]
    return len(ranking) >= 2 and set(ranking[:2]) <= _WHAT_ONE_COULD_GET


def previous_user_message(tracker: Tracker) -> dict[str, Any] | None:
    """Return the parse data of the user message before the latest one."""
    user_events = [event for event in tracker.events if event.get("event") == "user"]
    return user_events[-2].get("parse_data") or {} if len(user_events) >= 2 else None


def was_unanswered(message: dict[str, Any] | None) -> bool:
    """Tell whether a message fell back without naming a programme, i.e. the person was asked to rephrase it."""
    return (
        bool(message) and (message.get("intent") or {}).get("name") == "nlu_fallback" and not programme_named(message)
    )


def is_a_phone_alone(text: str) -> bool:
    """Tell whether a message is a phone number and nothing else: written, most likely, to be called back, which
    nobody will do unless a person is asked for."""
    return bool(PHONE_IN_TEXT.fullmatch(text.strip()))


class ActionAnswerOutOfScope(Action):
    """What the centre does not handle is said so; a phone number written alone, which the model may read so, is
    told that nobody calls back unless a person is asked for."""

    def name(self) -> str:
        return "action_answer_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Say what the assistant cannot help with, or what to do to be called."""
        phone = is_a_phone_alone(tracker.latest_message.get("text") or "")
        dispatcher.utter_message(response="utter_phone_alone" if phone else "utter_out_of_scope")
        return []


class ActionHandleFallback(Action):
    """A described need ("the fridge is empty") is answered even when the intent is unsure; otherwise the first miss
    asks to rephrase and a second miss in a row hands the conversation to staff (or, if the hub cannot, offers a
    person or an appointment)."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the named programme, ask to rephrase, or offer a person."""
        if sizes_the_household(tracker.latest_message) and (aspect := aspect_asked_before(tracker)):
            # "ki me 3 paidia?" after the amounts: the amounts again, of the programme being discussed.
            programme = programme_to_answer(tracker, best_guess_intent(tracker.latest_message))
            return answer_programme(dispatcher, tracker, aspect, programme)
        if programme_named(tracker.latest_message):
            aspect = ASPECT_OF_INTENT.get(best_guess_intent(tracker.latest_message), "summary")
            return answer_programme(dispatcher, tracker, aspect)
        if benefits := other_benefits_named(tracker.latest_message):
            return say_there_is_no_information_on(dispatcher, tracker, benefits)
        if not tracker.active_loop.get("name") and asks_what_the_household_could_get(tracker.latest_message):
            # The programmes, with the estimate offered beside them for the household told of, not "rephrase".
            return answer_programme(dispatcher, tracker, "eligibility")
        text = tracker.latest_message.get("text") or ""
        asks_about_one = asks_to_change_an_appointment(text) or asks_when_the_appointment_is(text)
        if not tracker.active_loop.get("name") and asks_about_one:
            # "thelo na akyrosw ena rantevou", unsure to the model, says what it wants in so many words: which
            # appointment is asked (before a day it names can start a booking); "when is my appointment?" is shown
            # the appointment, with what can be done with it.
            return [FollowupAction("change_form")]
        if not tracker.active_loop.get("name") and says_there_is_no_appointment(text):
            # «ما عندي موعد» (I have no appointment), unsure to the model: one is offered.
            return [FollowupAction("booking_form")]
        if not tracker.active_loop.get("name") and moment_named(text):
            # "thursday at 3pm?" alone asks for an appointment then: the booking starts, keeping the day and time
            # (or, for someone with an appointment to come, moves it).
            return [FollowupAction("booking_form")]
        if not tracker.active_loop.get("name") and is_a_phone_alone(text):
            dispatcher.utter_message(response="utter_phone_alone")
            return []
        if was_unanswered(previous_user_message(tracker)):
            opened = await open_handoff(tracker, "fallback")
            if opened:
                tell_the_place_in_the_queue(dispatcher, opened)
                return [ConversationPaused()]
            dispatcher.utter_message(response="utter_offer_human")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
