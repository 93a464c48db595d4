"""Probe the hub's dependencies, and the outboxes of the channels the hub pushes to."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx

from kiosk_api.channel_registry import PUSHED_CHANNELS
from kiosk_api.config import get_settings
from kiosk_api.conversations import outbox
from kiosk_api.database import new_session

PROBE_TIMEOUT_SECONDS = 2.0
# A working sender takes a due message within seconds; one due this long is waiting for a sender that has stopped
# (a retry after a refusal makes it due later, never overdue).
STALLED_AFTER = dt.timedelta(minutes=2)
# What the hub needs to answer a citizen: when one is down, health answers 503. A channel's outbox is not: with the
# Telegram gateway stopped, the kiosk and the console still work.
SERVING = ("kiosk_api", "rasa", "action_server")


async def _probe(client: httpx.AsyncClient, url: str) -> str:
    try:
        response = await client.get(url, timeout=PROBE_TIMEOUT_SECONDS)
    except httpx.HTTPError:
        return "down"
    return "up" if response.status_code == 200 else "down"


def _outboxes() -> dict[str, str]:
    """ "stalled" for each pushed channel with a message overdue (its sender, the Telegram gateway say, has stopped),
    else "up"."""
    with new_session() as db:
        late = outbox.overdue(db=db, by=STALLED_AFTER)
    return {f"{channel}_outbox": "stalled" if late.get(channel) else "up" for channel in PUSHED_CHANNELS}


async def check_parts() -> dict[str, str]:
    """Return "up" or "down" for the hub, Rasa (with a loaded model) and the action server, and "up" or "stalled"
    for each pushed channel's outbox."""
    settings = get_settings()
    async with httpx.AsyncClient() as client:
        rasa, actions, outboxes = await asyncio.gather(
            _probe(client, f"{settings.rasa_url}/status"),
            _probe(client, f"{settings.action_server_url}/health"),
            asyncio.to_thread(_outboxes),
        )
    return {"kiosk_api": "up", "rasa": rasa, "action_server": actions, **outboxes}
