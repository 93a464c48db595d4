"""Programme answers from the knowledge base, by aspect, remembering the programme across turns."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from knowledge import ASPECT_INTENTS, load_programmes

ASPECT_OF_INTENT = {intent: aspect for aspect, intent in ASPECT_INTENTS.items()}


class ActionAnswerProgramme(Action):
    """Answers what a programme is, who qualifies, how much, which documents or how to apply."""

    def name(self) -> str:
        return "action_answer_programme"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Answer the asked aspect of the programme in the slot, or ask which programme with buttons."""
        intent = tracker.get_intent_of_latest_message(skip_fallback_intent=False)
        aspect = ASPECT_OF_INTENT.get(intent, "summary")
        programme = tracker.get_slot("programme")
        if programme not in load_programmes():
            dispatcher.utter_message(response="utter_ask_which_programme", aspect=aspect)
            return [SlotSet("programme", None)] if programme else []
        dispatcher.utter_message(response="utter_programme_answer", programme=programme, aspect=aspect)
        return []
