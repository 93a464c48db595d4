"""The NLG endpoint renders every response in the conversation's language, sourced and dated."""

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from kiosk_api import config
from kiosk_api.config import REPO_DIR
from kiosk_api.i18n import day_and_time, full_date, month_year, number
from kiosk_api.main import create_app
from kiosk_api.nlg.service import RENDERERS, render
from knowledge import ASPECTS, load_programmes
from tests.conftest import fresh_database

LANGUAGES = ("el", "en", "ar", "rom")
# The letters each language is written in (Romani in Latin ones, as its catalog is). Most of every reply is in them: a
# few words of another script are expected (the Greek street of the centre's address, "ΤΕΒΑ", a link), never most.
CLOSED_THAT_DAY = "{day}: the centre is closed. These are the next free times for “{service}”. Which one suits you?"
FULL_THAT_DAY = "{day}: no free time. These are the next free times for “{service}”. Which one suits you?"
SCRIPTS = {"el": "GREEK", "en": "LATIN", "ar": "ARABIC", "rom": "LATIN"}
# Responses that are one catalog message with nothing filled in: the citizen reads exactly the catalog's translation.
PLAIN = {
    "utter_staff_joined": "A member of staff has joined the conversation and will answer you here.",
    "utter_you_are_welcome": "You are welcome! Is there anything else I can help you with?",
    "utter_continued_on_phone": (
        "This conversation now continues on your phone. Nothing of it is left on the kiosk screen."
    ),
    "utter_staff_transferred": "Your conversation has been passed to a colleague, who will answer you here.",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The hub on a migrated database of its own (the booking questions list the services it holds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", fresh_database("sqlite", tmp_path_factory.mktemp("nlg")))
        config.get_settings.cache_clear()
        yield TestClient(create_app())
    config.get_settings.cache_clear()


def in_script(text: str, language: str) -> float:
    """The share of a text's letters that are in its language's script."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(unicodedata.name(ch, "").startswith(SCRIPTS[language]) for ch in letters) / len(letters)


@cache
def catalog(language: str) -> dict[str, str]:
    """A language's translations as its .po file holds them, read apart from the hub's own gettext (none fuzzy: the
    compiled catalog leaves those out)."""
    with (REPO_DIR / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return {message.id: message.string for message in read_po(po) if message.string and not message.fuzzy}


def nlg(client: TestClient, response: str, language: str | None, **arguments: Any) -> dict[str, Any]:
    """Call the endpoint the way Rasa does."""
    body = {
        "response": response,
        "arguments": arguments,
        "tracker": {"sender_id": "x", "slots": {"language": language}, "latest_message": {}, "events": []},
        "channel": {"name": "rest"},
    }
    reply = client.post("/nlg", json=body)
    assert reply.status_code == 200
    return reply.json()


@pytest.fixture
def centre_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Saturday evening: every response has something to say. One says nothing while the centre is staffed (a
    message written to staff is "kept for them" only out of hours), and failed these tests on weekday mornings."""
    from kiosk_api.centre import service as centre

    monkeypatch.setattr(centre, "now", lambda: dt.datetime(2026, 11, 28, 20, 0, tzinfo=ZoneInfo("Europe/Athens")))


@pytest.mark.usefixtures("centre_closed")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("response", sorted(RENDERERS))
def test_every_response_renders_in_every_language(client: TestClient, response: str, language: str) -> None:
    reply = nlg(client, response, language, programme="teba", aspect="amounts")
    assert reply["text"].strip()
    assert "{" not in reply["text"], "an unfilled placeholder reached the citizen"
    assert in_script(reply["text"], language) > 0.5, f"not written in {SCRIPTS[language]} letters: {reply['text']}"
    for button in reply["buttons"]:
        # A payload is an intent, a hub or Telegram command, or a number answered as if typed (the estimate's).
        assert button["title"] and (button["payload"].startswith(("/", "hub:", "tg:")) or button["payload"].isdigit())


@pytest.mark.usefixtures("centre_closed")
@pytest.mark.parametrize("response", sorted(RENDERERS))
def test_every_response_reads_differently_in_each_language(client: TestClient, response: str) -> None:
    # English and Romani share their letters: only a text of its own tells a Romani reply from an English one.
    texts = {
        language: nlg(client, response, language, programme="teba", aspect="amounts")["text"] for language in LANGUAGES
    }
    assert len(set(texts.values())) == len(LANGUAGES), texts


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("response", sorted(PLAIN))
def test_a_plain_response_is_the_catalogs_translation(client: TestClient, response: str, language: str) -> None:
    source = PLAIN[response]
    translated = catalog(language).get(source)
    assert translated, f"the {language} catalog does not translate {source!r}"
    assert nlg(client, response, language)["text"] == translated
    if language != "en":
        assert translated != source


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("aspect", ASPECTS)
def test_a_programme_answer_is_in_the_language_sourced_dated_and_offers_staff(
    client: TestClient, language: str, aspect: str
) -> None:
    programme = load_programmes()["housing_allowance"]
    reply = nlg(client, "utter_programme_answer", language, programme="housing_allowance", aspect=aspect)
    text = reply["text"]
    assert programme.content[language].name in text
    assert programme.official_url in text
    assert month_year(programme.checked, language) in text
    payloads = [button["payload"] for button in reply["buttons"]]
    assert "/book_appointment" in payloads and "/request_human" in payloads


def test_the_answer_carries_the_asked_aspect(client: TestClient) -> None:
    content = load_programmes()["minimum_income"].content["en"]
    amounts = nlg(client, "utter_programme_answer", "en", programme="minimum_income", aspect="amounts")["text"]
    documents = nlg(client, "utter_programme_answer", "en", programme="minimum_income", aspect="documents")["text"]
    assert content.amounts in amounts and content.amounts not in documents
    assert all(document in documents for document in content.documents)


def test_arabic_is_answered_in_arabic(client: TestClient) -> None:
    text = nlg(client, "utter_programme_answer", "ar", programme="housing_allowance", aspect="summary")["text"]
    assert load_programmes()["housing_allowance"].content["ar"].summary in text
    assert sum("\u0600" <= ch <= "\u06ff" for ch in text) > 50


def test_drafts_say_they_are_unreviewed_and_reviewed_text_does_not(client: TestClient) -> None:
    greek = nlg(client, "utter_programme_answer", "el", programme="teba", aspect="summary")["text"]
    english = nlg(client, "utter_programme_answer", "en", programme="teba", aspect="summary")["text"]
    assert "native speaker" not in english
    assert "Romani" not in greek
    romani = nlg(client, "utter_programme_answer", "rom", programme="teba", aspect="summary")["text"]
    assert romani != english


def test_which_programme_offers_every_programme_keeping_the_aspect_and_a_person(client: TestClient) -> None:
    reply = nlg(client, "utter_ask_which_programme", "el", aspect="documents")
    *programmes, person = reply["buttons"]
    assert len(programmes) == len(load_programmes())
    assert all(button["payload"].startswith("/ask_documents{") for button in programmes)
    # "I need help" is asked which programme: a need none of them names goes to a person.
    assert person == {"title": "Μιλήστε με έναν άνθρωπο", "payload": "/request_human"}


def test_the_language_buttons_name_each_language_in_itself(client: TestClient) -> None:
    reply = nlg(client, "utter_choose_language", "en")
    assert [button["title"] for button in reply["buttons"]] == ["Ελληνικά", "English", "العربية", "Romani"]


def test_no_language_slot_uses_the_default_and_an_unknown_one_too(client: TestClient) -> None:
    greek = nlg(client, "utter_ask_rephrase", "el")["text"]
    assert nlg(client, "utter_ask_rephrase", None)["text"] == greek
    assert nlg(client, "utter_ask_rephrase", "xx")["text"] == greek


def test_an_unknown_response_or_programme_is_answered_not_crashed(client: TestClient) -> None:
    assert nlg(client, "utter_does_not_exist", "en")["text"]
    assert nlg(client, "utter_programme_answer", "en", programme="nope", aspect="bogus")["buttons"]


def test_a_malformed_request_is_a_json_error_not_a_crash(client: TestClient) -> None:
    reply = client.post("/nlg", content=b"not json", headers={"content-type": "application/json"})
    assert reply.status_code == 422
    assert reply.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("response", ["utter_ask_checkin_reference", "utter_ask_change_reference"])
def test_asking_for_a_reference_offers_a_person_to_whoever_has_none(response: str) -> None:
    # "I don't remember the code" must not loop on the same question: a person can always find the appointment.
    from kiosk_api.nlg.service import render

    reply = render(response=response, arguments={}, language="el")
    assert [(b["title"], b["payload"]) for b in reply["buttons"]] == [("Μιλήστε με έναν άνθρωπο", "/request_human")]


def test_a_caveat_comes_with_every_answer_it_concerns_and_only_those(client: TestClient) -> None:
    # The food card has no official list of documents: the documents answer must say so, as the amounts answer
    # says its amount is unconfirmed; neither repeats the other's caveat.
    documents = nlg(client, "utter_programme_answer", "en", programme="teba", aspect="documents")["text"]
    amounts = nlg(client, "utter_programme_answer", "en", programme="teba", aspect="amounts")["text"]
    assert "no official list of documents" in documents and "no official list of documents" not in amounts
    assert "not confirmed" in amounts


def test_the_centre_gives_every_published_phone_and_says_its_hours_are_usual(client: TestClient) -> None:
    # The municipality publishes four numbers and no hours (zografou.gov.gr): the hours are said as usual ones.
    text = nlg(client, "utter_centre_info", "en")["text"]
    for phone in ("210 778 5489", "210 778 4508", "210 770 6674", "210 778 9443"):
        assert phone in text
    assert "usually" in text
    greek = nlg(client, "utter_centre_info", "el")["text"]
    assert "συνήθως" in greek


def test_booking_messages_are_written_from_their_arguments_alone() -> None:
    """The message layer reads no database: the services it names and offers are those it is given (the NLG route
    and the appointments domain gather them), so a message renders the same wherever it is rendered."""
    from kiosk_api.nlg.booking import SERVICES
    from kiosk_api.nlg.service import render

    services = {
        "legal_aid": {"names": {"el": "Νομική συμβουλή", "en": "Legal advice"}, "active": True},
        "old_service": {"names": {"el": "Παλιά υπηρεσία", "en": "Old service"}, "active": False},
    }
    offered = render(response="utter_ask_booking_service", arguments={SERVICES: services}, language="el")
    assert [button["title"] for button in offered["buttons"]] == ["Νομική συμβουλή"]
    # A service with no name in the language is named in English; an appointment of a retired one still by name.
    booked = render(
        response="utter_appointment_booked",
        arguments={
            "reference": "K-1",
            "service": "old_service",
            "starts_at": "2026-12-07T09:00:00+00:00",
            SERVICES: services,
        },
        language="ar",
    )
    assert "Old service" in booked["text"]


def test_the_nlg_route_gives_booking_messages_the_centre_s_services(client: TestClient) -> None:
    """Rasa asks for the service question with no services in its arguments: the route adds the centre's own, as
    its database holds them (copied from knowledge/services.yaml into a new one: those the centre's file lists)."""
    from knowledge import load_centre
    from knowledge.loader import load_services

    offered = nlg(client, "utter_ask_booking_service", "en")
    centre = load_centre(config.get_settings().centre_id)
    assert sorted(button["title"] for button in offered["buttons"]) == sorted(
        service.names["en"] for service in load_services().values() if service.id in centre.services
    )


def test_the_details_read_back_before_booking_are_not_separated_by_a_greek_question_mark() -> None:
    # Found by an independent try: the Greek read-back joined service, time, name and phone with ";", which Greek
    # reads as a question mark.
    arguments = {"service": "social_work", "starts_at": "2026-12-07T08:00:00+00:00", "name": "Ελένη", "phone": "+30691"}
    text = render(response="utter_ask_booking_confirmed", arguments=arguments, language="el")["text"]
    assert text.count(";") == 1 and text.rstrip().endswith(";")  # only the question itself


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_consent_question_after_a_typed_time_says_the_time_taken(client: TestClient, language: str) -> None:
    # Found by an independent try: a free time typed was taken at once, and the next question said nothing of it.
    chosen = "2026-12-10T08:00:00+00:00"
    plain = nlg(client, "utter_ask_booking_consent", language)["text"]
    told = nlg(client, "utter_ask_booking_consent", language, chosen=chosen)["text"]
    taken = day_and_time(dt.datetime.fromisoformat(chosen).astimezone(ZoneInfo("Europe/Athens")), language)
    assert told.startswith(taken) and told.endswith(plain)
    assert "{" not in told and in_script(told, language) > 0.5


@pytest.mark.parametrize(("language", "month"), [("el", "Ιαν"), ("en", "Jan"), ("ar", "يناير"), ("rom", "Januaro")])
def test_each_time_button_names_its_month(client: TestClient, language: str, month: str) -> None:
    # Found by an independent try: asked for 7 January, the buttons said "Monday 7" and nothing of the month, the
    # same as a Monday 7 in December would.
    slots = [{"starts_at": "2027-01-07T07:00:00+00:00", "value": "2027-01-07T07:00:00+00:00|1"}]
    reply = nlg(client, "utter_ask_booking_time", language, service="social_work", slots=slots)
    [time_button] = [b for b in reply["buttons"] if "09:00" in b["title"]]
    assert month in time_button["title"] and "7" in time_button["title"]


def test_an_arabic_time_button_uses_the_arabic_comma(client: TestClient) -> None:
    # Found by an independent try: "الاثنين 7 ديسمبر, 08:00", with a Latin comma.
    slots = [{"starts_at": "2026-12-07T06:00:00+00:00", "value": "2026-12-07T06:00:00+00:00|1"}]
    reply = nlg(client, "utter_ask_booking_time", "ar", service="social_work", slots=slots)
    [time_button] = [b for b in reply["buttons"] if "08:00" in b["title"]]
    assert "،" in time_button["title"] and "," not in time_button["title"], time_button["title"]


@pytest.mark.parametrize(
    ("language", "day"), [("el", "Πέμπτη"), ("en", "Thursday"), ("ar", "الخميس"), ("rom", "Zhoja")]
)
def test_the_times_to_move_to_say_first_when_the_appointment_is(client: TestClient, language: str, day: str) -> None:
    # Asked to move it straight away ("thelw na allaksw to rantevou"), the person has not been shown it.
    slots = [{"starts_at": "2026-12-14T06:00:00+00:00", "value": "2026-12-14T06:00:00+00:00|1"}]
    arguments = {"service": "social_work", "slots": slots, "moving": True}
    plain = nlg(client, "utter_ask_booking_time", language, **arguments)["text"]
    told = nlg(client, "utter_ask_booking_time", language, **arguments, moving_from="2026-12-24T08:00:00+00:00")["text"]
    assert told.endswith(plain) and day in told.removesuffix(plain) and "10:00" in told.removesuffix(plain)


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_shown_for_a_day_asked_that_has_none_say_that_day_is_full(client: TestClient, language: str) -> None:
    # Found by an independent try: "move it to friday morning" showed Monday's times, and nothing said why.
    slots = [{"starts_at": "2026-12-14T06:00:00+00:00", "value": "2026-12-14T06:00:00+00:00|1"}]
    plain = nlg(client, "utter_ask_booking_time", language, service="social_work", slots=slots)["text"]
    told = nlg(
        client, "utter_ask_booking_time", language, service="social_work", slots=slots, day_without_times="2026-12-11"
    )["text"]
    assert full_date(dt.date(2026, 12, 11), language) in told
    assert told != plain and "{" not in told
    assert in_script(told, language) > 0.5


# How each language names Christmas Day.
HOLIDAY = {"el": "Χριστούγεννα", "en": "Christmas Day", "ar": "عيد الميلاد", "rom": "Krechuno"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("closed", ["2026-12-12", "2026-12-25"])  # a Saturday; Christmas Day, a Friday
def test_times_shown_for_a_day_the_centre_is_closed_say_it_is_closed(
    client: TestClient, language: str, closed: str
) -> None:
    # Found by an independent try: Saturday and Christmas Day were called "no free time", as if someone had taken
    # every appointment; a person then tries the next Saturday.
    slots = [{"starts_at": "2026-12-14T06:00:00+00:00", "value": "2026-12-14T06:00:00+00:00|1"}]
    told = nlg(client, "utter_ask_booking_time", language, service="social_work", slots=slots, day_without_times=closed)
    full = nlg(
        client, "utter_ask_booking_time", language, service="social_work", slots=slots, day_without_times="2026-12-11"
    )

    def first_sentence(template: str, day: str) -> str:
        return (catalog(language).get(template) or template).replace("{day}", day).split(".")[0]

    said = re.sub(r" \([^)]*\):", ":", told["text"], count=1)  # the holiday's name: the next test
    assert said.startswith(first_sentence(CLOSED_THAT_DAY, full_date(dt.date.fromisoformat(closed), language)))
    assert full["text"].startswith(first_sentence(FULL_THAT_DAY, full_date(dt.date(2026, 12, 11), language)))


@pytest.mark.parametrize(("language", "holiday"), HOLIDAY.items())
def test_a_public_holiday_asked_for_is_named(client: TestClient, language: str, holiday: str) -> None:
    # Found by an independent try: 25 December was "closed" with no word of why; a person may think the centre shut.
    slots = [{"starts_at": "2026-12-28T06:00:00+00:00", "value": "2026-12-28T06:00:00+00:00|1"}]
    christmas = nlg(
        client, "utter_ask_booking_time", language, service="social_work", slots=slots, day_without_times="2026-12-25"
    )
    saturday = nlg(
        client, "utter_ask_booking_time", language, service="social_work", slots=slots, day_without_times="2026-12-12"
    )
    assert holiday in christmas["text"].split(".")[0]
    assert holiday not in saturday["text"] and "(" not in saturday["text"].split(".")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_times_shown_for_a_time_not_free_or_a_day_too_far_ahead_say_so(client: TestClient, language: str) -> None:
    # Found by a third independent try: "monday at half past ten" showed Monday's times with no word that 10:30 was
    # not one of them; 6 January, beyond the booking horizon, was called "no free time" above December's times.
    slots = [{"starts_at": "2026-12-14T06:00:00+00:00", "value": "2026-12-14T06:00:00+00:00|1"}]
    base = {"service": "social_work", "slots": slots}
    plain = nlg(client, "utter_ask_booking_time", language, **base)["text"]
    not_free = nlg(client, "utter_ask_booking_time", language, **base, time_not_free="2026-12-14T08:30:00+00:00")
    too_far = nlg(client, "utter_ask_booking_time", language, **base, day_too_far="2027-01-06")["text"]
    assert "10:30" in not_free["text"] and not_free["text"] != plain
    assert full_date(dt.date(2027, 1, 6), language) in too_far and too_far != plain
    assert number(28, language) in too_far  # the horizon, in days
    for text in (not_free["text"], too_far):
        assert "{" not in text and in_script(text, language) > 0.5


@pytest.mark.parametrize("language", ["en", "el"])
def test_a_no_to_the_danger_question_while_the_centre_is_closed_promises_nobody_here_now(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # Named by an earlier try: on a Saturday evening "our staff and our psychologist are here for you" promised
    # somebody who was not there.
    from kiosk_api.centre import service as centre

    saturday_evening = dt.datetime(2026, 11, 28, 20, 0, tzinfo=ZoneInfo("Europe/Athens"))
    monkeypatch.setattr(centre, "now", lambda: saturday_evening)
    text = render(response="utter_not_in_danger", arguments={}, language=language)["text"]
    here_for_you = {"en": "are here for you", "el": "είναι εδώ για εσάς"}[language]
    assert here_for_you not in text
    assert day_and_time(dt.datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo("Europe/Athens")), language) in text
    # When it opens, not that someone "will answer": nothing was passed to staff (a second independent try).
    will_answer = {"en": "will answer", "el": "θα απαντήσει"}[language]
    assert will_answer not in text, text
    monkeypatch.setattr(centre, "now", lambda: dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Athens")))
    assert here_for_you in render(response="utter_not_in_danger", arguments={}, language=language)["text"]


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_someone_without_a_reference_is_not_offered_a_second_booking(language: str) -> None:
    # Found by helper-97's try: under "without the reference staff find your appointment by name and phone", a
    # "Book an appointment" button booked a second appointment beside the one made by phone.
    reply = render(response="utter_no_reference", arguments={}, language=language)
    assert [button["payload"] for button in reply["buttons"]] == ["/request_human"]


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "it is not one of the programmes", "they are not among the programmes"),
        ("el", "δεν είναι ένα από τα προγράμματα", "δεν είναι από τα προγράμματα"),
    ],
)
def test_two_benefits_without_information_are_spoken_of_as_two(language: str, one: str, two: str) -> None:
    # Named by helper-97's try: "the heating allowance and the pension for the uninsured elderly: it is not one of
    # the programmes I know".
    alone = render(response="utter_no_information_on", arguments={"benefit": "heating_allowance"}, language=language)
    both = render(
        response="utter_no_information_on",
        arguments={"benefit": ["heating_allowance", "uninsured_elderly_pension"]},
        language=language,
    )
    assert one in alone["text"] and two not in alone["text"]
    assert two in both["text"] and one not in both["text"]


@pytest.mark.parametrize("language", ["en", "rom"])
def test_a_booking_at_the_kiosk_without_a_phone_is_not_told_to_write_in_a_conversation_the_screen_forgets(
    client: TestClient, language: str
) -> None:
    # Found by an independent try: at the kiosk, "to change it, write to us here, in this conversation", which the
    # screen forgets when the person leaves.
    booked = {"reference": "K7P3QD", "service": "social_work", "starts_at": "2026-12-07T09:00:00+00:00"}
    at_the_kiosk = nlg(client, "utter_appointment_booked", language, without_phone=True, channel="kiosk", **booked)
    on_telegram = nlg(client, "utter_appointment_booked", language, without_phone=True, channel="telegram", **booked)
    assert at_the_kiosk["text"] != on_telegram["text"]
    assert "K7P3QD" in at_the_kiosk["text"] and "210" in at_the_kiosk["text"]  # the centre's phone
    if language == "en":
        assert "in this conversation" not in at_the_kiosk["text"] and "in this conversation" in on_telegram["text"]


def test_an_appointment_checked_in_today_has_not_taken_place(monkeypatch: pytest.MonkeyPatch) -> None:
    # From an independent try: checked in at 10:00 for 13:00, the person asked about the appointment and was told it
    # "has taken place"; they were still waiting to be called.
    from kiosk_api.centre import service as centre

    athens = ZoneInfo("Europe/Athens")
    monkeypatch.setattr(centre, "now", lambda: dt.datetime(2026, 11, 24, 10, 0, tzinfo=athens))
    about = {"reference": "K7P2QX", "service": "social_work", "status": "arrived"}
    today = render(
        response="utter_appointment_not_booked",
        arguments={**about, "starts_at": dt.datetime(2026, 11, 24, 13, 0, tzinfo=athens).isoformat()},
        language="en",
    )["text"]
    assert "has taken place" not in today
    assert today.startswith("You have checked in for your appointment"), today
    earlier = render(
        response="utter_appointment_not_booked",
        arguments={**about, "starts_at": dt.datetime(2026, 11, 20, 13, 0, tzinfo=athens).isoformat()},
        language="en",
    )["text"]
    assert "has taken place" in earlier


@pytest.mark.parametrize("kept_for_staff", [False, True])
def test_forgetting_on_telegram_says_the_chat_on_the_phone_stays_until_deleted(kept_for_staff: bool) -> None:
    # From an independent try: a teenager's /forget said "everything is erased", and the chat about the stepfather
    # stayed on the phone (a bot cannot delete it there).
    text = render(response="utter_forgotten", arguments={"kept_for_staff": kept_for_staff}, language="en")["text"]
    assert "delete this chat" in text, text
