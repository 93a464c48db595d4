"""Server-sent events read from the database, so that every API process streams the same events in the same order
and a client that reconnects with `Last-Event-ID` misses nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from fastapi import Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from kiosk_api.database import new_session

POLL_SECONDS = 0.5
# Proxies close connections that stay silent; a comment line every so often keeps the stream open.
KEEPALIVE_SECONDS = 15.0
# An OpenAPI description of a route that answers with a stream.
EVENT_STREAM = {200: {"content": {"text/event-stream": {}}, "description": "A stream of server-sent events"}}

Event = tuple[int, str, dict[str, Any]]  # id, name, data
Fetch = Callable[[Session, int], list[Event]]


def _fetch(fetch: Fetch, after: int) -> list[Event]:
    with new_session() as db:
        return fetch(db, after)


async def _events(request: Request, fetch: Fetch, after: int) -> AsyncIterator[str]:
    quiet = 0.0
    yield "retry: 2000\n\n"
    while not await request.is_disconnected():
        events = await run_in_threadpool(_fetch, fetch, after)
        for event_id, name, data in events:
            yield f"id: {event_id}\nevent: {name}\ndata: {json.dumps(data, default=str, ensure_ascii=False)}\n\n"
            after = event_id
        if events:
            quiet = 0.0
            continue
        if quiet >= KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"
            quiet = 0.0
        await asyncio.sleep(POLL_SECONDS)
        quiet += POLL_SECONDS


def event_stream(
    request: Request,
    fetch: Fetch,
    *,
    db: Session,
    after: int | None,
    last_event_id: str | None,
    latest: Callable[[Session], int],
) -> StreamingResponse:
    """Stream what `fetch(session, after_id)` returns until the client goes away: from the browser's
    `Last-Event-ID` on a reconnect, else from the `after` parameter, else from now (`latest`)."""
    start = _resume_from(last_event_id, after)
    if start is None:
        start = latest(db)
    db.close()  # the stream opens its own sessions; the request's connection goes back to the pool
    return StreamingResponse(
        _events(request, fetch, start),
        media_type="text/event-stream",
        # Buffering proxies (nginx) would hold events back.
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _resume_from(last_event_id: str | None, after: int | None) -> int | None:
    if last_event_id and last_event_id.strip().isdigit():
        return int(last_event_id.strip())
    return after
