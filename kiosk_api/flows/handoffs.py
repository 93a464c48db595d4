"""Closing a handoff: the conversation goes back to the bot, or, if the citizen asked for it meanwhile, is erased."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Conversation, Message, Sender
from kiosk_api.danger import service as danger
from kiosk_api.flows import erasure
from kiosk_api.flows.staff_notes import tell_staff
from kiosk_api.handoff import service as handoffs
from kiosk_api.handoff.models import Handoff, HandoffStatus


def resolve(*, db: Session, handoff: Handoff, return_to_bot: bool) -> None:
    """Close a handoff and give the conversation back to the bot, telling the citizen; or erase it, as the citizen
    asked while staff held it, now that they are done."""
    handoffs.resolve(db=db, handoff=handoff)
    conversation = db.get(Conversation, handoff.conversation_id)
    if conversation.erase_requested:
        erasure.erase(db=db, conversation=conversation)
    else:
        response = "utter_back_to_assistant" if return_to_bot else "utter_handoff_closed"
        conversations.add_notice(db=db, conversation=conversation, response=response)


def hand_over(*, db: Session, conversation: Conversation, reason: str, topic: str | None = None) -> Handoff:
    """Hand a conversation to staff at the person's request (or the assistant's): urgently while the person has told
    of danger and not said No. Asked "are you in danger?", one who had written of pills ready pressed "Talk to a
    person" rather than Yes, and was 18th in the queue (helper-125's try)."""
    if danger.awaits_help(db=db, conversation=conversation):
        return handoffs.mark_urgent(db=db, conversation=conversation)
    return handoffs.open_handoff(db=db, conversation=conversation, reason=reason, topic=topic)


def place_in_queue(*, db: Session, conversation: Conversation, handoff: Handoff) -> dict[str, Any]:
    """What the notice of a handoff just opened says ("utter_handoff_waiting"), whether the hub or the bot gives it:
    the place in the queue and the channel; for someone who may be in danger, urgent, with the kinds of danger read
    (out of hours she is told to call the lines now, and they come with it, on the kiosk's screen for a person too)."""
    place: dict[str, Any] = {
        "position": handoffs.queue_position(db=db, handoff=handoff),
        "channel": conversation.channel,
        "urgent": handoff.urgent,
    }
    if handoff.urgent:
        place["categories"] = danger.kinds_seen(db=db, conversation=conversation)
    return place


def wait_for_a_person(*, db: Session, conversation: Conversation, reason: str) -> Message:
    """Hand a conversation to staff without the bot ("talk to a person", words the assistant cannot read) and tell
    the citizen their place in the queue, or when someone will answer; return that notice."""
    handoff = hand_over(db=db, conversation=conversation, reason=reason)
    return conversations.add_notice(
        db=db,
        conversation=conversation,
        response="utter_handoff_waiting",
        arguments=place_in_queue(db=db, conversation=conversation, handoff=handoff),
    )


def back_to_the_assistant(*, db: Session, conversation: Conversation, reply_to: int) -> tuple[Message, Message | None]:
    """The person leaves the staff queue for the assistant (its button under the queue's notices), while nobody has
    taken the conversation and nothing in it may be danger; otherwise it stays with the staff. Either way the person
    is told, and staff find a note on the request. Returned with the notice: the message typed while waiting that
    nobody answered ("never mind, I'll ask you: what papers for the rent allowance?"), for the assistant to answer."""
    handoff = handoffs.open_for_conversation(db=db, conversation=conversation)
    if handoff is not None and (handoff.urgent or handoff.status != HandoffStatus.waiting):
        notice = conversations.add_notice(
            db=db,
            conversation=conversation,
            response="utter_staying_with_staff",
            arguments={"with_staff": handoff.status == HandoffStatus.assigned},
            reply_to=reply_to,
        )
        return notice, None
    unanswered = _unanswered_question(db=db, conversation=conversation, pressed=reply_to) if handoff else None
    if handoff is not None:
        tell_staff(db=db, conversation=conversation, response="utter_citizen_went_back")
        handoffs.resolve(db=db, handoff=handoff)
    notice = conversations.add_notice(
        db=db, conversation=conversation, response="utter_assistant_again", reply_to=reply_to
    )
    return notice, unanswered


def _unanswered_question(*, db: Session, conversation: Conversation, pressed: int) -> Message | None:
    """The person's latest typed message before the button, if only the hub's notices came after it."""
    for message in reversed(conversations.list_messages(db=db, conversation=conversation)):
        if message.id == pressed or message.sender == Sender.system:
            continue
        typed = message.sender == Sender.citizen and message.payload is None
        return message if typed and not message.danger and not message.edited else None
    return None
