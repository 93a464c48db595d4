"""Talking to Rasa's REST channel and tracker API."""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx

from kiosk_api.config import get_settings

# Seconds this request has spent waiting for Rasa, so that the hub can say how much of a turn was its own work.
waited: ContextVar[float] = ContextVar("waited_for_rasa", default=0.0)


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time or answered with an error."""


@dataclass(frozen=True)
class BotTurn:
    """The bot's replies to one message, the conversation's language after it (None if it did not say), and what the
    bot made of the message (from the hub's NLG endpoint: intent, confidence, programme, fallback, language heard)."""

    replies: list[dict[str, Any]]
    language: str | None
    understanding: dict[str, Any] | None = None


def _client() -> httpx.Client:
    settings = get_settings()
    return _pooled_client(settings.rasa_url, settings.rasa_timeout_seconds)


@cache
def _pooled_client(base_url: str, timeout: float) -> httpx.Client:
    # One pooled client per Rasa: a new connection per message would add a handshake to every turn. Rasa (Sanic)
    # closes a connection idle for 5 s; the hub gives it up after 2, so that a message is never sent on a connection
    # Rasa is closing (it would fail unanswered, and the citizen would be told the assistant is unavailable).
    return httpx.Client(base_url=base_url, timeout=timeout, limits=httpx.Limits(keepalive_expiry=2.0))


def send(*, sender: str, message: str, metadata: dict[str, Any]) -> BotTurn:
    """Send one user message to Rasa's REST channel; return the bot's replies."""
    began = time.perf_counter()
    try:
        response = _client().post(
            "/webhooks/rest/webhook", json={"sender": sender, "message": message, "metadata": metadata}
        )
        response.raise_for_status()
        outputs = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise RasaUnavailable(str(error)) from error
    finally:
        waited.set(waited.get() + time.perf_counter() - began)
    if not isinstance(outputs, list):
        raise RasaUnavailable(f"unexpected reply: {outputs!r:.200}")
    outputs = [output for output in outputs if isinstance(output, dict)]
    # The hub's NLG endpoint adds the language it rendered in to every response; Rasa's REST channel passes it on
    # as a separate "custom" output.
    customs = [output["custom"] for output in outputs if isinstance(output.get("custom"), dict)]
    languages = [custom["language"] for custom in customs if custom.get("language")]
    understandings = [custom["understanding"] for custom in customs if isinstance(custom.get("understanding"), dict)]
    return BotTurn(
        replies=[output for output in outputs if output.get("text") or output.get("buttons")],
        language=languages[-1] if languages else None,
        understanding=understandings[-1] if understandings else None,
    )


# Events that end whatever form (booking, estimate…) the bot was filling in, so the next message starts afresh.
_LEAVE_FORMS = [{"event": "active_loop", "name": None}, {"event": "slot", "name": "requested_slot", "value": None}]


def _append(sender: str, events: list[dict[str, Any]]) -> None:
    try:
        _client().post(f"/conversations/{sender}/tracker/events", json=events).raise_for_status()
    except httpx.HTTPError as error:
        raise RasaUnavailable(str(error)) from error


def resume(*, sender: str) -> None:
    """Let the bot answer a conversation again after a handoff, outside any form it was in before (Rasa needs
    `action_listen` after `resume`, or it pauses again)."""
    _append(sender, [{"event": "resume"}, *_LEAVE_FORMS, {"event": "action", "name": "action_listen"}])


def active_form(*, sender: str) -> str | None:
    """The form (booking, estimate…) the bot is filling in with the citizen, if any."""
    try:
        response = _client().get(f"/conversations/{sender}/tracker", params={"include_events": "NONE"})
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise RasaUnavailable(str(error)) from error
    return (response.json().get("active_loop") or {}).get("name")


def leave_forms(*, sender: str) -> None:
    """End any form the bot is filling in with the citizen (after a danger question, say)."""
    _append(sender, _LEAVE_FORMS)


def forget(*, sender: str) -> None:
    """Replace everything Rasa holds about a conversation with a bare restart, so no text of it stays there."""
    try:
        _client().put(f"/conversations/{sender}/tracker/events", json=[{"event": "restart"}]).raise_for_status()
    except httpx.HTTPError as error:
        raise RasaUnavailable(str(error)) from error
