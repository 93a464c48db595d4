"""A conversation's messages become visible in the order of their numbers, even when two hub processes store them at
once: the bot answers the oldest waiting message first, and a screen that asks for the messages after the last one
it has must never skip one that turns up later with a smaller number."""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.orm import Session

from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation, Sender
from kiosk_api.database import get_engine


def test_a_message_stored_while_an_earlier_one_is_still_being_written_waits_for_it(database_url: str) -> None:
    # Seen on CI with two hubs on one PostgreSQL database: the second message's number was taken after the first's,
    # but committed before it, so the bot was sent the second message first.
    engine = get_engine(database_url)
    with Session(engine) as db:
        conversation_id = conversations.create(db=db, channel="web", language="en")[0].id
    first_is_numbered = threading.Event()
    second_is_stored = threading.Event()

    def store_first() -> None:
        with Session(engine) as db:

            @event.listens_for(db, "after_flush")
            def hold_the_commit(*_: object) -> None:
                first_is_numbered.set()
                # Long enough for the second message to be stored, if nothing makes it wait for this one.
                second_is_stored.wait(timeout=1.5)

            conversation = db.get_one(Conversation, conversation_id)
            conversations.add_message(
                db=db, conversation=conversation, sender=Sender.citizen, text="first", language="en", pending=True
            )

    writer = threading.Thread(target=store_first)
    writer.start()
    assert first_is_numbered.wait(timeout=10)
    with Session(engine) as db:
        conversation = db.get_one(Conversation, conversation_id)
        conversations.add_message(
            db=db, conversation=conversation, sender=Sender.citizen, text="second", language="en", pending=True
        )
    with Session(engine) as db:
        conversation = db.get_one(Conversation, conversation_id)
        # What a request answering the waiting messages, or a screen asking for new ones, sees at this moment.
        visible = [message.text for message in conversations.list_messages(db=db, conversation=conversation)]
        oldest = conversations.oldest_pending(db=db, conversation=conversation)
    second_is_stored.set()  # (without the wait, the first is committed by now)
    writer.join()

    assert visible == ["first", "second"]
    assert oldest is not None and oldest.text == "first"
