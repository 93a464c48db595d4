"""Notes the system writes to the staff handling a conversation: rendered from the catalogs in the centre's language,
and kept with the response they came from, so that the console shows them in its own language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.conversations.models import Conversation
from kiosk_api.handoff import service as handoffs
from kiosk_api.nlg.service import render


def tell_staff(*, db: Session, conversation: Conversation, response: str, **arguments: object) -> None:
    """Write the response as a note from the system to the staff handling the conversation (nothing if nobody does)."""
    text = render(response=response, arguments=arguments, language=get_settings().default_language)["text"]
    handoffs.note_from_the_system(db=db, conversation=conversation, text=text, response=response, arguments=arguments)
