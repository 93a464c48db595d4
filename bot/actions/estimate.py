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
from multilingual.normalise import normalise_words
from multilingual.numbers import read_number
from multilingual.when import clause_words

# Each number slot: the question's name in the hub's messages (and in ANSWER_LIMITS), and whether it counts people.
QUESTIONS = {
    "estimate_adults": ("adults", True),
    "estimate_children": ("children", True),
    "estimate_income": ("monthly_income", False),
    "estimate_rent": ("rent", False),
}
ESTIMATE_SLOTS = (*QUESTIONS, "estimate_single_parent")
FORM_ANSWERS["estimate_form"] = ESTIMATE_SLOTS
# "Just me" to "how many adults?": one, though no number is written.
ONLY_ME = frozenset(
    normalise_words(phrase).strip()
    for phrase in (
        "me|just me|only me|me alone|myself|alone|i live alone|just myself|only myself|"
        "εγώ|μόνο εγώ|εγώ μόνο|μόνος μου|μόνη μου|μόνος|μόνη|ego|mono ego|ego mono|monos mou|moni mou|"
        "انا|أنا|انا بس|انا فقط|انا وحدي|وحدي|لوحدي|ana|ana bas|ana bs|ana wa7di|wa7di|lwa7di|"
        "numa me|me korkoro|korkoro|με"
        "|monh mou|monh|monos|mono egw|egw mono|egw|monaxh mou|monaxi mou|μοναχή μου|μοναχός μου|"
        "moni|mono|monaxi|on my own|by myself|all alone|انا لوحدي|لحالي|انا لحالي|me korkori|korkori"
    ).split("|")
)
# Said with an answer already given ("mono ego sas eipa": just me, I told you), and the "I am" before one ("eimai
# moni"): no part of the answer.
_SAID_BEFORE = tuple(
    f" {normalise_words(phrase).strip()} "
    for phrase in (
        "like i said|as i said|i already said|i said|i already told you|i told you|told you|"
        "όπως σας είπα|όπως είπα|σας το είπα|ήδη σας είπα|σας είπα|σου είπα|το είπα|"
        "opws sas eipa|opos sas eipa|opws eipa|sas to eipa|sas eipa|sou eipa|to eipa|"
        "زي ما قلت|متل ما قلت|كما قلت|قلتلكم|قلت لكم|قلتلك|قلت لك|"
        "sar phendem|phendem tumenge|phendem tuke|phendem"
    ).split("|")
)
_I_AM = frozenset(normalise_words("i am im είμαι eimai imai sem sim").split()) | {"i m"}
_ARTICLES = frozenset(normalise_words("the τα ta ta τα τους tous οι i").split())
# What joins the children to "just me" in one answer: "monh mou me dyo paidia", "just me and my 2 kids".
_WITH = frozenset(normalise_words("with and me με και kai ke mazi μαζί مع و thaj taj").split())
# Children, in any of the four languages: an answer to "how many adults?" that counts children counts the wrong
# people ("two kids" is not two adults), so it is asked again.
CHILD_WORDS = frozenset(
    normalise_words(
        "child children kid kids baby babies son sons daughter daughters "
        "παιδί παιδιά μωρό μωρά γιος γιοι κόρη κόρες paidi paidia moro "
        "طفل أطفال اطفال ولد ولاد أولاد اولاد ولدين بنت بنات عيال wlad awlad walad tifl atfal "
        "chhavo chhave chhaj chhaja chavo chave τσάβο τσάβε"
    ).split()
)


# Adults, counted in a message ("2 enilikes", "two adults", «٢ كبار»).
ADULT_WORDS = frozenset(
    normalise_words(
        "adult adults grownups ενήλικας ενήλικες ενήλικοι ενηλικη enilikas enilikes enilikoi بالغ بالغين كبار"
    ).split()
)
# Arabic counts two by the word's own ending: "ولدين" is two boys.
_DUALS = {
    normalise_words(word).strip(): 2 for word in ("ولدين", "بنتين", "طفلين", "لولدين", "لبنتين", "لطفلين", "وولدين")
}
# What may stand between a count and the people counted: "2 mikra paidia", "3 little kids", «δύο μου παιδιά».
_BETWEEN = frozenset(
    normalise_words("mou my little small young mikra μικρά ανήλικα anilika ανηλικα minor underage صغار").split()
)
# Said of oneself, a parent raising children alone: the single-parent question need not be asked.
_LONE_PARENT = tuple(
    normalise_words(phrase)
    for phrase in (
        "single mum|single mom|single mother|single dad|single father|single parent|lone parent|on my own with|"
        "μόνη μητέρα|μονη μανα|μόνος πατέρας|μονογονεϊκή|μονογονεική|moni mitera|monh mhtera|moni mana|monh mana|"
        "monos pateras|monogoneiki|monogoneikh|μονογονέας|μονογονεας|monogoneas|μονογονιός|monogonios|"
        "ام وحيدة|أم وحيدة|ام عزباء|أم عزباء|اب وحيد|أب وحيد|ام لوحدي|أم لوحدي"
    ).split("|")
)


def the_answer_itself(text: str) -> str:
    """A short answer's own words: without "I told you" and the like, and without an "I am" before them."""
    words = normalise_words(text)
    for phrase in _SAID_BEFORE:
        words = words.replace(phrase, " ")
    words = words.strip()
    for i_am in sorted(_I_AM, key=len, reverse=True):
        if words.startswith(f"{i_am} "):
            return words[len(i_am) :].strip()
    return words


def says_only_me(text: str) -> bool:
    """Tell whether an answer says the person alone ("just me", «μόνη μου», "mono ego sas eipa")."""
    return the_answer_itself(text) in ONLY_ME


def alone_with_children(text: str) -> bool:
    """Tell whether a message says the person lives alone with children it counts ("monh mou me dyo paidia",
    "just me and my 2 kids"): one adult, raising them alone."""
    if "children" not in people_counted(text):
        return False
    words = the_answer_itself(text).split()
    for at, word in enumerate(words):
        if at and word in _WITH and " ".join(words[:at]) in ONLY_ME:
            # Nobody else between "with" and the children: not "me and my husband and 2 kids".
            counted = words[at + 1 :]
            upto = next((i for i, later in enumerate(counted) if later in CHILD_WORDS or later in _DUALS), None)
            if upto is not None and all(
                later in _BETWEEN or later in _ARTICLES or read_number(later) is not None for later in counted[:upto]
            ):
                return True
    return False


def people_counted(text: str) -> dict[str, int]:
    """The adults and children a message counts ("eimaste 2 enilikes kai exw 2 paidia": 2 and 2): a number just
    before the people it counts, or an Arabic dual ("ولدين")."""
    words = normalise_words(text).split()
    counted: dict[str, int] = {}
    for at, word in enumerate(words):
        people = "children" if word in CHILD_WORDS or word in _DUALS else "adults" if word in ADULT_WORDS else None
        if people is None or people in counted:
            continue
        before = words[max(0, at - 2) : at]
        if len(before) == 2 and before[1] in _BETWEEN:
            before = before[:1]
        number = _DUALS.get(word) or (read_number(before[-1]) if before else None)
        if number is not None and number == int(number):
            counted[people] = int(number)
    return counted


def says_lone_parent(text: str) -> bool:
    """Tell whether a message says the person raises children alone ("single mum", «μόνη μητέρα»), not that they
    do not."""
    for clause in clause_words(text):
        words = f" {' '.join(clause)} "
        if any(phrase in words for phrase in _LONE_PARENT) and not negated(words):
            return True
    return alone_with_children(text)


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
        elif CHILD_WORDS & set(words.split()):
            number = None
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
        """ "Just me" is an answer, though the assistant can read "me" as asking for a person (which the domain's
        mapping leaves out)."""
        text = str(tracker.latest_message.get("text") or "")
        if tracker.get_slot(REQUESTED_SLOT) != "estimate_adults":
            return {}
        if says_only_me(text) or alone_with_children(text):
            return {"estimate_adults": text}  # one adult, though no number is written
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


def _names_a_day(text: str) -> bool:
    """Whether a message names a day ("25 dekemvriou", "on thursday")."""
    named = moment_named(text)
    return named is not None and named.day is not None


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
