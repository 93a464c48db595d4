"""Live updates and ordering on the running system: staff watch the queue change, a citizen receives a reply as it
is written, and messages sent at once are answered in the order they were stored, also by two API processes
sharing one PostgreSQL database."""

import json
import os
import queue
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Message, Sender
from kiosk_api.database import get_engine
from tests.citizen import kept_for_staff
from tests.conftest import fresh_database
from tests.system.test_handoff import ASK_FOR_A_PERSON
from tools.stack import Stack, free_port

WAIT_SECONDS = 20
QUESTIONS = [
    "what is TEBA food aid?",
    "how much is the minimum guaranteed income?",
    "what documents do I need for the housing allowance?",
    "how do I apply for the housing allowance?",
    "who can get the minimum guaranteed income?",
    "what are your opening hours?",
    "where is the community centre?",
    "how do I apply for TEBA?",
]


class EventStream:
    """Server-sent events read in a background thread, the way a browser's EventSource would."""

    def __init__(self, client: httpx.Client, path: str, headers: dict[str, str] | None = None) -> None:
        self.events: queue.Queue[dict[str, Any]] = queue.Queue()
        self.opened = threading.Event()
        self.status: int | None = None
        self._closing = False
        self._thread = threading.Thread(target=self._read, args=(client, path, headers or {}), daemon=True)
        self._thread.start()
        assert self.opened.wait(WAIT_SECONDS), f"{path} did not answer"

    def _read(self, client: httpx.Client, path: str, headers: dict[str, str]) -> None:
        with client.stream("GET", path, headers=headers, timeout=httpx.Timeout(10, read=None)) as response:
            self.status = response.status_code
            self.opened.set()
            event: dict[str, Any] = {}
            try:
                for line in response.iter_lines():
                    if self._closing:
                        return
                    field, _, value = line.partition(": ")
                    if field in ("id", "event"):
                        event[field] = value
                    elif field == "data":
                        event["data"] = json.loads(value)
                    elif not line and "data" in event:
                        self.events.put(event)
                        event = {}
            except httpx.HTTPError:
                return

    def next(self, matching: Any = lambda event: True) -> dict[str, Any]:
        """Return the next event that matches, waiting for it."""
        while True:
            event = self.events.get(timeout=WAIT_SECONDS)
            if matching(event):
                return event

    def close(self) -> None:
        self._closing = True


def citizen_of(stack_url: str, language: str) -> tuple[httpx.Client, str]:
    citizen = httpx.Client(base_url=stack_url, timeout=60)
    created = citizen.post("/api/conversations", json={"channel": "web", "language": language}).json()
    citizen.headers["Authorization"] = f"Bearer {created['token']}"
    return citizen, created["id"]


@pytest.mark.rasa
def test_staff_see_the_queue_change_live_and_the_citizen_receives_the_reply_live(
    stack: Stack, caseworker: httpx.Client
) -> None:
    board = EventStream(caseworker, "/api/handoffs/events")
    citizen, conversation_id = citizen_of(stack.api_url, "ar")
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": ASK_FOR_A_PERSON["ar"]})

    def mine(event: dict[str, Any]) -> bool:
        return (event["data"]["handoff"] or {}).get("conversation_id") == conversation_id  # null: erased since

    opened = board.next(mine)
    assert opened["event"] == "queue" and opened["data"]["kind"] == "opened"
    assert opened["data"]["handoff"]["language"] == "ar" and opened["data"]["handoff"]["status"] == "waiting"
    handoff_id = opened["data"]["handoff"]["id"]

    inbox = EventStream(citizen, f"/api/conversations/{conversation_id}/events")
    citizen.post(f"/api/conversations/{conversation_id}/messages", json={"text": "هل من أحد؟"})
    assert board.next(mine)["data"]["kind"] == "message"
    assert caseworker.post(f"/api/handoffs/{handoff_id}/claim").status_code == 200
    assert board.next(mine)["data"]["kind"] == "claimed"
    caseworker.post(f"/api/handoffs/{handoff_id}/messages", json={"text": "مرحبا، أنا ماريا"})
    # Out of hours the citizen's message is answered once that it is kept (by the real clock).
    told = kept_for_staff("ar")
    received = [inbox.next()["data"] for _ in range(3 + len(told))]
    assert (received[0]["sender"], received[0]["text"]) == ("citizen", "هل من أحد؟")
    assert [m["text"] for m in received[1 : 1 + len(told)]] == told
    assert [m["sender"] for m in received[1 + len(told) :]] == ["system", "staff"]
    assert received[-1]["text"] == "مرحبا، أنا ماريا"

    # A console that reconnects with the id of the last event it saw misses nothing.
    again = EventStream(caseworker, "/api/handoffs/events", headers={"Last-Event-ID": opened["id"]})
    assert [again.next(mine)["data"]["kind"] for _ in range(2)] == ["message", "claimed"]
    for stream in (board, inbox, again):
        stream.close()


@pytest.mark.rasa
def test_streams_are_closed_to_strangers(stack: Stack) -> None:
    stranger = EventStream(httpx.Client(base_url=stack.api_url), "/api/handoffs/events")
    assert stranger.status == 401
    _, conversation_id = citizen_of(stack.api_url, "el")
    other, _ = citizen_of(stack.api_url, "el")
    assert EventStream(other, f"/api/conversations/{conversation_id}/events").status == 404


@contextmanager
def api_processes(stack: Stack, backend: str, log_dir: Path) -> Iterator[tuple[list[str], str]]:
    """The API base URLs to spread messages over, and their database: the shared stack's hub on SQLite, or two
    more hub processes on one PostgreSQL database, both talking to the shared stack's Rasa."""
    if backend == "sqlite":
        yield [stack.api_url], stack.database_url
        return
    database_url = fresh_database("postgresql", log_dir)
    hubs = [
        Stack(
            api_port=free_port(),
            rasa_port=stack.rasa_port,
            action_port=stack.action_port,
            log_dir=log_dir / f"hub{index}",
            database_url=database_url,
        )
        for index in range(2)
    ]
    for hub in hubs:
        hub.log_dir.mkdir()
        hub.start_api()
    try:
        for hub in hubs:
            hub.wait_ready()
        yield [hub.api_url for hub in hubs], database_url
    finally:
        for hub in hubs:
            hub.stop_all()


@pytest.mark.rasa
@pytest.mark.parametrize(
    "backend",
    [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set"),
        ),
    ],
)
def test_messages_sent_at_once_are_answered_in_the_order_they_were_stored(
    stack: Stack, backend: str, tmp_path: Path
) -> None:
    with api_processes(stack, backend, tmp_path) as (urls, database_url):
        created = httpx.post(f"{urls[0]}/api/conversations", json={"channel": "web", "language": "en"}).json()
        auth = {"Authorization": f"Bearer {created['token']}"}

        def send(index: int) -> httpx.Response:
            return httpx.post(
                f"{urls[index % len(urls)]}/api/conversations/{created['id']}/messages",
                json={"text": QUESTIONS[index]},
                headers=auth,
                timeout=120,
            )

        with ThreadPoolExecutor(len(QUESTIONS)) as pool:
            answers = list(pool.map(send, range(len(QUESTIONS))))

        assert [answer.status_code for answer in answers] == [200] * len(QUESTIONS)
        assert all(answer.json()["messages"] for answer in answers), "every message gets its own replies"
        with Session(get_engine(database_url)) as db:
            transcript = list(db.scalars(select(Message).where(Message.conversation_id == created["id"])))
        stored = [m.text for m in sorted(transcript, key=lambda m: m.id) if m.sender == Sender.citizen]
        tracker = httpx.get(f"{stack.rasa_url}/conversations/{created['id']}/tracker", timeout=30).json()
        seen_by_bot = [event["text"] for event in tracker["events"] if event["event"] == "user"]
        assert sorted(stored) == sorted(QUESTIONS)  # none lost, none twice
        assert seen_by_bot == stored
        answered = [m.reply_to for m in sorted(transcript, key=lambda m: m.id) if m.sender == Sender.bot]
        assert answered == sorted(answered) and len(set(answered)) == len(QUESTIONS)
