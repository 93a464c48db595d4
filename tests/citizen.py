"""A citizen in a hub conversation, for the conversation tests: types, presses buttons, reads the replies."""

from __future__ import annotations

from typing import Any

import httpx

from kiosk_api.nlg.booking import SERVICES
from kiosk_api.nlg.service import render
from knowledge.loader import load_services
from tools.stack import Stack


class Citizen:
    """A citizen in a hub conversation who types and presses buttons."""

    def __init__(self, stack: Stack, language: str) -> None:
        self.client = httpx.Client(base_url=stack.api_url, timeout=60)
        created = self.client.post("/api/conversations", json={"channel": "web", "language": language}).json()
        self.id, self.language = created["id"], language
        self.client.headers["Authorization"] = f"Bearer {created['token']}"
        self.last: list[dict[str, Any]] = []

    def say(self, text: str) -> list[dict[str, Any]]:
        return self._send({"text": text})

    def press(self, contains: str) -> list[dict[str, Any]]:
        """Press the button of the last replies whose payload contains a string."""
        payloads = [b["payload"] for m in self.last for b in m["buttons"] if contains in b["payload"]]
        assert payloads, f"no button with {contains!r} in {[b['payload'] for m in self.last for b in m['buttons']]}"
        return self._send({"payload": payloads[0]})

    def _send(self, body: dict[str, str]) -> list[dict[str, Any]]:
        turn = self.client.post(f"/api/conversations/{self.id}/messages", json=body).json()
        assert turn["language"] == self.language and turn["state"] == "bot"
        self.last = turn["messages"]
        return self.last

    def texts(self) -> list[str]:
        return [message["text"] for message in self.last]


# The services a new database holds (copied from knowledge/services.yaml), as the hub gives them to a booking message.
CENTRE_SERVICES = {
    service_id: {"names": service.names, "active": True} for service_id, service in load_services().items()
}


def rendered(response: str, language: str, **arguments: Any) -> str:
    """A response's text as the hub renders it."""
    return render(response=response, arguments={SERVICES: CENTRE_SERVICES, **arguments}, language=language)["text"]


def kept_for_staff(language: str, channel: str = "web") -> list[str]:
    """What a message to staff who have not yet taken the conversation is answered: nothing while the centre is open;
    out of hours, once, that it is kept and when someone will answer, or at the kiosk read (by the real clock, as the
    hub's)."""
    text = render(response="utter_kept_for_staff", arguments={"channel": channel}, language=language)["text"]
    return [text] if text else []


def delivery_note(note: str, channel: str, *, reachable: bool, language: str = "el") -> bool:
    """Whether a staff note is the system's "cannot be reached" (or "can be reached again") note on a channel, in a
    language (as stored: the centre's, Greek), for any number of messages held back."""
    response = "utter_citizen_reachable_again" if reachable else "utter_citizen_unreachable"
    count = "resumed" if reachable else "held"
    return note in {rendered(response, language, channel=channel, **{count: number}) for number in range(10)}
