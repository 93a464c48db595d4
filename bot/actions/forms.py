"""What every form's questions share."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


class FormQuestion(Action):
    """Asks a form's question by uttering `utter_ask_<slot>`, which the hub renders. (With the response in the domain
    instead, Rasa's validator reports it unused: forms look responses up by name.)"""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask."""
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []
