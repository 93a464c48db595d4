"""`python -m kiosk_api.channels.telegram`: the Telegram gateway, by long polling (no public address needed) or
by webhook (TELEGRAM_MODE=webhook), which accepts only requests carrying Telegram's secret-token header."""

from __future__ import annotations

import logging

from telegram import Update

from kiosk_api.channels.telegram.config import load
from kiosk_api.channels.telegram.gateway import build


def main() -> None:
    """Run the gateway until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    settings = load()
    application = build(settings)
    if settings.mode == "webhook":
        application.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path="telegram",
            secret_token=settings.webhook_secret,
            webhook_url=settings.webhook_url,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
