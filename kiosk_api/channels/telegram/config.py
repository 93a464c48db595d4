"""The gateway's settings, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the gateway reads from the environment."""

    token: str
    api_url: str
    file_url: str
    mode: Literal["polling", "webhook"]
    webhook_url: str | None
    webhook_secret: str | None
    webhook_port: int
    webhook_listen: str
    hub_url: str
    timeout_seconds: float


def load() -> TelegramSettings:
    """Read the settings; TELEGRAM_BOT_TOKEN must be set."""
    mode = os.environ.get("TELEGRAM_MODE", "polling")
    if mode not in ("polling", "webhook"):
        raise SystemExit(f"TELEGRAM_MODE must be polling or webhook, not {mode!r}")
    settings = TelegramSettings(
        token=os.environ["TELEGRAM_BOT_TOKEN"],
        # Tests and the benchmark point these at a local fake of the Bot API.
        api_url=os.environ.get("TELEGRAM_API_URL", "https://api.telegram.org/bot"),
        file_url=os.environ.get("TELEGRAM_FILE_URL", "https://api.telegram.org/file/bot"),
        mode=mode,
        webhook_url=os.environ.get("TELEGRAM_WEBHOOK_URL") or None,
        webhook_secret=os.environ.get("TELEGRAM_WEBHOOK_SECRET") or None,
        webhook_port=int(os.environ.get("TELEGRAM_WEBHOOK_PORT", "8443")),
        # Behind the reverse proxy that terminates HTTPS; 0.0.0.0 only if Telegram reaches this port directly.
        webhook_listen=os.environ.get("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1"),
        hub_url=os.environ.get("HUB_URL", f"http://127.0.0.1:{os.environ.get('KIOSK_API_PORT', '8000')}"),
        timeout_seconds=float(os.environ.get("TELEGRAM_TIMEOUT_SECONDS", "10")),
    )
    if mode == "webhook" and not (settings.webhook_url and settings.webhook_secret):
        raise SystemExit("Webhook mode needs TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET.")
    return settings
