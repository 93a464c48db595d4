"""'Continue on my phone': a kiosk conversation moves to the person's phone by a one-time link in a QR code, only
where the hub's public address is known."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Conversation
from kiosk_api.database import get_engine
from kiosk_api.handoff import service as handoffs
from tests.api.test_handoff_staff import start

PUBLIC = "https://kentro.example.gr"


def test_without_a_public_address_there_is_no_phone_link(hub: Callable[..., TestClient]) -> None:
    client = hub()
    conversation_id, auth = start(client, "el")
    refused = client.post(f"/api/conversations/{conversation_id}/phone-link", headers=auth)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "no_public_address"


def test_the_phone_link_works_once_and_the_kiosk_loses_the_conversation_to_the_phone(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC + "/")
    client = hub()
    conversation_id, kiosk = start(client, "ar")
    client.post(f"/api/conversations/{conversation_id}/handoff", headers=kiosk)
    link = client.post(f"/api/conversations/{conversation_id}/phone-link", headers=kiosk)
    assert link.status_code == 201
    url = link.json()["url"]
    assert url.startswith(f"{PUBLIC}/phone#") and link.json()["qr"].startswith("data:image/svg+xml")
    # The secret is after the "#": a browser never sends it, so no server or proxy log keeps it.
    secret = url.split("#", 1)[1]
    taken = client.post(f"/api/phone-links/{secret}")
    assert taken.status_code == 200
    phone = {"Authorization": f"Bearer {taken.json()['token']}"}
    assert taken.json()["id"] == conversation_id and taken.json()["language"] == "ar"
    transcript = client.get(f"/api/conversations/{conversation_id}/messages", headers=phone)
    assert transcript.status_code == 200 and transcript.json()["messages"]
    assert client.get(f"/api/conversations/{conversation_id}/messages", headers=kiosk).status_code == 404
    again = client.post(f"/api/phone-links/{secret}")
    assert again.status_code == 404 and again.json()["error"]["code"] == "phone_link_used_or_expired"


def test_an_unused_phone_link_expires(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC)
    client = hub()
    conversation_id, kiosk = start(client, "el")
    secret = client.post(f"/api/conversations/{conversation_id}/phone-link", headers=kiosk).json()["url"].split("#")[1]
    with Session(get_engine(database_url)) as db:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        db.execute(update(Conversation).values(phone_link_expires_at=past))
        db.commit()
    assert client.post(f"/api/phone-links/{secret}").status_code == 404
    assert client.get(f"/api/conversations/{conversation_id}/messages", headers=kiosk).status_code == 200


def test_the_caseworker_is_told_live_that_the_citizen_continues_on_the_phone(
    hub: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", PUBLIC + "/")
    client = hub()
    conversation_id, kiosk = start(client, "el")
    client.post(f"/api/conversations/{conversation_id}/handoff", headers=kiosk)
    secret = client.post(f"/api/conversations/{conversation_id}/phone-link", headers=kiosk).json()["url"].split("#")[1]
    with Session(get_engine(database_url)) as db:
        before = handoffs.last_event_id(db=db)
    client.post(f"/api/phone-links/{secret}")
    with Session(get_engine(database_url)) as db:
        # A "message" event: the console's open conversation reads the new notice at once.
        assert [event.kind for event in handoffs.events_after(db=db, after=before)] == ["message"]
