"""The Telegram gateway: python-telegram-bot in its own process, talking to the hub."""
