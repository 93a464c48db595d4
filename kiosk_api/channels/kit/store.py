"""A channel's own records (which chat is which conversation, which updates were handled) live in the hub's
database; its event loop must not wait on it, so each call runs in a thread with a session of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from kiosk_api.database import new_session


def in_session(function: Callable[..., Any], **kwargs: Any) -> Any:
    """Call `function(db=..., **kwargs)` with a new session, closed after."""
    with new_session() as db:
        return function(db=db, **kwargs)


async def db_call(function: Callable[..., Any], **kwargs: Any) -> Any:
    """`in_session`, off the event loop."""
    return await asyncio.to_thread(in_session, function, **kwargs)
