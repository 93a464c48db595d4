"""Erasing a conversation, on the citizen's request or when its retention ends: with it go the names, phones and
estimate answers booked from it, and the bot's memory of it. A citizen who leaves a kiosk erases the conversation
but not what they booked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.centre import service as centre
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation, ConversationState
from kiosk_api.danger import service as danger
from kiosk_api.flows.staff_notes import tell_staff
from kiosk_api.handoff import service as handoffs
from knowledge.loader import DANGER_CATEGORIES


def erase(*, db: Session, conversation: Conversation) -> bool:
    """Delete a conversation with every message, handoff and consent of it, here and in the bot's memory; True when
    done. While staff hold it (a person in danger who walked away from the kiosk, say), the citizen's access ends at
    once but the conversation is kept for the caseworker, told so, and erased when they close it: False. So is one
    that told of possible danger the person never answered the question about: it goes to staff, urgently."""
    if _left_in_possible_danger(db=db, conversation=conversation):
        # "sometimes i feel i cannot go on anymore", then Finish (an independent try): the entry staff saw under
        # possible danger went with the conversation, and nobody looked for her near the kiosk.
        handoffs.mark_urgent(db=db, conversation=conversation)
    if _held_by_staff(db=db, conversation=conversation):
        conversations.close_to_citizen(db=db, conversation=conversation)
        tell_staff(
            db=db,
            conversation=conversation,
            response="utter_citizen_left",
            channel=conversation.channel,
            out_of_hours=not centre.is_open(at=centre.now()),
        )
        return False
    _delete(db=db, expired=[conversation])
    return True


def kept_for_staff(*, db: Session, conversation: Conversation) -> bool:
    """Whether erasing the conversation now would keep it for staff (as `erase` does) rather than erase it."""
    return _held_by_staff(db=db, conversation=conversation) or _left_in_possible_danger(
        db=db, conversation=conversation
    )


def danger_not_denied(*, db: Session, conversation: Conversation) -> list[str]:
    """The kinds of danger the person told of ("violence", "homeless"), likeliest first, unless they answered No to
    the question about it: what the helplines shown as they leave are for."""
    check = danger.latest_checks(db=db, conversation_ids=[conversation.id]).get(conversation.id)
    if check is None or check.answer == "no":
        return []
    kinds = [kind for kind in check.danger.partition(":")[2].split("+") if kind in DANGER_CATEGORIES]
    return kinds or ["medical"]  # a kind no longer known: a medical emergency's lines (166, 112) stand for any


def _held_by_staff(*, db: Session, conversation: Conversation) -> bool:
    return (
        conversation.state != ConversationState.bot
        and handoffs.open_for_conversation(db=db, conversation=conversation) is not None
    )


def _left_in_possible_danger(*, db: Session, conversation: Conversation) -> bool:
    return (
        conversation.state == ConversationState.bot
        and not conversation.erase_requested  # asked before: a caseworker has now closed it
        and _danger_left_unanswered(db=db, conversation=conversation)
    )


def _danger_left_unanswered(*, db: Session, conversation: Conversation) -> bool:
    """Whether the person wrote of danger that no caseworker has seen since, without answering No to the question."""
    check = danger.latest_checks(db=db, conversation_ids=[conversation.id]).get(conversation.id)
    return check is not None and check.answer != "no" and not check.seen_by_staff


def leave(*, db: Session, conversation: Conversation) -> bool:
    """The citizen left the screen they wrote on (the kiosk's Finish, or its timeout): the conversation is erased as
    on request, but what they booked stays whole, with the name and phone they agreed to leave "to reach you about
    it" and their estimate answers, for the caseworker, until the retention job forgets them."""
    appointments.keep_apart(db=db, conversation_id=conversation.id)
    return erase(db=db, conversation=conversation)


def purge_expired(*, db: Session, older_than: dt.datetime) -> int:
    """Delete the conversations whose last message is older than a moment (those staff still hold excepted), and
    the people of past appointments no conversation holds; return how many conversations went."""
    expired = conversations.expired(db=db, older_than=older_than)
    _delete(db=db, expired=expired)
    appointments.forget_people_of_past_bookings(db=db, older_than=older_than)
    return len(expired)


def _delete(*, db: Session, expired: list[Conversation]) -> None:
    # The appointments stay, so their times remain taken; the people in them go, as consent promised.
    appointments.forget_people(db=db, conversation_ids=[conversation.id for conversation in expired])
    conversations.delete(db=db, conversations=expired)
