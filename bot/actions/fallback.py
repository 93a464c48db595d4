"""Low NLU confidence: ask the person to rephrase once, then offer a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher


def previous_user_intent(tracker: Tracker) -> str | None:
    """Return the intent of the user message before the latest one."""
    user_events = [event for event in tracker.events if event.get("event") == "user"]
    if len(user_events) < 2:
        return None
    return ((user_events[-2].get("parse_data") or {}).get("intent") or {}).get("name")


class ActionHandleFallback(Action):
    """First miss: ask to rephrase. A second miss in a row: offer a person or an appointment."""

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Utter the rephrase request or the offer of a person."""
        if previous_user_intent(tracker) == "nlu_fallback":
            dispatcher.utter_message(response="utter_offer_human")
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return []
