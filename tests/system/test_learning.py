"""The assistant learns from its centre (issue 24): what it understood of each citizen message is recorded beside the
message, so that staff can find what it got wrong."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Message, Sender, Understanding
from kiosk_api.database import get_engine
from tests.citizen import Citizen
from tools.stack import Stack


def understood(stack: Stack, conversation_id: str) -> list[tuple[str, Understanding | None]]:
    """Each citizen message of a conversation, in order, with what was recorded of its understanding."""
    with Session(get_engine(stack.database_url)) as db:
        messages = db.scalars(
            select(Message)
            .where(Message.conversation_id == conversation_id, Message.sender == Sender.citizen)
            .order_by(Message.id)
        )
        return [(message.text, db.get(Understanding, message.id)) for message in messages]


@pytest.mark.rasa
def test_what_the_assistant_understood_of_each_message_is_recorded(stack: Stack) -> None:
    citizen = Citizen(stack, "en")
    citizen.say("how much money is the minimum guaranteed income per month?")
    citizen.say("хочу записатися на прийом")  # Ukrainian: a script the model never saw

    (_, clear), (_, unknown) = understood(stack, citizen.id)
    assert clear is not None and unknown is not None
    assert (clear.intent, clear.programme, clear.fallback, clear.language_guess) == (
        "ask_amount",
        "minimum_income",
        False,
        "en",
    )
    assert 0.2 <= clear.confidence <= 1 and 0 < (clear.language_confidence or 0) <= 1
    # A message the assistant could not place: its best guess is kept (the reviewer sees it), with the fallback.
    assert unknown.fallback is True and unknown.intent != "nlu_fallback" and unknown.confidence < 0.5
