"""Every string of the staff console (Greek and English), from the catalogs; and canned replies in each citizen
language."""

from __future__ import annotations

from typing import Any

from kiosk_api.channel_registry import CHANNELS
from kiosk_api.i18n import Translator, day_name, language_name
from knowledge import load_programmes
from multilingual.languages import LANGUAGES

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
        "nav_teach": _("Teach the assistant"),
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
        # A typed answer that is neither yes nor no («δεν ξερω»): taken as danger, and said to be unclear.
        "danger_answer_unclear": _("answered unclearly: taken as in danger"),
        "take_over": _("Take over"),
        "citizen_left": _("The citizen has left. The conversation is erased when you close it."),
        "citizen_left_short": _("the citizen has left"),
        # A kiosk's screen clears after a while without a touch: the person may be waiting in the lobby still.
        "kiosk_cleared": _(
            "The kiosk screen has cleared: the person may still be in the centre, look for them near the kiosk. The "
            "conversation is erased when you close it."
        ),
        "kiosk_cleared_short": _("kiosk screen cleared: look near the kiosk"),
        # The same, while the centre was closed: nobody to look for in the lobby.
        "kiosk_cleared_closed": _(
            "The kiosk screen cleared while the centre was closed: the person is not in the centre now. The "
            "conversation is erased when you close it."
        ),
        "kiosk_cleared_closed_short": _("kiosk screen cleared while the centre was closed"),
        "waiting_since": _("waiting since {time}"),
        "status_waiting": _("waiting"),
        "status_assigned": _("assigned"),
        "status_resolved": _("resolved"),
        "claim": _("Claim"),
        "go_to_danger": _("Go to the message: {danger}"),
        "go_to_latest": _("Go to the latest message"),
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
        "cancel_confirm": _("Cancel appointment {reference}? Its time goes to whoever asks next."),
        "cancel_yes": _("Yes, cancel it"),
        "cancel_no": _("No, keep it"),
        "cancelled_reference": _("Cancelled: {reference}."),
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
        "previous_day": _("Previous day"),
        "back_to_today": _("Back to today"),
        "next_day": _("Next day"),
        "previous_week": _("Previous week"),
        "next_week": _("Next week"),
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
        "role_reviewer": _("Reviewer (teaches the assistant)"),
        # Teach the assistant: a reviewer (a Roma mediator, an interpreter) says what people meant.
        "teach_intro": _(
            "Messages the assistant may have misunderstood, the likeliest first. Numbers that could identify a person "
            "are hidden. Say what the person wanted: the assistant learns it at the next learning run."
        ),
        "teach_empty": _("Nothing left to review. Thank you."),
        "teach_language": _("Messages in"),
        "all_languages": _("All languages"),
        "assistant_guess": _("The assistant's best guess"),
        "assistant_gave_up": _("Not sure enough of what the person wanted."),
        "certainty": _("certainty {percent}%"),
        "heard_as": _("heard as {language}"),
        "teach_before": _("Just before:"),
        "then_wrote": _("Then the person wrote:"),
        "then_asked_for_person": _("Then the person asked for a member of staff."),
        "then_passed_to_staff": _(
            "Then the assistant passed the conversation to staff: it had understood nothing twice."
        ),
        "then_left": _("Then the person wrote nothing more."),
        "person_wanted": _("What the person wanted"),
        "programme": _("Programme"),
        "no_programme": _("No programme"),
        "message_language": _("Language of the message"),
        "teach_save": _("Save: learn this"),
        "teach_new_topic": _("New topic: no answer for it yet"),
        "teach_topic_note": _("What is the topic? (for the report of topics without an answer)"),
        "teach_save_topic": _("Save the topic"),
        "teach_not_a_question": _("Not a question"),
        "teach_discard": _("Discard"),
        "teach_saved": _("Saved."),
        "teach_undo": _("Undo"),
        "teach_undone": _("Undone: the message is back on the list."),
        "teach_later": _("Later"),
        "teach_left": _("Messages to review: {count}"),
        "teach_verdict_example": _("Learn this"),
        "teach_verdict_new_topic": _("New topic"),
        "teach_verdict_not_a_question": _("Not a question"),
        "teach_verdict_discard": _("Discard"),
        "gaps_title": _("Topics without an answer"),
        "gaps_none": _("No topic without an answer has been noted."),
        "gap_topic": _("Topic"),
        "gap_times": _("Times noted"),
        "gap_languages": _("Languages"),
        "gap_last": _("Last noted"),
        "gap_examples": _("What people wrote"),
        "gaps_unreviewed": _("Messages the assistant took for something the centre does not handle, not reviewed yet"),
        "learning_runs": _("Learning runs"),
        "learning_none": _("No learning run yet."),
        "learn_now": _("Learn now"),
        "learn_started": _("Learning has started. It takes a few minutes; the result appears here."),
        "learn_running": _("A learning run is already in progress."),
        "run_when": _("When"),
        "run_new_examples": _("New examples"),
        "run_figures": _("Understood on the test messages, before → after"),
        "run_result": _("Result"),
        "run_intent": _("what people want"),
        "run_programme": _("programme"),
        "run_served": _("The assistant uses what it learned."),
        "run_served_at_next_start": _("Learned; the assistant uses it when it next starts."),
        "run_no_new_examples": _("Nothing new to learn."),
        "run_accuracy_dropped": _(
            "Not used: the assistant would understand less well in {languages}. Check the latest labels."
        ),
        "run_training_failed": _("Not used: the learning failed. Tell the administrator."),
        "weekdays": [day_name(weekday, tr.language) for weekday in range(7)],
        # Administration: accounts, leave and closures, services, and the audit log.
        "up_to_date": _("Up to date"),
        "review_languages": _("Texts per language"),
        "actions": _("Actions"),
        "set_password": _("New password"),
        "save_password": _("Set this password"),
        "password_set": _("The new password is set. Give it to the colleague in person."),
        "deactivate": _("Close the account"),
        "reactivate": _("Open the account again"),
        "inactive": _("Closed"),
        "time_off": _("Leave and closures"),
        "leave_who": _("Who"),
        "whole_centre": _("The whole centre (closed)"),
        "leave_from": _("From"),
        "leave_to": _("To (inclusive)"),
        "leave_reason": _("Reason"),
        "add_leave": _("Add"),
        "remove": _("Remove"),
        "no_time_off": _("No leave or closures ahead."),
        "service_length": _("Length"),
        "service_offered": _("Offered"),
        "offered_to_citizens": _("Offered to citizens"),
        "length_words": _("{minutes} min, then {pause} min before the next"),
        "save_services": _("Save the services"),
        "audit": _("Audit log"),
        "audit_when": _("When"),
        "audit_who": _("Who"),
        "audit_what": _("What"),
        "audit_concerning": _("Concerning"),
        "audit_conversation": _("Conversation #{id}"),
        "audit_appointment": _("Appointment {reference}"),
        "audit_time_off": _("Leave or closure #{id}"),
        "audit_visit": _("Visit #{id}"),
        "audit_message": _("Message #{id}"),
        "audit_actions": {
            "login": _("Logged in"),
            "logout": _("Logged out"),
            "account_created": _("Created an account"),
            "account_changed": _("Changed an account"),
            "working_plan_set": _("Set a working plan"),
            "service_saved": _("Saved a service"),
            "time_off_added": _("Recorded leave or a closure"),
            "time_off_removed": _("Removed leave or a closure"),
            "handoff_claimed": _("Claimed a conversation"),
            "handoff_replied": _("Replied to a citizen"),
            "handoff_note": _("Wrote a note"),
            "handoff_transferred": _("Transferred a conversation"),
            "handoff_resolved": _("Closed a conversation"),
            "conversation_read": _("Read a conversation"),
            "conversation_taken_over": _("Took a conversation over from the assistant"),
            "attachment_read": _("Opened a citizen's file"),
            "appointments_read": _("Read a calendar of appointments"),
            "appointment_booked": _("Booked an appointment"),
            "appointment_moved": _("Moved an appointment"),
            "appointment_cancelled": _("Cancelled an appointment"),
            "appointment_arrived": _("Marked an arrival"),
            "appointment_no_show": _("Marked a no-show"),
            "desk_read": _("Read the front desk's day"),
            "report_read": _("Read the monthly report"),
            "visit_logged": _("Recorded a visit"),
            "walk_in_left": _("Marked a walk-in as not here"),
            "password_set": _("Set a new password"),
            "learning_review_read": _("Read messages to teach the assistant"),
            "learning_reviewed": _("Taught the assistant a message"),
            "learning_review_undone": _("Undid a verdict on a message"),
            "learning_started": _("Started a learning run"),
        },
        # When something did not work: said at the top of the screen, never silence.
        "problem_already_claimed": _("A colleague has already taken this conversation."),
        "problem_slot_taken": _("Sorry, someone has just taken that time. Here are the times that are free now."),
        "problem_not_assigned": _("This conversation is not yours any more: a colleague has it, or it was closed."),
        "problem_not_sent": _(
            "That did not reach the server: check the connection and try again. What you wrote is still here."
        ),
        "session_expired": _("Your session has ended. Please log in again."),
        # Also for an address of something that never was (an independent try opened #conversation/7 before it was).
        "problem_not_found": _(
            "This is not here: it was erased, at the citizen's request or at the end of the retention period, or the "
            "link is wrong."
        ),
        "problem_not_yet": _("This appointment has not come yet: arrivals are marked on its day, no-shows after it."),
        # A colleague cancelled (or the citizen moved) it while this screen was open.
        "problem_not_booked": _("This appointment is no longer booked: it was cancelled or changed meanwhile."),
        "choose_colleague": _("Choose a colleague"),
        "problem_invalid": _(
            "Some of what you typed was not accepted. Check the form: a password needs at least 10 characters."
        ),
        "consent_needed": _(
            "A name or phone number is kept only if the citizen agrees: tick the box, or leave both empty."
        ),
        "booked_reference": _(
            "Booked: {service}, reference {reference}, {when}, with {name}. Give the citizen the reference."
        ),
        "open": _("Open"),
        "urgency": _("Urgency"),
        # A caseworker's day (issue 20's try): who holds what, closing a conversation, walk-ins, moves, closures.
        "held_by": _("Taken by"),
        "you": _("you"),
        "automatic_note": _("automatic note"),
        "conversation_heading": _("Conversation #{id}"),
        "close_left_explained": _(
            "Close this conversation? The citizen has left and is told nothing. The conversation and its notes are "
            "erased when you close it."
        ),
        "closed_and_erased": _("Conversation #{id} is closed and erased."),
        "resolve_explained": _(
            "Close this conversation? The citizen is told that the conversation with our staff has ended. If they "
            "write again, the assistant answers."
        ),
        "return_explained": _(
            "Give this conversation back to the assistant? The citizen is told that the assistant answers again and "
            "that they can ask for a person at any time."
        ),
        "keep_open": _("Keep it open"),
        # Above the confirmation of closing a conversation that told of danger (an independent try: it was as easy to
        # close as any other, just after "tonight i finish it").
        "close_danger_warning": _(
            "This conversation told of danger. Before you close it, make sure the person is safe or has the "
            "helplines, and write in a note what was done."
        ),
        # The same where closing erases the conversation and its notes (the citizen left and asked to): not "write in
        # a note", which goes with it (an independent try); the staff log keeps who closed it and when.
        "close_danger_warning_left": _(
            "This conversation told of danger. Before you close it, make sure the person is safe or has the "
            "helplines. Its notes are erased with it: write what was done where the centre keeps its case records "
            "(the staff log keeps only who closed it, and when)."
        ),
        "walk_in_taken": _("took a number at {time}"),
        "walk_in_called": _("called at {time} by {name}"),
        "walk_in_not_here": _("Not here"),
        "go_to_day": _("Go to day"),
        "find_appointment": _("Find an appointment by name, phone or code"),
        "find": _("Find"),
        "no_appointment_found": _("No coming appointment has that name, phone or code."),
        "moved_reference": _("Moved: {reference}, now {when}, with {name}."),
        # Whether the citizen learns of it: a kiosk conversation ends when its screen clears (an independent try moved
        # such an appointment and was told only "the citizen is told if they booked in a conversation").
        "moved_told": _("The citizen is told in the conversation they booked in."),
        "moved_cannot_be_told": _(
            "The citizen cannot be told here (the conversation they booked in has ended): phone them on {phone}."
        ),
        "moved_desk_phone": _("It was booked at the desk: phone the citizen on {phone} to tell them."),
        "moved_no_phone": _("The citizen cannot be told here and left no phone number: they may come at the old time."),
        "no_free_times": _("No free times on this day. Choose another day or caseworker."),
        "affected_bookings": _("{count} appointments are booked in this time:"),
        "cancel_and_tell": _("Cancel them and tell the citizens"),
        "keep_bookings": _("Record it and keep them: I will move them"),
        "go_back": _("Back"),
        "cannot_be_told": _("booked at the desk: phone the citizen"),
        "no_phone": _("no phone number kept"),
        "no_working_plan": _("no working plan: cannot be booked"),
        "audit_ticket": _("Walk-in number {number}"),
        "problem_claimed_by": _("{name} has already taken this conversation."),
        "edited": _("edited by the citizen"),
        "problem_invalid_phone": _(
            "This phone number is not valid. Write a Greek mobile or landline number, or leave it empty."
        ),
        "transferred_to": _("Conversation #{id} is now with {name}. The citizen has been told."),
        "account_created": _("The account is created. Give the password to the colleague in person."),
        "no_arrivals": _("No appointments today."),
        "draft_not_sent": _("Not sent yet: your reply is here, as you left it. Send it when it is ready."),
        "closed_state": _("Closed by staff"),
        "state": _("State"),
        "waited_until_claimed": _("waited {time}"),
        "passed_to_you": _(
            "A colleague has passed conversation #{id} to you: it is in the queue, marked with your name."
        ),
        "length_no_pause": _("{minutes} min, with no pause before the next"),
        "everyone": _("Everyone"),
        "every_action": _("Every action"),
        "older": _("Older entries"),
        "any_caseworker": _("Any caseworker"),
        "status": _("Status"),
        "waiting": _("Waiting"),
        "minutes_waited": _("{minutes} min"),
        "hours_waited": _("{hours} h {minutes} min"),
        # The codes the hub stores, as the console shows them: never a raw code on screen.
        "words": {
            "language": {code: language_name(code, tr.language) for code in LANGUAGES},
            "channel": {
                code: channel.label if channel.brand else _(channel.label) for code, channel in CHANNELS.items()
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
            # What a citizen may want (the bot's intents), as a reviewer picks it.
            "intent": {
                "greet": _("Greets"),
                "goodbye": _("Says goodbye"),
                "thank": _("Says thank you"),
                "affirm": _("Says yes"),
                "deny": _("Says no"),
                "ask_programme": _("Asks what a programme is, or which help there is"),
                "ask_eligibility": _("Asks who can get a programme"),
                "ask_amount": _("Asks how much a programme gives"),
                "ask_documents": _("Asks which documents are needed"),
                "ask_how_to_apply": _("Asks how to apply"),
                "ask_centre_info": _("Asks about the centre (address, hours, contact)"),
                "book_appointment": _("Wants an appointment"),
                "cancel_appointment": _("Wants to cancel, move or ask about an appointment"),
                "check_in": _("Has arrived for an appointment"),
                "request_human": _("Wants to talk to a member of staff"),
                "change_language": _("Wants another language"),
                "estimate_benefits": _("Wants to know what they could get (an estimate)"),
                "out_of_scope": _("Asks something the centre does not handle"),
            },
            "walk_in_reason": {"information": _("Information"), "other": _("Something else")},
            "review": {"reviewed": _("reviewed"), "draft": _("draft, not yet reviewed")},
            "visit_kind": {
                "appointment": _("Appointment"),
                "walk_in": _("Walk-in"),
                "enquiry": _("Enquiry at the desk"),
            },
        },
        # The monthly report, as a municipality puts it in its own report (the CSV keeps the stable keys).
        "report_groups": {
            "visits": _("Visits to the centre"),
            "conversations": _("Conversations with the digital assistant"),
            "handoffs": _("Requests for a member of staff"),
            "appointments": _("Appointments"),
        },
        "report_labels": {
            "visits": _("Visits"),
            "people_served": _("People served"),
            "new_people": _("People served for the first time"),
            "by_kind": _("By kind of visit"),
            "by_language": _("By language"),
            "by_reason": _("By reason"),
            "by_channel": _("By channel"),
            "started": _("Conversations started"),
            "opened": _("Requests"),
            "urgent": _("Urgent"),
            "resolved": _("Resolved"),
            "median_wait_minutes": _("Median wait for a caseworker (minutes)"),
            "booked": _("Appointments booked"),
            "kept": _("Appointments kept"),
            "missed": _("Appointments missed"),
            "cancelled": _("Appointments cancelled"),
            "booked_by_service": _("Booked, by service"),
            "booked_by_language": _("Booked, by language"),
            "booked_by_channel": _("Booked, by channel"),
            "waiting_list": _("People on a waiting list now"),
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
