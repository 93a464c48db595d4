"""A channel talks to the hub as the kiosk page does: through the citizen API, with each conversation's token."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from typing import Any

import httpx


class HubError(Exception):
    """The hub could not be reached or refused; `status` and `code` say how (0 when unreachable)."""

    def __init__(self, status: int, code: str | None) -> None:
        super().__init__(f"{status} {code}")
        self.status, self.code = status, code


@dataclass(frozen=True)
class Credentials:
    """A conversation and its token."""

    conversation_id: str
    token: str


# The longest client id the hub takes (conversations/schemas.py).
CLIENT_ID_LENGTH = 64


def client_id(channel: str, external_id: object) -> str:
    """The id that makes a citizen message idempotent: the hub stores a message once per conversation and client
    id, so a channel may send it again (its platform delivered it twice, or the answer was lost on the way back)
    and the citizen's words are kept, and answered, once. `external_id` is what the platform calls the message; one
    too long for the hub (an app's composite id) is replaced by its digest, which stays the same every time."""
    plain = f"{channel}:{external_id}"
    if len(plain) <= CLIENT_ID_LENGTH:
        return plain
    return f"{channel}:#{hashlib.sha256(str(external_id).encode()).hexdigest()}"[:CLIENT_ID_LENGTH]


class HubClient:
    """Calls to the hub's citizen API, for one channel (a name from `kiosk_api.channel_registry`)."""

    def __init__(self, base_url: str, *, channel: str) -> None:
        self.channel = channel
        self.http = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(60, connect=5))

    async def _call(
        self,
        method: str,
        path: str,
        credentials: Credentials | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        headers = {**(headers or {}), **({"Authorization": f"Bearer {credentials.token}"} if credentials else {})}
        try:
            response = await self.http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as error:
            raise HubError(0, type(error).__name__) from error
        if response.status_code >= 400:
            code = None
            with contextlib.suppress(ValueError, KeyError, TypeError):
                code = response.json()["error"]["code"]
            raise HubError(response.status_code, code)
        return response.json() if response.content else None

    async def start(self, language: str) -> Credentials:
        """A new conversation on this channel."""
        created = await self._call("POST", "/api/conversations", json={"channel": self.channel, "language": language})
        return Credentials(created["id"], created["token"])

    async def send(
        self,
        credentials: Credentials,
        *,
        text: str | None = None,
        payload: str | None = None,
        client_id: str,
        edit: bool = False,
    ) -> dict[str, Any]:
        """A citizen message (or an edit of one); returns the turn: replies, state and language."""
        body = {"text": text, "payload": payload, "client_id": client_id, "edit": edit}
        return await self._call(
            "POST", f"/api/conversations/{credentials.conversation_id}/messages", credentials, json=body
        )

    async def messages_after(self, credentials: Credentials, after: int) -> list[dict[str, Any]]:
        """The transcript after a message id."""
        path = f"/api/conversations/{credentials.conversation_id}/messages"
        return (await self._call("GET", path, credentials, params={"after": after}))["messages"]

    async def erase(self, credentials: Credentials) -> bool:
        """Erase the conversation: True when erased now, False when a member of staff holds it, who keeps it until
        they close it (the citizen is then told so, not that everything is erased)."""
        kept = await self._call("DELETE", f"/api/conversations/{credentials.conversation_id}", credentials)
        return not (kept or {}).get("kept_for_staff")

    async def appointments(self, credentials: Credentials) -> list[dict[str, Any]]:
        """The citizen's coming appointments."""
        return await self._call("GET", f"/api/conversations/{credentials.conversation_id}/appointments", credentials)

    async def close(self) -> None:
        """Close the connections."""
        await self.http.aclose()

    async def services(self) -> list[dict[str, Any]]:
        """Every service, those no longer offered too, with their names in every language."""
        return await self._call("GET", "/api/services", params={"retired": "true"})

    async def cancel(self, credentials: Credentials, reference: str) -> None:
        """Cancel one of the citizen's appointments."""
        path = f"/api/conversations/{credentials.conversation_id}/appointments/{reference}/cancel"
        await self._call("POST", path, credentials)

    async def attach(
        self, credentials: Credentials, *, kind: str, file_name: str, media_type: str, content: bytes
    ) -> None:
        """Pass a file to the caseworker."""
        await self._call(
            "POST",
            f"/api/conversations/{credentials.conversation_id}/attachments",
            credentials,
            params={"kind": kind, "file_name": file_name[:200]},
            content=content,
            headers={"Content-Type": media_type},
        )
