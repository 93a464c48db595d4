"""What is said about the forms themselves: after a question asked in the middle of one, the offer to go back to it;
after a typed "stop", that it stopped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk_api.i18n import Translator
from kiosk_api.nlg.parts import Reply, button, payload


def offer_to_resume(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The form waits, its answers kept: a button (the form's own request, so it also works later) goes back to it."""
    _ = tr.gettext
    offers = {
        "estimate_form": (
            _("Shall we go back to the estimate? Your answers so far are kept."),
            _("Continue the estimate"),
            "estimate_benefits",
        ),
        "booking_form": (
            _("Shall we go back to booking your appointment? What you chose so far is kept."),
            _("Continue booking"),
            "book_appointment",
        ),
        "change_form": (
            _("Shall we go back to changing your appointment?"),
            _("Continue changing the appointment"),
            "cancel_appointment",
        ),
        "checkin_form": (_("Shall we go back to checking you in?"), _("Continue checking in"), "check_in"),
    }
    # Only the bot's own forms are ever named; anything else (a hand-made request) gets the booking's offer.
    text, title, intent = offers.get(arguments.get("form"), offers["booking_form"])
    return {"text": text, "buttons": [button(title, payload(intent))]}


def form_stopped(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The person typed "stop" in the middle of a form: it ended, and what it had been told is forgotten."""
    _ = tr.gettext
    said = {
        "estimate_form": _("All right, I have stopped the estimate and forgotten your answers."),
        "booking_form": _("All right, I have not booked anything."),
        "change_form": _("All right, I have stopped. Your appointment stays as it was."),
        "checkin_form": _("All right, I have stopped checking you in."),
    }
    return {"text": said.get(arguments.get("form"), _("All right, I have stopped."))}


RENDERERS: dict[str, Callable[[Translator, dict[str, Any]], Reply]] = {
    "utter_offer_to_resume": offer_to_resume,
    "utter_form_stopped": form_stopped,
}
