"""A citizen who cannot be reached on their channel, and one who can be again: the outbox and the staff handling
the conversation both change. The channel kit's outbox worker calls these, with its own session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.conversations import outbox
from kiosk_api.conversations.models import Conversation
from kiosk_api.handoff import service as handoffs
from kiosk_api.nlg.service import render


def _note(response: str, **arguments: object) -> str:
    # Staff read it in the centre's language, as every note the system writes.
    return render(response=response, arguments=arguments, language=get_settings().default_language)["text"]


def unreachable(*, db: Session, conversation_id: str, channel: str, reason: str) -> None:
    """The citizen blocked the channel (or it keeps refusing what is sent): everything still to send is held back,
    and the staff handling the conversation are told first, so the note is there to read once it shows."""
    held = outbox.stop_for_conversation(db=db, conversation_id=conversation_id, reason=reason)
    handoffs.note_from_the_system(
        db=db,
        conversation=db.get(Conversation, conversation_id),
        text=_note("utter_citizen_unreachable", channel=channel, held=held),
    )


def reachable_again(*, db: Session, conversation_id: str, channel: str) -> None:
    """The citizen can be reached again: what staff wrote meanwhile goes out now, in order, and staff are told."""
    conversation = db.get(Conversation, conversation_id)
    if conversation is None:
        return
    resumed = outbox.resume_for_conversation(db=db, conversation_id=conversation_id)
    handoffs.note_from_the_system(
        db=db,
        conversation=conversation,
        text=_note("utter_citizen_reachable_again", channel=channel, resumed=resumed),
    )
