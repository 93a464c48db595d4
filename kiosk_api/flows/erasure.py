"""Erasing a conversation, on the citizen's request or when its retention ends: with it go the names, phones and
estimate answers booked from it, and the bot's memory of it. A citizen who leaves a kiosk erases the conversation
but not what they booked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    check = _latest_danger_check(db=db, conversation=conversation)
    if _left_in_possible_danger(conversation=conversation, check=check):
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


@dataclass(frozen=True)
class LeavingOutcome:
    """What leaving the screen now would do."""

    kept_for_staff: bool  # kept for a caseworker (as `erase` would keep it) rather than erased
    danger_kinds: list[str]  # the kinds of danger told and not answered No: what the helplines shown are for


def leaving(*, db: Session, conversation: Conversation) -> LeavingOutcome:
    """What leaving (or erasing) now would do, told before the person leaves."""
    check = _latest_danger_check(db=db, conversation=conversation)
    return LeavingOutcome(
        kept_for_staff=_held_by_staff(db=db, conversation=conversation)
        or _left_in_possible_danger(conversation=conversation, check=check),
        danger_kinds=_danger_not_denied(check),
    )


def _latest_danger_check(*, db: Session, conversation: Conversation) -> danger.Check | None:
    return danger.latest_checks(db=db, conversation_ids=[conversation.id]).get(conversation.id)


def _danger_not_denied(check: danger.Check | None) -> list[str]:
    """The kinds of danger the person told of ("violence", "homeless"), likeliest first, unless they answered No to
    the question about it."""
    if check is None or check.answer == "no":
        return []
    kinds = [kind for kind in check.danger.partition(":")[2].split("+") if kind in DANGER_CATEGORIES]
    return kinds or ["medical"]  # a kind no longer known: a medical emergency's lines (166, 112) stand for any


def _held_by_staff(*, db: Session, conversation: Conversation) -> bool:
    return (
        conversation.state != ConversationState.bot
        and handoffs.open_for_conversation(db=db, conversation=conversation) is not None
    )


def _left_in_possible_danger(*, conversation: Conversation, check: danger.Check | None) -> bool:
    """Whether the person wrote of danger that no caseworker has seen since, without answering No to the question,
    and left it with the bot."""
    return (
        conversation.state == ConversationState.bot
        and not conversation.erase_requested  # asked before: a caseworker has now closed it
        and check is not None
        and check.awaits_help
    )


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
