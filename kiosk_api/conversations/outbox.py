"""The outbox of channels that cannot ask for messages (Telegram): claim what is due, then mark it sent, retry it
later, or stop when the citizen blocked the channel. Whoever delivers calls these, with their own session."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session, aliased

from kiosk_api.conversations.models import Conversation, Delivery, DeliveryStatus, Message

LEASE = dt.timedelta(seconds=60)
MAX_BACKOFF = dt.timedelta(minutes=5)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def claim_due(
    *, db: Session, channel: str, limit: int = 20, now: dt.datetime | None = None
) -> list[tuple[Delivery, Message, Conversation]]:
    """Take the deliveries that are due (and those a crashed sender left behind), oldest first, never one whose
    conversation has an earlier message still to go. Each is taken by exactly one sender: a conditional update
    claims it."""
    moment = now or _now()
    earlier = aliased(Delivery)
    candidates = db.scalars(
        select(Delivery)
        .where(
            Delivery.channel == channel,
            (
                (Delivery.status == DeliveryStatus.pending) & (Delivery.next_attempt_at <= moment)
                | (Delivery.status == DeliveryStatus.sending) & (Delivery.lease_until <= moment)
            ),
            # A conversation's messages go in their order: none while an earlier one still waits for its retry.
            ~exists().where(
                earlier.conversation_id == Delivery.conversation_id,
                earlier.id < Delivery.id,
                earlier.status.in_([DeliveryStatus.pending, DeliveryStatus.sending]),
            ),
        )
        .order_by(Delivery.id)
        .limit(limit)
    ).all()
    claimed = []
    for delivery in candidates:
        taken = db.execute(
            update(Delivery)
            .where(
                Delivery.id == delivery.id, Delivery.status == delivery.status, Delivery.attempts == delivery.attempts
            )
            .values(status=DeliveryStatus.sending, lease_until=moment + LEASE, attempts=delivery.attempts + 1)
        ).rowcount
        if taken:
            claimed.append(delivery.id)
    db.commit()
    if not claimed:
        return []
    rows = db.execute(
        select(Delivery, Message, Conversation)
        .join(Message, Message.id == Delivery.message_id)
        .join(Conversation, Conversation.id == Delivery.conversation_id)
        .where(Delivery.id.in_(claimed))
        .order_by(Delivery.id)
    ).all()
    return [(delivery, message, conversation) for delivery, message, conversation in rows]


def overdue(*, db: Session, by: dt.timedelta, now: dt.datetime | None = None) -> dict[str, int]:
    """How many deliveries of each channel have been due for longer than `by` (a sender that works takes them within
    seconds, and a retry makes them due later again): a channel's sender that has stopped."""
    late = (now or _now()) - by
    due_long_ago = (Delivery.status == DeliveryStatus.pending) & (Delivery.next_attempt_at <= late) | (
        Delivery.status == DeliveryStatus.sending
    ) & (Delivery.lease_until <= late)
    rows = db.execute(select(Delivery.channel, func.count()).where(due_long_ago).group_by(Delivery.channel)).all()
    return {channel: count for channel, count in rows}


def mark_sent(*, db: Session, delivery: Delivery) -> None:
    """The channel accepted the message."""
    db.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id)
        .values(status=DeliveryStatus.sent, sent_at=_now(), lease_until=None, error=None)
    )
    db.commit()


def retry_later(*, db: Session, delivery: Delivery, error: str, wait: dt.timedelta | None = None) -> None:
    """Try again after `wait` (the channel said how long), or after a backoff that doubles with each attempt."""
    backoff = wait if wait is not None else min(dt.timedelta(seconds=2 ** min(delivery.attempts, 10)), MAX_BACKOFF)
    db.execute(
        update(Delivery)
        .where(Delivery.id == delivery.id)
        .values(status=DeliveryStatus.pending, next_attempt_at=_now() + backoff, lease_until=None, error=error[:200])
    )
    db.commit()


def stop_for_conversation(*, db: Session, conversation_id: str, reason: str) -> int:
    """The citizen blocked the channel: nothing more is sent to them; return how many messages were held back."""
    held = db.execute(
        update(Delivery)
        .where(
            Delivery.conversation_id == conversation_id,
            Delivery.status.in_([DeliveryStatus.pending, DeliveryStatus.sending]),
        )
        .values(status=DeliveryStatus.blocked, lease_until=None, error=reason[:200])
    ).rowcount
    db.commit()
    return held


def resume_for_conversation(*, db: Session, conversation_id: str) -> int:
    """The citizen can be reached again: what was held back while they blocked the channel is sent now, in its
    order; return how many messages."""
    resumed = db.execute(
        update(Delivery)
        .where(Delivery.conversation_id == conversation_id, Delivery.status == DeliveryStatus.blocked)
        .values(status=DeliveryStatus.pending, next_attempt_at=_now(), lease_until=None, error=None)
    ).rowcount
    db.commit()
    return resumed
