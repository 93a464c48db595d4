"""What every response is built from: Rasa button payloads and buttons."""

from __future__ import annotations

import json
from typing import Any

Reply = dict[str, Any]  # {"text": str, "buttons": [{"title": str, "payload": str}]}


def payload(intent: str, **entities: str) -> str:
    """Return a Rasa button payload that sets an intent with entities."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def button(title: str, payload: str) -> dict[str, str]:
    """A button: its title, and what pressing it sends."""
    return {"title": title, "payload": payload}
