"""A citizen's message, through the hub: into their conversation (started when they have none, or started again
when theirs was erased), and the hub's turn back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from kiosk_api.channels.kit.hub import Credentials, HubClient, HubError


@dataclass(frozen=True)
class Conversations:
    """Where a channel keeps which conversation each of its citizens is in (the kit's address book, or the
    channel's own, as Telegram's chats)."""

    find: Callable[[Any], Awaitable[Credentials | None]]
    keep: Callable[[Any, Credentials, str], Awaitable[None]]  # address, new conversation, its language
    drop: Callable[[Any], Awaitable[None]]


async def conversation(hub: HubClient, conversations: Conversations, address: Any, language: str) -> Credentials:
    """The citizen's conversation, started in `language` if they have none."""
    existing = await conversations.find(address)
    if existing is not None:
        return existing
    created = await hub.start(language)
    await conversations.keep(address, created, language)
    return created


async def send(
    hub: HubClient,
    conversations: Conversations,
    address: Any,
    language: str,
    *,
    client_id: str,
    text: str | None = None,
    payload: str | None = None,
    edit: bool = False,
) -> dict[str, Any]:
    """The hub's turn for a citizen's message (its text, a button's payload, or an edit): the replies, the state
    and the conversation's language. `client_id` (see `hub.client_id`) makes sending it again safe. One citizen's
    messages go one at a time, in the order they came: two sent at once by someone new would otherwise start two
    conversations."""
    message = {"client_id": client_id, "text": text, "payload": payload, "edit": edit}
    async with _citizens.hold(address):
        try:
            return await hub.send(await conversation(hub, conversations, address, language), **message)
        except HubError as error:
            if error.status != 404:
                raise
        # The conversation was erased (retention, or the citizen asked): start a new one and say it again.
        await conversations.drop(address)
        return await hub.send(await conversation(hub, conversations, address, language), **message)


class OneAtATime:
    """Work for one key (a citizen, a chat) is done one piece at a time, in the order it came; work for different
    keys at the same time. A key's lock is kept only while something holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[Any, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: Any) -> AsyncIterator[None]:
        """Wait for the key's earlier work, then hold it until the block ends."""
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)


_citizens = OneAtATime()
