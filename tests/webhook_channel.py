"""A second channel on the channel kit: a plain webhook, JSON in and JSON out, for a municipality's own app or an
SMS gateway. docs/channels.md describes it: what the app sends and gets, the callbacks, the errors, how to run it."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError, model_validator

from kiosk_api.channels.kit import addresses, outbox, turns
from kiosk_api.channels.kit.hub import HubClient, HubError, client_id
from kiosk_api.channels.kit.store import db_call
from kiosk_api.channels.kit.text import right_to_left
from kiosk_api.nlg.service import render
from multilingual.languages import DEFAULT_LANGUAGE, LANGUAGES

CHANNEL = "webhook"  # its line in kiosk_api/channel_registry.py
HUB = HubClient(os.environ.get("HUB_URL", "http://127.0.0.1:8000"), channel=CHANNEL)
CALLBACK_URL = os.environ["CALLBACK_URL"]
SECRET = os.environ["WEBHOOK_SECRET"]
CITIZENS = addresses.book(CHANNEL)


class Incoming(BaseModel):
    """One citizen message from the app: words, or a button the citizen pressed."""

    sender: str = Field(validation_alias="from", min_length=1, max_length=200)
    id: str = Field(min_length=1, max_length=200)
    text: str | None = Field(default=None, max_length=100_000)
    button: str | None = Field(default=None, max_length=2000)
    language: str | None = None  # the app's language (a code such as "ar" or "ar-SY"), for a first message

    @model_validator(mode="after")
    def words_or_a_button(self) -> Incoming:
        if not (self.text or "").strip("\x00 \n\t") and not self.button:
            raise ValueError("a message needs text or a button")
        if self.language is not None and self.language.split("-")[0].lower() not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)} (or a tag such as ar-SY)")
        return self


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def out(message: dict[str, Any], language: str) -> dict[str, Any]:
    """A hub message as the app gets it: its id (to put messages in order and drop one delivered twice), text,
    direction and buttons."""
    buttons = [{"title": b["title"], "payload": b["payload"]} for b in message.get("buttons") or []]
    return {"id": message.get("id"), "text": message["text"], "buttons": buttons,
            "direction": "rtl" if right_to_left(language) else "ltr"}  # fmt: skip


async def push(to: str, message: dict[str, Any], language: str) -> None:
    """Deliver one message the citizen is not waiting for, as the outbox worker asks."""
    body = {"to": to, "language": language, "messages": [out(message, language)]}
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            response = await http.post(CALLBACK_URL, json=body, headers={"X-Webhook-Secret": SECRET})
    except httpx.HTTPError as failure:
        raise outbox.RetryLater(type(failure).__name__) from failure
    if response.status_code == 410:
        raise outbox.Unreachable
    if response.status_code == 429:
        raise outbox.RetryLater("429", wait=dt.timedelta(seconds=float(response.headers.get("Retry-After") or 5)))
    if 400 <= response.status_code < 500:  # the app refuses it: tried a few times, then staff are told
        raise outbox.Refused(str(response.status_code))
    if response.status_code >= 300:
        raise outbox.RetryLater(str(response.status_code))


PUSHED = outbox.Channel(
    code=CHANNEL,
    address_of=lambda db, conversation: addresses.address_of(db=db, channel=CHANNEL, conversation_id=conversation),
    push=push,
    mark_unreachable=lambda db, to: addresses.set_blocked(db=db, channel=CHANNEL, address=to, blocked=True),
)


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    worker = asyncio.create_task(outbox.run(PUSHED))
    yield
    worker.cancel()
    await HUB.close()


app = FastAPI(title="Webhook channel", lifespan=lifespan)


async def read(request: Request, model: type[BaseModel]) -> Any:
    """The request's body as `model`, once the secret is checked (nothing is said to a caller without it)."""
    if not secrets.compare_digest(request.headers.get("X-Webhook-Secret", "").encode(), SECRET.encode()):
        return error(401, "wrong_secret", "Wrong or missing X-Webhook-Secret.")
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as invalid:
        return error(422, "invalid_request", "; ".join(str(e["msg"]) for e in invalid.errors(include_input=False)))


@app.post("/messages")
async def message(request: Request) -> JSONResponse:
    """A citizen's message in; the assistant's answer out (none while a caseworker has the conversation)."""
    if isinstance(incoming := await read(request, Incoming), JSONResponse):
        return incoming
    back = await db_call(addresses.set_blocked, channel=CHANNEL, address=incoming.sender, blocked=False)
    if back and (found := await CITIZENS.find(incoming.sender)) is not None:  # what staff wrote goes out now
        await outbox.reachable_again(PUSHED, found.conversation_id)
    known = await db_call(addresses.language_of, channel=CHANNEL, address=incoming.sender)
    language = known or (incoming.language or DEFAULT_LANGUAGE).split("-")[0].lower()
    text = incoming.text.encode("utf-8", "replace").decode() if incoming.text else None  # half an emoji, say
    try:
        turn = await turns.send(HUB, CITIZENS, incoming.sender, language, client_id=client_id("wh", incoming.id),
                                text=text, payload=incoming.button)  # fmt: skip
    except HubError as failure:
        if 400 <= failure.status < 500:  # sending it again would not help
            return error(422, failure.code or "refused", "The centre's assistant refused this message.")
        # Nothing is lost: the app sends it again, with the same id. The citizen is told, in their language.
        sorry = render(response="utter_gateway_trouble", arguments={}, language=language)
        return JSONResponse({"language": language, "messages": [out(sorry, language)]}, status_code=503)
    await db_call(addresses.set_language, channel=CHANNEL, address=incoming.sender, language=turn["language"])
    replies = [out(m, turn["language"]) for m in turn["messages"]]
    return JSONResponse({"language": turn["language"], "state": turn.get("state"), "messages": replies})


class Forget(BaseModel):
    sender: str = Field(validation_alias="from", min_length=1, max_length=200)  # the citizen to forget


@app.post("/forget")
async def forget(request: Request) -> JSONResponse:
    """The citizen asked the app to erase what they wrote: the conversation goes, and their address with it."""
    if isinstance(asked := await read(request, Forget), JSONResponse):
        return asked
    if (found := await CITIZENS.find(asked.sender)) is not None:
        await HUB.erase(found)
    await CITIZENS.drop(asked.sender)
    return JSONResponse({"forgotten": True})
