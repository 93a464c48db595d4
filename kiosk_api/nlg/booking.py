"""Responses about appointments: the booking form's questions, confirmations, changes, reminders, waiting-list offers
and check-in. Times are written the way each language writes them, in Athens time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kiosk_api.centre import service as centre_hours
from kiosk_api.centre.service import ATHENS
from kiosk_api.config import get_settings
from kiosk_api.i18n import Translator, day_and_time, day_name, full_date, number, short_month
from kiosk_api.nlg.parts import Reply, at_a_shared_screen, button, payload
from knowledge import load_centre
from multilingual.languages import LANGUAGES
from multilingual.when import ANOTHER_DAY, LATER


def when(moment: str | None, tr: Translator) -> str:
    if not moment:
        return ""
    return day_and_time(dt.datetime.fromisoformat(moment).astimezone(ATHENS), tr.language)


def _time_button(moment: dt.datetime, tr: Translator) -> str:
    """A slot button: "Monday 7 Dec, 09:00". With the month: asked for 7 January, "Monday 7" alone could as well be
    a December day. Arabic separates them with its own comma (an independent try read "الاثنين 7 ديسمبر, 08:00")."""
    local = moment.astimezone(ATHENS)
    comma = "،" if LANGUAGES[tr.language].direction == "rtl" else ","
    day = f"{day_name(local.weekday(), tr.language)} {local.day} {short_month(local.month, tr.language)}"
    return f"{day}{comma} {local:%H:%M}"


# The centre's services as the caller gathers them for a booking response (`appointments.service.with_services`), so
# that rendering reads no database: {service id: {"names": {language: name}, "active": bool}}, in the order offered.
SERVICES = "services"


# Whether the day asked for without free times is one the centre is closed, as the caller finds it
# (`appointments.service.with_closed_day`): "no free time" sounds as if someone had taken every appointment, and a
# person then tries the next Saturday.
CLOSED_DAY = "centre_closed"
# ... and the public holiday it is, by the English name of the `holidays` package ("Christmas Day").
PUBLIC_HOLIDAY = "public_holiday"


def service_name(arguments: dict[str, Any], language: str, service_id: str | None = None) -> str:
    """A service's name in a language: the one named by `service_id`, else the response's own `service` argument
    (its id if it has no name)."""
    service_id = service_id or arguments.get("service")
    if not service_id:
        return ""
    names = ((arguments.get(SERVICES) or {}).get(service_id) or {}).get("names") or {}
    return names.get(language) or names.get("en") or service_id


def _holiday_name(name: str | None, tr: Translator) -> str | None:
    """A Greek public holiday's name in the conversation's language, from its English name in the `holidays`
    package; None for a day that is none, or one not named here ("Labor Day (observed)")."""
    _ = tr.gettext
    names = {
        "New Year's Day": _("New Year's Day"),
        "Epiphany": _("Epiphany"),
        "Green Monday": _("Clean Monday"),
        "Independence Day": _("Independence Day (25 March)"),
        "Good Friday": _("Orthodox Good Friday"),
        "Easter Monday": _("Orthodox Easter Monday"),
        "Labor Day": _("Labour Day"),
        "Pentecost Monday": _("Whit Monday"),
        "Dormition of the Mother of God": _("Dormition of the Virgin Mary (15 August)"),
        "Ohi Day": _("Ohi Day (28 October)"),
        "Christmas Day": _("Christmas Day"),
        "Glorifying Mother of God": _("Second day of Christmas"),
    }
    return names.get(name) if name else None


def _about(arguments: dict[str, Any], tr: Translator) -> dict[str, str]:
    """An appointment as its messages name it: reference, service and time, in the conversation's language."""
    return {
        "reference": arguments.get("reference", ""),
        "service": service_name(arguments, tr.language),
        "when": when(arguments.get("starts_at"), tr),
    }


def _place(tr: Translator) -> str:
    centre = load_centre(get_settings().centre_id)
    return f"{centre.content[tr.language].name}, {centre.content[tr.language].address}"


def ask_service(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Which service: one button per active service."""
    _ = tr.gettext
    services = [
        (service_id, service_name(arguments, tr.language, service_id))
        for service_id, service in (arguments.get(SERVICES) or {}).items()
        if service.get("active")
    ]
    return {
        "text": _("Which kind of appointment do you need?"),
        "buttons": [button(name, payload("book_appointment", service=sid)) for sid, name in services],
    }


def ask_time(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The next free times as buttons, with "later" and "another day"; or, with none, the waiting list."""
    _ = tr.gettext
    slots = arguments.get("slots") or []
    service = service_name(arguments, tr.language)
    if not slots:
        return {
            "text": _(
                "There is no free time for “{service}” in the coming weeks. You can join the waiting list: we will "
                "write to you here as soon as a time becomes free."
            ).format(service=service),
            "buttons": [
                button(_("Join the waiting list"), payload("book_appointment", booking_time="waiting_list")),
                button(_("Talk to a person"), payload("request_human")),
            ],
        }
    buttons = [
        button(
            _time_button(dt.datetime.fromisoformat(slot["starts_at"]), tr),
            payload("book_appointment", booking_time=slot["value"]),
        )
        for slot in slots
    ]
    # Not after the day's last free time, where "later" would show the next day's.
    if arguments.get("later_that_day", True):
        buttons.append(button(_("Later that day"), payload("book_appointment", booking_time=LATER)))
    buttons.append(button(_("Another day"), payload("book_appointment", booking_time=ANOTHER_DAY)))
    if arguments.get("moving"):
        # Choosing a new time for an appointment: none of these may suit, and the old one is still there.
        buttons.append(button(_("Keep the appointment I have"), payload("cancel_appointment", change_action="keep")))
    # A day or time asked for that is not among the times shown: say why, or they look like a misunderstanding.
    if too_far := arguments.get("day_too_far"):
        text = _(
            "{day}: appointments are booked at most {days} days ahead. These are the first free times for "
            "“{service}”. Which one suits you?"
        ).format(
            day=full_date(dt.date.fromisoformat(too_far), tr.language),
            days=number(get_settings().booking_horizon_days, tr.language),
            service=service,
        )
    elif (full := arguments.get("day_without_times")) and arguments.get(CLOSED_DAY):
        day = full_date(dt.date.fromisoformat(full), tr.language)
        if holiday := _holiday_name(arguments.get(PUBLIC_HOLIDAY), tr):
            day = f"{day} ({holiday})"
        text = _(
            "{day}: the centre is closed. These are the next free times for “{service}”. Which one suits you?"
        ).format(day=day, service=service)
    elif full:
        text = _("{day}: no free time. These are the next free times for “{service}”. Which one suits you?").format(
            day=full_date(dt.date.fromisoformat(full), tr.language), service=service
        )
    elif taken := arguments.get("time_not_free"):
        text = _("{when}: not free. These are the nearest free times for “{service}”. Which one suits you?").format(
            when=when(taken, tr), service=service
        )
    else:
        text = _("These times are free for “{service}”. Which one suits you?").format(service=service)
    if moving_from := arguments.get("moving_from"):
        # The appointment being moved, said first: asked to move it straight away, the person has not seen it.
        text = _("Your appointment is booked for {when}.").format(when=when(moving_from, tr)) + " " + text
    return {"text": text, "buttons": buttons}


def ask_consent(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Consent before anything personal is asked."""
    _ = tr.gettext
    if arguments.get("with_estimate"):
        question = _(
            "May we keep your name, your phone number and your answers to the estimate with the appointment? The "
            "caseworker uses them to prepare, and we delete them {days} days after your last message. If you say no, "
            "I book it without them, and you keep the reference."
        )
    else:
        question = _(
            "May we keep your name and phone number with the appointment? We use them only to reach you about it, "
            "and delete them {days} days after your last message. If you say no, I book it without them, and you "
            "keep the reference."
        )
    question = question.format(days=get_settings().retention_days)
    if arguments.get("chosen"):
        # A time typed and taken at once: said, before the next question, so that a misreading shows.
        taken = _("{when}: this time is free, and I have noted it.").format(when=when(arguments["chosen"], tr))
        question = f"{taken} {question}"
    return {"text": question, "buttons": [button(_("Yes"), payload("affirm")), button(_("No"), payload("deny"))]}


def ask_name(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The name to book under."""
    _ = tr.gettext
    return {"text": _("What name should the appointment be under?")}


def ask_phone(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A phone number."""
    _ = tr.gettext
    return {"text": _("What phone number can we reach you on? A Greek number, or a foreign one starting with +.")}


def invalid_phone(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The phone number could not be read."""
    _ = tr.gettext
    return {"text": _("That does not look like a phone number. Please write it in digits, for example 6912345678.")}


def invalid_name(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The name could not be used."""
    _ = tr.gettext
    return {"text": _("Please write a name of up to 100 letters.")}


def ask_confirmation(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Read everything back before booking."""
    _ = tr.gettext
    details = [service_name(arguments, tr.language)]
    if arguments.get("starts_at"):
        details.append(when(arguments["starts_at"], tr))
    else:
        details.append(_("the waiting list"))
    details += [value for value in (arguments.get("name"), arguments.get("phone")) if value]
    return {
        # A middle dot between the details: ";" is the Greek question mark, and a comma is inside the time.
        "text": _("Please check: {details}. Shall I go ahead?").format(details=" · ".join(details)),
        "buttons": [button(_("Yes, go ahead"), payload("affirm")), button(_("No"), payload("deny"))],
    }


def not_booked(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The citizen said no at the end: nothing was booked."""
    _ = tr.gettext
    return {"text": _("All right, I have not booked anything.")}


def slot_just_taken(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Someone else took the time meanwhile."""
    _ = tr.gettext
    return {"text": _("Sorry, someone has just taken that time. Here are the times that are free now.")}


def booked(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The appointment is booked: what, when, where, and the reference. Booked without a phone (`without_phone`),
    it can be changed only in this conversation or by calling: the reference alone finds it nowhere else. At the
    kiosk, whose screen forgets the conversation when the person leaves, only by calling or at the front desk."""
    _ = tr.gettext
    if arguments.get("without_phone") and at_a_shared_screen(arguments):
        text = _(
            "Your appointment is booked: {service}, {when}, at {place}. Your reference is {reference}: write it "
            "down or take a photo of it, to check in when you arrive. This screen forgets the conversation when "
            "you leave: to change or cancel the appointment, call the centre: {phone}, or ask at the front desk."
        )
    elif arguments.get("without_phone"):
        text = _(
            "Your appointment is booked: {service}, {when}, at {place}. Your reference is {reference}: keep it "
            "to check in when you arrive. To change or cancel the appointment, write to us here, in this "
            "conversation, or call the centre: {phone}."
        )
    else:
        text = _(
            "Your appointment is booked: {service}, {when}, at {place}. Your reference is {reference}: keep it to "
            "change or cancel the appointment, and to check in when you arrive."
        )
    return {"text": text.format(**_about(arguments, tr), place=_place(tr), phone=_centre_phone())}


def joined_waiting_list(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """On the waiting list, with the place in line."""
    _ = tr.gettext
    return {
        "text": _(
            "You are on the waiting list for “{service}”, number {position}. We will write to you here as soon as a "
            "time becomes free."
        ).format(service=service_name(arguments, tr.language), position=arguments.get("position", 1))
    }


def moved_by_centre(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Staff moved the appointment."""
    _ = tr.gettext
    return {
        "text": _(
            "The centre has moved your appointment {reference} ({service}) to {when}. If this time does not suit "
            "you, you can change it here."
        ).format(**_about(arguments, tr)),
        "buttons": [button(_("Change or cancel it"), payload("cancel_appointment"))],
    }


def cancelled_by_centre(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Staff cancelled the appointment."""
    _ = tr.gettext
    return {
        "text": _(
            "We are sorry: the centre has had to cancel your appointment {reference} ({service}, {when}). You can "
            "book another time here."
        ).format(**_about(arguments, tr)),
        "buttons": [
            button(_("Book an appointment"), payload("book_appointment")),
            button(_("Talk to a person"), payload("request_human")),
        ],
    }


def reminder(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The day before."""
    _ = tr.gettext
    return {
        "text": _(
            "A reminder: you have an appointment tomorrow, {when}, at {place}: {service}. Your reference is "
            "{reference}. If you cannot come, please cancel it here, so that someone else can have the time."
        ).format(**_about(arguments, tr), place=_place(tr)),
        "buttons": [button(_("Change or cancel it"), payload("cancel_appointment"))],
    }


def waiting_offer(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """A time became free for someone on the waiting list."""
    _ = tr.gettext
    return {
        "text": _(
            "Good news: a time has become free for “{service}”: {when}. We keep it for you until {until}. Would "
            "you like it?"
        ).format(**_about(arguments, tr), until=when(arguments.get("until"), tr)),
        "buttons": [
            button(_("Yes, I will come"), arguments["accept"]),
            button(_("No, thank you"), arguments["decline"]),
        ]
        if arguments.get("accept") and arguments.get("decline")
        else [],
    }


def offer_declined(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The citizen let the offered time go."""
    _ = tr.gettext
    return {"text": _("All right: the time goes to the next person. Thank you for telling us.")}


def offer_expired(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The offered time is no longer held."""
    _ = tr.gettext
    return {"text": _("Sorry, this time is no longer kept for you.")}


def ask_reference(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The booking reference, and a person for whoever does not have it (else "I lost it" meets the same question)."""
    _ = tr.gettext
    return {
        "text": _("What is the reference of your appointment? It has 6 letters and digits, like K7P3QD."),
        "buttons": [button(_("Talk to a person"), payload("request_human"))],
    }


def no_reference(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """After the reference was asked for twice and not given, or someone said they have none: staff find the
    appointment by name and phone. Someone checking in is at the centre: the front desk finds it."""
    _ = tr.gettext
    if arguments.get("checking_in"):
        text = _(
            "Without the reference I cannot check you in here. Please tell the front desk your name: staff will find "
            "your appointment."
        )
    else:
        text = _(
            "Without the reference I cannot find your appointment here. A member of staff can find it by your name "
            "and phone number: talk to a person here, or call the centre on {phone}."
        ).format(phone=_centre_phone())
    return {
        "text": text,
        # No new booking offered: beside the one made by phone, it was a second appointment (helper-97's try).
        "buttons": [button(_("Talk to a person"), payload("request_human"))],
    }


def ask_booking_phone(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The phone number the appointment was booked with."""
    _ = tr.gettext
    return {"text": _("And the phone number you booked it with?")}


def _centre_phone() -> str:
    return load_centre(get_settings().centre_id).phone


def appointment_gone(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The appointment being changed is no longer booked: cancelled or changed meanwhile, elsewhere."""
    _ = tr.gettext
    return {
        "text": _(
            "This appointment is no longer booked: it was cancelled or changed meanwhile. You can book a new one, or "
            "call the centre on {phone}."
        ).format(phone=_centre_phone()),
        "buttons": [button(_("Book an appointment"), payload("book_appointment"))],
    }


def appointment_not_booked(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """The appointment looked up is found but booked no more: cancelled, or past. Its service and time, and a new
    booking offered (the reference was right: "check it" would send the person looking for a mistake)."""
    _ = tr.gettext
    sentences = {
        "cancelled": _(
            "Your appointment for {service}, {when}, was cancelled. You can book a new one, or call the centre on "
            "{phone}."
        ),
        "arrived": _(
            "Your appointment for {service}, {when}, has taken place. You can book a new one, or call the centre on "
            "{phone}."
        ),
    }
    other = _(
        "Your appointment for {service}, {when}, is no longer booked. You can book a new one, or call the centre on "
        "{phone}."
    )
    if arguments.get("status") == "arrived" and _today_or_later(arguments.get("starts_at")):
        # Checked in at 10:00 for 13:00 (an independent try was told it "has taken place"): still to come.
        waiting = _(
            "You have checked in for your appointment for {service}, {when}: it can no longer be changed here. "
            "Please wait to be called, or ask at the front desk."
        )
        return {"text": waiting.format(**_about(arguments, tr)), "buttons": []}
    text = sentences.get(arguments.get("status"), other)
    return {
        "text": text.format(**_about(arguments, tr), phone=_centre_phone()),
        "buttons": [button(_("Book an appointment"), payload("book_appointment"))],
    }


def _today_or_later(starts_at: str | None) -> bool:
    """Whether an appointment's time (ISO) falls today or later, in the centre's time."""
    if not starts_at:
        return False
    today = centre_hours.now().astimezone(ATHENS).date()
    return dt.datetime.fromisoformat(starts_at).astimezone(ATHENS).date() >= today


def appointment_not_found(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """No appointment with that reference and phone."""
    _ = tr.gettext
    return {
        "text": _(
            "I cannot find an appointment with this reference and phone number. Please check them, or call the "
            "centre on {phone}."
        ).format(phone=_centre_phone()),
        "buttons": [button(_("Talk to a person"), payload("request_human"))],
    }


def ask_change(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """What to do with the appointment found."""
    _ = tr.gettext
    return {
        "text": _("I found your appointment: {service}, {when}. What would you like to do?").format(
            **_about(arguments, tr)
        ),
        "buttons": [
            button(_("Move it to another time"), payload("cancel_appointment", change_action="move")),
            button(_("Cancel it"), payload("cancel_appointment", change_action="cancel")),
            button(_("Keep it"), payload("cancel_appointment", change_action="keep")),
        ],
    }


def ask_move_confirmation(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Read a move back before it is made: the appointment's time and the new one."""
    _ = tr.gettext
    return {
        "text": _(
            "Please check: your appointment for “{service}” moves from {when} to {new_when}. Shall I move it?"
        ).format(**_about(arguments, tr), new_when=when(arguments.get("new_starts_at"), tr)),
        "buttons": [button(_("Yes, move it"), payload("affirm")), button(_("No, another time"), payload("deny"))],
    }


def ask_cancel_confirmation(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Read a cancellation back before it is made: one tap, perhaps by mistake, must not give the time away."""
    _ = tr.gettext
    return {
        "text": _("Please check: shall I cancel your appointment for “{service}” on {when}?").format(
            **_about(arguments, tr)
        ),
        "buttons": [button(_("Yes, cancel it"), payload("affirm")), button(_("No, keep it"), payload("deny"))],
    }


def cancelled_by_citizen(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Cancelled at the citizen's request."""
    _ = tr.gettext
    return {
        "text": _("Your appointment {reference} is cancelled. Thank you for letting us know.").format(
            reference=arguments.get("reference", "")
        )
    }


def rescheduled(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Moved at the citizen's request."""
    _ = tr.gettext
    return {
        "text": _("Done: your appointment {reference} is now {when}, at {place}.").format(
            **_about(arguments, tr), place=_place(tr)
        )
    }


def kept(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Nothing changed."""
    _ = tr.gettext
    return {"text": _("Fine: your appointment stays as it is.")}


def checked_in(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """Checked in."""
    _ = tr.gettext
    return {
        "text": _(
            "Thank you, you are checked in for {when}: {service}. Please take a seat; someone will come for you."
        ).format(**_about(arguments, tr))
    }


def check_in_failed(tr: Translator, arguments: dict[str, Any]) -> Reply:
    """No appointment today with that reference."""
    _ = tr.gettext
    return {
        "text": _("I cannot find an appointment for today with this reference. Please ask at the front desk."),
        "buttons": [button(_("Talk to a person"), payload("request_human"))],
    }


RENDERERS: dict[str, Callable[[Translator, dict[str, Any]], Reply]] = {
    "utter_ask_booking_service": ask_service,
    "utter_ask_booking_time": ask_time,
    "utter_ask_booking_consent": ask_consent,
    "utter_ask_citizen_name": ask_name,
    "utter_ask_citizen_phone": ask_phone,
    "utter_invalid_phone": invalid_phone,
    "utter_invalid_name": invalid_name,
    "utter_ask_booking_confirmed": ask_confirmation,
    "utter_not_booked": not_booked,
    "utter_slot_just_taken": slot_just_taken,
    "utter_appointment_booked": booked,
    "utter_joined_waiting_list": joined_waiting_list,
    "utter_appointment_moved": moved_by_centre,
    "utter_appointment_cancelled": cancelled_by_centre,
    "utter_appointment_reminder": reminder,
    "utter_waiting_offer": waiting_offer,
    "utter_offer_declined": offer_declined,
    "utter_offer_expired": offer_expired,
    "utter_ask_change_reference": ask_reference,
    "utter_ask_change_phone": ask_booking_phone,
    "utter_appointment_not_found": appointment_not_found,
    "utter_no_reference": no_reference,
    "utter_appointment_not_booked": appointment_not_booked,
    "utter_appointment_gone": appointment_gone,
    "utter_ask_change_action": ask_change,
    "utter_ask_change_confirmed": ask_move_confirmation,
    "utter_ask_cancel_confirmed": ask_cancel_confirmation,
    "utter_cancelled_by_citizen": cancelled_by_citizen,
    "utter_rescheduled": rescheduled,
    "utter_appointment_kept": kept,
    "utter_ask_checkin_reference": ask_reference,
    "utter_checked_in": checked_in,
    "utter_check_in_failed": check_in_failed,
}
