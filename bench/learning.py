"""The learning loop (issue 24): the time from "learn" to the new model serving, and what the swap does to the turns
of a conversation meanwhile. Ten labelled examples in a scratch copy of the bot (the repository's data and model stay
as they are) go through `make learn`'s job against the running Rasa, while one citizen asks a question every 0.3 s.

`make bench` runs it last (the running Rasa then serves the scratch model); alone: `python -m bench.learning`."""

from __future__ import annotations

import shutil
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from kiosk_api.database import get_engine, migrate
from kiosk_api.learning import job
from kiosk_api.learning.models import TrainingExample
from tools.stack import BOT_DIR, Stack

EXAMPLES = [
    ("na resel amen o love vash o kiria", "rom", "ask_programme", "housing_allowance"),
    ("o gazda ka ikalel amen avri", "rom", "ask_programme", "housing_allowance"),
    ("nai amen te xas akana", "rom", "ask_programme", "teba"),
    ("kon shaj lel o love vash e chave", "rom", "ask_eligibility", "child_benefit"),
    ("kazom del o kea vash shtar dzene", "rom", "ask_amount", "minimum_income"),
    ("شو لازم اوراق لمساعدة الايجار", "ar", "ask_documents", "housing_allowance"),
    ("ما عنا اكل بالبيت شو نعمل", "ar", "ask_programme", "teba"),
    ("bade 7ada yse3edni b tale2 el mosa3ade", "ar", "request_human", ""),
    ("كيف بقدم عالدعم تبع الاولاد", "ar", "ask_how_to_apply", "child_benefit"),
    ("fi mosa3ade lal ajar?", "ar", "ask_programme", "housing_allowance"),
]


def scratch_bot(directory: Path) -> Path:
    """A bot directory whose data and model a learning run may change: those copied, the rest linked."""
    bot = directory / "bot"
    bot.mkdir()
    for entry in BOT_DIR.iterdir():
        if entry.name in ("data", "models"):
            shutil.copytree(entry, bot / entry.name)
        else:
            (bot / entry.name).symlink_to(entry)
    return bot


def measure(stack: Stack) -> dict[str, Any]:
    """Learn ten examples and serve them in the running Rasa; the turn latency before and during the run."""
    with tempfile.TemporaryDirectory(prefix="bench-learn-") as scratch:
        bot = scratch_bot(Path(scratch))
        database_url = f"sqlite:///{scratch}/learn.sqlite3"
        migrate(database_url)
        latencies: list[tuple[float, float]] = []  # (when it began, seconds)
        stop = threading.Event()

        def talk() -> None:
            sender = f"bench-learn-{uuid.uuid4().hex}"
            with httpx.Client(timeout=60) as client:
                while not stop.is_set():
                    began = time.perf_counter()
                    client.post(
                        f"{stack.rasa_url}/webhooks/rest/webhook",
                        json={"sender": sender, "message": "τι χαρτιά χρειάζομαι για το ΤΕΒΑ;"},
                    ).raise_for_status()
                    latencies.append((began, time.perf_counter() - began))
                    stop.wait(0.3)

        talker = threading.Thread(target=talk)
        talker.start()
        time.sleep(10)  # the turns of a quiet Rasa, before anything starts
        started = time.perf_counter()
        with Session(get_engine(database_url)) as db:
            db.add_all(
                TrainingExample(text=text, language=language, intent=intent, programme=programme or None)
                for text, language, intent, programme in EXAMPLES
            )
            db.commit()
            run = job.learn(db=db, bot_dir=bot, rasa_url=stack.rasa_url)
            served, reason = run.served, run.reason
        seconds = time.perf_counter() - started
        time.sleep(5)
        stop.set()
        talker.join()

    def ms(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        return {
            "p50": round(statistics.median(values) * 1000, 1),
            "p95": round(values[int(0.95 * (len(values) - 1))] * 1000, 1),
            "max": round(values[-1] * 1000, 1),
            "n": len(values),
        }

    before = [took for began, took in latencies if began < started]
    during = [took for began, took in latencies if began >= started]
    return {
        "served": served,
        "reason": reason,
        "learn_to_serving_seconds": round(seconds, 1),
        "turn_ms_before": ms(before),
        "turn_ms_during_learning_and_swap": ms(during),
    }


if __name__ == "__main__":
    import json
    import sys

    logs = Path(tempfile.mkdtemp(prefix="bench-learn-logs-"))
    running = Stack.on_free_ports(logs, f"sqlite:///{logs}/hub.sqlite3")
    migrate(running.database_url)
    running.start_api()
    running.start_actions()
    running.start_rasa()
    try:
        running.wait_ready()
        json.dump(measure(running), sys.stdout, indent=2)
    finally:
        running.stop_all()
