"""What the hub does when a citizen message may signal danger, before the bot sees it and even with the bot down:
clear danger opens an urgent handoff with the helplines that fit; possible danger gives those helplines and asks
"Are you or someone near you in danger right now?" with Yes (an urgent handoff) and No (the bot answers the message
after all). Both the message and the answer stay in the transcript for staff."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Conversation, Message, Sender
from kiosk_api.conversations.service import add_notice
from kiosk_api.danger.recogniser import Assessment, Level
from kiosk_api.handoff import service as handoffs
from kiosk_api.nlg.danger import IN_DANGER, NOT_IN_DANGER
from multilingual.normalise import normalise_words

# Yes and No typed instead of pressed, per conversation language (English is understood in every one). Greek "ναι"
# is yes where Romani "nai" is "there isn't", so the words are looked up in the conversation's language only.
_YES = {
    "el": ("ναι", "nai", "ne", "vevaios", "βεβαιως", "ναι ναι"),
    "en": ("yes", "yeah", "yep", "ya", "y", "yes please", "help"),
    "ar": ("نعم", "اي", "ايوه", "ايوا", "ايه", "اه", "اكيد", "نعم نعم"),
    "rom": ("va", "ova", "βα", "οβα"),
}
_NO = {
    "el": ("οχι", "oxi", "ochi", "ohi", "οχι ευχαριστω", "oxi euxaristo", "δεν κινδυνευει κανεις"),
    "en": ("no", "nope", "nah", "n", "no thanks", "no thank you", "im ok", "i am ok", "im fine", "i am fine"),
    "ar": ("لا", "لاء", "لا شكرا", "لا الحمد لله", "تمام"),
    "rom": ("na", "νa", "να", "ni", "na nai"),
}


@dataclass(frozen=True)
class Check:
    """The latest danger seen in a conversation ("possible:suicide"), and the citizen's answer to the question."""

    danger: str
    answer: str | None  # "yes", "no" or None (not answered)


@dataclass(frozen=True)
class CheckAnswer:
    """What answering the danger question led to: the hub's replies, and the message the bot should now answer."""

    replies: list[Message]
    answer_again: Message | None = None


def is_danger_payload(payload: str) -> bool:
    """Tell whether a button payload answers the danger question."""
    return payload.startswith((IN_DANGER, NOT_IN_DANGER))


def respond(*, db: Session, conversation: Conversation, message: Message, assessment: Assessment) -> list[Message]:
    """Answer a message that signals danger: an urgent handoff when clear, the question when possible."""
    if assessment.level == Level.clear:
        return [urgent(db=db, conversation=conversation, category=assessment.category, reply_to=message.id)]
    return [
        add_notice(
            db=db,
            conversation=conversation,
            response="utter_danger_check",
            arguments={"category": assessment.category, "message_id": str(message.id)},
            reply_to=message.id,
        )
    ]


def urgent(*, db: Session, conversation: Conversation, category: str, reply_to: int) -> Message:
    """Put the conversation at the top of the staff queue and give the helplines that fit the danger at once."""
    handoff = handoffs.mark_urgent(db=db, conversation=conversation)
    return add_notice(
        db=db,
        conversation=conversation,
        response="utter_urgent_help",
        arguments={"category": category, "position": handoffs.queue_position(db=db, handoff=handoff)},
        reply_to=reply_to,
    )


def answer_check(*, db: Session, conversation: Conversation, message: Message) -> CheckAnswer:
    """Answer Yes or No to the danger question (the message's payload)."""
    payload = message.payload or ""
    if payload.startswith(IN_DANGER):
        category = payload.removeprefix(IN_DANGER)
        return CheckAnswer([urgent(db=db, conversation=conversation, category=category, reply_to=message.id)])
    thanks = add_notice(db=db, conversation=conversation, response="utter_not_in_danger", reply_to=message.id)
    asked_about = payload.removeprefix(NOT_IN_DANGER)
    original = db.get(Message, int(asked_about)) if asked_about.isdigit() else None
    if original is None or original.conversation_id != conversation.id or original.sender != Sender.citizen:
        return CheckAnswer([thanks])
    return CheckAnswer([thanks], answer_again=original)


def typed_answer(*, db: Session, conversation: Conversation, text: str) -> str | None:
    """The payload of the danger question's button that a typed Yes or No means, when the question is the last
    thing the citizen was asked; otherwise None."""
    last = db.scalar(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.sender != Sender.citizen)
        .order_by(Message.id.desc())
        .limit(1)
    )
    buttons = {
        button["payload"].split(":")[2]: button["payload"]
        for button in (last.buttons if last else [])
        if is_danger_payload(button.get("payload", ""))
    }
    if not buttons:
        return None
    words = normalise_words(text).strip()
    yes = set(_YES.get(conversation.language, ())) | set(_YES["en"])
    no = set(_NO.get(conversation.language, ())) | set(_NO["en"])
    if words in {normalise_words(word).strip() for word in yes}:
        return buttons["yes"]
    if words in {normalise_words(word).strip() for word in no}:
        return buttons["no"]
    return None


def latest_checks(*, db: Session, conversation_ids: list[str]) -> dict[str, Check]:
    """For each conversation in which the recogniser saw danger, the latest danger and the answer given after it."""
    if not conversation_ids:
        return {}
    flagged = db.execute(
        select(Message.conversation_id, Message.id, Message.danger)
        .where(Message.conversation_id.in_(conversation_ids), Message.danger.is_not(None))
        .order_by(Message.id)
    ).all()
    latest = {conversation_id: (message_id, seen) for conversation_id, message_id, seen in flagged}
    answers = db.execute(
        select(Message.conversation_id, Message.id, Message.payload)
        .where(
            Message.conversation_id.in_(list(latest)),
            Message.sender == Sender.citizen,
            Message.payload.like("hub:danger:%"),
        )
        .order_by(Message.id)
    ).all()
    answered = {
        conversation_id: payload.split(":")[2]
        for conversation_id, message_id, payload in answers
        if message_id > latest[conversation_id][0]
    }
    return {
        conversation_id: Check(danger=seen, answer=answered.get(conversation_id))
        for conversation_id, (_, seen) in latest.items()
    }
