"""The outbox of channels that cannot ask for messages (Telegram, an app): each message once, and a conversation's
messages in their order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.conversations import outbox
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Delivery, Sender
from kiosk_api.database import get_engine
from kiosk_api.health import service as health
from kiosk_api.main import create_app


def test_a_conversations_messages_go_in_their_order_even_when_the_first_must_wait(database_url: str) -> None:
    # Found in the independent try of the app channel: with the app refusing every other delivery, a caseworker's
    # replies 1, 2, 3 arrived as 2, 1, 3.
    with Session(get_engine(database_url)) as db:
        conversation, _ = conversations.create(db=db, channel="webhook", language="en")
        other, _ = conversations.create(db=db, channel="webhook", language="en")
        for text in ("first", "second", "third"):
            conversations.add_message(db=db, conversation=conversation, sender=Sender.staff, text=text, language="en")
        conversations.add_message(db=db, conversation=other, sender=Sender.staff, text="elsewhere", language="en")

        def due() -> list[str]:
            return [message.text for _, message, _ in outbox.claim_due(db=db, channel="webhook")]

        claimed = outbox.claim_due(db=db, channel="webhook")
        assert [message.text for _, message, _ in claimed] == ["first", "elsewhere"]
        first = claimed[0][0]
        outbox.retry_later(db=db, delivery=first, error="500", wait=dt.timedelta(0))
        assert due() == ["first"], "the second waits for the first"
        outbox.mark_sent(db=db, delivery=first)
        assert due() == ["second"]


def test_health_says_when_a_channels_outbox_is_not_being_sent(
    hub: Callable[..., TestClient], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Named by an independent try: with the Telegram gateway stopped, the hub's health said every part was up while
    # a caseworker's replies waited unsent. A municipality's IT person reads /api/health; the kiosk must stay served.
    async def up(client: object, url: str) -> str:
        return "up"

    monkeypatch.setattr(health, "_probe", up)
    client = hub()
    # Nothing waiting: "clear", not "up" (with no gateway running at all, nothing would be sent either: an
    # independent try read "up" as "Telegram works").
    assert client.get("/api/health").json()["parts"]["telegram_outbox"] == "clear"
    with Session(get_engine(database_url)) as db:
        conversation, _ = conversations.create(db=db, channel="telegram", language="el")
        conversations.add_message(db=db, conversation=conversation, sender=Sender.staff, text="reply", language="el")
        db.execute(update(Delivery).values(next_attempt_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)))
        db.commit()
    reply = client.get("/api/health")
    assert reply.status_code == 200  # the kiosk and the console still work: no load balancer takes the hub out
    assert reply.json()["status"] == "degraded"
    assert reply.json()["parts"]["telegram_outbox"] == "stalled"
    assert reply.json()["parts"]["webhook_outbox"] == "clear"
    assert reply.json()["parts"]["database"] == "up"


def test_health_says_when_the_database_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    # The hub answers no citizen without its database: a load balancer must hear it (503), by name.
    async def up(client: object, url: str) -> str:
        return "up"

    monkeypatch.setattr(health, "_probe", up)
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    get_settings.cache_clear()
    try:
        reply = TestClient(create_app()).get("/api/health")
    finally:
        get_settings.cache_clear()
    assert reply.status_code == 503
    assert reply.json()["status"] == "down" and reply.json()["parts"]["database"] == "down"
