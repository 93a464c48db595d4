"""The estimate form: five questions about the household, each answer read as one number (digits, Arabic-Indic
digits or words, in any of the four languages) and checked against a sensible range; then one message per programme
and a closing one. The hub renders the text and computes the amounts from the rules in knowledge/estimates."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import asks_for_an_estimate
from actions.fallback import previous_user_message
from actions.forms import (
    FORM_ANSWERS,
    REQUEST_INTENTS,
    REQUESTED_SLOT,
    FormQuestion,
    FormValidation,
    intent_of,
    moment_named,
)
from knowledge.estimator import ANSWER_LIMITS, load_rules
from multilingual.features import negated
from multilingual.household import (
    CHILD_WORDS,
    alone_with_children,
    names_a_partner,
    people_counted,
    says_lone_parent,
    says_only_me,
    with_a_partner,
)
from multilingual.normalise import normalise_words
from multilingual.numbers import read_number

# Each number slot: the question's name in the hub's messages (and in ANSWER_LIMITS), and whether it counts people.
QUESTIONS = {
    "estimate_adults": ("adults", True),
    "estimate_children": ("children", True),
    "estimate_income": ("monthly_income", False),
    "estimate_rent": ("rent", False),
}
ESTIMATE_SLOTS = (*QUESTIONS, "estimate_single_parent")
FORM_ANSWERS["estimate_form"] = ESTIMATE_SLOTS


def household_answers(tracker: Tracker) -> dict[str, Any] | None:
    """The estimate's answers as the hub reads them, or None when the estimate was not completed."""
    values = {slot: tracker.get_slot(slot) for slot in ESTIMATE_SLOTS}
    if any(values[slot] is None for slot in QUESTIONS):
        return None
    return {
        "adults": int(values["estimate_adults"]),
        "children": int(values["estimate_children"]),
        "monthly_income": values["estimate_income"],
        "rent": values["estimate_rent"],
        "single_parent": bool(values["estimate_single_parent"]),
    }


class ActionAskEstimateAdults(FormQuestion):
    slot = "estimate_adults"


class ActionAskEstimateChildren(FormQuestion):
    slot = "estimate_children"


class ActionAskEstimateIncome(FormQuestion):
    slot = "estimate_income"


class ActionAskEstimateRent(FormQuestion):
    slot = "estimate_rent"


class ActionAskEstimateSingleParent(FormQuestion):
    slot = "estimate_single_parent"


def _checked(slot: str, value: Any, dispatcher: CollectingDispatcher) -> dict[str, Any]:
    """One number in the slot's range, or the reason why not, said in the conversation's language."""
    question, whole = QUESTIONS[slot]
    low, high = ANSWER_LIMITS[question]
    words = normalise_words(str(value or ""))
    number = read_number(str(value or ""))
    if question == "adults":
        if says_only_me(str(value or "")) or alone_with_children(str(value or "")):
            number = 1
        elif with_a_partner(str(value or "")):
            number = 2
        elif CHILD_WORDS & set(words.split()):
            number = None
    elif not whole and people_counted(str(value or "")):
        number = None  # "I told you I have 2 kids" to the income question is no income of 2 euros
    if number is None or not low <= number <= high or (whole and number != int(number)):
        dispatcher.utter_message(response="utter_invalid_estimate_number", question=question)
        return {slot: None}
    return {slot: number}


class ValidateEstimateForm(FormValidation):
    """Reads each answer as a number in range."""

    started_by = frozenset({"estimate_benefits"})

    def name(self) -> str:
        return "validate_estimate_form"

    def is_request_for_this_form(self, tracker: Tracker) -> bool:
        """Also "how much could I get?" without a programme, which starts the estimate too."""
        return super().is_request_for_this_form(tracker) or asks_for_an_estimate(tracker)

    def attempts_an_answer(self, message: dict[str, Any]) -> bool:
        """A number written is an answer to a question that asks for one."""
        return read_number(str(message.get("text") or "")) is not None

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A day named is no household count: "no, i want an appointment on 14 december" is a request, not 14 adults
        (the questionnaire then held the person until they asked for a human). The form steps aside for it, as for
        any other request (`FormValidation.run`)."""
        if self.starting(tracker) and household_answers(tracker) is not None:
            # A completed estimate asked for again ("wait thats wrong my income is 300 not 2"): its questions are
            # asked again, or the same result would come back and a wrong answer could never be put right. (An
            # estimate set aside half-way keeps its answers: it is not complete.)
            return [SlotSet(slot, None) for slot in ESTIMATE_SLOTS]
        question = tracker.get_slot(REQUESTED_SLOT)
        text = str(tracker.latest_message.get("text") or "")
        answering = not (self.starting(tracker) or self.stepped_aside(tracker))
        if answering and question in self.domain_slots(domain) and _names_a_day(text):
            if intent_of(tracker.latest_message) in REQUEST_INTENTS:
                return [SlotSet(question, None), ActionExecutionRejected(self.form_name())]
            return [SlotSet(question, None)]  # asked again, nothing taken from it
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """Single parent only when there are children."""
        if tracker.get_slot("estimate_children") == 0:
            return [slot for slot in domain_slots if slot != "estimate_single_parent"]
        return domain_slots

    async def extract_estimate_adults(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """ "Just me" and "me and my wife" are answers, though the assistant can read "me" as asking for a person
        (which the domain's mapping leaves out)."""
        text = str(tracker.latest_message.get("text") or "")
        if tracker.get_slot(REQUESTED_SLOT) != "estimate_adults":
            return {}
        if says_only_me(text) or alone_with_children(text) or with_a_partner(text):
            return {"estimate_adults": text}  # one adult, or two, though no number is written
        if "adults" in (counted := people_counted(text)):
            return {"estimate_adults": counted["adults"]}  # "2 adults and 3 kids" counts the adults too
        return {}

    def household_told(self, tracker: Tracker) -> str:
        """What the latest message says of the household; when the estimate starts by its button under a programme's
        answer, the message that answer answered too ("είμαι μόνη μητέρα με δύο παιδιά, τι επιδόματα...;")."""
        text = str(tracker.latest_message.get("text") or "")
        if self.starting(tracker) and text.startswith("/"):
            return str((previous_user_message(tracker) or {}).get("text") or "")
        return text

    async def extract_estimate_children(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Children counted in any message of the estimate, the request that starts it too ("single mum with 3
        kids"): they are not asked for again."""
        counted = people_counted(self.household_told(tracker))
        return {"estimate_children": counted["children"]} if "children" in counted else {}

    async def extract_estimate_single_parent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A parent who says they raise the children alone is not asked whether they do; asked, "I told you, I am
        alone" is a yes (the assistant reads no yes in it)."""
        told = self.household_told(tracker)
        if says_lone_parent(told):
            return {"estimate_single_parent": True}
        asked = tracker.get_slot(REQUESTED_SLOT) == "estimate_single_parent"
        if asked and says_only_me(told) and not negated(normalise_words(told)):
            return {"estimate_single_parent": True}
        return {}

    async def validate_estimate_adults(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Adults, yourself included."""
        return _checked("estimate_adults", value, dispatcher)

    async def validate_estimate_children(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Children under 18."""
        checked = _checked("estimate_children", value, dispatcher)
        if checked["estimate_children"] == 0:
            return {**checked, "estimate_single_parent": False}
        return checked

    async def validate_estimate_income(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The household's monthly income in euros."""
        return _checked("estimate_income", value, dispatcher)

    async def validate_estimate_rent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The monthly rent in euros, 0 when not renting."""
        return _checked("estimate_rent", value, dispatcher)


# «اثنين», «اتنين» (two) are also Monday without their article: asked how many, they are the number.
_TWO_OR_MONDAY = frozenset(normalise_words("اثنين اتنين itnen etnen").split())


def _names_a_day(text: str) -> bool:
    """Whether a message names a day ("25 dekemvriou", "on thursday"); not "two" in Arabic («اتنين انا ومرتي»), nor
    a wife in Arabizi ("ana w marti", where Romani "marti" is Tuesday)."""
    named = moment_named(text)
    if named is None or named.day is None:
        return False
    return not (_TWO_OR_MONDAY & set(normalise_words(text).split()) or names_a_partner(text))


class ActionSubmitEstimate(Action):
    """Gives the estimate: a message per programme, then the disclaimer and the offer of help with an application."""

    def name(self) -> str:
        return "action_submit_estimate"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Utter the result; the answers stay in the slots for a booking."""
        answers = household_answers(tracker)
        if answers is None:
            dispatcher.utter_message(response="utter_offer_human")
            return []
        for programme in load_rules():
            dispatcher.utter_message(response="utter_estimate_programme", programme=programme, **answers)
        dispatcher.utter_message(response="utter_estimate_closing", **answers)
        return []
