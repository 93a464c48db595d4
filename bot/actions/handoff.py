"""Asking for a person: the hub opens a handoff and the bot steps aside; if the hub cannot, the centre's phone."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiohttp
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType
from rasa_sdk.executor import CollectingDispatcher

HUB_URL = os.environ.get("HUB_URL", f"http://127.0.0.1:{os.environ.get('KIOSK_API_PORT', '8000')}")
TIMEOUT = aiohttp.ClientTimeout(total=5)


class ActionRequestHuman(Action):
    """Hands the conversation to the staff queue with the programme as its topic, and pauses the bot."""

    def name(self) -> str:
        return "action_request_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Open the handoff and tell the person their place in the queue; fall back to the phone number."""
        token = os.environ.get("HUB_INTERNAL_TOKEN")
        if token:
            try:
                async with (
                    aiohttp.ClientSession(timeout=TIMEOUT) as session,
                    session.post(
                        f"{HUB_URL}/api/internal/handoffs",
                        json={"conversation_id": tracker.sender_id, "topic": tracker.get_slot("programme")},
                        headers={"X-Hub-Token": token},
                    ) as response,
                ):
                    opened = await response.json() if response.status == 200 else None
            except (aiohttp.ClientError, asyncio.TimeoutError):
                opened = None  # the phone number below still reaches a person
            if opened:
                dispatcher.utter_message(response="utter_handoff_waiting", position=opened["position"])
                return [ConversationPaused()]
        dispatcher.utter_message(response="utter_request_human")
        return []
