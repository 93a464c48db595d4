"""Every string of the kiosk page, from the catalogs, sent to the page as data (the page has no text of its own)."""

from __future__ import annotations

from typing import Any

from kiosk_api.config import get_settings
from kiosk_api.i18n import Translator
from knowledge import load_centre
from knowledge.estimator import ANSWER_LIMITS
from multilingual.languages import LANGUAGES

# Walk-in ticket lines need the number of people ahead in every plural form of the language; the page picks the
# right one from these counts (0 to 10 and "more") rather than carry each language's plural rule in JavaScript.
AHEAD_COUNTS = range(11)
# The "Are you still there?" countdown likewise, for every second it can show (the page's longest wait to answer).
IDLE_PROMPT_LONGEST = 60


def kiosk_strings(tr: Translator) -> dict[str, Any]:
    """The kiosk's text in one language."""
    _, ngettext = tr.gettext, tr.ngettext
    centre = load_centre(get_settings().centre_id)
    text = centre.content[tr.language]
    return {
        "centre_name": text.name,
        "centre_address": text.address,
        "touch_to_start": _("Touch the screen to start"),
        "choose_language": _("Choose your language"),
        "home_title": _("How can we help you?"),
        "tile_programmes": _("Welfare programmes"),
        "tile_programmes_hint": _("Read about each programme and how to apply"),
        "tile_ask": _("Ask a question"),
        "tile_ask_hint": _("Write to the digital assistant"),
        "tile_book": _("Book an appointment"),
        "tile_book_hint": _("Choose a day and a time"),
        "tile_checkin": _("Check in"),
        "tile_checkin_hint": _("I have an appointment, or I want to see someone today"),
        "tile_estimate": _("What could I get?"),
        # The button a programme's answer tells the person to press (the chat's button of the same name).
        "estimate_button": _("Estimate what I could get"),
        # "Continue on my phone": the offer, how to use the code, and the phone's page when the link is spent.
        "continue_on_phone": _("Continue on my phone"),
        "continue_on_phone_scan": _(
            "Scan this code with your phone's camera. The conversation moves to your phone and this screen clears."
        ),
        "continued_on_phone": _("The conversation continues on your phone."),
        "continue_on_phone_once": _("The code works once, for ten minutes."),
        "phone_link_expired": _("This link was already used or has expired. You can make a new one at the kiosk."),
        # Asking for a person while the centre is closed: the request stays with staff, and a booking is one touch.
        "after_hours_offer": _(
            "Staff will read your message when they come in, but this screen clears when you leave, so their "
            "answer cannot reach you here: book an appointment instead."
        ),
        "after_hours_offer_phone": _(
            "Staff will read your message when they come in, but this screen clears when you leave, so their "
            "answer cannot reach you here: book an appointment, or continue on your phone and read it there."
        ),
        # Repeated in "Are you still there?" for someone in danger, so that the numbers stay in view.
        "helplines_again": _("The numbers to call:"),
        "tile_estimate_hint": _("Five questions about your household: an estimate of benefits"),
        "estimate_intro": _("Your answers are not kept. Nothing is stored unless you book an appointment."),
        "estimate_adults": _("How many adults (18 or older) live in your household, you included?"),
        "estimate_children": _("How many children under 18 live with you?"),
        "estimate_income": _(
            "How much money did your household have per month, on average over the last 6 months, in euros? Count "
            "wages, pensions and benefits of everyone. If there was none, say 0."
        ),
        "estimate_renting": _("Do you rent your home?"),
        "estimate_rent": _("How much is the rent per month, in euros?"),
        "estimate_single_parent": _("Are you raising the children on your own, as a single parent?"),
        "one_more": _("One more"),
        "one_less": _("One less"),
        "euros": _("euros"),
        "amount_too_large": _("That amount looks too large. Please check it and write it again."),
        "amount_needed": _("Please write an amount in euros. If there was none, write 0."),
        "estimate_title": _("What you could get"),
        # The sections of an estimate, opened on request under each programme's short answer.
        "documents_to_bring": _("Documents to bring:"),
        "estimate_working": _("How it was worked out"),
        "estimate_not_checked": _("What was not checked"),
        "sources": _("Sources"),
        "rules_checked": _("Rules checked: {date}"),
        "book_application_help": _("Book help with an application"),
        "consent_question_estimate": _(
            "May we keep your name, your phone number and your answers to the estimate with the appointment? The "
            "caseworker uses them to prepare. If you say no, we book it without them."
        ),
        "tile_person": _("Talk to a person"),
        "tile_person_hint": _("A member of staff will answer you here"),
        # Out of hours nobody answers at once: the message waits for the morning.
        "tile_person_hint_closed": _("Staff are not in now: they will read your message when they come in"),
        "back": _("Back"),
        "start_again": _("Finish"),
        # "Finish" asks first when something would be lost: a conversation, a booking or an estimate begun.
        "start_again_title": _("Finish and clear the screen?"),
        "start_again_body": _("What you have written and chosen here will be cleared for the next person."),
        # Possible danger told, and the question "are you in danger?" left unanswered: kept for staff, urgently.
        "start_again_body_danger": _(
            "The screen will be cleared for the next person. A member of staff will still read what you wrote, to "
            "make sure you are safe."
        ),
        # The same, while the centre is closed: kept and read later, with nobody to look for the person now (not "to
        # make sure you are safe": an independent try found it promised too much at night).
        "start_again_body_kept": _(
            "The screen will be cleared for the next person. What you wrote is kept for our staff."
        ),
        # Waiting for staff, nobody has joined yet: the request stays in their queue.
        "start_again_body_waiting": _(
            "The screen will be cleared for the next person. Your request stays with our staff, who will read what "
            "you wrote."
        ),
        "start_again_body_staff": _(
            "Your conversation with our staff ends on this screen. They will see that you left."
        ),
        "start_again_yes": _("Yes, finish"),
        "start_again_no": _("No, go back"),
        "listen": _("Listen"),
        "stop_listening": _("Stop"),
        "no_romani_voice": _("There is no Romani voice. You can listen with the Greek voice."),
        "listen_greek": _("Listen in Greek"),
        # On a button over the bottom of the messages while more of them lies below.
        "more_below": _("More below"),
        "send": _("Send"),
        "type_here": _("Type your message"),
        # On the home screen while staff have the person's conversation.
        "back_to_conversation": _("Your conversation with our staff is still open."),
        "new_staff_message": _("Our staff have written to you."),
        "open_conversation": _("Back to the conversation"),
        "no_phone": _("I have no phone"),
        # Which letters the keyboard has: pressed, it shows the other's (Greek or Arabic, and Latin).
        "keyboard_switch": _("Other letters"),
        "day_at_time": _("{day}, {time}"),
        "chat_hint": _(
            "Ask about a welfare programme, what you could get, documents or an appointment, in your own words."
        ),
        # Above a caseworker's message, so that it is not taken for the digital assistant's.
        "from_staff": _("From our staff"),
        "keyboard_space": _("Space"),
        "keyboard_delete": _("Delete"),
        "keyboard_shift": _("Capital letter"),
        "assistant_resting": _(
            "The digital assistant is resting right now. You can still read about the programmes, book an "
            "appointment, check in or talk to a person."
        ),
        "aspect_summary": _("What it is"),
        "aspect_eligibility": _("Who can get it"),
        "aspect_amounts": _("How much"),
        "aspect_documents": _("Documents"),
        "aspect_how_to_apply": _("How to apply"),
        "choose_service": _("Which kind of appointment do you need?"),
        "choose_day": _("Choose a day"),
        "choose_time": _("Choose a time"),
        "no_times": _("There are no free times in the coming weeks. Please ask at the front desk."),
        "consent_question": _(
            "May we keep your name and phone number with the appointment? We use them only to reach you about it. "
            "If you say no, we book it without them."
        ),
        "yes": _("Yes"),
        "no": _("No"),
        "your_name": _("Your name"),
        "your_phone": _("Your phone number"),
        "next": _("Next"),
        "invalid_phone": _(
            "That does not look like a phone number. Please write it in digits, for example 6912345678."
        ),
        "confirm_booking": _("Book this appointment"),
        "slot_taken": _("Sorry, someone has just taken that time. Here are the times that are free now."),
        "ticket_title": _("Your appointment"),
        "ticket_reference": _("Reference"),
        "ticket_when": _("When"),
        "ticket_where": _("Where"),
        "ticket_service": _("Service"),
        "ticket_scan": _("Scan with your phone to keep the details."),
        "print": _("Print"),
        "checkin_code": _("Type the code of your appointment"),
        "checkin_done": _("Thank you, you are checked in. Please take a seat; someone will come for you."),
        "checkin_unknown": _("I cannot find an appointment for today with this code. Please ask at the front desk."),
        "checkin_not_today": _(
            "Your appointment with this code is not today. The day and time are on your ticket or message."
        ),
        "checkin_lost": _("I have lost my code"),
        "checkin_lost_help": _(
            "Please tell the front desk your name: staff will find your appointment by your name or phone number and "
            "check you in."
        ),
        "walk_in": _("I have no appointment: give me a number"),
        "walk_in_closed": _("The centre is closed now, so no numbers are given. You can book an appointment."),
        "checkin_closed": _("The centre is not open now. Please check in when it opens."),
        "walk_in_reason": _("What is it about?"),
        "reason_information": _("Information"),
        "reason_other": _("Something else"),
        "walk_in_title": _("Your number"),
        "walk_in_ahead": {
            str(count): ngettext(
                "{count} person is waiting before you.", "{count} people are waiting before you.", count
            ).format(count=count)
            for count in AHEAD_COUNTS
        },
        "idle_title": _("Are you still there?"),
        # Per number of seconds left, so that every language says its own plural.
        "idle_body": {
            str(count): ngettext(
                "For your privacy, the screen will start again in {count} second.",
                "For your privacy, the screen will start again in {count} seconds.",
                count,
            ).format(count=count)
            for count in range(IDLE_PROMPT_LONGEST + 1)
        },
        "idle_body_handoff": {
            str(count): ngettext(
                "Your request is with our staff. If you are still here, touch the screen; otherwise, for your "
                "privacy, it will start again in {count} second.",
                "Your request is with our staff. If you are still here, touch the screen; otherwise, for your "
                "privacy, it will start again in {count} seconds.",
                count,
            ).format(count=count)
            for count in range(IDLE_PROMPT_LONGEST + 1)
        },
        "idle_continue": _("Yes, I am still here"),
        "contrast": _("High contrast"),
        "larger_text": _("Larger text"),
        "error": _("Something went wrong. Please try again, or ask at the front desk."),
        "estimate_limits": ANSWER_LIMITS,
        "direction": LANGUAGES[tr.language].direction,
        "autonym": LANGUAGES[tr.language].autonym,
        # Whether the kiosk can read the language aloud, and with which other language's voice if not its own.
        "voice": LANGUAGES[tr.language].voice is not None,
        "borrowed_voice": LANGUAGES[tr.language].borrowed_voice,
    }
