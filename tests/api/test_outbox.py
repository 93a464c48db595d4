"""The outbox of channels that cannot ask for messages (Telegram, an app): each message once, and a conversation's
messages in their order."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk_api.conversations import outbox
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Sender
from kiosk_api.database import get_engine


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
