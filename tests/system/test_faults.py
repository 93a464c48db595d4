"""Faults under load, on PostgreSQL as in production (CI sets TEST_DATABASE_URL): Rasa killed in the middle of the
load and started again, with its trackers in PostgreSQL and its locks in Redis (bot/endpoints.production.yml); and
PostgreSQL itself restarted in the middle of the load. No citizen message is lost or handled twice, and the hub
recovers without being restarted. (The action server down: tests/system/test_hub_conversations.py; Telegram
answering 500 and 429: tests/system/test_telegram.py.)"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from kiosk_api.conversations.models import Message, Sender
from kiosk_api.database import get_engine
from tests.citizen import rendered
from tests.conftest import fresh_database
from tools.stack import Stack, free_port

pytestmark = [
    pytest.mark.rasa,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="TEST_DATABASE_URL is not set"),
]

LANGUAGES = ("el", "en", "ar", "rom")
# A question that names a programme, then one that only makes sense with the programme remembered.
FIRST = {
    "el": "τι είναι το επίδομα στέγασης;",
    "en": "what is the housing allowance?",
    "ar": "شو هو بدل الإيجار؟",
    "rom": "so si o epidoma stegasis?",
}
FOLLOW_UP = {"el": "πόσα δίνει;", "en": "how much is it?", "ar": "قديش المبلغ؟", "rom": "kazom love dena?"}
WHILE_DOWN = {"el": "είστε εκεί;", "en": "are you there?", "ar": "في حدا؟", "rom": "san kothe?"}


class Citizen:
    """A citizen of one conversation, who sends each message with its own client id and, like a channel, sends it
    again while the hub answers 503."""

    def __init__(self, api_url: str, language: str) -> None:
        self.client = httpx.Client(base_url=api_url, timeout=60)
        created = self.client.post("/api/conversations", json={"channel": "web", "language": language}).json()
        self.id, self.language = created["id"], language
        self.client.headers["Authorization"] = f"Bearer {created['token']}"
        self.sent: list[str] = []
        self.statuses: list[int] = []

    def say(self, text: str, patience: float = 60) -> list[str]:
        """Send until answered; return the reply texts."""
        client_id = uuid.uuid4().hex
        self.sent.append(text)
        deadline = time.monotonic() + patience
        while True:
            try:
                answer = self.client.post(
                    f"/api/conversations/{self.id}/messages", json={"text": text, "client_id": client_id}
                )
                self.statuses.append(answer.status_code)
                if answer.status_code == 200:
                    return [message["text"] for message in answer.json()["messages"]]
                assert answer.status_code == 503 and answer.json()["error"]["code"] == "database_unavailable"
            except httpx.TransportError:
                self.statuses.append(0)
            assert time.monotonic() < deadline, f"no answer to {text!r}: {self.statuses}"
            time.sleep(0.5)


def stored_citizen_texts(database_url: str, conversation_id: str) -> list[str]:
    with Session(get_engine(database_url)) as db:
        messages = db.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)
        ).all()
        return [message.text for message in messages if message.sender == Sender.citizen]


@pytest.fixture
def production_stack(tmp_path: Path) -> Iterator[Stack]:
    """A whole system of its own on PostgreSQL, with Rasa configured as in production."""
    database_url = fresh_database("postgresql", tmp_path)
    stack = Stack(
        api_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
        log_dir=tmp_path,
        database_url=database_url,
    )
    stack.start_api()
    stack.start_actions()
    stack.start_rasa(production_database_url=database_url)
    try:
        stack.wait_ready()
        yield stack
    finally:
        stack.stop_all()


def kill(stack: Stack, name: str) -> None:
    """Kill a process at once, as a crash would (no chance to finish anything)."""
    process = stack.processes.pop(name)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_rasa_killed_mid_load_keeps_every_message_and_conversations_resume_with_their_memory(
    production_stack: Stack,
) -> None:
    stack = production_stack
    citizens = [Citizen(stack.api_url, LANGUAGES[index % 4]) for index in range(8)]
    with ThreadPoolExecutor(len(citizens)) as pool:
        first = list(pool.map(lambda c: c.say(FIRST[c.language]), citizens))
        assert all(first), "the bot answered before the crash"

        kill(stack, "rasa")
        down = list(pool.map(lambda c: c.say(WHILE_DOWN[c.language]), citizens))
        for citizen, replies in zip(citizens, down, strict=True):
            # The hub answers for the bot in the person's language: the message is kept, a person offered.
            assert replies == [rendered("utter_assistant_unavailable", citizen.language)]

        stack.start_rasa(production_database_url=stack.database_url)
        stack.wait_ready()
        after = list(pool.map(lambda c: c.say(FOLLOW_UP[c.language]), citizens))

    for citizen, replies in zip(citizens, after, strict=True):
        # The trackers outlived the crash in PostgreSQL: "how much is it?" is still about the housing allowance.
        expected = rendered("utter_programme_answer", citizen.language, programme="housing_allowance", aspect="amounts")
        assert "\n\n".join(replies) == expected
        assert stored_citizen_texts(stack.database_url, citizen.id) == citizen.sent  # none lost, none twice
    with get_engine(stack.database_url).connect() as connection:
        kept = connection.execute(sql_text("SELECT DISTINCT sender_id FROM events")).scalars().all()
    assert {citizen.id for citizen in citizens} <= set(kept), "Rasa kept the trackers in PostgreSQL"


@pytest.fixture(scope="session")
def pg_ctlcluster() -> str:
    """The tool that restarts the local PostgreSQL server, or a skip. Asked for before the system starts (a session
    fixture named first is set up first) and before any citizen's thread: a skip raised while they talk would leave
    the pool's exit waiting for threads that never stop."""
    found = shutil.which("pg_ctlcluster")
    if found is None:
        pytest.skip("pg_ctlcluster is not available to restart PostgreSQL")
    return found


def restart_postgresql(pg_ctlcluster: str) -> None:
    """Restart the local PostgreSQL server (the CI machine's), as an operator or a crash-and-recover would."""
    result = subprocess.run(
        [pg_ctlcluster, "15", "main", "restart", "--mode", "fast"], capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        pytest.skip(f"cannot restart PostgreSQL here: {result.stderr.strip()}")


# Not beside other tests: they use the same PostgreSQL server, and would fail while it restarts.
@pytest.mark.alone
def test_postgresql_restarted_mid_load_loses_nothing_and_the_hub_recovers_without_a_restart(
    pg_ctlcluster: str, stack: Stack, tmp_path: Path
) -> None:
    # A hub of its own on PostgreSQL, talking to the session's Rasa (which keeps trackers in memory).
    database_url = fresh_database("postgresql", tmp_path)
    hub = Stack(
        api_port=free_port(),
        rasa_port=stack.rasa_port,
        action_port=stack.action_port,
        log_dir=tmp_path,
        database_url=database_url,
    )
    hub.start_api()
    try:
        hub.wait_ready()
        citizens = [Citizen(hub.api_url, LANGUAGES[index % 4]) for index in range(8)]
        stop = threading.Event()

        def talk(citizen: Citizen) -> None:
            turn = 0
            while not stop.is_set() or turn < 3:
                citizen.say(f"{FIRST[citizen.language]} ({turn})")
                turn += 1

        with ThreadPoolExecutor(len(citizens)) as pool:
            running = [pool.submit(talk, citizen) for citizen in citizens]
            try:
                time.sleep(3)
                restart_postgresql(pg_ctlcluster)
                time.sleep(3)
            finally:
                # Whatever ends this block (a failed restart skips, an interrupt), the citizens stop talking: the
                # pool's exit waits for every one of them.
                stop.set()
            for future in running:
                future.result()

        for citizen in citizens:
            assert set(citizen.statuses) <= {200, 503}, "refused cleanly or answered; never a 500"
            assert stored_citizen_texts(database_url, citizen.id) == citizen.sent  # none lost, none twice
        # The same hub process, never restarted, answers as before.
        assert hub.processes["kiosk_api"].poll() is None
        assert Citizen(hub.api_url, "en").say("hello")
    finally:
        hub.stop_all()
