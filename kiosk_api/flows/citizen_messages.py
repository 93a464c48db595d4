"""A citizen's message: read for danger, stored, and answered by the bot in the order messages were stored, by the
hub itself (its own buttons), or left for the staff who hold the conversation."""

from __future__ import annotations

import contextlib

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk_api.appointments import waiting
from kiosk_api.centre import service as centre
from kiosk_api.conversations import rasa
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Attachment, Conversation, ConversationState, Message, Sender
from kiosk_api.conversations.service import HUB_PAYLOAD
from kiosk_api.danger import recogniser as danger
from kiosk_api.danger import service as danger_service
from kiosk_api.flows import handoffs as staff_handoffs
from kiosk_api.handoff import service as handoffs
from kiosk_api.handoff.models import HandoffStatus
from kiosk_api.nlg.danger import IN_DANGER, WHY_ASKED
from kiosk_api.nlg.service import BACK_TO_THE_ASSISTANT, KEPT_FOR_STAFF
from multilingual.languages import LANGUAGES, evident_language

# The bot's "talk to a person" (a button under many of its answers, Telegram's /human).
REQUEST_A_PERSON = "/request_human"


def handle_citizen_message(
    *,
    db: Session,
    conversation: Conversation,
    text: str,
    payload: str | None = None,
    client_id: str | None = None,
    edit: bool = False,
) -> list[Message]:
    """Store a citizen message, then route it: to the bot in the order messages were stored (whichever API process
    received them), or to staff while they hold the conversation. Return the replies to it. A message the channel
    sends again under the same `client_id` is not handled twice: its first replies are returned. An `edit` of an
    earlier message is read for danger and kept for staff, marked as an edit, but never sent to the bot: the
    question was answered already."""
    if client_id is not None:
        earlier = conversations.by_client_id(db=db, conversation=conversation, client_id=client_id)
        if earlier is not None:
            return _replies_to(db=db, conversation=conversation, message=earlier)
    if payload is not None and not text.strip():
        # Channels send a pressed button as its payload alone; the transcript (and the caseworker) should read
        # what the person chose: "Yes, we need help now", not an empty bubble.
        text = conversations.button_title(db=db, conversation=conversation, payload=payload) or text
    # Danger is read before anything else, from the text the person typed (a pressed button's title says nothing).
    assessment = danger.assess(text) if payload is None else None
    in_danger = assessment is not None and assessment.level is not None
    # "why do you ask?", "na haljovav" (I don't understand) under the danger question are asked of the hub, which
    # asked it: before a typed Yes or No, as "na haljovav" begins with "na", no (helper-139's retry). Its words are
    # only those of asking, whatever the recogniser makes of them ("lesh 3am tes2alni" read as violence made the
    # conversation urgent: helper-138's try).
    if (
        payload is None
        and not edit
        and conversation.state in (ConversationState.bot, ConversationState.waiting)
        and (why := danger_service.why_asked(db=db, conversation=conversation, text=text))
    ):
        payload, in_danger = why, False
    if payload is None and not edit:
        typed = danger_service.typed_answer(db=db, conversation=conversation, text=text)
        # A Yes to the danger question is the answer, whatever else it says ("azhutin man", help me, is no new
        # kind of danger); a No that tells of danger is read as danger, unless what it tells is that there is none
        # ("im not gonna kill myself").
        denial = typed is not None and danger_service.denies_danger(text)
        if typed is not None and (not in_danger or typed.startswith(IN_DANGER) or denial):
            payload, in_danger = typed, False
        elif not in_danger and conversation.state == ConversationState.bot:
            # "keep it" typed under move / cancel / keep is that button (the danger question's are answered above).
            chosen = conversations.typed_choice(db=db, conversation=conversation, text=text)
            if chosen is not None and not danger_service.is_danger_payload(chosen):
                payload = chosen
    if in_danger:
        # A cry for help is often the first thing a person writes, in their own language, whatever the chat opened in.
        conversation.language = evident_language(text, conversation.language)
    for_the_hub = (payload or "").startswith(HUB_PAYLOAD)
    # Words typed in a language the assistant has not been taught (languages.yaml: understood: false) are for a
    # person: the bot would misread them, and the danger recogniser has never seen them.
    for_staff = payload is None and not edit and not LANGUAGES[conversation.language].understood
    try:
        message = conversations.add_message(
            db=db,
            conversation=conversation,
            sender=Sender.citizen,
            text=text,
            edited=edit,
            payload=payload,
            language=conversation.language,
            pending=conversation.state == ConversationState.bot and not (in_danger or for_the_hub or edit or for_staff),
            client_id=client_id,
            danger=assessment.reading if in_danger else None,
        )
    except IntegrityError:
        db.rollback()  # the same message arrived twice at once; the other request stored it
        earlier = conversations.by_client_id(db=db, conversation=conversation, client_id=client_id)
        return _replies_to(db=db, conversation=conversation, message=earlier)
    if in_danger or for_the_hub:
        if in_danger:
            replies = danger_service.respond(
                db=db,
                conversation=conversation,
                message=message,
                assessment=assessment,
                staff_present=centre.is_open(at=centre.now()),
            )
        else:
            replies = _answer_hub_button(db=db, conversation=conversation, message=message)
        if conversation.state != ConversationState.bot:
            handoffs.citizen_wrote(
                db=db, conversation=conversation
            )  # staff hold it: the message and the answer are theirs
        return replies
    if for_staff and conversation.state == ConversationState.bot:
        return [staff_handoffs.wait_for_a_person(db=db, conversation=conversation, reason="fallback")]
    if not message.pending:
        handoffs.citizen_wrote(db=db, conversation=conversation)
        return _kept_for_staff(db=db, conversation=conversation, message=message)
    return _replies_to(db=db, conversation=conversation, message=message)


def _kept_for_staff(*, db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """Out of hours, a message to staff who have not yet taken the conversation is answered: kept, and when someone
    will read it (silence reads as a lost message). Once: not again while it is the latest thing said to the person;
    but to a person who may be in danger, the helplines every time."""
    handoff = handoffs.open_for_conversation(db=db, conversation=conversation)
    if handoff is None or handoff.status != HandoffStatus.waiting:
        return []
    if handoff.urgent and not centre.is_open(at=centre.now()):
        # Someone who may be in danger, with nobody at the centre until morning, is never met with silence ("I
        # called 197, nobody answers"): each message gets the helplines again, where the screen shows them.
        arguments = {
            "categories": danger_service.kinds_seen(db=db, conversation=conversation),
            "position": handoffs.queue_position(db=db, handoff=handoff),
            "channel": conversation.channel,
            # "I cannot talk on the phone": where to write, not the numbers to call again.
            "cannot_phone": danger_service.cannot_phone(message.text),
            # "Can I come tomorrow after school?": when and where the centre is open, not only the numbers again.
            "asks_to_come": danger_service.asks_to_come(message.text),
        }
        return [
            conversations.add_notice(
                db=db, conversation=conversation, response="utter_urgent_help", arguments=arguments, reply_to=message.id
            )
        ]
    notice = conversations.add_notice_once(
        db=db,
        conversation=conversation,
        response=KEPT_FOR_STAFF,
        arguments={"channel": conversation.channel, "urgent": handoff.urgent},
        reply_to=message.id,
    )
    return [notice] if notice else []


def handle_citizen_attachment(
    *, db: Session, conversation: Conversation, kind: str, file_name: str, media_type: str, content: bytes
) -> tuple[Message, Attachment]:
    """Store a file the citizen sent to staff, as a message of its own, and tell the queue."""
    message, attachment = conversations.add_attachment(
        db=db, conversation=conversation, kind=kind, file_name=file_name, media_type=media_type, content=content
    )
    handoffs.citizen_wrote(db=db, conversation=conversation)
    return message, attachment


def _replies_to(*, db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """The replies to a citizen message, answering it first if it is still waiting for the bot."""
    if message.pending:
        replies = _answer_pending(db=db, conversation=conversation, up_to=message.id)
        if replies is not None:
            return replies
    # Answered already, perhaps by another request (in another process) while this one waited for the conversation.
    return conversations.stored_replies(db=db, conversation=conversation, message=message)


def _answer_pending(*, db: Session, conversation: Conversation, up_to: int) -> list[Message] | None:
    """Send the conversation's pending citizen messages to the bot one at a time, oldest first, until the message
    `up_to` has been answered; return its replies, or None if another request answered it."""
    while True:
        with conversations.conversation_lock(db, conversation):
            db.refresh(conversation)
            oldest = conversations.oldest_pending(db=db, conversation=conversation)
            if oldest is None or oldest.id > up_to:
                return None
            if conversation.state != ConversationState.bot:
                # Handed to staff by an earlier message: the rest is for them.
                conversations.stop_waiting(db=db, conversation=conversation)
                handoffs.citizen_wrote(db=db, conversation=conversation)
                return []
            replies = conversations.answer_with_bot(db=db, conversation=conversation, message=oldest)
            if replies is None:
                # The bot is down or slow: one notice answers everything waiting, rather than one timeout each.
                conversations.stop_waiting(db=db, conversation=conversation, up_to=up_to)
                notice = (
                    None
                    if oldest.payload == REQUEST_A_PERSON
                    else conversations.add_notice_once(
                        db=db, conversation=conversation, response="utter_assistant_unavailable", reply_to=up_to
                    )
                )
                if notice is None:
                    # The bot failed to take the person to staff, or failed twice in a row (a conversation it can no
                    # longer answer: an independent try saw every message after one fail): staff take it.
                    return [staff_handoffs.wait_for_a_person(db=db, conversation=conversation, reason="fallback")]
                return [notice]
            if oldest.id == up_to:
                return replies


def _answer_hub_button(*, db: Session, conversation: Conversation, message: Message) -> list[Message]:
    """Answer a button of one of the hub's own messages (the danger question, a waiting-list offer, the way back to
    the assistant from the staff queue), whoever holds the conversation."""
    if message.payload == BACK_TO_THE_ASSISTANT:
        notice, unanswered = staff_handoffs.back_to_the_assistant(db=db, conversation=conversation, reply_to=message.id)
        if unanswered is None:
            return [notice]
        unanswered.pending = True
        db.commit()
        return [notice, *_replies_to(db=db, conversation=conversation, message=unanswered)]
    if message.payload == WHY_ASKED:
        return [danger_service.tell_why(db=db, conversation=conversation, message=message)]
    if danger_service.is_danger_payload(message.payload or ""):
        answer = danger_service.answer_check(db=db, conversation=conversation, message=message)
        if answer.answer_again is None or conversation.state != ConversationState.bot:
            return answer.replies
        # Nobody is in danger. A message that answered a form goes back to it, which takes the answer or asks its
        # question again; one that also asked something else is answered outside any form.
        if answer.only_to_a_form:
            try:
                if rasa.active_form(sender=conversation.id) is None:
                    return answer.replies
            except rasa.RasaUnavailable:
                return answer.replies
        else:
            # If the bot is down, the message gets the notice that it is, and the offer of a person.
            with contextlib.suppress(rasa.RasaUnavailable):
                rasa.leave_forms(sender=conversation.id)
        answer.answer_again.pending = True
        db.commit()
        return [*answer.replies, *_replies_to(db=db, conversation=conversation, message=answer.answer_again)]
    response, arguments = waiting.answer_in_conversation(
        db=db, conversation_id=conversation.id, payload=message.payload or ""
    )
    return [
        conversations.add_notice(
            db=db, conversation=conversation, response=response, arguments=arguments, reply_to=message.id
        )
    ]
