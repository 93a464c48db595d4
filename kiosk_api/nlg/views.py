"""POST /nlg: Rasa's NLG-server protocol (request {response, arguments, tracker, channel} → {text, buttons})."""

from __future__ import annotations

from typing import Any

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter
from pydantic import BaseModel, Field

from kiosk_api.appointments import service as appointments
from kiosk_api.database import new_session
from kiosk_api.nlg import booking
from kiosk_api.nlg.service import conversation_language, render

router = APIRouter(tags=["nlg"])


class NlgTracker(BaseModel):
    """The part of Rasa's tracker state the renderer reads."""

    sender_id: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict)
    latest_message: dict[str, Any] = Field(default_factory=dict, description="What the bot made of the last message")


class NlgRequest(BaseModel):
    """A response Rasa wants rendered."""

    response: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    tracker: NlgTracker = Field(default_factory=NlgTracker)
    channel: dict[str, Any] = Field(default_factory=dict)


class NlgButton(BaseModel):
    """A button: its title and the payload Rasa receives when it is pressed."""

    title: str
    payload: str


class NlgResponse(BaseModel):
    """The rendered response."""

    text: str
    buttons: list[NlgButton] = Field(default_factory=list)
    custom: dict[str, Any] = Field(
        default_factory=dict,
        description="`{language, understanding}`: the language rendered in, which the hub keeps in step with, and what"
        " the bot made of the message it answers (language heard, intent, confidence, programme, fallback)",
    )


# Threads of the NLG endpoint's own: the turns that wait for Rasa hold the shared pool's threads, and Rasa waits for
# this answer to finish those turns; and a booking response's services, read from the database, must not hold up the
# event loop meanwhile.
NLG_THREADS = CapacityLimiter(16)


def _render(request: NlgRequest) -> dict[str, Any]:
    language = conversation_language(request.tracker.slots)
    arguments = request.arguments
    if request.response in booking.RENDERERS:
        with new_session() as db:
            arguments = appointments.with_services(db=db, arguments=arguments)
            arguments = appointments.with_closed_day(db=db, arguments=arguments)
    return {
        **render(response=request.response, arguments=arguments, language=language),
        "custom": {"language": language, "understanding": understanding_of(request.tracker.latest_message)},
    }


def understanding_of(parsed: dict[str, Any]) -> dict[str, Any] | None:
    """What the bot made of a message (Rasa's parse data), for the hub to record beside it: the best intent even when
    the fallback fired, so that a reviewer sees the guess it did not dare to act on."""
    intent = parsed.get("intent") or {}
    ranking = [item for item in parsed.get("intent_ranking") or [] if item.get("name") != "nlu_fallback"]
    best = ranking[0] if ranking else intent
    if not best.get("name") or best.get("name") == "nlu_fallback":
        return None
    programmes = [entity for entity in parsed.get("entities") or [] if entity.get("entity") == "programme"]
    heard = parsed.get("language_guess") or {}
    return {
        "intent": best["name"],
        "confidence": float(best.get("confidence") or 0.0),
        "fallback": intent.get("name") == "nlu_fallback",
        "programme": programmes[-1].get("value") if programmes else None,
        "language_guess": heard.get("code"),
        "language_confidence": heard.get("confidence"),
    }


@router.post("/nlg", response_model=NlgResponse, summary="Render a bot response (Rasa NLG-server protocol)")
async def generate(request: NlgRequest) -> dict[str, Any]:
    """Render the named response in the conversation's language, and say which language that is."""
    return await to_thread.run_sync(_render, request, limiter=NLG_THREADS)
