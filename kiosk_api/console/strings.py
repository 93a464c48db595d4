"""Every string of the staff console (Greek and English), from the catalogs; and canned replies in each citizen
language."""

from __future__ import annotations

from typing import Any

from kiosk_api.i18n import Translator, day_name
from knowledge import load_programmes

CONSOLE_LANGUAGES = ("el", "en")


def console_strings(tr: Translator) -> dict[str, Any]:
    """The console's text in one language."""
    _ = tr.gettext
    return {
        "title": _("Staff console"),
        "email": _("Email"),
        "password": _("Password"),
        "log_in": _("Log in"),
        "log_out": _("Log out"),
        "login_failed": _("Wrong email or password, or too many attempts. Please try again."),
        "nav_queue": _("Queue"),
        "nav_today": _("Today"),
        "nav_knowledge": _("Knowledge review"),
        "nav_reports": _("Reports"),
        "nav_admin": _("Administration"),
        "queue_empty": _("Nobody is waiting."),
        "urgent": _("Urgent"),
        "danger_clear": _("Danger: {kind}"),
        "danger_possible": _("Possible danger: {kind}"),
        "danger_suicide": _("suicide or self-harm"),
        "danger_violence": _("violence at home"),
        "danger_child": _("a child at risk"),
        "danger_medical": _("medical emergency"),
        "danger_threat": _("threat to life"),
        "danger_homeless": _("no shelter tonight"),
        "danger_trafficking": _("trafficking or exploitation"),
        "danger_checks": _("Possible danger, still with the assistant (last 24 hours)"),
        "danger_answer_yes": _("answered: yes, in danger"),
        "danger_answer_no": _("answered: nobody in danger"),
        "danger_answer_none": _("not answered yet"),
        "take_over": _("Take over"),
        "citizen_left": _("The citizen has left. The conversation is erased when you close it."),
        "citizen_left_short": _("the citizen has left"),
        "waiting_since": _("waiting since {time}"),
        "status_waiting": _("waiting"),
        "status_assigned": _("assigned"),
        "status_resolved": _("resolved"),
        "claim": _("Claim"),
        "reply": _("Reply"),
        "send": _("Send"),
        "canned": _("Ready answers"),
        "note": _("Internal note"),
        "add_note": _("Add note"),
        "notes": _("Notes (the citizen never sees them)"),
        "transfer_to": _("Transfer to"),
        "transfer": _("Transfer"),
        "resolve": _("Resolve"),
        "return_to_bot": _("Return to the assistant"),
        "appointments": _("Appointments"),
        "no_appointments": _("No appointments."),
        "estimate_answers": _(
            "Estimate answers: {adults} adults, {children} children, income {income} € a month, rent {rent} € a "
            "month, single parent: {single_parent}"
        ),
        "yes": _("yes"),
        "no": _("no"),
        "transcript": _("Transcript"),
        "summary": _("Summary"),
        "language": _("Language"),
        "topic": _("Topic"),
        "channel": _("Channel"),
        "reason": _("Reason"),
        "sender_citizen": _("Citizen"),
        "sender_bot": _("Assistant"),
        "sender_staff": _("Staff"),
        "sender_system": _("System"),
        "arrivals": _("Appointments today"),
        "walk_ins": _("Walk-in tickets"),
        "call_next": _("Call the next person"),
        "nobody_waiting": _("Nobody is waiting."),
        "mark_arrived": _("Arrived"),
        "mark_no_show": _("No-show"),
        "cancel": _("Cancel"),
        "stale": _("Past its review date"),
        "checked": _("Checked"),
        "review_by": _("Review by"),
        "month": _("Month"),
        "download_csv": _("Download CSV"),
        "accounts": _("Staff accounts"),
        "name": _("Name"),
        "role": _("Role"),
        "active": _("Active"),
        "create_account": _("Create account"),
        "services": _("Services"),
        "error": _("Something went wrong. Please try again."),
        "calendar": _("Calendar"),
        "day": _("Day"),
        "week": _("Week"),
        "previous": _("Previous"),
        "following": _("Following"),
        "caseworker": _("Caseworker"),
        "book": _("Book"),
        "move": _("Move"),
        "service": _("Service"),
        "citizen_language": _("The citizen's language"),
        "phone": _("Phone"),
        "consent_given": _("The citizen agrees that we keep their name and phone number"),
        "free_times": _("Free times"),
        "choose_new_time": _("Choose the new time"),
        "working_plan": _("Working plan"),
        "start": _("Start"),
        "end": _("End"),
        "break_start": _("Break from"),
        "break_end": _("Break until"),
        "save": _("Save"),
        "saved": _("Saved."),
        "providers": _("Who provides it"),
        "new_password": _("Password (at least 10 characters)"),
        "role_caseworker": _("Caseworker"),
        "role_admin": _("Administrator"),
        "weekdays": [day_name(weekday, tr.language) for weekday in range(7)],
        # When something did not work: said at the top of the screen, never silence.
        "problem_already_claimed": _("A colleague has already taken this conversation."),
        "problem_not_assigned": _("This conversation is not yours any more: a colleague has it, or it was closed."),
        "problem_not_sent": _(
            "That did not reach the server: check the connection and try again. What you wrote is still here."
        ),
        "session_expired": _("Your session has ended. Please log in again."),
        "open": _("Open"),
        "urgency": _("Urgency"),
        "status": _("Status"),
        "waiting": _("Waiting"),
        "minutes_waited": _("{minutes} min"),
        "hours_waited": _("{hours} h {minutes} min"),
        # The codes the hub stores, as the console shows them: never a raw code on screen.
        "words": {
            "language": {"el": _("Greek"), "en": _("English"), "ar": _("Arabic"), "rom": _("Romani")},
            "channel": {
                "kiosk": _("Kiosk"),
                "telegram": "Telegram",
                "web": _("Website"),
                "desk": _("Front desk"),
                "phone": _("Phone"),
            },
            "reason": {
                "requested": _("Asked for a person"),
                "fallback": _("The assistant did not understand"),
                "urgent": _("Urgent"),
                "staff": _("Taken over by staff"),
            },
            "topic": {programme.id: programme.content[tr.language].name for programme in load_programmes().values()},
            "appointment": {
                "offered": _("Offered from the waiting list"),
                "booked": _("Booked"),
                "arrived": _("Arrived"),
                "no_show": _("Did not come"),
                "cancelled": _("Cancelled"),
                "expired": _("Offer not taken up"),
            },
            "walk_in": {"waiting": _("Waiting"), "called": _("Called"), "left": _("Left")},
            "walk_in_reason": {"information": _("Information"), "other": _("Something else")},
        },
    }


def canned_replies(tr: Translator) -> list[str]:
    """Ready answers a caseworker can send, in the citizen's language."""
    _ = tr.gettext
    return [
        _("Hello, I am a member of staff at the Community Centre. How can I help you?"),
        _("Please wait a moment while I check this for you."),
        _("Could you tell me a little more, please?"),
        _("Thank you. Is there anything else I can help you with?"),
        _("Please come to the centre with your documents; we will help you with the application."),
    ]
