"""Programme answers from the knowledge base, by aspect, remembering the programme across turns."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge import ASPECT_INTENTS, load_programmes
from multilingual.household import people_counted, says_lone_parent
from multilingual.numbers import gives_a_household_size

ASPECT_OF_INTENT = {intent: aspect for aspect, intent in ASPECT_INTENTS.items()}
# "How much would I get?" or "Can I get anything?" without a programme is a question about the household: estimate.
ESTIMATE_INTENTS = ("ask_amount", "ask_eligibility")


# The programme detector's confidence for a programme named in so many words (below it, a guess from the words).
NAMED = 1.0
# A guess at least this sure moves a follow-up to another programme ("and the unemployment card, who gets it?").
# Measured on the conversation tests' messages: guesses that rightly changed the programme were 0.85–0.97, family-size
# follow-ups read as child benefit ("and for 3 children?", "how much for 2 adults and 2 children") 0.54–0.79.
SWITCH_CONFIDENCE = 0.8
# The aspects a number of people changes, and how short a follow-up that gives one is ("kai an eimaste 5 atoma?").
HOUSEHOLD_ASPECTS = ("amounts", "eligibility")
MAX_FOLLOW_UP_WORDS = 6


def programme_entity(message: dict[str, Any]) -> dict[str, Any] | None:
    """Return the programme entity of a parsed user message, if it names or describes a known programme."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "programme" and entity.get("value") in load_programmes():
            return entity
    return None


def programme_named(message: dict[str, Any]) -> str | None:
    """Return the programme a parsed user message names or describes, if any."""
    entity = programme_entity(message)
    return entity["value"] if entity else None


def _other_benefits(message: dict[str, Any]) -> list[str]:
    """Return the benefits outside the centre's programmes a parsed user message names ("the heating allowance")."""
    return [e["value"] for e in message.get("entities") or [] if e.get("entity") == "other_benefit" and e.get("value")]


def other_benefits_named(message: dict[str, Any]) -> list[str]:
    """Return the benefits outside the centre's programmes a parsed user message names, if it names none of them."""
    return _other_benefits(message) if programme_entity(message) is None else []


def other_benefits_beside(message: dict[str, Any]) -> list[str]:
    """Return the benefits outside the centre's programmes a parsed user message names beside one of them ("help
    with the rent and the heating allowance")."""
    return _other_benefits(message) if programme_entity(message) is not None else []


def say_there_is_no_information_on(
    dispatcher: CollectingDispatcher, tracker: Tracker, benefits: list[str]
) -> list[EventType]:
    """Say the assistant has no information on benefits that are none of the centre's programmes, rather than answer
    them with the programme being discussed; that programme is left, so a follow-up is not taken for it."""
    dispatcher.utter_message(response="utter_no_information_on", benefit=benefits)
    return [SlotSet("programme", None)] if tracker.get_slot("programme") else []


def programme_before_latest_message(tracker: Tracker) -> str | None:
    """Return the programme the conversation was about before the latest message."""
    events = tracker.events
    latest = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=len(events))
    for event in reversed(events[:latest]):
        if event.get("event") == "slot" and event.get("name") == "programme":
            return event.get("value")
    return None


def sizes_the_household(message: dict[str, Any]) -> bool:
    """Tell whether a message is a short follow-up that gives a number of people and names no programme ("ki me 3
    paidia?", "and if we are 5?"): it asks the question already asked again, for that household."""
    text = message.get("text") or ""
    entity = programme_entity(message)
    named = entity is not None and entity.get("confidence", NAMED) >= NAMED
    return not named and len(text.split()) <= MAX_FOLLOW_UP_WORDS and gives_a_household_size(text)


def aspect_asked_before(tracker: Tracker) -> str | None:
    """The aspect a household size changes (amounts, eligibility) asked before the latest message, through any
    household follow-ups in between; None when the question before was something else."""
    earlier = [event for event in tracker.events if event.get("event") == "user"][:-1]
    for event in reversed(earlier):
        message = event.get("parse_data") or {}
        aspect = ASPECT_OF_INTENT.get((message.get("intent") or {}).get("name"))
        if aspect in HOUSEHOLD_ASPECTS and not sizes_the_household({**message, "text": event.get("text")}):
            return aspect
        if not sizes_the_household({**message, "text": event.get("text")}):
            return None
    return None


def aspect_to_answer(tracker: Tracker, intent: str | None) -> str:
    """The aspect the intent asks about; for a household follow-up, the amounts or eligibility asked before: the
    model reads "ki me 3 paidia?" as what child benefit is, and "kai an eimaste 5 atoma?" as who qualifies."""
    if sizes_the_household(tracker.latest_message) and (earlier := aspect_asked_before(tracker)):
        return earlier
    return ASPECT_OF_INTENT.get(intent, "summary")


def programme_to_answer(tracker: Tracker, intent: str | None) -> str | None:
    """The programme a question is about. A follow-up on an aspect ("and for 3 children?", "which papers?") stays on
    the programme being discussed unless it names another or clearly describes one: the detector half reads children
    as child benefit, and "how much for 2 adults and 2 children" after food aid is still about food aid. A need told
    afresh (what help is there) may move to the programme it describes."""
    programme = tracker.get_slot("programme")
    entity = programme_entity(tracker.latest_message)
    if entity is None:
        return programme
    confidence = entity.get("confidence", NAMED)
    # A number of people ("and for 3 kids?") sizes the household of the question already asked, however sure the
    # guess: the detector reads children as child benefit at up to 0.95.
    sizes_household = confidence < NAMED and gives_a_household_size(tracker.latest_message.get("text") or "")
    if not sizes_household and (intent == "ask_programme" or confidence >= SWITCH_CONFIDENCE):
        return programme
    before = programme_before_latest_message(tracker)
    return before if before in load_programmes() else programme


def asks_for_an_estimate(tracker: Tracker) -> bool:
    """Tell whether the latest message asks how much, or whether, the household could get without a programme."""
    intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
    return intent in ESTIMATE_INTENTS and tracker.get_slot("programme") not in load_programmes()


def answer_programme(
    dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str, programme: str | None = None
) -> list[EventType]:
    """Answer an aspect of a programme (the one in the slot unless given), or ask which programme with buttons."""
    slot = tracker.get_slot("programme")
    programme = programme or slot
    if programme not in load_programmes():
        # "I raise my two kids on my own, what help is there?": the estimate is offered beside the programmes.
        text = str(tracker.latest_message.get("text") or "")
        household = bool(people_counted(text)) or says_lone_parent(text)
        dispatcher.utter_message(response="utter_ask_which_programme", aspect=aspect, household=household)
        return [SlotSet("programme", None)] if programme else []
    dispatcher.utter_message(response="utter_programme_answer", programme=programme, aspect=aspect)
    if benefits := other_benefits_beside(tracker.latest_message):
        # "help with the rent and the heating allowance": the rent answered, and the heating not passed over in silence.
        dispatcher.utter_message(response="utter_no_information_on", benefit=benefits)
    return [SlotSet("programme", programme)] if programme != slot else []


class ActionAnswerProgramme(Action):
    """Answers what a programme is, who qualifies, how much, which documents or how to apply."""

    def name(self) -> str:
        return "action_answer_programme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the aspect the intent asks about."""
        if benefits := other_benefits_named(tracker.latest_message):
            # Before the estimate: "how much is the heating allowance?" is no question about the household.
            return say_there_is_no_information_on(dispatcher, tracker, benefits)
        if asks_for_an_estimate(tracker):
            return [FollowupAction("estimate_form")]
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        programme = programme_to_answer(tracker, intent)
        return answer_programme(dispatcher, tracker, aspect_to_answer(tracker, intent), programme)
