"""A citizen's file (a photo of a document, a voice message) passed on to the caseworker who handles them, and
what the citizen is told, the same on every channel."""

from __future__ import annotations

from typing import Literal

from kiosk_api.channels.kit.hub import Credentials, HubClient, HubError
from kiosk_api.conversations.limits import MAX_ATTACHMENT_BYTES

Outcome = Literal["received", "not_with_staff", "too_large"]
# What the citizen is told for each outcome (a response of the message layer).
RESPONSES: dict[Outcome, str] = {
    "received": "utter_file_received",
    "not_with_staff": "utter_media_not_supported",
    "too_large": "utter_file_too_large",
}


def too_large(size: int | None) -> bool:
    """Whether a file the platform says is this large would be refused: then it is not fetched to be refused."""
    return (size or 0) > MAX_ATTACHMENT_BYTES


async def relay(
    hub: HubClient, credentials: Credentials, *, kind: str, file_name: str, media_type: str, content: bytes
) -> Outcome:
    """Pass a file to the caseworker; `not_with_staff` when no caseworker handles the conversation."""
    try:
        await hub.attach(credentials, kind=kind, file_name=file_name, media_type=media_type, content=content)
    except HubError as error:
        if error.code in ("not_with_staff", "file_too_large"):
            return "not_with_staff" if error.code == "not_with_staff" else "too_large"
        raise
    return "received"
