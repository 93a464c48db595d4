"""Probe the hub's dependencies."""

from __future__ import annotations

import asyncio

import httpx

from kiosk_api.config import get_settings

PROBE_TIMEOUT_SECONDS = 2.0


async def _probe(client: httpx.AsyncClient, url: str) -> str:
    try:
        response = await client.get(url, timeout=PROBE_TIMEOUT_SECONDS)
    except httpx.HTTPError:
        return "down"
    return "up" if response.status_code == 200 else "down"


async def check_parts() -> dict[str, str]:
    """Return "up" or "down" for the hub, Rasa (with a loaded model) and the action server."""
    settings = get_settings()
    async with httpx.AsyncClient() as client:
        rasa, actions = await asyncio.gather(
            _probe(client, f"{settings.rasa_url}/status"),
            _probe(client, f"{settings.action_server_url}/health"),
        )
    return {"kiosk_api": "up", "rasa": rasa, "action_server": actions}
