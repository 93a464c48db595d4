"""Talking to Rasa's REST channel and tracker API."""

from __future__ import annotations

from typing import Any

import httpx

from kiosk_api.config import get_settings


class RasaUnavailable(Exception):
    """Rasa or the action server did not answer in time or answered with an error."""


def send(*, sender: str, message: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
    """Send one user message to Rasa's REST channel; return the bot's replies."""
    settings = get_settings()
    try:
        response = httpx.post(
            f"{settings.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message, "metadata": metadata},
            timeout=settings.rasa_timeout_seconds,
        )
        response.raise_for_status()
        replies = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise RasaUnavailable(str(error)) from error
    if not isinstance(replies, list):
        raise RasaUnavailable(f"unexpected reply: {replies!r:.200}")
    return [reply for reply in replies if isinstance(reply, dict)]


def conversation_language(*, sender: str) -> str | None:
    """Return the language slot Rasa holds for a conversation (the bot may have switched it), if it can tell."""
    settings = get_settings()
    try:
        response = httpx.get(
            f"{settings.rasa_url}/conversations/{sender}/tracker",
            params={"include_events": "NONE"},
            timeout=settings.rasa_timeout_seconds,
        )
        response.raise_for_status()
        return (response.json().get("slots") or {}).get("language")
    except (httpx.HTTPError, ValueError):
        return None


def resume(*, sender: str) -> None:
    """Let the bot answer a conversation again after a handoff (Rasa needs `action_listen` after `resume`, or it
    pauses again)."""
    settings = get_settings()
    try:
        httpx.post(
            f"{settings.rasa_url}/conversations/{sender}/tracker/events",
            json=[{"event": "resume"}, {"event": "action", "name": "action_listen"}],
            timeout=settings.rasa_timeout_seconds,
        ).raise_for_status()
    except httpx.HTTPError as error:
        raise RasaUnavailable(str(error)) from error
