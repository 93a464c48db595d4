"""What every form shares: asking its questions; telling an answer from a message that is something else, so that a
form never traps a person; and setting a form aside, with the offer to go back to it, when the person asks about
something else in the middle of it.

How a message in the middle of a form is handled (`FormValidation.run`):
- an answer the question's checks accept: the form goes on (unless it is also written as a question about something
  else: "I have no insurance, can I see a doctor for free?" reads as "none" to the estimate's number reader);
- a request for the same form ("I need an appointment" while booking): its question is asked once more;
- a question or a request the rest of the assistant answers (a programme, the centre, a person, another form, another
  language): the form steps aside for that message (its execution is rejected) and the rules answer it as they would
  outside the form. Rasa then runs the form again: after a question the form is set aside, its answers kept, with a
  button back to it (`action_pause_form`); after anything else (a change of language, or thanks where the question
  wants a button, which Rasa itself rejects) it asks its question again;
- a typed "stop" («σταμάτα», "forget it", «خلص بس»): the form ends, its answers forgotten (`action_stop_form`);
- anything else is an attempt at an answer: the question's own reply ("please write a number") and the question.
"""

from __future__ import annotations

import datetime as dt
from abc import abstractmethod
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import programme_named
from knowledge import ASPECT_INTENTS
from multilingual.features import asks_to_stop
from multilingual.when import Moment, asks_to_cancel, moment_in

REQUESTED_SLOT = "requested_slot"
# Days and times people type are the centre's.
CENTRE_TIMEZONE = ZoneInfo("Europe/Athens")
# Questions the assistant answers outside the forms: a programme (any aspect) and the centre.
QUESTION_INTENTS = frozenset({*ASPECT_INTENTS.values(), "ask_centre_info"})
# Requests the rest of the assistant takes over: a form of its own, a person, another language.
# Each form's answers, which a typed stop forgets: filled in by the modules that define the forms (the booking's include
# what it found and showed, beyond the domain's required slots).
FORM_ANSWERS: dict[str, tuple[str, ...]] = {}
REQUEST_INTENTS = frozenset(
    {"book_appointment", "estimate_benefits", "cancel_appointment", "check_in", "request_human", "change_language"}
)


class FormQuestion(Action):
    """Asks a form's question by uttering `utter_ask_<slot>`, which the hub renders. (With the response in the domain
    instead, Rasa's validator reports it unused: forms look responses up by name.)"""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask."""
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


def intent_of(message: dict[str, Any]) -> str | None:
    """The intent of a parsed user message, the fallback included."""
    return (message.get("intent") or {}).get("name")


def asks_a_question(message: dict[str, Any]) -> bool:
    """Tell whether a message is a question the assistant answers outside the form: about a programme or the centre,
    or an unsure message that names a programme (the fallback answers it as a programme question)."""
    intent = intent_of(message)
    return intent in QUESTION_INTENTS or (intent == "nlu_fallback" and programme_named(message) is not None)


def has_a_subject(message: dict[str, Any]) -> bool:
    """Tell whether a question has something to be answered about: the centre, or a programme it names. "Can I...?"
    alone reads as a question about eligibility, but at a form's question "μπορώ στις 19 Δεκεμβρίου;" (can I on the
    19th of December?) asks about the day."""
    return intent_of(message) == "ask_centre_info" or programme_named(message) is not None


def put_as_a_question(message: dict[str, Any]) -> bool:
    """Tell whether a message is written as a question: a question mark, Greek (;) or Arabic (؟) included."""
    return any(mark in (message.get("text") or "") for mark in "?;\u037e؟")  # ";" and U+037E are Greek ones


def answered(events: list[EventType]) -> bool:
    """Tell whether a form's checks took something from the message: a slot given a value (a "later" button sets
    where to look for times, not the time itself)."""
    return any(
        event.get("event") == "slot" and event.get("name") != REQUESTED_SLOT and event.get("value") is not None
        for event in events
    )


class FormValidation(FormValidationAction):
    """The validation every form shares: before the form's own checks, it tells what the person's message is (see the
    module's docstring)."""

    # The intents that start this form; said again in the middle of it, they ask the current question once more.
    started_by: frozenset[str] = frozenset()
    # Whether "cancel" («άκυρο») in the middle of this form is an answer to it (changing an appointment: cancel it)
    # rather than a stop.
    cancel_is_an_answer = False

    @abstractmethod
    def name(self) -> str:
        """`validate_<form>`. (Abstract, so that the action server does not register this class itself.)"""

    def is_request_for_this_form(self, tracker: Tracker) -> bool:
        """Tell whether the latest message asks for this same form."""
        return intent_of(tracker.latest_message) in self.started_by

    def attempts_an_answer(self, message: dict[str, Any]) -> bool:
        """Tell whether a message the checks refused is still an answer to the question, whatever else the
        assistant reads in it (a number out of range, "two kids" to "how many adults?"): the question's own reply
        then says what is wrong, rather than an answer about something else."""
        return False

    def _since_the_latest_message(self, tracker: Tracker, kind: str) -> bool:
        """Tell whether an event of a kind naming this form came after the latest message."""
        for event in reversed(tracker.events):
            if event.get("event") == "user":
                return False
            if event.get("event") == kind and event.get("name") == self.form_name():
                return True
        return False

    def stepped_aside(self, tracker: Tracker) -> bool:
        """Tell whether the form stepped aside for the latest message: Rasa is running it again after the rules
        answered that message."""
        return self._since_the_latest_message(tracker, "action_execution_rejected")

    def starting(self, tracker: Tracker) -> bool:
        """Tell whether the form has started since the latest message: the question asked before was another
        form's, even one this form also asks (the booking's time, asked again when moving)."""
        return self._since_the_latest_message(tracker, "active_loop")

    def stops(self, message: dict[str, Any]) -> bool:
        """Tell whether a message asks to leave the form ("stop", «άκυρο» where cancelling is no answer)."""
        text = str(message.get("text") or "")
        if text.startswith("/") or (self.cancel_is_an_answer and asks_to_cancel(text)):
            return False
        return asks_to_stop(text)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Check the answer, ask again, or step aside."""
        if self.stepped_aside(tracker):
            if asks_a_question(tracker.latest_message):
                # Not straight back to the question after the answer: the form waits, with a button back to it.
                return [ActionExecutionRejected(self.form_name()), FollowupAction("action_pause_form")]
            return await super().run(dispatcher, tracker, domain)
        question = tracker.get_slot(REQUESTED_SLOT)
        if question not in self.domain_slots(domain) or self.starting(tracker):
            # The form is starting (or starting again): the answers already given are checked as they are.
            return await super().run(dispatcher, tracker, domain)
        message = tracker.latest_message
        if self.stops(message):
            # Not the rules: they would run the form's submit action on a form that ended with its slots unfilled.
            # (A slot set, even to nothing, keeps Rasa from rejecting the form and handing the message to the rules.)
            return [SlotSet(question, None), SlotSet(REQUESTED_SLOT, None), FollowupAction("action_stop_form")]
        something_else = asks_a_question(message) or intent_of(message) in REQUEST_INTENTS
        checks = CollectingDispatcher()
        events = await super().run(checks, tracker, domain)
        # A question can read as an answer too: "I have no insurance, can I see a doctor for free?" says "none".
        asked_instead = intent_of(message) in REQUEST_INTENTS or (asks_a_question(message) and has_a_subject(message))
        if answered(events) and not (asked_instead and put_as_a_question(message)):
            dispatcher.messages.extend(checks.messages)
            return events
        if self.is_request_for_this_form(tracker):
            # Without a slot set Rasa would reject the form, and the rule that starts it cannot run a rejected form.
            # An answer out of range read as this request too ("400" children) is told why it is asked again.
            if self.attempts_an_answer(message):
                dispatcher.messages.extend(checks.messages)
            return [SlotSet(question, None), SlotSet(REQUESTED_SLOT, question)]
        if something_else and (put_as_a_question(message) or not self.attempts_an_answer(message)):
            # Forget the text a free-text question took from the message; the rules answer it instead.
            return [SlotSet(question, None), ActionExecutionRejected(self.form_name())]
        dispatcher.messages.extend(checks.messages)
        if something_else and not events:
            # An attempt at an answer that sets nothing ("monday at 10" for the service): Rasa would reject a form
            # that sets no slot and let the rules take the message; the question is asked again instead.
            return [SlotSet(question, None)]
        return events


def form_set_aside(tracker: Tracker) -> str | None:
    """The form the conversation was last in, now set aside."""
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name"):
            return event["name"]
    return None


class ActionPauseForm(Action):
    """Sets the form aside after its question was interrupted by another question, which has just been answered.
    Its answers are kept, so the button back to it (or a yes) asks the question the person had reached."""

    def name(self) -> str:
        return "action_pause_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Leave the form and offer to go back to it."""
        dispatcher.utter_message(response="utter_offer_to_resume", form=tracker.active_loop.get("name"))
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]


class ActionStopForm(Action):
    """Ends the form the person asked to stop, forgetting its answers, and says what else the assistant can do."""

    def name(self) -> str:
        return "action_stop_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Say it stopped; forget the answers."""
        form = form_set_aside(tracker)
        dispatcher.utter_message(response="utter_form_stopped", form=form)
        dispatcher.utter_message(response="utter_how_can_i_help")
        return leaving(form)


def leaving(form: str | None) -> list[EventType]:
    """The events that end a form and forget its answers."""
    return [
        ActiveLoop(None),
        SlotSet(REQUESTED_SLOT, None),
        *(SlotSet(slot, None) for slot in FORM_ANSWERS.get(form, ())),
    ]


class ActionLeaveForm(Action):
    """Ends a form whose checks have said why it cannot go on (no reference to find the appointment by), forgetting
    its answers: the next message is answered as it would be outside the form."""

    def name(self) -> str:
        return "action_leave_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Leave the form, saying nothing more."""
        return leaving(form_set_aside(tracker))


class ActionResumeForm(Action):
    """A yes to the offer to go back: the form set aside asks its next question."""

    def name(self) -> str:
        return "action_resume_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Start the form again where it was left."""
        form = form_set_aside(tracker)
        if form is None:
            dispatcher.utter_message(response="utter_how_can_i_help")
            return []
        return [FollowupAction(form)]


def moment_named(text: str) -> Moment | None:
    """The day and time a message names (`multilingual.when.moment_in`), counted from now at the centre."""
    return moment_in(text, dt.datetime.now(CENTRE_TIMEZONE).replace(tzinfo=None))
