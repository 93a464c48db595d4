"""The outbox worker, for channels that cannot ask for messages (Telegram, a municipality's app, SMS): what staff
write, reminders and waiting-list offers are pushed to the citizen, each exactly once. A channel gives the worker
two functions: where a conversation's citizen is, and how to push one message there. The worker waits out the
platform's flood limits, backs off on network and server errors, gives up on a message the platform keeps refusing,
and stops at a citizen who blocked the channel, telling the staff who handle them."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kiosk_api.channels.kit.store import db_call
from kiosk_api.conversations import outbox
from kiosk_api.conversations.schemas import MessageOut
from kiosk_api.flows import deliveries

POLL_SECONDS = 0.5
# A message the platform keeps refusing (not a network problem) is given up after this many attempts, and the
# citizen counted unreachable: staff are told, rather than the message retried for ever.
MAX_ATTEMPTS = 8
logger = logging.getLogger(__name__)


class RetryLater(Exception):
    """The platform could not take the message now (a network error, a server error, a flood limit): again after
    `wait` when it said how long, else after a backoff that grows with each attempt."""

    def __init__(self, reason: str, wait: dt.timedelta | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class Refused(Exception):
    """The platform refused this message (a bad request): tried again up to MAX_ATTEMPTS times."""


class Unreachable(Exception):
    """The citizen blocked the channel or left it: nothing more is sent until they write again."""


@dataclass(frozen=True)
class Address:
    """Where a conversation's citizen is on the channel (a chat id, a user id, a phone number), and whether they
    are known to have blocked it."""

    where: Any
    blocked: bool = False


@dataclass(frozen=True)
class Channel:
    """What the worker needs of a channel."""

    code: str  # the channel's code in `kiosk_api.channel_registry`
    # Where a conversation's citizen is (None: nowhere any more); called with a session.
    address_of: Callable[[Session, str], Address | None]
    # Push one message (as the citizen API shows it) in the conversation's language; raise RetryLater, Refused or
    # Unreachable when it did not go.
    push: Callable[[Any, dict[str, Any], str], Awaitable[None]]
    # Record on the channel's side that the citizen is unreachable (Telegram marks the chat blocked); optional.
    mark_unreachable: Callable[[Session, Any], None] | None = None


def _claim(*, db: Session, channel: Channel) -> list[tuple[Any, dict[str, Any], str, str, Address | None]]:
    return [
        (
            delivery,
            MessageOut.of(message).model_dump(mode="json"),
            conversation.id,
            conversation.language,
            channel.address_of(db, conversation.id),
        )
        for delivery, message, conversation in outbox.claim_due(db=db, channel=channel.code)
    ]


def _unreachable(*, db: Session, channel: Channel, conversation_id: str, address: Address | None, reason: str) -> None:
    deliveries.unreachable(db=db, conversation_id=conversation_id, channel=channel.code, reason=reason)
    if address is not None and channel.mark_unreachable is not None:
        channel.mark_unreachable(db, address.where)


async def deliver(
    channel: Channel,
    delivery: Any,
    message: dict[str, Any],
    conversation_id: str,
    language: str,
    address: Address | None,
) -> None:
    """Push one message, and record what happened."""
    if address is None or address.blocked:
        await db_call(
            _unreachable,
            channel=channel,
            conversation_id=conversation_id,
            address=address,
            reason="blocked by the user",
        )
        return
    try:
        await channel.push(address.where, message, language)
    except RetryLater as error:
        logger.warning("Outbox message %s not sent (attempt %s): %s", message["id"], delivery.attempts, error)
        await db_call(outbox.retry_later, delivery=delivery, error=str(error), wait=error.wait)
    except Unreachable:
        logger.info("Outbox message %s: the citizen has blocked the channel; held back", message["id"])
        await db_call(
            _unreachable,
            channel=channel,
            conversation_id=conversation_id,
            address=address,
            reason="blocked by the user",
        )
    except Refused as error:
        logger.warning("Outbox message %s refused (attempt %s): %s", message["id"], delivery.attempts, error)
        if delivery.attempts >= MAX_ATTEMPTS:
            await db_call(
                _unreachable,
                channel=channel,
                conversation_id=conversation_id,
                address=address,
                reason=f"refused: {error}",
            )
        else:
            await db_call(outbox.retry_later, delivery=delivery, error=str(error))
    else:
        await db_call(outbox.mark_sent, delivery=delivery)


async def deliver_due(channel: Channel) -> int:
    """One round: push what is due now; return how many messages were tried."""
    due = await db_call(_claim, channel=channel)
    for item in due:
        await deliver(channel, *item)
    return len(due)


async def run(channel: Channel, poll_seconds: float = POLL_SECONDS) -> None:
    """Deliver what is due, for as long as the channel runs."""
    while True:
        try:
            await deliver_due(channel)
        except Exception:  # the next round must come; the traceback is logged
            logger.exception("Outbox delivery failed; trying again.")
        await asyncio.sleep(poll_seconds)


async def reachable_again(channel: Channel, conversation_id: str) -> None:
    """The citizen wrote again, or unblocked the channel: what staff wrote meanwhile goes out now, and staff are
    told. Call it once the channel knows the citizen was unreachable (it is not free: it writes a note)."""
    await db_call(deliveries.reachable_again, conversation_id=conversation_id, channel=channel.code)
