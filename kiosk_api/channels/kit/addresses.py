"""The kit's address book (`channel_addresses`): plain functions with an explicit session, for channels that name
their citizens with text. `book(channel)` gives a channel the `Conversations` that `turns.send` needs."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk_api.channels.kit.hub import Credentials
from kiosk_api.channels.kit.models import ChannelAddress
from kiosk_api.channels.kit.outbox import Address
from kiosk_api.channels.kit.store import db_call
from kiosk_api.channels.kit.turns import Conversations


def credentials(*, db: Session, channel: str, address: str) -> Credentials | None:
    """The conversation a citizen is in, if any."""
    found = db.get(ChannelAddress, (channel, address))
    if found is None or not found.conversation_id or not found.conversation_token:
        return None
    return Credentials(found.conversation_id, found.conversation_token)


def remember(*, db: Session, channel: str, address: str, credentials: Credentials, language: str) -> None:
    """Tie a citizen's address to their new conversation; they can be reached there."""
    found = db.get(ChannelAddress, (channel, address)) or ChannelAddress(channel=channel, address=address)
    found.conversation_id, found.conversation_token = credentials.conversation_id, credentials.token
    found.language, found.blocked = language, False
    db.add(found)
    db.commit()


def forget(*, db: Session, channel: str, address: str) -> None:
    """Forget a citizen's address (their conversation was erased)."""
    db.execute(delete(ChannelAddress).where(ChannelAddress.channel == channel, ChannelAddress.address == address))
    db.commit()


def address_of(*, db: Session, channel: str, conversation_id: str) -> Address | None:
    """Where a conversation's citizen is, for the outbox worker."""
    found = db.scalar(
        select(ChannelAddress).where(
            ChannelAddress.channel == channel, ChannelAddress.conversation_id == conversation_id
        )
    )
    return Address(found.address, found.blocked) if found else None


def language_of(*, db: Session, channel: str, address: str) -> str | None:
    """The language of a citizen's conversation as last seen (for what the channel says itself), if known."""
    found = db.get(ChannelAddress, (channel, address))
    return found.language if found else None


def set_language(*, db: Session, channel: str, address: str, language: str) -> None:
    """Keep the language the citizen's conversation is in now."""
    found = db.get(ChannelAddress, (channel, address))
    if found is not None and found.language != language:
        found.language = language
        db.commit()


def set_blocked(*, db: Session, channel: str, address: str, blocked: bool) -> bool:
    """The citizen blocked the channel, or came back; True if that changed what was known."""
    found = db.get(ChannelAddress, (channel, address))
    if found is None or found.blocked == blocked:
        return False
    found.blocked = blocked
    db.commit()
    return True


def book(channel: str) -> Conversations:
    """The address book as `turns.send` uses it, for one channel."""

    async def find(address: str) -> Credentials | None:
        return await db_call(credentials, channel=channel, address=address)

    async def keep(address: str, created: Credentials, language: str) -> None:
        await db_call(remember, channel=channel, address=address, credentials=created, language=language)

    async def drop(address: str) -> None:
        await db_call(forget, channel=channel, address=address)

    return Conversations(find=find, keep=keep, drop=drop)
