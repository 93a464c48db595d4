"""Booking, rescheduling and cancelling an appointment in the conversation, through the hub, with the real model, in
each of the four languages; and checking in at the kiosk with the reference."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, AppointmentStatus
from kiosk_api.database import get_engine
from tests.citizen import Citizen, rendered
from tools.stack import Stack

BOOK = {
    "el": "θέλω να κλείσω ένα ραντεβού",
    "en": "I would like to book an appointment please",
    "ar": "بدي احجز موعد لو سمحت",
    "rom": "mangav te kerav jekh rantevou",
}
CHANGE = {
    "el": "θέλω να ακυρώσω το ραντεβού μου",
    "en": "i want to cancel my appointment",
    "ar": "بدي الغي الموعد",
    "rom": "mangav te akirosav o rantevou",
}
YES = {"el": "ναι", "en": "yes", "ar": "نعم", "rom": "va"}
NAME = {"el": "Ελένη Παππά", "en": "John Smith", "ar": "فاطمة حسن", "rom": "Marika Ioannou"}
# As people type them: spaces, a country code, Arabic-Indic digits.
PHONE = {"el": "69 1234 5601", "en": "+44 7911 123456", "ar": "٦٩١٢٣٤٥٦٠٣", "rom": "6912345604"}


def appointment_of(stack: Stack, conversation_id: str) -> Appointment:
    with Session(get_engine(stack.database_url)) as db:
        return db.scalars(
            select(Appointment).where(Appointment.conversation_id == conversation_id).order_by(Appointment.id.desc())
        ).first()


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_a_citizen_books_reschedules_and_cancels_in_the_conversation(
    stack: Stack, schedule: None, language: str
) -> None:
    citizen = Citizen(stack, language)
    citizen.say(BOOK[language])
    assert citizen.texts() == [rendered("utter_ask_booking_service", language)]
    citizen.press('"social_work"')
    [times] = citizen.last
    first_time = times["buttons"][0]["payload"]
    first_start = first_time.split('"booking_time": "')[1].split("|")[0]
    shown = [{"starts_at": first_start, "value": ""}]
    assert times["text"] == rendered("utter_ask_booking_time", language, service="social_work", slots=shown)
    citizen.press("|")
    assert citizen.texts() == [rendered("utter_ask_booking_consent", language)]
    citizen.say(YES[language])
    assert citizen.texts() == [rendered("utter_ask_citizen_name", language)]
    citizen.say(NAME[language])
    assert citizen.texts() == [rendered("utter_ask_citizen_phone", language)]
    citizen.say("123")
    assert citizen.texts() == [rendered("utter_invalid_phone", language), rendered("utter_ask_citizen_phone", language)]
    citizen.say(PHONE[language])
    assert len(citizen.last) == 1 and NAME[language] in citizen.texts()[0]
    citizen.press("/affirm")

    booked = appointment_of(stack, citizen.id)
    assert booked.status == AppointmentStatus.booked and booked.language == language
    assert booked.name == NAME[language] and booked.phone == appointments.normalise_phone(PHONE[language])
    assert dt.datetime.fromisoformat(first_start) == booked.starts_at
    assert citizen.texts() == [
        rendered(
            "utter_appointment_booked",
            language,
            reference=booked.reference,
            service="social_work",
            starts_at=booked.starts_at.isoformat(),
        )
    ]

    # Rescheduling: the reference and the phone, then "move" and another time.
    citizen.say(CHANGE[language])
    assert citizen.texts() == [rendered("utter_ask_change_reference", language)]
    citizen.say(booked.reference.lower())
    assert citizen.texts() == [rendered("utter_ask_change_phone", language)]
    citizen.say(PHONE[language])
    assert citizen.texts() == [
        rendered("utter_ask_change_action", language, service="social_work", starts_at=booked.starts_at.isoformat())
    ]
    citizen.press('"move"')
    later = citizen.last[0]["buttons"][1]["payload"]
    citizen._send({"payload": later})
    moved = appointment_of(stack, citizen.id)
    assert moved.reference == booked.reference and moved.starts_at != booked.starts_at
    assert citizen.texts() == [
        rendered("utter_rescheduled", language, reference=moved.reference, starts_at=moved.starts_at.isoformat())
    ]

    # Cancelling, with the reference in the first message.
    citizen.say(f"{CHANGE[language]} {booked.reference}")
    assert citizen.texts() == [rendered("utter_ask_change_phone", language)]
    citizen.say(PHONE[language])
    citizen.press('"cancel"')
    assert citizen.texts() == [rendered("utter_cancelled_by_citizen", language, reference=booked.reference)]
    assert appointment_of(stack, citizen.id).status == AppointmentStatus.cancelled


# Typed where the change form shows buttons, as people write when they would rather come another day; the model
# reads them as asking for an appointment.
ANOTHER_DAY_TYPED = {
    "el": "θελω να κλεισω ραντεβου για αλλη μερα",
    "en": "i'd rather come on thursday",
}


def book_with_phone(stack: Stack, citizen: Citizen) -> Appointment:
    """Book social work by the buttons, giving a name and phone (moving asks for the phone again)."""
    citizen.say(BOOK[citizen.language])
    citizen.press('"social_work"')
    citizen.press("|")
    citizen.say(YES[citizen.language])
    citizen.say(NAME[citizen.language])
    citizen.say(PHONE[citizen.language])
    citizen.press("/affirm")
    return appointment_of(stack, citizen.id)


def appointments_of(stack: Stack, conversation_id: str) -> list[Appointment]:
    with Session(get_engine(stack.database_url)) as db:
        return list(db.scalars(select(Appointment).where(Appointment.conversation_id == conversation_id)))


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en"])
def test_asking_for_another_day_while_moving_moves_the_appointment_and_books_no_second(
    stack: Stack, schedule: None, language: str
) -> None:
    citizen = Citizen(stack, language)
    booked = book_with_phone(stack, citizen)
    citizen.say(f"{CHANGE[language]} {booked.reference}")
    citizen.say(PHONE[language])
    assert citizen.texts() == [
        rendered("utter_ask_change_action", language, service="social_work", starts_at=booked.starts_at.isoformat())
    ]

    # Typed instead of pressing "move": the times to move to, not a new booking's first question.
    citizen.say(ANOTHER_DAY_TYPED[language])
    assert citizen.texts() != [rendered("utter_ask_booking_service", language)]
    [times] = citizen.last
    assert times["buttons"] and all("booking_time" in button["payload"] for button in times["buttons"])

    # And typed again at the times: the times once more, still moving.
    citizen.say(ANOTHER_DAY_TYPED[language])
    assert citizen.texts() != [rendered("utter_ask_booking_service", language)]
    [times] = citizen.last
    later = [button["payload"] for button in times["buttons"] if "|" in button["payload"]][1]
    citizen._send({"payload": later})

    [moved] = appointments_of(stack, citizen.id)
    assert moved.reference == booked.reference and moved.starts_at != booked.starts_at
    assert moved.status == AppointmentStatus.booked
    assert citizen.texts() == [
        rendered("utter_rescheduled", language, reference=moved.reference, starts_at=moved.starts_at.isoformat())
    ]


@pytest.mark.rasa
def test_a_choice_typed_instead_of_pressed_is_the_choice(stack: Stack, schedule: None) -> None:
    # The service named in the person's words, where the buttons ask which: its times, not a person.
    greek = Citizen(stack, "el")
    greek.say(BOOK["el"])
    greek.say("με κοινωνικο λειτουργο")
    [times] = greek.last
    first_start = times["buttons"][0]["payload"].split('"booking_time": "')[1].split("|")[0]
    shown = [{"starts_at": first_start, "value": ""}]
    assert times["text"] == rendered("utter_ask_booking_time", "el", service="social_work", slots=shown)

    # "keep it" where the buttons ask move, cancel or keep: kept, and said so.
    english = Citizen(stack, "en")
    booked = book_with_phone(stack, english)
    english.say(f"{CHANGE['en']} {booked.reference}")
    english.say(PHONE["en"])
    english.say("keep it")
    assert english.texts() == [rendered("utter_appointment_kept", "en")]
    assert appointment_of(stack, english.id).status == AppointmentStatus.booked


@pytest.mark.rasa
@pytest.mark.parametrize(("language", "do_not_cancel"), [("el", "οχι μην το ακυρωσετε"), ("en", "no dont cancel")])
def test_saying_not_to_cancel_where_the_buttons_ask_keeps_the_appointment_and_says_so(
    stack: Stack, schedule: None, language: str, do_not_cancel: str
) -> None:
    citizen = Citizen(stack, language)
    booked = book_with_phone(stack, citizen)
    citizen.say(f"{CHANGE[language]} {booked.reference}")
    citizen.say(PHONE[language])
    citizen.say(do_not_cancel)
    assert citizen.texts() == [rendered("utter_appointment_kept", language)]
    assert appointment_of(stack, citizen.id).status == AppointmentStatus.booked


@pytest.mark.rasa
def test_without_consent_nothing_personal_is_asked_or_kept(stack: Stack, schedule: None) -> None:
    citizen = Citizen(stack, "ar")
    citizen.say(BOOK["ar"])
    citizen.press('"application_help"')
    citizen.press("|")
    citizen.say("لا")
    assert len(citizen.last) == 1 and citizen.last[0]["buttons"][0]["payload"] == "/affirm"  # straight to confirming
    citizen.press("/affirm")
    booked = appointment_of(stack, citizen.id)
    assert booked.name is None and booked.phone is None and booked.status == AppointmentStatus.booked
    assert booked.reference in citizen.texts()[0]


@pytest.mark.rasa
def test_a_time_taken_while_choosing_gets_fresh_options(stack: Stack, schedule: None) -> None:
    citizen = Citizen(stack, "en")
    citizen.say(BOOK["en"])
    citizen.press('"psychological_support"')
    chosen = citizen.last[0]["buttons"][0]["payload"]
    starts_at, staff_id = chosen.split('"booking_time": "')[1].split('"')[0].split("|")
    with Session(get_engine(stack.database_url)) as db:
        appointments.book(
            db=db,
            service_id="psychological_support",
            staff_id=int(staff_id),
            starts_at=dt.datetime.fromisoformat(starts_at),
            language="el",
            channel="desk",
        )
    citizen._send({"payload": chosen})
    citizen.say("no")
    citizen.press("/affirm")
    assert citizen.texts()[0] == rendered("utter_slot_just_taken", "en")
    assert citizen.last[1]["buttons"] and chosen not in [b["payload"] for b in citizen.last[1]["buttons"]]
    citizen.press("|")
    citizen.press("/affirm")
    assert appointment_of(stack, citizen.id).status == AppointmentStatus.booked


@pytest.mark.rasa
def test_checking_in_at_the_kiosk_with_the_reference(stack: Stack, schedule: None) -> None:
    citizen = Citizen(stack, "rom")
    citizen.say(BOOK["rom"])
    citizen.press('"roma_mediation"')
    citizen.press("|")
    citizen.say("na")
    citizen.press("/affirm")
    booked = appointment_of(stack, citizen.id)
    with Session(get_engine(stack.database_url)) as db:
        # Today, so that it can be checked in for.
        appointment = db.get(Appointment, booked.id)
        appointment.starts_at = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
        db.commit()
    kiosk = Citizen(stack, "rom")
    kiosk.say(f"avilem vash o rantevou, o kodikos si {booked.reference}")
    assert kiosk.texts() == [
        rendered(
            "utter_checked_in",
            "rom",
            service="roma_mediation",
            starts_at=appointment_of(stack, citizen.id).starts_at.isoformat(),
        )
    ]
    assert appointment_of(stack, citizen.id).status == AppointmentStatus.arrived
