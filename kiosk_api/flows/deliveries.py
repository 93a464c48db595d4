"""A citizen who cannot be reached on their channel, and one who can be again: the outbox and the staff handling
the conversation both change. The channel kit's outbox worker calls these, with its own session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk_api.conversations import outbox
from kiosk_api.conversations.models import Conversation
from kiosk_api.flows.staff_notes import tell_staff


def unreachable(*, db: Session, conversation_id: str, channel: str, reason: str) -> None:
    """The citizen blocked the channel (or it keeps refusing what is sent): everything still to send is held back,
    and the staff handling the conversation are told first, so the note is there to read once it shows."""
    held = outbox.stop_for_conversation(db=db, conversation_id=conversation_id, reason=reason)
    tell_staff(
        db=db,
        conversation=db.get(Conversation, conversation_id),
        response="utter_citizen_unreachable",
        channel=channel,
        held=held,
    )


def reachable_again(*, db: Session, conversation_id: str, channel: str) -> None:
    """The citizen can be reached again: what staff wrote meanwhile goes out now, in order, and staff are told."""
    conversation = db.get(Conversation, conversation_id)
    if conversation is None:
        return
    resumed = outbox.resume_for_conversation(db=db, conversation_id=conversation_id)
    tell_staff(
        db=db, conversation=conversation, response="utter_citizen_reachable_again", channel=channel, resumed=resumed
    )
