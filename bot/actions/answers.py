"""Programme answers from the knowledge base, by aspect, remembering the programme across turns."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge import ASPECT_INTENTS, load_programmes

ASPECT_OF_INTENT = {intent: aspect for aspect, intent in ASPECT_INTENTS.items()}
# "How much would I get?" or "Can I get anything?" without a programme is a question about the household: estimate.
ESTIMATE_INTENTS = ("ask_amount", "ask_eligibility")


def programme_named(message: dict[str, Any]) -> str | None:
    """Return the programme a parsed user message names or describes, if any."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "programme" and entity.get("value") in load_programmes():
            return entity["value"]
    return None


def asks_for_an_estimate(tracker: Tracker) -> bool:
    """Tell whether the latest message asks how much, or whether, the household could get without a programme."""
    intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
    return intent in ESTIMATE_INTENTS and tracker.get_slot("programme") not in load_programmes()


def answer_programme(dispatcher: CollectingDispatcher, tracker: Tracker, aspect: str) -> list[EventType]:
    """Answer an aspect of the programme in the slot, or ask which programme with buttons."""
    programme = tracker.get_slot("programme")
    if programme not in load_programmes():
        dispatcher.utter_message(response="utter_ask_which_programme", aspect=aspect)
        return [SlotSet("programme", None)] if programme else []
    dispatcher.utter_message(response="utter_programme_answer", programme=programme, aspect=aspect)
    return []


class ActionAnswerProgramme(Action):
    """Answers what a programme is, who qualifies, how much, which documents or how to apply."""

    def name(self) -> str:
        return "action_answer_programme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the aspect the intent asks about."""
        if asks_for_an_estimate(tracker):
            return [FollowupAction("estimate_form")]
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        return answer_programme(dispatcher, tracker, ASPECT_OF_INTENT.get(intent, "summary"))
