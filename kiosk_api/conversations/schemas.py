"""What the conversation routes take and give: a conversation started, a citizen's message, the messages, a turn
(the message and its replies), consent, a link to continue on a phone. The handoff routes and the channels use
them too."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from kiosk_api.channel_registry import CONVERSATION_CHANNELS
from kiosk_api.conversations.models import (
    Attachment,
    Consent,
    Message,
)
from kiosk_api.deps import Language

# A citizen message is kept whole up to a megabyte (a pasted letter, a long story): nothing a person writes is cut.
# What the bot reads of it is shorter (BOT_TEXT in service.py); buttons' payloads are short by nature.
MAX_TEXT = 1_048_576
MAX_PAYLOAD = 2000


class NewConversation(BaseModel):
    """Where the conversation happens and in which language it starts."""

    channel: Literal[CONVERSATION_CHANNELS]  # type: ignore[valid-type]
    language: Language


class CreatedConversation(BaseModel):
    """The conversation and its secret token: send it as `Authorization: Bearer <token>`."""

    id: str
    token: str
    language: str


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def readable(text: str) -> str:
    """Text as it can be stored and shown: without null bytes (PostgreSQL refuses them, and they mean nothing to a
    person), and with any half of a broken character (a lone surrogate from "\\ud800" in JSON) made a visible �."""
    return _LONE_SURROGATE.sub("\ufffd", text.replace("\x00", ""))


class CitizenMessage(BaseModel):
    """Typed text, or the payload of a pressed button."""

    text: str | None = Field(default=None, max_length=MAX_TEXT)
    payload: str | None = Field(default=None, max_length=MAX_PAYLOAD)
    client_id: str | None = Field(
        default=None,
        max_length=64,
        description="The channel's own id for this message: sent again under the same id, it is handled once",
    )
    edit: bool = Field(
        default=False,
        description="The citizen edited a message sent before: kept for staff as an edit and read for danger, "
        "but not answered again",
    )

    @field_validator("text", "payload", mode="before")
    @classmethod
    def _readable(cls, value: object) -> object:
        # Before any other check: a broken character would otherwise make the whole message invalid, and lost.
        return readable(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _text_or_payload(self) -> CitizenMessage:
        self.text = (self.text or "").strip() or None
        self.payload = (self.payload or "").strip() or None
        if not self.text and not self.payload:
            raise ValueError("send a non-empty text or a payload")
        if self.edit and self.payload:
            raise ValueError("an edit is of a written message: send its new text")
        return self


class Button(BaseModel):
    """A reply button."""

    title: str
    payload: str


class AttachmentOut(BaseModel):
    """A file a citizen sent to staff."""

    id: int
    kind: str
    file_name: str
    media_type: str


class MessageOut(BaseModel):
    """One message of the transcript."""

    id: int
    sender: str
    text: str
    buttons: list[Button]
    language: str
    created_at: dt.datetime
    attachments: list[AttachmentOut] = Field(default_factory=list)

    @classmethod
    def of(cls, message: Message, attachments: list[Attachment] | None = None) -> MessageOut:
        return cls(
            id=message.id,
            sender=message.sender.value,
            text=message.text,
            buttons=[Button(**button) for button in message.buttons],
            language=message.language,
            created_at=message.created_at,
            attachments=[
                AttachmentOut(id=a.id, kind=a.kind, file_name=a.file_name, media_type=a.media_type)
                for a in attachments or []
            ],
        )


class Turn(BaseModel):
    """The replies to a citizen message and the conversation's state and language after it."""

    messages: list[MessageOut]
    state: str
    language: str
    urgent: bool = Field(
        default=False, description="Staff were called urgently (danger): a page then offers no booking beside it"
    )


class Transcript(BaseModel):
    """Messages in order."""

    messages: list[MessageOut]


class ConsentAnswer(BaseModel):
    """A citizen's answer to a request for consent."""

    purpose: Literal["personal_data"] = Field(
        description="`personal_data`: storing their name and phone number with an appointment or a callback"
    )
    granted: bool


class ConsentRecord(ConsentAnswer):
    """A recorded answer."""

    language: str
    created_at: dt.datetime

    @classmethod
    def of(cls, consent: Consent) -> ConsentRecord:
        return cls(
            purpose=consent.purpose, granted=consent.granted, language=consent.language, created_at=consent.created_at
        )


class PhoneLink(BaseModel):
    """A one-time link that moves the conversation to the person's phone, and its QR code."""

    url: str
    qr: str = Field(description="The link as a QR code: an SVG data URL for an <img>")
    expires_at: dt.datetime


class Leaving(BaseModel):
    """What leaving the screen would do to the conversation, for the screen to say before the person leaves."""

    kept_for_staff: bool = Field(
        description="Kept for staff rather than erased: a caseworker holds it, or it told of possible danger the "
        "person never answered the question about"
    )
    staff_read: str = Field(
        description='Out of hours, when what is kept will be read ("The centre is closed now; staff will read your '
        "message from tomorrow at 08:00.\"), in the conversation's language; empty while staff are in or when "
        "nothing is kept"
    )
    helplines: str = Field(
        description="The numbers to call for the danger the person told and did not answer No about, to be seen "
        "once more before the screen clears; empty otherwise"
    )
