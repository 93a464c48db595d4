"""A second channel on the channel kit: a plain webhook, JSON in and JSON out, for a municipality's own app or an
SMS gateway (docs/channels.md). Run it beside the hub, on the hub's database:

    HUB_URL=http://127.0.0.1:8000 CALLBACK_URL=https://app.example/assistant WEBHOOK_SECRET=long-random-text \\
        .venv/bin/uvicorn tests.webhook_channel:app --port 8700

The app sends each citizen message, with the secret in the X-Webhook-Secret header:

    POST /messages  {"from": "user-17", "id": "msg-981", "text": "I need help with the rent", "language": "en"}
                    {"from": "user-17", "id": "msg-982", "button": "<a button's payload>"}

and gets the answer: {"language": "en", "messages": [{"text": "...", "buttons": [{"title": "...", "payload": "..."}]}]}.
Sending a message again with the same id is safe: it is stored and answered once. What staff write later, reminders
and waiting-list offers are POSTed to CALLBACK_URL as {"to": "user-17", "language": "en", "messages": [...]}, with
the same header; the app answers 2xx (delivered), 410 (the citizen left: held back, and staff are told), or 429 with
Retry-After, or anything else (tried again later)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.orm import Session

from kiosk_api.channels.kit import addresses, outbox, turns
from kiosk_api.channels.kit.hub import HubClient, HubError, client_id
from kiosk_api.channels.kit.store import db_call
from kiosk_api.nlg.service import render
from multilingual.languages import DEFAULT_LANGUAGE, LANGUAGES

CHANNEL = "webhook"  # its line in kiosk_api/channel_registry.py
HUB = HubClient(os.environ.get("HUB_URL", "http://127.0.0.1:8000"), channel=CHANNEL)
CALLBACK_URL = os.environ["CALLBACK_URL"]
SECRET = os.environ["WEBHOOK_SECRET"]
CITIZENS = addresses.book(CHANNEL)


class Incoming(BaseModel):
    """One citizen message from the app: words, or a button the citizen pressed."""

    sender: str = Field(alias="from", min_length=1, max_length=200)
    id: str = Field(min_length=1, max_length=100)
    text: str | None = Field(default=None, max_length=4000)
    button: str | None = Field(default=None, max_length=500)
    language: str | None = None  # the app's language, for a citizen's first message

    @model_validator(mode="after")
    def words_or_a_button(self) -> Incoming:
        if not (self.text or "").strip() and not self.button:
            raise ValueError("a message needs text or a button")
        return self


def plain(message: dict[str, Any]) -> dict[str, Any]:
    """A hub message as the app gets it: the text and the buttons."""
    buttons = [{"title": b["title"], "payload": b["payload"]} for b in message.get("buttons") or []]
    return {"text": message["text"], "buttons": buttons}


async def push(to: str, message: dict[str, Any], language: str) -> None:
    """Deliver one message the citizen is not waiting for, as the outbox worker asks."""
    body = {"to": to, "language": language, "messages": [plain(message)]}
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(CALLBACK_URL, json=body, headers={"X-Webhook-Secret": SECRET})
    except httpx.HTTPError as error:
        raise outbox.RetryLater(type(error).__name__) from error
    if response.status_code == 410:
        raise outbox.Unreachable
    if response.status_code == 429:
        wait = dt.timedelta(seconds=float(response.headers.get("Retry-After") or 5))
        raise outbox.RetryLater("429", wait=wait)
    if response.status_code >= 300:
        raise outbox.RetryLater(str(response.status_code))


def _address_of(db: Session, conversation_id: str) -> outbox.Address | None:
    return addresses.address_of(db=db, channel=CHANNEL, conversation_id=conversation_id)


def _left(db: Session, address: str) -> None:
    addresses.set_blocked(db=db, channel=CHANNEL, address=address, blocked=True)


PUSHED = outbox.Channel(
    code=CHANNEL, name="The municipality's app", address_of=_address_of, push=push, mark_unreachable=_left
)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    worker = asyncio.create_task(outbox.run(PUSHED))
    yield
    worker.cancel()
    await HUB.close()


app = FastAPI(title="Webhook channel", lifespan=lifespan)


@app.post("/messages")
async def message(incoming: Incoming, x_webhook_secret: str = Header(default="")) -> JSONResponse:
    """A citizen's message in; the assistant's answer out."""
    if not secrets.compare_digest(x_webhook_secret.encode(), SECRET.encode()):
        return JSONResponse({"error": "wrong or missing X-Webhook-Secret"}, status_code=401)
    if await db_call(addresses.set_blocked, channel=CHANNEL, address=incoming.sender, blocked=False):
        # They left and came back: what staff wrote meanwhile goes out now.
        found = await CITIZENS.find(incoming.sender)
        if found is not None:
            await outbox.reachable_again(PUSHED, found.conversation_id)
    language = incoming.language if incoming.language in LANGUAGES else DEFAULT_LANGUAGE
    try:
        turn = await turns.send(
            HUB, CITIZENS, incoming.sender, language,
            client_id=client_id("wh", incoming.id), text=incoming.text, payload=incoming.button,
        )  # fmt: skip
    except HubError:
        # Nothing is lost: the app sends it again, with the same id. The citizen is told so in their language.
        sorry = render(response="utter_gateway_trouble", arguments={}, language=language)
        return JSONResponse({"language": language, "messages": [plain(sorry)]}, status_code=503)
    return JSONResponse({"language": turn["language"], "messages": [plain(m) for m in turn["messages"]]})
