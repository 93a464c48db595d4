"""Settings, read once from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy.engine import make_url

REPO_DIR = Path(__file__).resolve().parent.parent
# Values that must never guard a production system: .env.example's placeholders and the usual guesses.
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "password", "postgres", "admin", "test"}
MIN_SECRET_LENGTH = 32


class InsecureSettings(RuntimeError):
    """The hub was asked to run in production with a default or missing secret."""


@dataclass(frozen=True)
class Settings:
    """Everything the hub reads from the environment, with the defaults for `make run`."""

    host: str
    port: int
    rasa_url: str
    action_server_url: str
    centre_id: str
    default_language: str
    locales_dir: Path
    database_url: str
    database_pool_size: int
    rasa_timeout_seconds: float
    secure_cookies: bool
    hub_internal_token: str | None
    retention_days: int
    booking_notice_hours: float
    booking_horizon_days: int
    offer_hold_hours: float
    reminder_hour: int
    kiosk_handoff_idle_seconds: int
    public_base_url: str | None
    learner_url: str | None
    production: bool

    def check_production(self) -> None:
        """In production, refuse default secrets, SQLite and cookies that travel without HTTPS."""
        problems = []
        token = self.hub_internal_token or ""
        if token.lower() in PLACEHOLDER_SECRETS or len(token) < MIN_SECRET_LENGTH:
            problems.append(f"HUB_INTERNAL_TOKEN must be a random secret of at least {MIN_SECRET_LENGTH} characters")
        url = make_url(self.database_url)
        if url.get_backend_name() != "postgresql":
            problems.append("DATABASE_URL must point at PostgreSQL")
        elif (url.password or "").lower() in PLACEHOLDER_SECRETS:
            problems.append("the database password in DATABASE_URL is a default; set POSTGRES_PASSWORD")
        if not self.secure_cookies:
            problems.append("SECURE_COOKIES must be true (the hub is served over HTTPS)")
        if problems:
            raise InsecureSettings("Refusing to start with APP_ENV=production: " + "; ".join(problems) + ".")


@cache
def get_settings() -> Settings:
    """Return the settings from the environment."""
    rasa_port = os.environ.get("RASA_PORT", "5005")
    action_port = os.environ.get("ACTION_SERVER_PORT", "5055")
    return Settings(
        host=os.environ.get("KIOSK_API_HOST", "127.0.0.1"),
        port=int(os.environ.get("KIOSK_API_PORT", "8000")),
        rasa_url=os.environ.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
        action_server_url=os.environ.get("ACTION_SERVER_URL", f"http://127.0.0.1:{action_port}"),
        centre_id=os.environ.get("CENTRE_ID", "zografou"),
        default_language=os.environ.get("DEFAULT_LANGUAGE", "el"),
        locales_dir=Path(os.environ.get("LOCALES_DIR", REPO_DIR / "locales")),
        database_url=os.environ.get("DATABASE_URL", f"sqlite:///{REPO_DIR / 'var' / 'kiosk_api.sqlite3'}"),
        # Connections each hub process keeps open (as many again may be opened at a peak): above the conversations
        # answered at once. PostgreSQL's max_connections must cover every replica's twice this.
        database_pool_size=int(os.environ.get("DATABASE_POOL_SIZE", "40")),
        rasa_timeout_seconds=float(os.environ.get("RASA_TIMEOUT_SECONDS", "10")),
        # Off for http://127.0.0.1 in development; on behind HTTPS in production.
        secure_cookies=os.environ.get("SECURE_COOKIES", "false").lower() in ("1", "true", "yes"),
        # Shared with the action server, which opens handoffs; without it the bot gives the centre's phone instead.
        hub_internal_token=os.environ.get("HUB_INTERNAL_TOKEN") or None,
        # Transcripts are deleted this many days after their last message (0 keeps them for ever).
        retention_days=int(os.environ.get("RETENTION_DAYS", "90")),
        # No booking closer than this to its start, nor further ahead than the horizon.
        booking_notice_hours=float(os.environ.get("BOOKING_NOTICE_HOURS", "2")),
        booking_horizon_days=int(os.environ.get("BOOKING_HORIZON_DAYS", "28")),
        # How long a freed slot is held for the first person on the waiting list before it goes to the next.
        offer_hold_hours=float(os.environ.get("OFFER_HOLD_HOURS", "24")),
        # Reminders go out the day before the appointment from this hour (Athens time).
        reminder_hour=int(os.environ.get("REMINDER_HOUR", "10")),
        # At the kiosk, while a person waits for a caseworker or talks with one, the screen waits this long without
        # a touch or a staff message before it asks "Are you still there?" (75 s otherwise).
        kiosk_handoff_idle_seconds=int(os.environ.get("KIOSK_HANDOFF_IDLE_SECONDS", "300")),
        # The address citizens' phones reach the hub at (https://kentro.example.gr): a ticket's QR code links there.
        # Without it the QR code carries the appointment as text, never the hub's own, perhaps internal, address.
        public_base_url=os.environ.get("PUBLIC_BASE_URL") or None,
        # The learner service (production: the bot's image, beside Rasa) that trains and serves what reviewers
        # taught; without it a learning run uses the bot's Python in bot/.venv (development).
        learner_url=os.environ.get("LEARNER_URL") or None,
        # "production" makes the hub refuse to start with default secrets (see Settings.check_production).
        production=os.environ.get("APP_ENV", "development").lower() == "production",
    )
