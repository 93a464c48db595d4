"""The learning loop end to end (issue 24), with the real model, Rasa and Chromium: messages the assistant misread
(Romani and Arabic dialect) are labelled on the console's Teach the assistant screen, `make learn`'s job trains a
candidate, the quality gate lets it through and Rasa serves it without a restart, while a conversation goes on; then
a run with deliberately wrong labels is refused and the serving model stays as it was.

The messages (tests/data/learning_misread.csv) were written by a helper who never saw the training data, each with a
paraphrase by "another person" that nobody labels; kept are those the model of the repository misread."""

from __future__ import annotations

import csv
import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.learning import scratch_bot as copy_of_the_bot
from kiosk_api import config
from kiosk_api.conversations import service as conversations
from kiosk_api.conversations.models import Sender, Understanding
from kiosk_api.database import get_engine
from kiosk_api.learning import job
from kiosk_api.learning.models import ExampleStatus, TrainingExample
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from tests.conftest import PASSWORD, bot_learner, fresh_database
from tools.stack import Stack

learn = bot_learner()
MISREAD = Path(__file__).parents[1] / "data" / "learning_misread.csv"


def read_misread() -> list[dict[str, str]]:
    with MISREAD.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(line for line in file if not line.startswith("#")))


@pytest.fixture
def scratch_bot(tmp_path: Path) -> Path:
    """A bot directory of its own (a learning run changes its data and its served model)."""
    return copy_of_the_bot(tmp_path)


@pytest.fixture
def own_stack(tmp_path: Path, scratch_bot: Path) -> Iterator[Stack]:
    """A hub, action server and Rasa serving the scratch bot's model: the swap must not touch the shared stack."""
    running = Stack.on_free_ports(tmp_path, fresh_database("sqlite", tmp_path))
    # Rasa answers nothing while it loads the new model: about 4 s on a quiet machine, within the hub's default wait
    # (10 s), but more than that on a test machine busy with other workers and browsers. The test is that the hub
    # waits, not how fast the load is (that is in docs/measuring.md): a dropped connection still fails at once.
    running.start_api(RASA_TIMEOUT_SECONDS="60")
    running.start_actions()
    running.start_rasa(model=scratch_bot / "models" / "assistant.tar.gz")
    try:
        running.wait_ready()
        yield running
    finally:
        running.stop_all()


def understood(stack: Stack, text: str) -> tuple[str, str]:
    """(intent, programme) as the serving model reads a message; a fallback is no understanding."""
    parsed = httpx.post(f"{stack.rasa_url}/model/parse", json={"text": text}, timeout=30).json()
    programmes = [e["value"] for e in parsed.get("entities") or [] if e["entity"] == "programme"]
    return parsed["intent"]["name"], programmes[0] if programmes else ""


def share_understood(stack: Stack, rows: list[dict[str, str]], field: str, *, programme: bool = True) -> float:
    """The share of rows whose message (or paraphrase) is read as labelled: intent, and programme unless told not."""
    right = 0
    for row in rows:
        intent, found = understood(stack, row[field])
        right += intent == row["intent"] and (found == row["programme"] or not programme)
    return right / len(rows)


def measured(stack: Stack, rows: list[dict[str, str]]) -> dict[str, float]:
    return {
        "text": share_understood(stack, rows, "text"),
        "paraphrase": share_understood(stack, rows, "paraphrase"),
        "paraphrase_intent": share_understood(stack, rows, "paraphrase", programme=False),
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.rasa
@pytest.mark.minutes
def test_misread_messages_taught_in_the_console_are_understood_after_learning(
    own_stack: Stack, scratch_bot: Path, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Those the serving model still misreads: a better model reads some of them already, and there is nothing to
    # teach it about those.
    rows = [row for row in read_misread() if understood(own_stack, row["text"]) != (row["intent"], row["programme"])]
    assert len(rows) >= 20 and {row["language"] for row in rows} == {"rom", "ar"}
    before = measured(own_stack, rows)
    assert before["text"] == 0

    # The assistant met them in conversations; a Roma mediator and an interpreter see them on the Teach screen.
    with Session(get_engine(own_stack.database_url)) as db:
        staff.create_member(db=db, email="roza@kentro.example", name="Ρόζα", role=Role.reviewer, password=PASSWORD)
        for row in rows:
            conversation, _ = conversations.create(db=db, channel="telegram", language=row["language"])
            message = conversations.add_message(
                db=db, conversation=conversation, sender=Sender.citizen, text=row["text"], language=row["language"]
            )
            guess = understood(own_stack, row["text"])[0]
            db.add(Understanding(message_id=message.id, intent=guess, confidence=0.15, fallback=True))
        db.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('console-language', 'en')")
    page = context.new_page()
    page.goto(f"{own_stack.api_url}/staff")
    page.fill("#email", "roza@kentro.example")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    cards = page.locator(".teach-card")
    expect(cards).to_have_count(len(rows))
    for row in rows:
        card = cards.filter(has=page.locator("blockquote", has_text=row["text"])).first
        card.get_by_label("What the person wanted").select_option(row["intent"])
        card.get_by_label("Programme").select_option(row["programme"])
        card.get_by_role("button", name="Save: learn this").click()
        expect(card).to_have_count(0)
    expect(page.get_by_text("Nothing left to review. Thank you.")).to_be_visible()
    context.close()

    # A conversation goes on while the model is swapped: every message answered, none lost, its slots kept.
    citizen = httpx.Client(base_url=own_stack.api_url, timeout=60)
    created = citizen.post("/api/conversations", json={"channel": "web", "language": "el"}).json()
    citizen.headers["Authorization"] = f"Bearer {created['token']}"
    sent: list[str] = []
    answers: list[httpx.Response] = []
    learning = threading.Event()

    def keep_talking() -> None:
        while not learning.is_set():
            text = f"τι χαρτιά χρειάζομαι για το επίδομα στέγασης; ({len(sent) + 1})"
            sent.append(text)
            answers.append(citizen.post(f"/api/conversations/{created['id']}/messages", json={"text": text}))
            learning.wait(1.0)

    talker = threading.Thread(target=keep_talking)
    talker.start()
    try:
        with Session(get_engine(own_stack.database_url)) as db:
            run = job.learn(db=db, bot_dir=scratch_bot, rasa_url=own_stack.rasa_url)
    finally:
        learning.set()
        talker.join()
    assert run.served and run.reason == "" and run.dropped == [], (run.reason, run.dropped, run.detail[-500:])
    assert run.new_examples == {"rom": sum(r["language"] == "rom" for r in rows),
                                "ar": sum(r["language"] == "ar" for r in rows)}  # fmt: skip
    for language, figures in run.before.items():
        for measure in learn.MEASURED:
            if figures[measure] is not None:
                assert run.after[language][measure] >= figures[measure] - job.TOLERANCE, (language, measure)

    after = measured(own_stack, rows)
    assert after["text"] == 1.0, (before, after)
    # Paraphrases nobody labelled, in other words, are read better: no worse for what the person wants, and better
    # with the programme too. Measured 2026-12-04 with the model of that morning: 18 → 22 of 30 for what the person
    # wants, 7 → 9 with the programme; with the fifth batch of everyday data the model reads 22 before learning, and
    # 22 after, and 7 → 9 with the programme (most paraphrases name none). With the sixth batch the model reads 4 of
    # the 30 messages already; the other 26 are taught.
    assert after["paraphrase_intent"] >= before["paraphrase_intent"], (before, after)
    assert after["paraphrase"] > before["paraphrase"], (before, after)

    assert len(sent) >= 10 and [answer.status_code for answer in answers] == [200] * len(sent)
    transcript = citizen.get(f"/api/conversations/{created['id']}/messages").json()["messages"]
    assert [m["text"] for m in transcript if m["sender"] == "citizen"] == sent
    unavailable = [m for m in transcript if m["sender"] == "system"]
    assert [m["text"] for m in unavailable] == [], "the assistant was never unavailable during the swap"
    tracker = httpx.get(f"{own_stack.rasa_url}/conversations/{created['id']}/tracker").json()
    assert tracker["slots"]["language"] == "el"

    learned = scratch_bot / "data" / "learned"
    kept = {path.name: path.read_text(encoding="utf-8") for path in learned.iterdir()}
    assert sorted(kept) == ["ar.yml", "rom.yml"]  # what was learned is kept for the next training

    # Wrong labels, deliberately: forty Greek messages of the held-out set, each taught as a greeting. (Thirty
    # everyday questions taught as greetings moved no held-out figure at all: the gate is for damage it can measure.)
    # This run goes as in production: the hub hands it to the learner service (LEARNER_URL).
    served = scratch_bot / "models" / "assistant.tar.gz"
    served_before = digest(served)
    own_stack.start_learner(scratch_bot)
    own_stack.wait_ready()
    monkeypatch.setenv("LEARNER_URL", own_stack.learner_url)
    monkeypatch.setenv("HUB_INTERNAL_TOKEN", own_stack.hub_internal_token)
    config.get_settings.cache_clear()
    with job.HELD_OUT[0].open(encoding="utf-8", newline="") as file:
        greek = [
            row for row in csv.DictReader(line for line in file if not line.startswith("#")) if row["language"] == "el"
        ]
    with Session(get_engine(own_stack.database_url)) as db:
        for row in greek[:40]:
            wrong = "goodbye" if row["intent"] == "greet" else "greet"
            db.add(TrainingExample(text=row["text"], language="el", intent=wrong))
        db.commit()
        refused = job.learn(db=db, bot_dir=scratch_bot, rasa_url=own_stack.rasa_url)
        assert not refused.served and refused.reason == "accuracy_dropped"
        assert ["el", "intent"] in refused.dropped
        statuses = {e.status for e in db.scalars(select(TrainingExample).where(TrainingExample.intent == "greet"))}
        assert statuses == {ExampleStatus.refused}
    config.get_settings.cache_clear()
    assert digest(served) == served_before
    assert {path.name: path.read_text(encoding="utf-8") for path in learned.iterdir()} == kept
    assert share_understood(own_stack, rows, "text") == 1.0
