"""The channels a citizen reaches the centre by, in one place: the hub's schemas, the outbox and the console read
them from here. A new messaging channel is a line here and an adapter on the channel kit (docs/channels.md)."""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:  # the name the catalogs' extractor looks for
    """Mark a string for the catalogs; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Channel:
    """One way in."""

    code: str  # as the hub stores it
    label: str  # as staff read it: a catalog message, translated where shown (a brand name is kept as it is)
    # Citizens talk to the assistant through it (the others are where staff record a booking or a visit).
    conversations: bool = False
    # The hub pushes what staff write to it, through the outbox; the others ask for new messages themselves.
    pushed: bool = False
    brand: bool = False  # the label is a name, the same in every language
    # A screen in the lobby, cleared for the next person: what staff write later cannot reach whoever wrote.
    shared_screen: bool = False


CHANNELS: dict[str, Channel] = {
    channel.code: channel
    for channel in (
        Channel("kiosk", N_("Kiosk"), conversations=True, shared_screen=True),
        Channel("telegram", "Telegram", conversations=True, pushed=True, brand=True),
        Channel("web", N_("Website"), conversations=True),
        # A municipality's own app or an SMS gateway, on the channel kit's webhook example (docs/channels.md).
        Channel("webhook", N_("The municipality's app"), conversations=True, pushed=True),
        Channel("desk", N_("Front desk")),
        Channel("phone", N_("Phone")),
    )
}
CONVERSATION_CHANNELS = tuple(code for code, channel in CHANNELS.items() if channel.conversations)
PUSHED_CHANNELS = tuple(code for code, channel in CHANNELS.items() if channel.pushed)
