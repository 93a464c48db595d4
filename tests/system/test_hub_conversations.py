"""The hub's citizen API: conversations, stored messages, tokens, bad input, and Rasa being down."""

import json
import re
from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient

from kiosk_api.conversations.schemas import MAX_TEXT
from kiosk_api.nlg.service import render
from tests.conftest import fresh_database
from tests.hostile import HOSTILE, MEGABYTE, as_stored
from tools.stack import Stack, free_port


def start(client: TestClient, language: str = "el", channel: str = "kiosk") -> tuple[str, dict[str, str]]:
    created = client.post("/api/conversations", json={"channel": channel, "language": language})
    assert created.status_code == 201
    body = created.json()
    assert body["language"] == language
    return body["id"], {"Authorization": f"Bearer {body['token']}"}


@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_with_rasa_down_the_message_is_kept_and_a_person_offered_in_the_language(
    hub: Callable[..., TestClient], language: str
) -> None:
    client = hub()
    conversation, auth = start(client, language)
    turn = client.post(f"/api/conversations/{conversation}/messages", json={"text": "hello?"}, headers=auth)
    assert turn.status_code == 200
    notice = render(response="utter_assistant_unavailable", arguments={}, language=language)
    assert [message["text"] for message in turn.json()["messages"]] == [notice["text"]]
    assert "/request_human" in [button["payload"] for button in turn.json()["messages"][0]["buttons"]]
    transcript = client.get(f"/api/conversations/{conversation}/messages", headers=auth).json()["messages"]
    assert [(m["sender"], m["text"]) for m in transcript] == [("citizen", "hello?"), ("system", notice["text"])]


def test_the_after_cursor_returns_only_newer_messages(hub: Callable[..., TestClient]) -> None:
    client = hub()
    conversation, auth = start(client)
    client.post(f"/api/conversations/{conversation}/messages", json={"text": "one"}, headers=auth)
    first = client.get(f"/api/conversations/{conversation}/messages", headers=auth).json()["messages"]
    client.post(f"/api/conversations/{conversation}/messages", json={"text": "two"}, headers=auth)
    newer = client.get(
        f"/api/conversations/{conversation}/messages", params={"after": first[-1]["id"]}, headers=auth
    ).json()["messages"]
    assert [m["text"] for m in newer if m["sender"] == "citizen"] == ["two"]
    assert all(m["id"] > first[-1]["id"] for m in newer)


def test_a_token_reaches_its_own_conversation_and_nothing_else(hub: Callable[..., TestClient]) -> None:
    client = hub()
    mine, my_auth = start(client)
    theirs, their_auth = start(client)
    client.post(f"/api/conversations/{theirs}/messages", json={"text": "private"}, headers=their_auth)
    for headers in (
        my_auth,
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": their_auth["Authorization"][7:]},
    ):
        answer = client.get(f"/api/conversations/{theirs}/messages", headers=headers)
        assert answer.status_code == 404
        assert answer.json()["error"]["code"] == "conversation_not_found"
    assert client.post(f"/api/conversations/{theirs}/messages", json={"text": "x"}, headers=my_auth).status_code == 404
    assert client.delete(f"/api/conversations/{theirs}", headers=my_auth).status_code == 404
    assert client.get(f"/api/conversations/{mine}/messages", headers=my_auth).status_code == 200


@pytest.mark.parametrize(
    "body",
    [{"text": "x" * (MAX_TEXT + 1)}, {"payload": "/x" * 1001}, {"text": ""}, {"text": "   "}, {}, {"text": 42}],
)
def test_bad_messages_get_a_clear_json_error_and_nothing_breaks(hub: Callable[..., TestClient], body: dict) -> None:
    client = hub()
    conversation, auth = start(client)
    answer = client.post(f"/api/conversations/{conversation}/messages", json=body, headers=auth)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_request"
    assert client.get(f"/api/conversations/{conversation}/messages", headers=auth).json()["messages"] == []


@pytest.mark.parametrize("text", [*HOSTILE.values(), MEGABYTE], ids=[*HOSTILE, "a megabyte"])
def test_hostile_text_is_stored_whole_and_exactly(hub: Callable[..., TestClient], text: str) -> None:
    client = hub()
    conversation, auth = start(client)
    # Sent as JSON escapes, as a browser does: a broken character cannot even be written as UTF-8.
    body = json.dumps({"text": text})
    headers = {**auth, "Content-Type": "application/json"}
    sent = client.post(f"/api/conversations/{conversation}/messages", content=body, headers=headers)
    assert sent.status_code == 200
    [stored, *_] = client.get(f"/api/conversations/{conversation}/messages", headers=auth).json()["messages"]
    assert stored["text"] == as_stored(text)


def test_broken_utf8_gets_a_clear_error_and_nothing_is_half_stored(hub: Callable[..., TestClient]) -> None:
    client = hub()
    conversation, auth = start(client)
    broken = b'{"text": "caf\xc3 \xff\xfe"}'
    answer = client.post(
        f"/api/conversations/{conversation}/messages",
        content=broken,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_request"
    assert client.get(f"/api/conversations/{conversation}/messages", headers=auth).json()["messages"] == []


def test_a_citizen_can_erase_the_conversation(hub: Callable[..., TestClient]) -> None:
    client = hub()
    conversation, auth = start(client)
    client.post(f"/api/conversations/{conversation}/messages", json={"text": "my name is Maria"}, headers=auth)
    assert client.delete(f"/api/conversations/{conversation}", headers=auth).status_code == 204
    assert client.get(f"/api/conversations/{conversation}/messages", headers=auth).status_code == 404


def test_an_unknown_channel_or_language_is_refused(hub: Callable[..., TestClient]) -> None:
    client = hub()
    for body in ({"channel": "fax", "language": "el"}, {"channel": "kiosk", "language": "fr"}, {}):
        answer = client.post("/api/conversations", json=body)
        assert answer.status_code == 422 and answer.json()["error"]["code"] == "invalid_request"


@pytest.mark.rasa
@pytest.mark.parametrize(
    ("language", "question", "programme"),
    [
        ("el", "τι χαρτιά θέλει το επίδομα ενοικίου;", "housing_allowance"),
        ("en", "what documents do I need for the rent allowance?", "housing_allowance"),
        ("ar", "شو الأوراق المطلوبة لبدل الإيجار؟", "housing_allowance"),
        ("rom", "save lila trubun vash o epidoma enikiou?", "housing_allowance"),
    ],
)
def test_through_the_hub_the_bot_answers_and_every_message_is_stored(
    stack: Stack, language: str, question: str, programme: str
) -> None:
    created = httpx.post(f"{stack.api_url}/api/conversations", json={"channel": "web", "language": language}).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    answer = httpx.post(
        f"{stack.api_url}/api/conversations/{created['id']}/messages", json={"text": question}, headers=auth, timeout=30
    )
    turn = answer.json()
    # Operators see how much of the turn was the bot and how much the hub (in milliseconds).
    timing = dict(re.findall(r"(\w+);dur=([\d.]+)", answer.headers["Server-Timing"]))
    assert float(timing["bot"]) > 0 and float(timing["hub"]) >= 0
    expected = render(
        response="utter_programme_answer", arguments={"programme": programme, "aspect": "documents"}, language=language
    )
    assert [m["text"] for m in turn["messages"]] == [expected["text"]]
    assert turn["language"] == language and turn["state"] == "bot"
    transcript = httpx.get(f"{stack.api_url}/api/conversations/{created['id']}/messages", headers=auth).json()
    assert [m["sender"] for m in transcript["messages"]] == ["citizen", "bot"]


@pytest.mark.rasa
def test_the_hub_follows_the_bot_when_the_person_switches_language(stack: Stack) -> None:
    created = httpx.post(f"{stack.api_url}/api/conversations", json={"channel": "kiosk", "language": "el"}).json()
    auth = {"Authorization": f"Bearer {created['token']}"}
    turn = httpx.post(
        f"{stack.api_url}/api/conversations/{created['id']}/messages",
        json={"payload": '/change_language{"language":"ar"}'},
        headers=auth,
        timeout=30,
    ).json()
    assert turn["language"] == "ar"
    assert turn["messages"][0]["text"] == render(response="utter_language_changed", arguments={}, language="ar")["text"]


@pytest.mark.rasa
def test_with_the_action_server_down_the_citizen_is_told_and_offered_a_person(stack: Stack, tmp_path) -> None:
    # A second Rasa and hub with no action server behind them; the shared stack keeps running for other tests.
    broken = Stack(
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=tmp_path,
        database_url=fresh_database("sqlite", tmp_path),
    )
    broken.start_api()
    broken.start_rasa()
    try:
        broken.wait_ready()
        created = httpx.post(f"{broken.api_url}/api/conversations", json={"channel": "web", "language": "ar"}).json()
        auth = {"Authorization": f"Bearer {created['token']}"}
        turn = httpx.post(
            f"{broken.api_url}/api/conversations/{created['id']}/messages",
            json={"text": "شو الأوراق المطلوبة لبدل الإيجار؟"},
            headers=auth,
            timeout=60,
        ).json()
    finally:
        broken.stop_all()
    notice = render(response="utter_assistant_unavailable", arguments={}, language="ar")
    assert [m["text"] for m in turn["messages"]] == [notice["text"]]
    assert "/request_human" in [button["payload"] for button in turn["messages"][0]["buttons"]]
