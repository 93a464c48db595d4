"""A citizen who cannot be reached on their channel, and one who can be again: the outbox and the staff handling
the conversation both change. The channel kit's outbox worker calls these, with its own session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk_api.conversations import outbox
from kiosk_api.conversations.models import Conversation
from kiosk_api.handoff import service as handoffs


def unreachable(*, db: Session, conversation_id: str, channel_name: str, reason: str) -> None:
    """The citizen blocked the channel (or it keeps refusing what is sent): everything still to send is held back,
    and the staff handling the conversation are told first, so the note is there to read once it shows."""
    held = outbox.stop_for_conversation(db=db, conversation_id=conversation_id, reason=reason)
    handoffs.note_from_the_system(
        db=db,
        conversation=db.get(Conversation, conversation_id),
        text=f"{channel_name}: the citizen has blocked the bot; {held} message(s) could not be delivered. "
        "Reach them another way.",
    )


def reachable_again(*, db: Session, conversation_id: str, channel_name: str) -> None:
    """The citizen can be reached again: what staff wrote meanwhile goes out now, in order, and staff are told."""
    conversation = db.get(Conversation, conversation_id)
    if conversation is None:
        return
    resumed = outbox.resume_for_conversation(db=db, conversation_id=conversation_id)
    handoffs.note_from_the_system(
        db=db,
        conversation=conversation,
        text=f"{channel_name}: the citizen is reachable again; {resumed} message(s) held back are being sent now.",
    )
