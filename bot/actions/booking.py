"""Appointments in the conversation: the booking form (service, time, consent, then name and phone, confirmation),
the change form (reference and phone, then move, cancel or keep) and the check-in form. The hub computes the free
times, checks phone numbers, and books; a time taken meanwhile is answered with fresh options."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytz
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import programme_named
from actions.estimate import ESTIMATE_SLOTS, household_answers
from actions.forms import (
    FORM_ANSWERS,
    REQUEST_INTENTS,
    REQUESTED_SLOT,
    FormQuestion,
    FormValidation,
    asks_a_question,
    intent_of,
    moment_named,
    put_as_a_question,
)
from actions.hub import HubUnavailable, call_hub, error_code
from knowledge.loader import load_services
from multilingual.choices import named_choice
from multilingual.features import negated
from multilingual.names import the_name_itself
from multilingual.normalise import normalise_words
from multilingual.references import PHONE_IN_TEXT, find_reference
from multilingual.when import (
    ANOTHER_DAY,
    LATER,
    Moment,
    asks_to_cancel,
    asks_to_change_an_appointment,
    asks_to_move,
    asks_to_move_an_appointment,
    asks_when_the_appointment_is,
    further_on,
    moment_in,
    moves_something,
    refuses_to_cancel,
    says_it_has_no_reference,
    says_it_has_none,
    says_it_has_not_got_it,
    says_there_is_no_appointment,
    wants_to_cancel,
)

BOOKING_SLOTS = ("booking_service", "booking_time", "booking_after", "booking_consent", "citizen_name")
BOOKING_SLOTS += ("citizen_phone", "booking_confirmed")
CHANGE_SLOTS = ("change_reference", "change_phone", "change_action", "change_found")
CHANGE_SLOTS += ("booking_service", "booking_time", "booking_after", "change_confirmed")
# The change form's action when the appointment looked up is cancelled or past: nothing to move or cancel.
NOTHING_TO_CHANGE = "nothing"
FORM_ANSWERS.update(booking_form=BOOKING_SLOTS, change_form=CHANGE_SLOTS, checkin_form=("checkin_reference",))
TIMES_SHOWN = 4
MAX_NAME = 100
# The fewest digits of a phone number anyone types (a short Greek one without its area code has more).
MIN_PHONE_DIGITS = 6
# How many times the reference is asked for before a message still without it ends the change: staff find it.
ASKS_FOR_A_REFERENCE = 2
# The forms that ask for an appointment's reference, and the slots they ask it in.
REFERENCE_FORMS = ("change_form", "checkin_form")
REFERENCE_SLOTS = frozenset({"change_reference", "checkin_reference"})
# A name is a few words; an intent read at least this surely is a request, not a name ("akyrosi" is 0.86 cancel).
MAX_NAME_WORDS = 4
SURE_OF_A_REQUEST = 0.5
# "cancel", "cancel it please": said about the booking in progress, not an appointment booked before.
MAX_CANCEL_WORDS = 3
# A slot button's value: "<ISO start>|<staff id>"; and the other buttons under the times ("later" and "another day"
# are also what people type for them: multilingual.when reads both).
WAITING_LIST = "waiting_list"
# A moment typed at the times, as the time question's extraction passes it to its validation: "from:<ISO>" (a day),
# or "at:<ISO>" (a time: taken at once if it is free), the ISO a minute before it.
FROM, AT = "from:", "at:"
ATHENS = pytz.timezone("Europe/Athens")
ONE_DAY = dt.timedelta(days=1)
ONE_MINUTE = dt.timedelta(minutes=1)
# A time asked for that is taken: the times shown start this much before it, so the nearest on both sides show.
AROUND = dt.timedelta(hours=1)
APPLICATION_HELP = "application_help"
# The questions after the service where naming another one changes it (not the name or the phone: "Maria
# Psychologou" is a name).
SERVICE_CHANGED_AT = frozenset({"booking_time", "booking_consent", "booking_confirmed"})
# The questions that read a booking, or a move, back before it is made: a day or time typed there is a new time.
READ_BACKS = frozenset({"booking_confirmed", "change_confirmed"})
# What people call each service when they ask for an appointment (knowledge/services.yaml).
SERVICES_ASKED_AS = {service.id: service.asked_as for service in load_services().values()}
# The service an appointment about a programme is for (its `programmes`: "rantevou gia to epidoma stegasis").
SERVICE_OF_PROGRAMME = {
    programme: service.id for service in load_services().values() for programme in service.programmes
}


def slot_value(starts_at: str, staff_id: int) -> str:
    """The value a time's button carries."""
    return f"{starts_at}|{staff_id}"


def moment(text: str) -> dt.datetime:
    """Read an ISO time as the hub writes it (Python 3.10 does not read a final "Z")."""
    return dt.datetime.fromisoformat(text.removesuffix("Z") + ("+00:00" if text.endswith("Z") else ""))


def parse_slot_value(value: str) -> tuple[str, int] | None:
    """The start and staff member of a time's button value, or None."""
    starts_at, _, staff_id = value.partition("|")
    try:
        moment(starts_at)
        return starts_at, int(staff_id)
    except ValueError:
        return None


def reset(names: tuple[str, ...]) -> list[EventType]:
    """Forget a form's answers."""
    return [SlotSet(name, None) for name in names]


def hub_trouble(dispatcher: CollectingDispatcher) -> list[EventType]:
    """The hub cannot help now: say so, offer a person, and leave the form."""
    dispatcher.utter_message(response="utter_assistant_unavailable")
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


async def own_appointments(tracker: Tracker) -> list[dict[str, Any]]:
    """The appointments this conversation booked that are still to come, as the hub describes them (none if the hub
    cannot say: the citizen is then asked for the reference)."""
    try:
        status, upcoming = await call_hub("GET", f"/conversations/{tracker.sender_id}/appointments")
    except HubUnavailable:
        return []
    return upcoming if status == 200 else []


def service_named(tracker: Tracker) -> str | None:
    """The one service the latest message names ("me psyxologo", "the social worker"), if it names one."""
    text = tracker.latest_message.get("text") or ""
    return None if text.startswith("/") else named_choice(text, SERVICES_ASKED_AS)


def booking_for(tracker: Tracker) -> str | None:
    """The conversation a new booking is for: its free times leave out those it already has an appointment at (one
    person, two meetings at once). None when moving an appointment, whose own time may overlap the new one."""
    return tracker.sender_id if tracker.active_loop.get("name") == "booking_form" else None


def moving_from(tracker: Tracker) -> str | None:
    """When moving an appointment, the time it is at: no time to move to (free with another caseworker, or typed)."""
    found = tracker.get_slot("change_found") if tracker.active_loop.get("name") == "change_form" else None
    return found.get("starts_at") if isinstance(found, dict) else None


async def free_times(
    service: str,
    after: str | None,
    conversation_id: str | None = None,
    *,
    leaving_out: str | None = None,
    limit: int = TIMES_SHOWN,
) -> list[dict[str, Any]]:
    """The next free times of a service from the hub (for a booking in a conversation, none it is already busy at;
    when moving, not the time the appointment is at)."""
    params = {"service": service, "limit": limit, **({"after": after} if after else {})}
    params |= {"conversation_id": conversation_id} if conversation_id else {}
    status, times = await call_hub("GET", "/slots", params=params)
    if status != 200:
        raise HubUnavailable(f"free times answered {status}")
    return [t for t in times if not leaving_out or moment(t["starts_at"]) != moment(leaving_out)]


class ActionAskBookingService(FormQuestion):
    slot = "booking_service"


class ActionAskBookingConsent(Action):
    """Asks for consent, naming the estimate's answers when they would go with the appointment."""

    def name(self) -> str:
        return "action_ask_booking_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask; after a time typed and taken at once, saying which ("Thursday at 10" must not pass unread)."""
        carried = tracker.get_slot("booking_service") == APPLICATION_HELP and household_answers(tracker) is not None
        chosen = parse_slot_value(tracker.get_slot("booking_time") or "")
        typed = chosen is not None and typed_time(tracker) is not None
        dispatcher.utter_message(
            response="utter_ask_booking_consent", with_estimate=carried, chosen=chosen[0] if typed else None
        )
        return []


class ActionAskCitizenName(FormQuestion):
    slot = "citizen_name"


class ActionAskCitizenPhone(FormQuestion):
    slot = "citizen_phone"


class ActionAskChangeReference(FormQuestion):
    slot = "change_reference"


class ActionAskChangePhone(FormQuestion):
    slot = "change_phone"


class ActionAskCheckinReference(FormQuestion):
    slot = "checkin_reference"


class ActionAskBookingTime(Action):
    """Offers the next free times for the service as buttons, with "later" and "another day"; or, with none, the
    waiting list."""

    def name(self) -> str:
        return "action_ask_booking_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask the hub for the times after the point the citizen has reached."""
        service = tracker.get_slot("booking_service")
        after = tracker.get_slot("booking_after")
        # One time more than are shown (two when one is left out): whether the day goes on after the last shown.
        looked_for = TIMES_SHOWN + 2
        try:
            leaving_out = moving_from(tracker)
            found = await free_times(service, after, booking_for(tracker), leaving_out=leaving_out, limit=looked_for)
            if not found and after:
                # Nothing after the point reached: start again from the earliest time rather than give up.
                found = await free_times(service, None, booking_for(tracker), leaving_out=leaving_out, limit=looked_for)
        except HubUnavailable:
            return hub_trouble(dispatcher)
        times, beyond = found[:TIMES_SHOWN], found[TIMES_SHOWN:]
        shown = [{"starts_at": t["starts_at"], "value": slot_value(t["starts_at"], t["staff_id"])} for t in times]
        moving = tracker.active_loop.get("name") == "change_form"
        dispatcher.utter_message(
            response="utter_ask_booking_time",
            slots=shown,
            service=service,
            moving=moving,
            moving_from=leaving_out,
            later_that_day=bool(times and beyond) and same_day(beyond[0]["starts_at"], times[-1]["starts_at"]),
            **why_not_asked(tracker, times),
        )
        return [SlotSet("booking_shown", [t["starts_at"] for t in times])]


def same_day(first: str, second: str) -> bool:
    """Tell whether two moments fall on the same day in Greece."""
    return moment(first).astimezone(ATHENS).date() == moment(second).astimezone(ATHENS).date()


def why_not_asked(tracker: Tracker, times: list[dict[str, Any]]) -> dict[str, str]:
    """Why the times shown are not the day or time the latest message asked for, as the time question's arguments:
    the day is beyond the booking horizon (`day_too_far`: the earliest times are shown instead), has no free time
    left (`day_without_times`: full, closed, a holiday), or the time is taken (`time_not_free`: the nearest are
    shown). Without a word, other times look like a misunderstanding."""
    text = tracker.latest_message.get("text") or ""
    if not times or text.startswith("/"):  # none to show, or a button pressed
        return {}
    named = moment_named(text)
    first = moment(times[0]["starts_at"])
    if named and named.day and first.astimezone(ATHENS).date() < named.day:
        return {"day_too_far": named.day.isoformat()}
    if named and named.day and first.astimezone(ATHENS).date() > named.day:
        return {"day_without_times": named.day.isoformat()}
    typed = typed_time(tracker)
    if typed and typed.startswith(AT) and (asked := moment(typed.removeprefix(AT)) + ONE_MINUTE) != first:
        return {"time_not_free": asked.isoformat()}
    return {}


def next_point(value: str, shown: list[str]) -> str | None:
    """Where to look next for "later" (after the last time shown) or "another day" (the next morning)."""
    if not shown:
        return None
    last = moment(shown[-1])
    if value == LATER:
        return (last + dt.timedelta(minutes=1)).isoformat()
    # The next calendar day in Greece starts at 22:00 or 21:00 UTC; looking from 21:00 UTC is never too late.
    next_day = (last + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (next_day - dt.timedelta(hours=3)).isoformat()


def looking_from(named: Moment, now: dt.datetime, shown: list[str]) -> str:
    """Where to look for free times for a typed day and time: from that moment (a minute before, so that a time
    free at that very minute is the first shown). A time without a day is on the day of the times shown ("11:00"
    after choosing Wednesday), or today, or tomorrow: the first where it is still ahead."""
    local_now = now.astimezone(ATHENS)
    if named.day:
        days = [named.day]
    else:
        first_shown = moment(shown[0]).astimezone(ATHENS).date() if shown else None
        days = [day for day in (first_shown, local_now.date(), local_now.date() + ONE_DAY) if day]
    starts = [ATHENS.localize(dt.datetime.combine(day, named.time or dt.time())) for day in days]
    start = next((start for start in starts if start > local_now), starts[-1])
    return (start - dt.timedelta(minutes=1)).astimezone(dt.timezone.utc).isoformat()


def typed_time(tracker: Tracker) -> str | None:
    """A typed "later" or "another day" (`LATER`, `ANOTHER_DAY`), or a day and time as "from:<ISO>"; else None."""
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):  # a button
        return None
    if button := further_on(text):
        return button
    now = dt.datetime.now(dt.timezone.utc)
    question = tracker.get_slot(REQUESTED_SLOT)
    local_now = now.astimezone(ATHENS).replace(tzinfo=None)
    if named := moment_in(text, local_now, answering_a_question=question in READ_BACKS):
        return (AT if named.time else FROM) + looking_from(named, now, the_day_in_question(tracker))
    return None


def the_day_in_question(tracker: Tracker) -> list[str]:
    """The times whose day a time typed alone is on: the time chosen, where the booking is read back ("3pm" for
    the same day); the appointment's, where it is being changed ("at 12" the same day); else the times shown."""
    chosen = parse_slot_value(tracker.get_slot("booking_time") or "")
    if tracker.get_slot(REQUESTED_SLOT) in READ_BACKS and chosen:
        return [chosen[0]]
    found = tracker.get_slot("change_found") or {}
    if tracker.get_slot(REQUESTED_SLOT) == "change_action" and found.get("starts_at"):
        return [found["starts_at"]]
    return tracker.get_slot("booking_shown") or []


def typed_after(value: Any) -> str | None:
    """The moment to look for times after, of a typed day or time as `typed_time` passes it; None for anything else."""
    if isinstance(value, str) and value.startswith((FROM, AT)):
        return value.removeprefix(FROM).removeprefix(AT)
    return None


async def free_at(
    service: str | None, after: str, conversation_id: str | None, *, leaving_out: str | None = None
) -> str | None:
    """The button value of the free time that starts a minute after `after` (the very time typed), if there is one."""
    if not service:
        return None
    try:
        times = await free_times(service, after, conversation_id, leaving_out=leaving_out)
    except HubUnavailable:
        return None
    wanted = moment(after) + ONE_MINUTE
    first = times[0] if times else None
    return slot_value(first["starts_at"], first["staff_id"]) if first and moment(first["starts_at"]) == wanted else None


class TimeChoice:
    """The time question, shared by booking and changing: a pressed time, a button under them, or a day and time
    typed ("monday 8 am", «την Πέμπτη στις 10»), which shows the free times from then."""

    async def extract_booking_time(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read a typed "later", "another day", or day and time, where the times are shown, or where the booking is
        read back ("actually thursday is better": the times from Thursday, the other answers kept)."""
        question = tracker.get_slot(REQUESTED_SLOT)
        if question != "booking_time" and question not in READ_BACKS:
            return {}
        if asks_to_cancel(tracker.latest_message.get("text") or ""):
            return {}  # "I need to cancel my appointment for tomorrow" names an appointment, not a time to book
        typed = typed_time(tracker)
        if not typed:
            return {}
        # At the read-back, "no, thursday is better" is not a No to booking (or moving): it is asked again after the
        # new time.
        return {"booking_time": typed, **({question: None} if question in READ_BACKS else {})}

    async def validate_booking_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A pressed time; or "later" / "another day" / a typed moment, which ask again from further on."""
        if value == WAITING_LIST and tracker.active_loop.get("name") == "booking_form":
            return {"booking_time": WAITING_LIST}
        if value in (LATER, ANOTHER_DAY):
            return {"booking_time": None, "booking_after": next_point(value, tracker.get_slot("booking_shown") or [])}
        if after := typed_after(value):
            service = tracker.get_slot("booking_service")
            if str(value).startswith(AT) and service:
                if exact := await free_at(service, after, booking_for(tracker), leaving_out=moving_from(tracker)):
                    return {"booking_time": exact}  # "Τετάρτη 9, 11:00", and it is free: that time
                # Taken: the times around it, so the nearest on both sides show ("10:30" → 10:00 and 11:00).
                return {"booking_time": None, "booking_after": (moment(after) - AROUND).isoformat()}
            return {"booking_time": None, "booking_after": after}
        if isinstance(value, str) and parse_slot_value(value):
            return {"booking_time": value}
        return {"booking_time": None}


class ValidateBookingForm(TimeChoice, FormValidation):
    """Checks each answer of the booking form."""

    started_by = frozenset({"book_appointment"})

    def name(self) -> str:
        return "validate_booking_form"

    def attempts_an_answer(self, message: dict[str, Any]) -> bool:
        """Six digits or more are a phone number, even one the check refuses ("+44 7700 900123"): the phone
        question's own reply says what is wrong, rather than the estimate the numbers suggest to the model. A day or
        time typed before the times are shown ("monday at 10 pls" for the service) is part of booking too: the
        question is asked again, rather than the model's reading of it as changing an appointment."""
        text = str(message.get("text") or "")
        if sum(ch.isdigit() for ch in text) >= MIN_PHONE_DIGITS:
            return True
        if asks_to_cancel(text):  # "cancel my appointment on Tuesday" asks to change one, whatever day it names
            return False
        return bool(further_on(text) or moment_named(text))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Asked for another day or time by a conversation with an appointment to come ("can I come on Thursday
        instead?" right after booking), the booking gives way to moving that appointment: not a second one. Asked
        to cancel in the middle of booking, with nothing booked to cancel, the booking stops ("I have not booked
        anything") rather than asking for the reference of an appointment the person never had."""
        text = tracker.latest_message.get("text") or ""
        if self.starting(tracker) and (asks_to_change_an_appointment(text) or asks_when_the_appointment_is(text)):
            # "I want to change my appointment to Wednesday at 11": an appointment booked before, even where this
            # conversation has none (each visit to the kiosk is a new one): which one is asked, none is booked.
            # "kana si mo rantevu?" (when is my appointment?) is shown it.
            return [SlotSet(REQUESTED_SLOT, None), FollowupAction("change_form")]
        if self.starting(tracker) and typed_time(tracker) and (own := await own_appointments(tracker)):
            # ... unless it names a service none of them is for ("another one, with the psychologist, on Thursday").
            named = service_named(tracker)
            if not named or named in {found["service"] for found in own}:
                return [SlotSet(REQUESTED_SLOT, None), FollowupAction("change_form")]
        if not self.starting(tracker) and self.abandons(tracker) and not await own_appointments(tracker):
            return [SlotSet("booking_confirmed", False), SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    @staticmethod
    def abandons(tracker: Tracker) -> bool:
        """Tell whether the latest message is a short "cancel" ("akyrosi", "cancel it", «طيب الغيه»): a longer one
        ("I want to cancel the appointment I had on Tuesday") is about an appointment booked before."""
        text = tracker.latest_message.get("text") or ""
        short = len(text.split()) <= MAX_CANCEL_WORDS
        return short and wants_to_cancel(text) and not asks_to_move(text)

    async def extract_booking_time(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A day or time said with the request ("an appointment on thursday at 10"): the times are shown from then
        once the service is chosen, not from today as if it had not been said (`validate_booking_time` keeps it as
        the point to look from: with no service yet, no time is free)."""
        if self.starting(tracker) and typed_after(typed := typed_time(tracker)):
            return {"booking_time": typed}
        return await super().extract_booking_time(dispatcher, tracker, domain)

    async def extract_booking_service(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A service named in the request ("an appointment with the social worker", «ραντεβού με ψυχολόγο») is that
        service: which one is not asked (the hub still checks that it is offered)."""
        named = service_named(tracker)
        if self.starting(tracker):
            # ... and so is a programme the centre helps people apply for ("rantevou gia to epidoma stegasis").
            named = named or SERVICE_OF_PROGRAMME.get(programme_named(tracker.latest_message) or "")
            return {"booking_service": named} if named else {}
        current = tracker.get_slot("booking_service")
        if tracker.get_slot(REQUESTED_SLOT) not in SERVICE_CHANGED_AT or not named or named == current:
            return {}
        # Another service asked for after choosing one ("oxi me koinwniko, me PSYXOLOGO", "make it the psychologist
        # not the social worker"): it replaces it, and its times are shown. A plain request for a person ("I want to
        # talk to a social worker") is still one.
        text = normalise_words(tracker.latest_message.get("text") or "")
        if intent_of(tracker.latest_message) == "request_human" and not negated(text):
            return {}
        return {"booking_service": named, "booking_time": None, "booking_confirmed": None}

    async def extract_citizen_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A few words, no digits, not a question, at the name question are the name, unless the model is sure
        they are a request ("akyrosi"): names are words it never learnt, which it reads as anything («احمد الحسن» as
        checking in, which then asked for a reference)."""
        message = tracker.latest_message
        text = " ".join(str(message.get("text") or "").split())
        if tracker.get_slot(REQUESTED_SLOT) != "citizen_name" or text.startswith("/"):
            return {}
        looks_like_a_name = 0 < len(text.split()) <= MAX_NAME_WORDS and not any(ch.isdigit() for ch in text)
        sure_of_something_else = (message.get("intent") or {}).get("confidence", 0.0) >= SURE_OF_A_REQUEST
        if not looks_like_a_name or put_as_a_question(message) or sure_of_something_else:
            return {}
        return {"citizen_name": text}

    async def extract_citizen_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A phone number typed where the booking is read back ("wrong phone, it's 6987654320") replaces the one
        given: the booking is read back again with it."""
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot(REQUESTED_SLOT) != "booking_confirmed" or text.startswith("/"):
            return {}
        number = PHONE_IN_TEXT.search(text)
        # "wrong number, it's …" is not a No to booking: the booking is read back again with the new number.
        return {"citizen_phone": number[0], "booking_confirmed": None} if number else {}

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """Name and phone only with consent."""
        if tracker.get_slot("booking_consent") is False:
            return [slot for slot in domain_slots if slot not in ("citizen_name", "citizen_phone")]
        return domain_slots

    async def validate_booking_service(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A service button."""
        try:
            status, services = await call_hub("GET", "/services")
        except HubUnavailable:
            return {"booking_service": None}
        known = {service["id"] for service in services} if status == 200 else set()
        return {"booking_service": value if value in known else None}

    async def validate_citizen_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Any name of a sensible length, without the words before it ("my name is", «اسمي»)."""
        name = the_name_itself(" ".join(str(value or "").split()))
        if not name or len(name) > MAX_NAME or name.startswith("/"):
            dispatcher.utter_message(response="utter_invalid_name")
            return {"citizen_name": None}
        return {"citizen_name": name}

    async def validate_citizen_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A Greek or foreign phone number, as the hub reads it."""
        try:
            status, checked = await call_hub("POST", "/phones", json={"text": str(value or "")[:100]})
        except HubUnavailable:
            return {"citizen_phone": None}
        if status != 200 or not checked.get("phone"):
            dispatcher.utter_message(response="utter_invalid_phone")
            return {"citizen_phone": None}
        return {"citizen_phone": checked["phone"]}


class ActionAskBookingConfirmed(Action):
    """Reads the answers back before booking."""

    def name(self) -> str:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask to confirm."""
        chosen = parse_slot_value(tracker.get_slot("booking_time") or "")
        dispatcher.utter_message(
            response="utter_ask_booking_confirmed",
            service=tracker.get_slot("booking_service"),
            starts_at=chosen[0] if chosen else None,
            name=tracker.get_slot("citizen_name"),
            phone=tracker.get_slot("citizen_phone"),
        )
        return []


class ActionSubmitBooking(Action):
    """Books the time (or a place on the waiting list); a time taken meanwhile brings fresh options."""

    def name(self) -> str:
        return "action_submit_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Book through the hub and confirm with the reference."""
        if not tracker.get_slot("booking_confirmed"):
            dispatcher.utter_message(response="utter_not_booked")
            return reset(BOOKING_SLOTS)
        consent = bool(tracker.get_slot("booking_consent"))
        person = {
            "name": tracker.get_slot("citizen_name") if consent else None,
            "phone": tracker.get_slot("citizen_phone") if consent else None,
            "consent": consent,
        }
        service = tracker.get_slot("booking_service")
        # The caseworker who helps with the application sees the estimate's answers (the hub keeps them only with
        # consent); once booked, the conversation forgets them.
        answers = household_answers(tracker) if service == APPLICATION_HELP else None
        try:
            if tracker.get_slot("booking_time") == WAITING_LIST:
                status, body = await call_hub(
                    "POST", "/waiting-list", json={"conversation_id": tracker.sender_id, "service": service, **person}
                )
                if status != 201:
                    return hub_trouble(dispatcher) + reset(BOOKING_SLOTS)
                dispatcher.utter_message(
                    response="utter_joined_waiting_list", service=service, position=body["position"]
                )
                return reset(BOOKING_SLOTS)
            starts_at, staff_id = parse_slot_value(tracker.get_slot("booking_time"))
            status, body = await call_hub(
                "POST",
                "/appointments",
                json={
                    "conversation_id": tracker.sender_id,
                    "service": service,
                    "starts_at": starts_at,
                    "staff_id": staff_id,
                    "estimate": answers,
                    **person,
                },
            )
        except HubUnavailable:
            return hub_trouble(dispatcher) + reset(BOOKING_SLOTS)
        if status == 409 and error_code(body) == "slot_taken":
            dispatcher.utter_message(response="utter_slot_just_taken")
            return [
                SlotSet("booking_time", None),
                SlotSet("booking_confirmed", None),
                ActiveLoop("booking_form"),
                FollowupAction("booking_form"),
            ]
        if status != 201:
            return hub_trouble(dispatcher) + reset(BOOKING_SLOTS)
        dispatcher.utter_message(
            response="utter_appointment_booked",
            reference=body["reference"],
            service=body["service"],
            starts_at=body["starts_at"],
            without_phone=not person["phone"],
            # At the kiosk, whose screen forgets the conversation, it cannot be changed "here" (`utter_...booked`).
            channel=(tracker.latest_message.get("metadata") or {}).get("channel"),
        )
        return reset(BOOKING_SLOTS) + (reset(ESTIMATE_SLOTS) if answers else [])


def identity(tracker: Tracker) -> dict[str, str]:
    """What the hub needs to find the appointment being changed: its reference, and the phone it was booked with or
    this conversation, if it booked it."""
    reference = tracker.get_slot("change_reference") or ""
    return {
        # Read from the message where the phone came with it ("K7P3QD 69 1234 5601"), before its own check.
        "reference": find_reference(reference) or reference,
        "phone": tracker.get_slot("change_phone") or "",
        "conversation_id": tracker.sender_id,
    }


class ValidateChangeForm(TimeChoice, FormValidation):
    """Checks the reference and phone with the hub, then what to do."""

    started_by = frozenset({"cancel_appointment"})
    cancel_is_an_answer = True

    def name(self) -> str:
        return "validate_change_form"

    @staticmethod
    def asks_for_another_time(tracker: Tracker) -> bool:
        """Tell whether the latest message asks for an appointment ("can I come another day instead?"), which, in
        the middle of changing one, means moving it: without this the booking form would start a second one."""
        return intent_of(tracker.latest_message) == "book_appointment"

    def is_request_for_this_form(self, tracker: Tracker) -> bool:
        """Asking to cancel, or, while choosing the new time, asking for an appointment: the question again."""
        choosing_time = tracker.get_slot(REQUESTED_SLOT) == "booking_time"
        return super().is_request_for_this_form(tracker) or (choosing_time and self.asks_for_another_time(tracker))

    async def extract_change_action(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Typed where the buttons ask "move, cancel or keep?": a day or time, or asking for an appointment, chooses
        moving (to that day), and a No ("no don't cancel it") keeping: the question is what to change, and No is
        nothing. A day named while cancelling ("cancel thursday's") names the appointment, not a new day."""
        if self.starting(tracker):
            return await self.move_asked_at_the_start(tracker)
        text = tracker.latest_message.get("text") or ""
        written = not text.startswith("/")  # typed, not a button
        asked = tracker.get_slot(REQUESTED_SLOT)
        if tracker.get_slot("change_action") == "cancel" and asked == "change_confirmed" and written:
            # At "shall I cancel it?": «ναι ακύρωσέ το» is a yes, "I don't want to cancel it" a no (kept).
            if wants_to_cancel(text):
                return {"change_confirmed": True}
            return {"change_confirmed": False} if refuses_to_cancel(text) else {}
        moving = tracker.get_slot("change_action") == "move"
        if moving and asked in ("booking_time", "change_confirmed"):
            # "Move" pressed by mistake: «θέλω να ακυρώσω το ραντεβού» at the times to move to, or at "shall I move
            # it?", cancels (read back).
            if written and wants_to_cancel(text):
                return {"change_action": "cancel", "booking_time": None, "change_confirmed": None}
            return {}
        if asked != "change_action":
            return {}
        # "cancel thursday's" names the appointment; "wednesday is better", which the model may read as cancelling
        # too, names the day to move to.
        typed = typed_time(tracker) if not asks_to_cancel(text) else None
        if typed and typed not in (LATER, ANOTHER_DAY):
            return {"change_action": f"move {typed}"}  # "thursday is better": its times are shown straight away
        if self.asks_for_another_time(tracker) or typed or asks_to_move(text):
            return {"change_action": "move"}
        # Typed: «الغيه», "el8ih"; and before a No's keeping, "oxi oxi. akyrwsi thelw" (no no. cancelling I want).
        if written and wants_to_cancel(text):
            return {"change_action": "cancel"}
        if intent_of(tracker.latest_message) == "deny" or refuses_to_cancel(text):
            return {"change_action": "keep"}  # "no don't cancel it", "I don't want to cancel it"
        return {}

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A day or time asked for by someone with no appointment, no reference and no "cancel" in the message
        ("thursday at 11?", which the model reads as changing one) is a booking: the booking form asks its first
        question, rather than this one asking for the reference of an appointment never booked."""
        text = tracker.latest_message.get("text") or ""
        # Asking when one's appointment is ("…tomorrow") is about one, too: the booking form sends that here, and
        # sending it back to booking went round until Rasa gave up (an independent try).
        changing = (
            asks_to_cancel(text)
            or asks_to_change_an_appointment(text)
            or moves_something(text)
            or find_reference(text)
            or asks_when_the_appointment_is(text)
        )
        if self.starting(tracker) and not changing and says_there_is_no_appointment(text):
            # «δεν έχω ραντεβού» (I have no appointment), read as being about one: one is offered.
            return [SlotSet(REQUESTED_SLOT, None), FollowupAction("booking_form")]
        if self.starting(tracker) and not changing:
            wants_a_time, named = bool(typed_time(tracker)), service_named(tracker)
            own = await own_appointments(tracker) if wants_a_time or named else None
            # ... and so is another service asked for by someone with an appointment for one ("and now the other,
            # with the psychologist, on Thursday").
            another_service = bool(own) and named is not None and named not in {found["service"] for found in own}
            if (own == [] and wants_a_time) or another_service:
                return [SlotSet(REQUESTED_SLOT, None), FollowupAction("booking_form")]
        if self.has_no_reference(tracker) or await self.says_it_has_no_reference(tracker):
            # "I booked on the phone", "I lost the paper", "thanks": asked for the code again and again, someone
            # without it was stuck; "nai man o kodiko" (I have no code) said so at once. Staff find the appointment
            # by name and phone.
            dispatcher.utter_message(response="utter_no_reference")
            return [
                SlotSet("change_reference", None),
                SlotSet(REQUESTED_SLOT, None),
                FollowupAction("action_leave_form"),
            ]
        return await super().run(dispatcher, tracker, domain)

    async def says_it_has_no_reference(self, tracker: Tracker) -> bool:
        """Tell whether the latest message says the person has no reference ("nai man o kodiko", "i dont have the
        code"), where the form asks for it or as it starts, for an appointment this conversation did not book."""
        text = tracker.latest_message.get("text") or ""
        if find_reference(text) or not says_it_has_no_reference(text):
            return False
        if self.starting(tracker):
            return not await own_appointments(tracker)
        return tracker.get_slot(REQUESTED_SLOT) == "change_reference"

    def has_no_reference(self, tracker: Tracker) -> bool:
        """Tell whether the person has been asked for a reference `ASKS_FOR_A_REFERENCE` times in a row (to check in
        or to change: "exw rantevou simera" starts a check-in) and the latest message, neither a question nor a
        request for something else, still gives none ("to kinito mou einai 69…", "i lost the paper")."""
        message = tracker.latest_message
        if tracker.get_slot(REQUESTED_SLOT) != "change_reference" or self.starting(tracker) or self.stops(message):
            return False
        elsewhere = REQUEST_INTENTS - {*self.started_by, "check_in"}
        if find_reference(message.get("text") or "") or intent_of(message) in elsewhere or asks_a_question(message):
            return False
        events = tracker.events
        # Before the latest message: the form states the question again on its own turn, before its checks.
        latest = max((index for index, event in enumerate(events) if event.get("event") == "user"), default=0)
        asked = 0
        for event in reversed(events[:latest]):
            if event.get("event") == "slot" and event.get("name") == REQUESTED_SLOT and event.get("value"):
                if event["value"] not in REFERENCE_SLOTS:
                    break
                asked += 1  # the form asked its question: its own ask action leaves no event of its own
            elif event.get("event") == "action" and event.get("name") not in ("action_listen", *REFERENCE_FORMS):
                break
        return asked >= ASKS_FOR_A_REFERENCE

    async def move_asked_at_the_start(self, tracker: Tracker) -> dict[str, Any]:
        """The first message asks to move to a day: after the booking gave way to this form ("can I come another day
        instead?"), naming a day that is not the day of this conversation's appointment ("can I come on Thursday
        instead?" of a Saturday one; "cancel Saturday's" names the appointment), or asking to move an appointment
        this conversation did not book to a day."""
        typed = typed_time(tracker)
        if typed is None:
            # "thelw na allaksw to rantevou mou": moving, said in so many words, is not asked again.
            return (
                {"change_action": "move"}
                if asks_to_move_an_appointment(tracker.latest_message.get("text") or "")
                else {}
            )
        if self.asks_for_another_time(tracker):
            return {"change_action": "move" if typed in (LATER, ANOTHER_DAY) else f"move {typed}"}
        text = tracker.latest_message.get("text") or ""
        if asks_when_the_appointment_is(text) and not asks_to_move_an_appointment(text):
            # "what time is my appointment tomorrow": the day is when the person thinks it is, not one to move to.
            return {}
        named = moment_named(text)
        booked = await own_appointments(tracker)
        booked_days = {moment(found["starts_at"]).astimezone(ATHENS).date() for found in booked}
        if named and named.day and booked_days and named.day not in booked_days:
            return {"change_action": f"move {typed}"}
        if named and named.day and not booked and (asks_to_move_an_appointment(text) or moves_something(text)):
            # Booked elsewhere ("i want to move my appointment to thursday"): the reference and phone are asked
            # first, and then Thursday's times are shown, not the earliest.
            return {"change_action": f"move {typed}"}
        return {}

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """A new time only when moving; a read-back when moving or cancelling (one tap must not cancel)."""
        action = tracker.get_slot("change_action")
        if action == "move":
            return domain_slots
        if action == "cancel":
            return [slot for slot in domain_slots if slot != "booking_time"]
        return [slot for slot in domain_slots if slot not in ("booking_time", "change_confirmed")]

    async def extract_change_phone(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """From the conversation that booked it, an appointment needs neither reference nor phone: when the form
        starts and this conversation has one appointment to come (or the one whose reference was typed), it is the
        one. The phone is left empty: the hub knows the conversation."""
        text = tracker.latest_message.get("text") or ""
        starting = self.starting(tracker)
        if tracker.get_slot("change_found") or not (starting or tracker.get_slot(REQUESTED_SLOT) == "change_reference"):
            return {}
        typed = find_reference(text)
        if starting:
            own = [found["reference"] for found in await own_appointments(tracker)]
            # A "reference" that is none of this conversation's is more likely a word ("maw3ed", appointment in
            # Arabizi, has a code's letters and a digit) than another appointment: with one of its own, that is it.
            named = [reference for reference in own if reference == typed] or own
            if len(named) == 1:
                return {"change_reference": named[0], "change_phone": ""}
            if typed and not own and not PHONE_IN_TEXT.search(re.sub(typed, " ", text, flags=re.IGNORECASE)):
                # "I have an appointment, the code is 7krp9f. When do I come?": the code is not asked for again.
                return {"change_reference": typed}
        # "K7P3QD 69 1234 5601": the phone typed with the reference is not asked for again.
        # (The reference too: a message the model reads as asking for a person, or as checking in, fills no slot.)
        number = PHONE_IN_TEXT.search(re.sub(typed, " ", text, flags=re.IGNORECASE)) if typed else None
        return {"change_reference": typed, "change_phone": number[0]} if number else {}

    async def validate_change_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A reference anywhere in the message (also in the first one: "cancel K7P3QD")."""
        return {"change_reference": find_reference(str(value or ""))}

    async def validate_change_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The appointment must exist with this reference and phone; otherwise the citizen starts again or calls."""
        lookup = {**identity(tracker), "phone": str(value or "")[:40]}
        try:
            status, found = await call_hub("POST", "/appointments/lookup", json=lookup)
        except HubUnavailable:
            return {"change_phone": None}
        if status == 200 and found.get("status") != "booked":
            # Found, but cancelled or past: said so, with its service and time (not "check the code": it is right),
            # and the form ends, nothing more asked.
            dispatcher.utter_message(
                response="utter_appointment_not_booked",
                status=found.get("status"),
                service=found.get("service"),
                starts_at=found.get("starts_at"),
            )
            return {"change_phone": lookup["phone"], "change_action": NOTHING_TO_CHANGE}
        if status != 200:
            dispatcher.utter_message(response="utter_appointment_not_found")
            return {"change_phone": None, "change_reference": None}
        return {
            "change_phone": lookup["phone"],
            "change_found": {"service": found["service"], "starts_at": found["starts_at"]},
            "booking_service": found["service"],
        }

    async def validate_change_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes moves or cancels it. No to a move goes back to the times (from where they were: the same times again,
        with keeping the appointment as it is among the choices), so a No pressed by mistake loses nothing; No to a
        cancellation keeps the appointment."""
        if value is False and tracker.get_slot("change_action") == "cancel":
            return {"change_confirmed": None, "change_action": "keep"}
        if value is False:
            return {"change_confirmed": None, "booking_time": None}
        return {"change_confirmed": True if value is True else None}

    async def validate_change_action(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Move, cancel or keep; moving to a day typed shows the times from that day."""
        if isinstance(value, str) and value.startswith("move ") and (after := typed_after(value.removeprefix("move "))):
            return {"change_action": "move", "booking_after": after}
        return {"change_action": value if value in ("move", "cancel", "keep") else None}


class ActionAskChangeAction(Action):
    """Shows the appointment found and asks what to do with it."""

    def name(self) -> str:
        return "action_ask_change_action"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask: move, cancel or keep."""
        found = tracker.get_slot("change_found") or {}
        dispatcher.utter_message(
            response="utter_ask_change_action", service=found.get("service"), starts_at=found.get("starts_at")
        )
        return []


class ActionAskChangeConfirmed(Action):
    """Reads the change back before it is made: the appointment, and the new time of a move."""

    def name(self) -> str:
        return "action_ask_change_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Ask to confirm the move or the cancellation."""
        found = tracker.get_slot("change_found") or {}
        if tracker.get_slot("change_action") == "cancel":
            dispatcher.utter_message(
                response="utter_ask_cancel_confirmed", service=found.get("service"), starts_at=found.get("starts_at")
            )
            return []
        chosen = parse_slot_value(tracker.get_slot("booking_time") or "")
        dispatcher.utter_message(
            response="utter_ask_change_confirmed",
            service=found.get("service"),
            starts_at=found.get("starts_at"),
            new_starts_at=chosen[0] if chosen else None,
        )
        return []


class ActionSubmitChange(Action):
    """Moves or cancels the appointment, or leaves it."""

    def name(self) -> str:
        return "action_submit_change"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Do what the citizen chose."""
        action = tracker.get_slot("change_action")
        who = identity(tracker)
        if action == NOTHING_TO_CHANGE:
            return reset(CHANGE_SLOTS)
        if action not in ("move", "cancel"):
            dispatcher.utter_message(response="utter_appointment_kept")
            return reset(CHANGE_SLOTS)
        try:
            if action == "cancel":
                status, body = await call_hub("POST", "/appointments/cancel", json=who)
            else:
                starts_at, staff_id = parse_slot_value(tracker.get_slot("booking_time") or "") or ("", 0)
                status, body = await call_hub(
                    "POST", "/appointments/move", json={**who, "starts_at": starts_at, "staff_id": staff_id}
                )
        except HubUnavailable:
            return hub_trouble(dispatcher) + reset(CHANGE_SLOTS)
        if action == "move" and status == 409 and error_code(body) == "slot_taken":
            dispatcher.utter_message(response="utter_slot_just_taken")
            return [SlotSet("booking_time", None), ActiveLoop("change_form"), FollowupAction("change_form")]
        if status in (404, 409):
            # Cancelled or changed meanwhile (from another chat, or by staff): said so, not that the assistant is down.
            dispatcher.utter_message(response="utter_appointment_gone")
            return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), *reset(CHANGE_SLOTS)]
        if status != 200:
            return hub_trouble(dispatcher) + reset(CHANGE_SLOTS)
        if action == "cancel":
            dispatcher.utter_message(response="utter_cancelled_by_citizen", reference=body["reference"])
        else:
            dispatcher.utter_message(
                response="utter_rescheduled", reference=body["reference"], starts_at=body["starts_at"]
            )
        return reset(CHANGE_SLOTS)


class ValidateCheckinForm(FormValidation):
    """Finds the reference in what the citizen wrote."""

    started_by = frozenset({"check_in"})

    def name(self) -> str:
        return "validate_checkin_form"

    def stops(self, message: dict[str, Any]) -> bool:
        """Also a No, a thank-you or a goodbye ("ok thanks bye"), "I have no appointment", or a few words that say
        there is none ("den exw", "I don't have a code"), to the question for the reference: there is none to give."""
        text = str(message.get("text") or "")
        no = intent_of(message) in {"deny", "thank", "goodbye"} and not find_reference(text)
        return super().stops(message) or no or says_it_has_none(text) or says_there_is_no_appointment(text)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """A day other than today, named without a reference, asks for an appointment: one checks in only for
        today's ("kalispera thelo rantevou me koinoniko leitourgo 17/12 stis 10", which the model read as checking
        in, then asked for the reference of an appointment not yet booked)."""
        text = tracker.latest_message.get("text") or ""
        if self.starting(tracker) and says_it_has_no_reference(text) and not find_reference(text):
            # "i am here for my appointment but i lost the paper": not asked for the code just said to be lost.
            dispatcher.utter_message(response="utter_no_reference", checking_in=True)
            return [
                SlotSet("checkin_reference", None),
                SlotSet(REQUESTED_SLOT, None),
                FollowupAction("action_leave_form"),
            ]
        if self.starting(tracker) and (asks_when_the_appointment_is(text) or not find_reference(text)):
            if asks_when_the_appointment_is(text):
                # "i forgot when my appointment is", "when is my appointment, ref K7P3QD": shown it, with what can be
                # done with it; not checked in.
                followed_by = "change_form"
            elif says_there_is_no_appointment(text):
                followed_by = "booking_form"  # «δεν έχω ραντεβού»: one is offered
            else:
                followed_by = None
            if followed_by:
                return [SlotSet(REQUESTED_SLOT, None), SlotSet("checkin_reference", None), FollowupAction(followed_by)]
        asked = tracker.get_slot(REQUESTED_SLOT) == "checkin_reference" and not self.starting(tracker)
        if asked and says_it_has_not_got_it(text):  # ("den exw" is spelt like a reference, DENEXW)
            # "i dont have it", «δεν έχω κωδικό»: the person may be standing in the lobby; told only that checking
            # in stopped, they were left with nothing (helper-97's try).
            dispatcher.utter_message(response="utter_no_reference", checking_in=True)
            return [
                SlotSet("checkin_reference", None),
                SlotSet(REQUESTED_SLOT, None),
                FollowupAction("action_leave_form"),
            ]
        named = moment_named(text)
        today = dt.datetime.now(ATHENS).date()
        if self.starting(tracker) and named and named.day and named.day != today and not find_reference(text):
            return [SlotSet(REQUESTED_SLOT, None), SlotSet("checkin_reference", None), FollowupAction("booking_form")]
        return await super().run(dispatcher, tracker, domain)

    async def validate_checkin_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A reference anywhere in the message (also in the first one: "I am here, K7P3QD")."""
        return {"checkin_reference": find_reference(str(value or ""))}


class ActionSubmitCheckin(Action):
    """Checks the citizen in for today's appointment; the caseworker is told by the hub."""

    def name(self) -> str:
        return "action_submit_checkin"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Check in, or send the citizen to the desk."""
        try:
            status, body = await call_hub(
                "POST", "/check-in", json={"reference": tracker.get_slot("checkin_reference")}
            )
        except HubUnavailable:
            return [*hub_trouble(dispatcher), SlotSet("checkin_reference", None)]
        if status == 200:
            dispatcher.utter_message(response="utter_checked_in", service=body["service"], starts_at=body["starts_at"])
        else:
            dispatcher.utter_message(response="utter_check_in_failed")
        return [SlotSet("checkin_reference", None)]
