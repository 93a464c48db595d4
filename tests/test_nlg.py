"""The NLG endpoint renders every response in the conversation's language, sourced and dated."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kiosk_api import config
from kiosk_api.i18n import month_year
from kiosk_api.main import create_app
from kiosk_api.nlg.service import RENDERERS
from knowledge import ASPECTS, load_programmes
from tests.conftest import fresh_database

LANGUAGES = ("el", "en", "ar", "rom")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The hub on a migrated database of its own (the booking questions list the services it holds)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", fresh_database("sqlite", tmp_path_factory.mktemp("nlg")))
        config.get_settings.cache_clear()
        yield TestClient(create_app())
    config.get_settings.cache_clear()


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


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("response", sorted(RENDERERS))
def test_every_response_renders_in_every_language(client: TestClient, response: str, language: str) -> None:
    reply = nlg(client, response, language, programme="teba", aspect="amounts")
    assert reply["text"].strip()
    assert "{" not in reply["text"], "an unfilled placeholder reached the citizen"
    for button in reply["buttons"]:
        # A payload is an intent, a hub or Telegram command, or a number answered as if typed (the estimate's).
        assert button["title"] and (button["payload"].startswith(("/", "hub:", "tg:")) or button["payload"].isdigit())


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


def test_which_programme_offers_every_programme_keeping_the_aspect(client: TestClient) -> None:
    reply = nlg(client, "utter_ask_which_programme", "el", aspect="documents")
    assert len(reply["buttons"]) == len(load_programmes())
    assert all(button["payload"].startswith("/ask_documents{") for button in reply["buttons"])


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
    its database holds them (copied from knowledge/services.yaml into a new one)."""
    from knowledge.loader import load_services

    offered = nlg(client, "utter_ask_booking_service", "en")
    assert sorted(button["title"] for button in offered["buttons"]) == sorted(
        service.names["en"] for service in load_services().values()
    )
