"""Calling the hub's internal routes: handoffs, free times, bookings. Every call is answered or fails cleanly, so
that the action that made it can fall back to a person."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import aiohttp

HUB_URL = os.environ.get("HUB_URL", f"http://127.0.0.1:{os.environ.get('KIOSK_API_PORT', '8000')}")
TIMEOUT = aiohttp.ClientTimeout(total=5)


class HubUnavailable(Exception):
    """The hub could not be reached, or this action server has no token for it."""


async def call_hub(
    method: str, path: str, *, json: dict[str, Any] | None = None, params: dict[str, Any] | None = None
) -> tuple[int, Any]:
    """Call an internal route; return the status and the decoded body."""
    token = os.environ.get("HUB_INTERNAL_TOKEN")
    if not token:
        raise HubUnavailable("HUB_INTERNAL_TOKEN is not set")
    try:
        async with (
            aiohttp.ClientSession(timeout=TIMEOUT) as session,
            session.request(
                method, f"{HUB_URL}/api/internal{path}", json=json, params=params, headers={"X-Hub-Token": token}
            ) as response,
        ):
            return response.status, await response.json()
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        raise HubUnavailable(str(error)) from error


def error_code(body: Any) -> str | None:
    """The stable error code of a hub error answer."""
    return (body.get("error") or {}).get("code") if isinstance(body, dict) else None
