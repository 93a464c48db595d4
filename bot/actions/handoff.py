"""Asking for a person: the hub opens a handoff and the bot steps aside; if the hub cannot, the centre's phone."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.hub import HubUnavailable, call_hub


async def open_handoff(tracker: Tracker, reason: str) -> dict[str, Any] | None:
    """Ask the hub to hand this conversation to staff; return {handoff_id, position}, or None if it cannot."""
    payload = {"conversation_id": tracker.sender_id, "reason": reason, "topic": tracker.get_slot("programme")}
    try:
        status, body = await call_hub("POST", "/handoffs", json=payload)
    except HubUnavailable:
        return None  # the caller's fallback still reaches a person
    return body if status == 200 else None


def tell_the_place_in_the_queue(dispatcher: CollectingDispatcher, opened: dict[str, Any]) -> None:
    """Say where the hub put the conversation: a place in the queue, or, for someone who may be in danger, the
    urgent answer with the lines of their danger (asked for in words under the danger question: helper-149's retry)."""
    dispatcher.utter_message(
        response="utter_handoff_waiting",
        position=opened["position"],
        channel=opened.get("channel"),
        urgent=opened.get("urgent", False),
        categories=opened.get("categories", ""),
    )


class ActionRequestHuman(Action):
    """Hands the conversation to the staff queue with the programme as its topic, and pauses the bot."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Open the handoff and tell the person their place in the queue; fall back to the phone number."""
        opened = await open_handoff(tracker, "requested")
        if opened:
            tell_the_place_in_the_queue(dispatcher, opened)
            return [ConversationPaused()]
        dispatcher.utter_message(response="utter_request_human")
        return []
