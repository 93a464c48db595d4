"""A learning run's parts that need no training: the training file of what reviewers taught, the quality gate's
rule, and the way the hub hands a run to the learner service in production and records what it answers."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api import config
from kiosk_api.database import get_engine
from kiosk_api.learning import job
from kiosk_api.learning.models import ExampleStatus, LearningRun, TrainingExample
from multilingual.normalise import normalise
from tests.conftest import bot_learner, fresh_database
from tools.stack import REPO_DIR, free_port

TOKEN = "a-secret-the-hub-and-the-learner-share-0123456789"


learn = bot_learner()


def example(text: str, intent: str, programme: str | None = None, language: str = "rom") -> dict[str, Any]:
    return {"text": text, "language": language, "intent": intent, "programme": programme}


def test_the_training_file_holds_each_text_once_with_its_latest_label_and_no_markup() -> None:
    files = learn.learned_files(
        [
            example("na resel o love (kiria)", "ask_amount"),
            example("Na resel o love [kiria]", "ask_programme", "housing_allowance"),  # relabelled later
            example("akhar man", "request_human"),
            example("شو في مساعدة للأكل", "ask_programme", "teba", language="ar"),
            example("kamav randevu", "book_appointment"),  # the training data already has it
        ],
        known={normalise("kamav randevu")},
    )
    assert sorted(files) == ["ar", "rom"]
    romani = yaml.safe_load(files["rom"])["nlu"]
    assert romani == [
        {"intent": "ask_programme", "metadata": {"language": "rom"},
         "examples": "- [Na resel o love kiria](programme:housing_allowance)\n"},
        {"intent": "request_human", "metadata": {"language": "rom"}, "examples": "- akhar man\n"},
    ]  # fmt: skip
    assert yaml.safe_load(files["ar"])["nlu"][0]["examples"] == "- [شو في مساعدة للأكل](programme:teba)\n"


def test_a_candidate_is_refused_when_a_language_falls_by_more_than_the_tolerance() -> None:
    before = {"el": {"intent": 0.96, "programme": 1.0}, "rom": {"intent": 0.95, "programme": None}}
    assert learn.dropped(before, {"el": {"intent": 0.95, "programme": 0.99}, "rom": {"intent": 0.94}}, 0.02) == []
    assert learn.dropped(before, {"el": {"intent": 0.93, "programme": 1.0}, "rom": {"intent": 0.95}}, 0.02) == [
        ["el", "intent"]
    ]
    # A language the candidate was not measured on counts as fallen, never as passed.
    assert learn.dropped(before, {"el": {"intent": 0.96, "programme": 1.0}}, 0.02) == [["rom", "intent"]]


def test_what_was_learned_replaces_what_was_kept_in_a_directory_that_stays(tmp_path: Path) -> None:
    """In production the kept directory is a volume: it cannot be removed, only emptied and filled."""
    kept, new = tmp_path / "kept", tmp_path / "new"
    kept.mkdir()
    new.mkdir()
    (kept / "el.yml").write_text("old Greek", encoding="utf-8")
    (kept / "rom.yml").write_text("old Romani", encoding="utf-8")
    (new / "rom.yml").write_text("new Romani", encoding="utf-8")
    learn._keep_learned(new, kept)
    assert {path.name: path.read_text(encoding="utf-8") for path in kept.iterdir()} == {"rom.yml": "new Romani"}


@pytest.fixture
def learner_service(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[str, list[dict[str, Any]], dict[str, Any], threading.Event]]:
    """The learner service on a free port, its training replaced by an answer given in advance (the real one takes
    minutes and is tried end to end in tests/system/test_learning_run.py); yields its URL, the requests it got, the
    answer it gives (a test may change it) and the event a run waits for before it answers."""
    received: list[dict[str, Any]] = []
    answer: dict[str, Any] = {"before": {"rom": {"n": 70, "intent": 0.9, "programme": 1.0}},
                              "after": {"rom": {"n": 70, "intent": 0.93, "programme": 1.0}},
                              "dropped": [], "served": True, "reason": "", "detail": ""}  # fmt: skip
    release = threading.Event()
    release.set()

    def trained(examples: list[dict[str, Any]], **settings: Any) -> dict[str, Any]:
        received.append({"examples": examples, **settings})
        release.wait(30)
        return answer

    monkeypatch.setattr(learn, "run", trained)
    monkeypatch.setenv("HUB_INTERNAL_TOKEN", TOKEN)
    port = free_port()
    server = learn.learner(host="127.0.0.1", port=port, rasa_url="http://rasa:5005", bot_dir=learn.BOT_DIR,
                           models_dir=None)  # fmt: skip
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}", received, answer, release
    finally:
        release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    url = fresh_database("sqlite", tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    with Session(get_engine(url)) as db:
        yield db
    config.get_settings.cache_clear()


def point_the_hub_at(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNER_URL", url)
    monkeypatch.setenv("HUB_INTERNAL_TOKEN", TOKEN)
    config.get_settings.cache_clear()


def test_in_production_the_hub_hands_the_run_to_the_learner_and_records_its_answer(
    learner_service: Any, database: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, received, answer, _ = learner_service
    point_the_hub_at(url, monkeypatch)
    database.add_all([
        TrainingExample(text="o gazda ka ikalel amen avri", language="rom", intent="ask_programme",
                        programme="housing_allowance", status=ExampleStatus.learned),
        TrainingExample(text="nai amen te xas", language="rom", intent="ask_programme", programme="teba"),
        TrainingExample(text="kon sanas tu", language="rom", intent="greet", status=ExampleStatus.refused),
    ])  # fmt: skip
    database.commit()

    run = job.learn(db=database, tolerance=0.02)

    # Everything not refused before goes to the learner, which trains on all of it; only the new one is counted.
    [request] = received
    assert [e["text"] for e in request["examples"]] == ["o gazda ka ikalel amen avri", "nai amen te xas"]
    assert request["examples"][1] == example("nai amen te xas", "ask_programme", "teba")
    assert request["tolerance"] == 0.02 and request["rasa_url"] == "http://rasa:5005"
    assert run.served and run.reason == "" and run.new_examples == {"rom": 1}
    assert run.before == answer["before"] and run.after == answer["after"]
    statuses = dict(database.execute(select(TrainingExample.text, TrainingExample.status)).all())
    assert statuses["nai amen te xas"] == ExampleStatus.learned
    assert statuses["kon sanas tu"] == ExampleStatus.refused

    # A refused candidate: the new examples are set aside and the run says why.
    answer.update(served=False, reason="accuracy_dropped", dropped=[["rom", "intent"]])
    database.add(TrainingExample(text="so keres", language="rom", intent="goodbye"))
    database.commit()
    refused = job.learn(db=database, tolerance=0.02)
    assert not refused.served and refused.reason == "accuracy_dropped" and refused.dropped == [["rom", "intent"]]
    assert database.scalar(select(TrainingExample.status).where(TrainingExample.text == "so keres")) == "refused"


def test_the_learner_answers_only_the_hub_and_runs_one_at_a_time(
    learner_service: Any, database: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, received, _, release = learner_service
    assert httpx.get(f"{url}/health").status_code == 200
    body = {"examples": [example("nai amen te xas", "ask_programme", "teba")], "tolerance": 0.02}
    assert httpx.post(f"{url}/run", json=body).status_code == 403
    assert httpx.post(f"{url}/run", json=body, headers={"X-Hub-Token": "guess"}).status_code == 403
    assert received == []

    release.clear()  # the first run is training...
    first = threading.Thread(target=httpx.post, args=(f"{url}/run",),
                             kwargs={"json": body, "headers": {"X-Hub-Token": TOKEN}, "timeout": 30})  # fmt: skip
    first.start()
    try:
        for _ in range(100):
            if received:
                break
            threading.Event().wait(0.05)
        # ...so the console's second Learn now is told a run is in progress, and nothing is recorded for it.
        point_the_hub_at(url, monkeypatch)
        database.add(TrainingExample(text="nai amen te xas", language="rom", intent="ask_programme", programme="teba"))
        database.commit()
        with pytest.raises(job.AlreadyRunning):
            job.learn(db=database, tolerance=0.02)
        assert database.scalar(select(LearningRun.id)) is None
    finally:
        release.set()
        first.join()
    assert len(received) == 1


def test_without_a_learner_the_hub_records_a_failed_run_and_keeps_the_examples_new(
    database: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_the_hub_at(f"http://127.0.0.1:{free_port()}", monkeypatch)
    database.add(TrainingExample(text="nai amen te xas", language="rom", intent="ask_programme", programme="teba"))
    database.commit()
    run = job.learn(db=database, tolerance=0.02)
    assert not run.served and run.reason == "training_failed" and "learner" in run.detail
    assert database.scalar(select(TrainingExample.status)) == ExampleStatus.new


def test_the_job_alone_can_record_a_run_and_set_its_examples_statuses(tmp_path: Path) -> None:
    """`make learn` and the console's button run the job in a Python of its own, which imports only what the job
    imports: the run that served a new model then failed to record itself (a training example's reviewer is a
    staff member, whose table nobody had imported), and the console never showed it (found in the independent try)."""
    url = fresh_database("sqlite", tmp_path)
    script = """
import datetime as dt, sys
from sqlalchemy.orm import Session
from kiosk_api.database import get_engine
from kiosk_api.learning import job
from kiosk_api.learning.models import ExampleStatus, LearningRun, TrainingExample

with Session(get_engine(sys.argv[1])) as db:
    example = TrainingExample(text="nai amen te xas", language="rom", intent="ask_programme", reviewer_id=None)
    db.add(example)
    db.flush()
    example.status = ExampleStatus.learned
    now = dt.datetime.now(dt.UTC)
    job._record(db, LearningRun(started_at=now, new_examples={"rom": 1}, before={}, after={}, dropped=[]),
                served=True, reason="")
    print(db.query(LearningRun).count())
"""
    done = subprocess.run([sys.executable, "-c", script, url], capture_output=True, text=True, cwd=REPO_DIR)
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.strip() == "1"
