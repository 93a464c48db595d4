"""Handing a conversation to a caseworker and back, with the real model; claims that never collide."""

import threading
from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Conversation
from kiosk_api.database import get_engine
from kiosk_api.handoff import service as handoffs
from kiosk_api.nlg.service import render
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from tests.citizen import kept_for_staff
from tests.conftest import PASSWORD
from tools.stack import Stack

ASK_FOR_A_PERSON = {
    "el": "θέλω να μιλήσω με έναν άνθρωπο",
    "en": "I want to talk to a real person please",
    "ar": "بدي احكي مع موظف حقيقي",
    "rom": "mangav te vakerav jekhe manushesa",
}
PROGRAMME_QUESTION = {
    "el": "τι χαρτιά θέλει το επίδομα ενοικίου;",
    "en": "what documents do I need for the rent allowance?",
    "ar": "شو الأوراق المطلوبة لبدل الإيجار؟",
    "rom": "save lila trubun vash o epidoma enikiou?",
}


@pytest.mark.rasa
@pytest.mark.parametrize("language", ["el", "en", "ar", "rom"])
def test_a_person_asks_for_staff_a_caseworker_answers_and_gives_the_conversation_back(
    stack: Stack, caseworker: httpx.Client, language: str
) -> None:
    citizen = httpx.Client(base_url=stack.api_url, timeout=30)
    created = citizen.post("/api/conversations", json={"channel": "kiosk", "language": language}).json()
    citizen.headers["Authorization"] = f"Bearer {created['token']}"
    messages = f"/api/conversations/{created['id']}/messages"

    turn = citizen.post(messages, json={"text": ASK_FOR_A_PERSON[language]}).json()
    assert turn["state"] == "waiting"
    [told] = turn["messages"]
    # The place in the queue, while staff are in (out of hours the kiosk is told when they will read it instead).
    position = next((int(word) for word in told["text"].replace(".", " ").split() if word.isdigit()), 1)
    waiting = {"position": position, "channel": "kiosk"}
    assert told["text"] == render(response="utter_handoff_waiting", arguments=waiting, language=language)["text"]

    queue = caseworker.get("/api/handoffs", params={"status": "waiting"}).json()
    mine = next(h for h in queue if h["conversation_id"] == created["id"])
    assert mine["language"] == language and mine["channel"] == "kiosk" and mine["reason"] == "requested"
    detail = caseworker.get(f"/api/handoffs/{mine['id']}").json()
    assert ASK_FOR_A_PERSON[language] in [line["text"] for line in detail["summary"]]

    still_here = citizen.post(messages, json={"text": "είμαι ακόμα εδώ / still here"}).json()["messages"]
    assert [message["text"] for message in still_here] == kept_for_staff(language, "kiosk")
    assert caseworker.post(f"/api/handoffs/{mine['id']}/claim").status_code == 200
    assert (
        caseworker.post(f"/api/handoffs/{mine['id']}/notes", json={"text": "needs an interpreter?"}).status_code == 201
    )
    last_seen = citizen.get(messages).json()["messages"][-1]["id"]
    assert (
        caseworker.post(f"/api/handoffs/{mine['id']}/messages", json={"text": "Καλημέρα, είμαι η Μαρία."}).status_code
        == 201
    )
    new = citizen.get(messages, params={"after": last_seen}).json()["messages"]
    assert [(m["sender"], m["text"]) for m in new] == [("staff", "Καλημέρα, είμαι η Μαρία.")]
    assert "needs an interpreter?" not in str(citizen.get(messages).json())

    assert caseworker.post(f"/api/handoffs/{mine['id']}/resolve", json={"return_to_bot": True}).status_code == 200
    answer = citizen.post(messages, json={"text": PROGRAMME_QUESTION[language]}).json()
    assert answer["state"] == "bot"
    expected = render(
        response="utter_programme_answer",
        arguments={"programme": "housing_allowance", "aspect": "documents"},
        language=language,
    )
    assert [m["text"] for m in answer["messages"]] == [expected["text"]]


@pytest.mark.rasa
def test_staff_without_a_session_or_reason_cannot_read_a_conversation(stack: Stack, caseworker: httpx.Client) -> None:
    assert httpx.get(f"{stack.api_url}/api/handoffs").status_code == 401
    assert httpx.get(f"{stack.api_url}/api/handoffs/1").status_code == 401


def test_simultaneous_claims_give_a_handoff_to_exactly_one_caseworker(
    hub: Callable[..., TestClient], database_url: str
) -> None:
    client = hub()
    created = client.post("/api/conversations", json={"channel": "web", "language": "el"}).json()
    engine = get_engine(database_url)
    with Session(engine) as db:
        handoff = handoffs.open_handoff(db=db, conversation=db.get(Conversation, created["id"]), reason="requested")
        members = [
            staff.create_member(
                db=db, email=f"cw{i}@kentro.example", name=f"CW {i}", role=Role.caseworker, password=PASSWORD
            )
            for i in range(10)
        ]
        handoff_id, member_ids = handoff.id, [member.id for member in members]
    start = threading.Barrier(len(member_ids))
    results: list[bool] = []

    def claim(member_id: int) -> None:
        with Session(engine) as db:
            member = staff.get_member(db=db, member_id=member_id)
            target = handoffs.get_handoff(db=db, handoff_id=handoff_id)
            start.wait()
            results.append(handoffs.claim(db=db, handoff=target, member=member))

    threads = [threading.Thread(target=claim, args=(member_id,)) for member_id in member_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1 and len(results) == len(member_ids)
    with Session(engine) as db:
        assert handoffs.get_handoff(db=db, handoff_id=handoff_id).assigned_to in member_ids


@pytest.mark.rasa
def test_two_misunderstandings_in_a_row_hand_the_conversation_to_staff(stack: Stack, caseworker: httpx.Client) -> None:
    citizen = httpx.Client(base_url=stack.api_url, timeout=30)
    created = citizen.post("/api/conversations", json={"channel": "web", "language": "en"}).json()
    citizen.headers["Authorization"] = f"Bearer {created['token']}"
    messages = f"/api/conversations/{created['id']}/messages"
    first = citizen.post(messages, json={"payload": "/nlu_fallback"}).json()
    assert [m["text"] for m in first["messages"]] == [
        render(response="utter_ask_rephrase", arguments={}, language="en")["text"]
    ]
    second = citizen.post(messages, json={"payload": "/nlu_fallback"}).json()
    assert second["state"] == "waiting"
    queue = caseworker.get("/api/handoffs", params={"status": "waiting"}).json()
    assert next(h for h in queue if h["conversation_id"] == created["id"])["reason"] == "fallback"


def test_a_claim_a_colleague_won_is_told_so_with_409(hub: Callable[..., TestClient], database_url: str) -> None:
    client = hub()
    created = client.post("/api/conversations", json={"channel": "kiosk", "language": "ar"}).json()
    with Session(get_engine(database_url)) as db:
        handoff_id = handoffs.open_handoff(
            db=db, conversation=db.get(Conversation, created["id"]), reason="requested"
        ).id
        for name in ("first", "second"):
            staff.create_member(
                db=db, email=f"{name}@kentro.example", name=name, role=Role.caseworker, password=PASSWORD
            )
    first, second = hub(), hub()
    first.post("/api/staff/login", json={"email": "first@kentro.example", "password": PASSWORD})
    second.post("/api/staff/login", json={"email": "second@kentro.example", "password": PASSWORD})
    assert first.post(f"/api/handoffs/{handoff_id}/claim").status_code == 200
    late = second.post(f"/api/handoffs/{handoff_id}/claim")
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "already_claimed"


def test_people_who_left_the_kiosk_do_not_count_in_a_newcomers_place_in_the_queue(
    hub: Callable[..., TestClient], database_url: str
) -> None:
    client = hub()
    walked_away = client.post("/api/conversations", json={"channel": "kiosk", "language": "el"}).json()
    gone = {"Authorization": f"Bearer {walked_away['token']}"}
    client.post(f"/api/conversations/{walked_away['id']}/handoff", headers=gone)
    client.delete(f"/api/conversations/{walked_away['id']}", headers=gone)  # the screen cleared; staff still see it
    newcomer = client.post("/api/conversations", json={"channel": "kiosk", "language": "el"}).json()
    client.post(
        f"/api/conversations/{newcomer['id']}/handoff", headers={"Authorization": f"Bearer {newcomer['token']}"}
    )
    with Session(get_engine(database_url)) as db:
        waiting = handoffs.list_handoffs(db=db)
        assert len(waiting) == 2, "the handoff of the person who left was erased"
        assert handoffs.queue_position(db=db, handoff=waiting[-1]) == 1
