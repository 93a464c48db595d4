"""The messages the assistant most likely got wrong, for a reviewer; and what the reviewer makes of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Message, Sender, Understanding
from kiosk_api.handoff.models import Handoff
from kiosk_api.learning.masking import MASK, mask_personal_data
from kiosk_api.learning.models import ExampleStatus, LearningRun, Review, TopicNote, TrainingExample, Verdict
from kiosk_api.nlg.service import render
from multilingual.languages import LANGUAGES
from multilingual.normalise import normalise

# What a citizen may want, as the bot's domain names it (bot/domain/*.yml; a test keeps the two the same).
INTENTS = (
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "ask_programme",
    "ask_eligibility",
    "ask_amount",
    "ask_documents",
    "ask_how_to_apply",
    "ask_centre_info",
    "book_appointment",
    "cancel_appointment",
    "check_in",
    "request_human",
    "change_language",
    "estimate_benefits",
    "out_of_scope",
)
# Below this confidence a guess the assistant acted on is worth a second look.
UNSURE = 0.5
# A citizen who writes again this soon after an answer the assistant was unsure of was, most likely, saying it
# another way; after a confident answer, only a message much like the first one is.
REPHRASED_WITHIN = dt.timedelta(minutes=3)
ALIKE = 0.3  # character-trigram Jaccard similarity
# The reason of a handoff the assistant opened itself, after failing to understand twice (bot/actions/fallback.py).
FALLBACK_HANDOFF = "fallback"
# How many messages a reviewer is shown at once: the likeliest mistakes first.
PAGE = 50


@dataclass(frozen=True)
class Said:
    """A message around the one to review, as the reviewer sees it: who wrote it, and its text (masked, shortened)."""

    sender: str
    text: str


@dataclass(frozen=True)
class ToReview:
    """A message the assistant may have got wrong, as a reviewer sees it: masked, with the assistant's guess, the two
    messages before it, what the citizen wrote next, and what the citizen did next ("rephrased",
    "asked_for_person", "left" or None) or the assistant did ("passed_to_staff")."""

    message_id: int
    text: str
    language: str
    written_at: dt.datetime
    intent: str
    confidence: float
    fallback: bool
    programme: str | None
    language_guess: str | None
    then: str | None
    weight: int
    before: list[Said]
    next_text: str | None


# Enough of a message around the one reviewed to understand it: a programme's whole answer is not needed.
CONTEXT_CHARACTERS = 280


def to_review(*, db: Session, language: str | None = None, limit: int = PAGE) -> list[ToReview]:
    """The messages not yet reviewed that the assistant most likely got wrong, likeliest first: it gave up, it was
    unsure, it took the message for something the centre does not handle, and the citizen rephrased, asked for a
    person or left."""
    query = (
        select(Message, Understanding)
        .join(Understanding, Understanding.message_id == Message.id)
        .outerjoin(Review, Review.message_id == Message.id)
        .where(Review.message_id.is_(None), Message.payload.is_(None), Message.danger.is_(None))
    )
    if language is not None:
        # The language heard in the message: a Romani speaker in a conversation that switched to Greek is Romani.
        query = query.where(func.coalesce(Understanding.language_guess, Message.language) == language)
    candidates = list(db.execute(query.order_by(Message.id.desc()).limit(20 * limit)).tuples())
    found = [item for item in _judged(db=db, candidates=candidates) if item.weight > 0]
    return sorted(found, key=lambda item: (-item.weight, item.confidence, -item.message_id))[:limit]


def _judged(*, db: Session, candidates: list[tuple[Message, Understanding]]) -> list[ToReview]:
    """Each candidate with what surrounds it and how likely a mistake it is. Three questions to the database for
    them all: their conversations' messages, handoffs, and what the assistant understood of each next message."""
    if not candidates:
        return []
    conversation_ids = {message.conversation_id for message, _ in candidates}
    conversation: dict[str, list[Message]] = {}
    position: dict[int, int] = {}  # a message's place in its conversation
    for said in db.scalars(select(Message).where(Message.conversation_id.in_(conversation_ids)).order_by(Message.id)):
        messages = conversation.setdefault(said.conversation_id, [])
        position[said.id] = len(messages)
        messages.append(said)
    handoffs: dict[str, list[tuple[dt.datetime, str]]] = {}
    for conversation_id, created_at, reason in db.execute(
        select(Handoff.conversation_id, Handoff.created_at, Handoff.reason).where(
            Handoff.conversation_id.in_(conversation_ids)
        )
    ).tuples():
        handoffs.setdefault(conversation_id, []).append((created_at, reason))
    # A name or phone number typed where the assistant asked for one is never shown, whatever the model made of it.
    personal = {answer for messages in conversation.values() for answer in _personal_answers(messages)}
    candidates = [(message, understood) for message, understood in candidates if message.id not in personal]
    surroundings = {}
    for message, _ in candidates:
        messages, at = conversation[message.conversation_id], position[message.id]
        following = next((m for m in messages[at + 1 :] if m.sender == Sender.citizen), None)
        surroundings[message.id] = (_shown_around(messages[:at])[-2:], following)
    next_intents = dict(
        db.execute(
            select(Understanding.message_id, Understanding.intent).where(
                Understanding.message_id.in_({f.id for _, f in surroundings.values() if f is not None})
            )
        ).all()
    )
    judged = []
    for message, understood in candidates:
        before, following = surroundings[message.id]
        unsure = understood.fallback or understood.confidence < UNSURE
        then = _what_followed(
            message=message,
            unsure=unsure,
            following=following,
            next_intent=next_intents.get(following.id) if following is not None else None,
            handoffs=handoffs.get(message.conversation_id, []),
        )
        weight = (
            3 * understood.fallback
            + (understood.confidence < UNSURE)
            # What the centre does not handle is what the content gap report is made of.
            + (understood.intent == "out_of_scope" and not understood.fallback)
            + 2 * (then == "asked_for_person")
            + (then == "passed_to_staff")
            + (then == "rephrased")
            + (then == "left" and unsure)
        )
        judged.append(
            ToReview(
                message_id=message.id,
                text=mask_personal_data(message.text),
                language=message.language,
                written_at=message.created_at,
                intent=understood.intent,
                confidence=round(understood.confidence, 2),
                fallback=understood.fallback,
                programme=understood.programme,
                language_guess=understood.language_guess,
                then=then,
                weight=weight,
                before=[
                    Said(
                        sender=said.sender.value,
                        text=_shown(
                            said.text,
                            masked=said.sender != Sender.bot,
                            # A member of staff writes to a person by name, with their appointment's reference.
                            hidden=said.id in personal or said.sender == Sender.staff,
                        ),
                    )
                    for said in before
                ],
                next_text=(
                    _shown(following.text, hidden=following.id in personal)
                    if following is not None and following.danger is None
                    else None
                ),
            )
        )
    return judged


def _shown_around(messages: list[Message]) -> list[Message]:
    """The messages that may be shown around another one. A message the danger recogniser flagged is for staff
    alone, and so is what answered it (the helplines, the danger question): a trafficking line above "I need a
    lawyer" tells the reviewer what the hidden message said."""
    shown, answering_danger = [], False
    for said in messages:
        if said.sender == Sender.citizen:
            answering_danger = said.danger is not None
        if said.danger is None and not answering_danger and said.text.strip():  # a photo alone says nothing here
            shown.append(said)
    return shown


# The assistant's questions for a name or a phone number: what answers them is personal data, and nothing to learn.
PERSONAL_QUESTIONS = ("utter_ask_citizen_name", "utter_ask_citizen_phone", "utter_ask_change_phone")


@cache
def _personal_questions() -> frozenset[str]:
    """The personal questions' texts, as the transcript holds them, in every language."""
    return frozenset(
        render(response=response, arguments={}, language=language)["text"]
        for response in PERSONAL_QUESTIONS
        for language in LANGUAGES
    )


def _personal_answers(messages: list[Message]) -> set[int]:
    """The citizen messages, of a conversation's in order, that answer the assistant's question for a name or a
    phone number."""
    asked = _personal_questions()
    return {
        said.id
        for previous, said in pairwise(messages)
        if said.sender == Sender.citizen and previous.sender == Sender.bot and previous.text in asked
    }


def _shown(text: str, *, masked: bool = True, hidden: bool = False) -> str:
    """A message around the reviewed one, cut to what is needed to understand it, and masked unless it is the
    assistant's (its words come from the knowledge base: the centre's phone and a programme's dates are not a
    person's, and hiding them left the reviewer guessing); `hidden`, a name or phone given, is dots alone."""
    if hidden:
        return MASK * min(len(text), CONTEXT_CHARACTERS)
    shown = mask_personal_data(text) if masked else text
    return shown if len(shown) <= CONTEXT_CHARACTERS else shown[: CONTEXT_CHARACTERS - 1].rstrip() + "…"


def _what_followed(
    *,
    message: Message,
    unsure: bool,
    following: Message | None,
    next_intent: str | None,
    handoffs: list[tuple[dt.datetime, str]],
) -> str | None:
    """What the citizen did after the assistant answered: asked for a person (a handoff, or said so), said it
    another way, or wrote nothing more; or what the assistant did: passed the conversation to staff itself, having
    understood nothing twice (a handoff for the fallback)."""
    until = following.created_at if following is not None else None
    reasons = [reason for at, reason in handoffs if message.created_at <= at and (until is None or at <= until)]
    if reasons:
        return "passed_to_staff" if all(reason == FALLBACK_HANDOFF for reason in reasons) else "asked_for_person"
    if following is None:
        return "left"
    if following.payload == "/request_human" or next_intent == "request_human":
        return "asked_for_person"
    soon = following.payload is None and following.created_at - message.created_at <= REPHRASED_WITHIN
    if soon and (unsure or _alike(message.text, following.text) >= ALIKE):
        return "rephrased"
    return None


def _alike(first: str, second: str) -> float:
    """How much two messages share, as the Jaccard similarity of their character trigrams."""
    grams = [{text[i : i + 3] for i in range(len(text) - 2)} for text in (normalise(first), normalise(second))]
    return len(grams[0] & grams[1]) / len(grams[0] | grams[1]) if grams[0] and grams[1] else 0.0


class NotToReview(Exception):
    """The message is not one to review (not a citizen's, not understood by the bot, or reviewed already)."""


def review(
    *,
    db: Session,
    message_id: int,
    verdict: Verdict,
    reviewer_id: int,
    intent: str | None = None,
    programme: str | None = None,
    language: str | None = None,
    note: str = "",
) -> Review:
    """Record a reviewer's verdict on a message. An example (the right intent, programme and language) and a new
    topic (with the reviewer's note) are kept masked and without any link to the conversation; the rest only takes
    the message off the list."""
    message = db.get(Message, message_id)
    if message is None or message.sender != Sender.citizen or db.get(Understanding, message_id) is None:
        raise NotToReview(message_id)
    if db.get(Review, message_id) is not None:
        raise NotToReview(message_id)
    text = mask_personal_data(message.text)
    if verdict == Verdict.example:
        if intent not in INTENTS:
            raise ValueError(f"unknown intent {intent!r}")
        db.add(
            TrainingExample(
                text=text,
                language=language or message.language,
                intent=intent,
                programme=programme,
                reviewer_id=reviewer_id,
            )
        )
    elif verdict == Verdict.new_topic:
        note = _noted_already(db=db, note=note)
        db.add(TopicNote(text=text, language=language or message.language, note=note, reviewer_id=reviewer_id))
    done = Review(message_id=message_id, verdict=verdict, reviewer_id=reviewer_id)
    db.add(done)
    db.commit()
    return done


def _topic_key(note: str) -> str:
    """A topic's note as the report groups it: case, accents and spacing aside (people type without accents)."""
    return " ".join(normalise(note).split())


def _noted_already(*, db: Session, note: str) -> str:
    """A topic's note in the spelling it was first noted in, when it is one noted before but for case, accents and
    spacing («λογαριασμος ρευματος» for «Λογαριασμός ρεύματος»); otherwise as typed."""
    key = _topic_key(note)
    if not key:
        return note
    for earlier in db.scalars(select(TopicNote.note).distinct()):
        if _topic_key(earlier) == key:
            return earlier
    return note


class NotReviewed(Exception):
    """The message has no verdict to undo."""


class AlreadyLearned(Exception):
    """The example the verdict made is in the serving model: undoing it is a matter for the training data."""


def undo_review(*, db: Session, message_id: int) -> Verdict:
    """Undo a verdict given by mistake: the example or topic note it made is deleted and the message is back on the
    list. The example and note have no link to the message (by design); the one undone is the latest its reviewer
    made from the same masked text. Refused once a learning run has trained on the example."""
    done = db.get(Review, message_id)
    message = db.get(Message, message_id)
    if done is None or message is None:
        raise NotReviewed(message_id)
    made_by_it = {Verdict.example: TrainingExample, Verdict.new_topic: TopicNote}.get(done.verdict)
    if made_by_it is not None:
        made = db.scalars(
            select(made_by_it)
            .where(made_by_it.text == mask_personal_data(message.text), made_by_it.reviewer_id == done.reviewer_id)
            .order_by(made_by_it.id.desc())
            .limit(1)
        ).first()
        if isinstance(made, TrainingExample) and made.status == ExampleStatus.learned:
            raise AlreadyLearned(message_id)
        if made is not None:
            db.delete(made)
    db.delete(done)
    db.commit()
    return done.verdict


def training_examples(*, db: Session) -> list[TrainingExample]:
    """Every example reviewers have labelled, oldest first."""
    return list(db.scalars(select(TrainingExample).order_by(TrainingExample.id)))


def last_runs(*, db: Session, limit: int = 10) -> list[LearningRun]:
    """The latest learning runs, newest first."""
    return list(db.scalars(select(LearningRun).order_by(LearningRun.id.desc()).limit(limit)))


@dataclass(frozen=True)
class Gap:
    """A topic people asked about that the assistant has no answer for: the reviewers' note, how many times it was
    noted, in which languages, when last, and some of the messages (masked)."""

    topic: str
    count: int
    languages: list[str]
    last: dt.datetime
    examples: list[str]


def content_gaps(*, db: Session, examples_per_topic: int = 3) -> tuple[list[Gap], dict[str, int]]:
    """The topics reviewers noted as having no answer, most often noted first; and, per language, how many messages
    the assistant itself took for something the centre does not handle and nobody has reviewed yet."""
    grouped: dict[str, list[TopicNote]] = {}
    for note in db.scalars(select(TopicNote).order_by(TopicNote.id.desc())):
        grouped.setdefault(_topic_key(note.note) or note.text.casefold(), []).append(note)
    gaps = [
        Gap(
            topic=notes[0].note or notes[0].text,
            count=len(notes),
            languages=sorted({note.language for note in notes}),
            last=notes[0].created_at,
            examples=[note.text for note in notes[:examples_per_topic]],
        )
        for notes in grouped.values()
    ]
    unreviewed = {
        language: count
        for language, count in db.execute(
            select(Message.language, func.count())
            .join(Understanding, Understanding.message_id == Message.id)
            .outerjoin(Review, Review.message_id == Message.id)
            .where(
                Understanding.intent == "out_of_scope",
                Understanding.fallback.is_(False),
                Review.message_id.is_(None),
                # The same messages the review list offers: a danger goes to staff, not to a reviewer.
                Message.payload.is_(None),
                Message.danger.is_(None),
            )
            .group_by(Message.language)
        ).tuples()
    }
    return sorted(gaps, key=lambda gap: (-gap.count, -gap.last.timestamp())), unreviewed
