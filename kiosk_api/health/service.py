"""Probe the hub's dependencies, and the outboxes of the channels the hub pushes to."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
from sqlalchemy.exc import SQLAlchemyError

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
SERVING = ("kiosk_api", "database", "rasa", "action_server")


async def _probe(client: httpx.AsyncClient, url: str) -> str:
    try:
        response = await client.get(url, timeout=PROBE_TIMEOUT_SECONDS)
    except httpx.HTTPError:
        return "down"
    return "up" if response.status_code == 200 else "down"


def _database_and_outboxes() -> dict[str, str]:
    """The database "up" or "down"; for each pushed channel's outbox, "stalled" when a message is overdue (its
    sender, the Telegram gateway say, has stopped), else "clear" (nothing waits too long: not that a sender runs, as
    with no Telegram gateway at all and nobody on Telegram nothing waits)."""
    try:
        with new_session() as db:
            late = outbox.overdue(db=db, by=STALLED_AFTER)
    except SQLAlchemyError:
        return {"database": "down", **{f"{channel}_outbox": "unknown" for channel in PUSHED_CHANNELS}}
    return {
        "database": "up",
        **{f"{channel}_outbox": "stalled" if late.get(channel) else "clear" for channel in PUSHED_CHANNELS},
    }


async def check_parts() -> dict[str, str]:
    """Return "up" or "down" for the hub, its database, Rasa (with a loaded model) and the action server, and
    "clear" or "stalled" for each pushed channel's outbox."""
    settings = get_settings()
    async with httpx.AsyncClient() as client:
        rasa, actions, stored = await asyncio.gather(
            _probe(client, f"{settings.rasa_url}/status"),
            _probe(client, f"{settings.action_server_url}/health"),
            asyncio.to_thread(_database_and_outboxes),
        )
    return {"kiosk_api": "up", "database": stored.pop("database"), "rasa": rasa, "action_server": actions, **stored}
