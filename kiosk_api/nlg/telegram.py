"""What the Telegram gateway says itself (commands, privacy, erasing, files), in the chat's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk_api.config import get_settings
from kiosk_api.conversations.limits import MAX_ATTACHMENT_BYTES
from kiosk_api.i18n import Translator
from kiosk_api.nlg.booking import service_name, when
from kiosk_api.nlg.parts import Reply, button, payload

# Callback data the gateway answers itself (never the hub or the bot). A cancel button asks first; its Yes cancels.
FORGET_YES, FORGET_NO, CANCEL_PREFIX = "tg:forget:yes", "tg:forget:no", "tg:cancel:"
CANCEL_YES_PREFIX, CANCEL_NO = "tg:cancel-yes:", "tg:cancel-no"


def commands(tr: Translator) -> list[tuple[str, str]]:
    """The bot's commands and what each does, for Telegram's menu."""
    _ = tr.gettext
    return [
        ("start", _("Start")),
        ("help", _("What I can do")),
        ("language", _("Choose your language")),
        ("human", _("Talk to a person")),
        ("appointments", _("Your appointments")),
        ("privacy", _("What we keep about you")),
        ("forget", _("Erase your data")),
    ]


def privacy(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """What is stored, for how long, and how to erase it."""
    _ = tr.gettext
    return {
        "text": _(
            "We keep the messages of this chat, so that staff can help you, and delete them {days} days after your "
            "last message. We keep your name and phone number only if you agree, with an appointment. Every time a "
            "member of staff reads your conversation, it is recorded. To erase everything now, send /forget."
        ).format(days=get_settings().retention_days)
    }


def forget_confirm(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Ask before erasing."""
    _ = tr.gettext
    return {
        "text": _(
            "Erase this conversation and everything we keep about you? This cannot be undone. An appointment you "
            "booked stays booked, but without your name and phone we cannot tell you if it changes."
        ),
        "buttons": [button(_("Yes, erase it"), FORGET_YES), button(_("No"), FORGET_NO)],
    }


def forgotten(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Erased; or, while a member of staff holds the conversation, to be erased when they close it (an independent
    try was told "everything is erased" while the caseworker still read it all)."""
    _ = tr.gettext
    # A bot cannot empty the chat on the person's phone (an independent try: a teenager's stayed there).
    on_the_phone = _("The messages on your phone stay until you delete this chat in Telegram.")
    if arguments.get("kept_for_staff"):
        erased = _(
            "You can no longer read this conversation. The member of staff who has it keeps it until they close "
            "it, and then it is erased. If you write again, we start a new conversation."
        )
    else:
        erased = _("Done: everything is erased. If you write again, we start a new conversation.")
    return {"text": f"{erased}\n\n{on_the_phone}"}


def not_forgotten(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Nothing erased."""
    _ = tr.gettext
    return {"text": _("All right, nothing was erased.")}


def media_not_supported(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A file sent while the bot, not a person, holds the conversation."""
    _ = tr.gettext
    return {
        "text": _(
            "I can only read text. To show a document or a photo to a member of staff, ask for a person first, or "
            "bring it to the centre."
        ),
        "buttons": [button(_("Talk to a person"), payload("request_human"))],
    }


def file_too_large(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A file larger than the hub keeps for staff: say the limit, and what else to do."""
    _ = tr.gettext
    return {
        "text": _(
            "This file is too large to pass on: files can be up to {megabytes} MB. Please send a smaller file, or a "
            "photo of each page, or bring it to the centre."
        ).format(megabytes=MAX_ATTACHMENT_BYTES // 2**20)
    }


def file_received(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A file passed to the caseworker: the citizen is told it arrived, as a person would nod."""
    _ = tr.gettext
    return {"text": _("Your file has reached the caseworker.")}


def private_chats_only(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Said once in a group before the bot leaves it."""
    _ = tr.gettext
    username = arguments.get("username")  # the gateway knows the bot's name; a renderer asked without it does not
    where = _("Please write to me directly: @{username}").format(username=username) if username else ""
    return {
        "text": " ".join(
            filter(
                None,
                [_("I only talk in private chats, so that what you tell us stays between you and the centre."), where],
            )
        )
    }


LEFT_TO_RIGHT_MARK = "\u200e"


def help_text(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """/help: what the assistant can do, and how to leave the questions of an estimate or a booking."""
    _ = tr.gettext
    return {
        "text": "\n\n".join(
            [
                _(
                    "I can tell you about welfare programmes and how to apply, estimate what your household could "
                    "get, book an appointment at the centre, and put you in touch with a member of staff."
                ),
                _(
                    "If I am asking you questions, for an estimate or an appointment, you can answer them, or ask me "
                    "something else at any time: I will answer it and keep your answers for later. To talk to a "
                    "person instead, send /human."
                ),
                # The commands as the menu describes them, so the two never disagree. A left-to-right mark keeps
                # "/language" whole in a right-to-left line (else its "/" is drawn at the far end); elsewhere it is
                # invisible.
                "\n".join(
                    f"{LEFT_TO_RIGHT_MARK}/{name}: {text}"
                    for name, text in commands(tr)
                    if name not in ("start", "help")
                ),
            ]
        )
    }


def my_appointments(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The citizen's coming appointments, each with a cancel button, and a way to move one."""
    _ = tr.gettext
    booked = arguments.get("appointments") or []
    if not booked:
        return {
            "text": _("You have no appointments booked from this chat."),
            "buttons": [button(_("Book an appointment"), payload("book_appointment"))],
        }
    lines = [_("Your appointments:")]
    lines += [
        f"• {service_name(arguments, tr.language, a['service'])}: {when(a['starts_at'], tr)} ({a['reference']})"
        for a in booked
    ]
    return {
        "text": "\n".join(lines),
        "buttons": [
            *(
                button(_("Cancel {reference}").format(reference=a["reference"]), CANCEL_PREFIX + a["reference"])
                for a in booked
            ),
            button(_("Move an appointment"), payload("cancel_appointment")),
        ],
    }


def cancel_confirm(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Ask before cancelling an appointment from the list: one tap, perhaps by mistake, must not give the time away."""
    _ = tr.gettext
    reference = arguments.get("reference", "")
    return {
        "text": _("Please check: shall I cancel your appointment {reference}?").format(reference=reference),
        "buttons": [button(_("Yes, cancel it"), CANCEL_YES_PREFIX + reference), button(_("No, keep it"), CANCEL_NO)],
    }


def gateway_trouble(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The hub could not be reached: nothing was lost on Telegram's side, try again."""
    _ = tr.gettext
    return {"text": _("Sorry, something went wrong on our side. Please send your message again in a minute.")}


RENDERERS: dict[str, Callable[[Translator, dict[str, Any]], Reply]] = {
    "utter_privacy": privacy,
    "utter_forget_confirm": forget_confirm,
    "utter_forgotten": forgotten,
    "utter_not_forgotten": not_forgotten,
    "utter_media_not_supported": media_not_supported,
    "utter_file_too_large": file_too_large,
    "utter_file_received": file_received,
    "utter_private_chats_only": private_chats_only,
    "utter_telegram_help": help_text,
    "utter_my_appointments": my_appointments,
    "utter_telegram_cancel_confirm": cancel_confirm,
    "utter_gateway_trouble": gateway_trouble,
}
