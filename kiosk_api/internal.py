"""The bot's own routes into the hub, closed to everyone without the shared HUB_INTERNAL_TOKEN."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header

from kiosk_api.config import get_settings
from kiosk_api.errors import ApiError


def internal_caller(x_hub_token: Annotated[str | None, Header()] = None) -> None:
    """Refuse any caller that does not present the internal token."""
    expected = get_settings().hub_internal_token
    # Compared as bytes: a header may hold any character, and compare_digest refuses non-ASCII strings.
    if not expected or not x_hub_token or not hmac.compare_digest(expected.encode(), x_hub_token.encode()):
        raise ApiError(403, "forbidden", "Not allowed.")


Internal = Depends(internal_caller)
