"""`make learn`: the examples reviewers labelled join the training data, a candidate model is trained and measured
against the serving one on the held-out sets, and it is served (Rasa's `PUT /model`, no restart) only if no
language's intent or programme accuracy drops by more than the tolerance. Every run is recorded for the console.

The hub's half, here, reads the examples from the database and records the run; the bot's half, `bot/learn.py`,
trains, measures and serves, in the bot's own Python (development) or in the learner service (production, when
`LEARNER_URL` is set: the hub's image has no Rasa).

    python -m kiosk_api.learning.job [--tolerance 0.02] [--bot-dir bot] [--held-out a.csv b.csv]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.database import new_session
from kiosk_api.learning.models import ExampleStatus, LearningRun, TrainingExample

REPO_DIR = Path(__file__).resolve().parents[2]
BOT_DIR = REPO_DIR / "bot"
HELD_OUT = (REPO_DIR / "tests" / "data" / "nlu_heldout.csv", REPO_DIR / "tests" / "data" / "nlu_independent.csv")
# How far a language's intent or programme accuracy on the held-out sets may fall before a candidate is refused:
# one or two messages of a language's 70–150.
TOLERANCE = float(os.environ.get("LEARN_TOLERANCE", "0.02"))
# Held by the running job: one run at a time, whether started by `make learn` or the administrators' button.
LOCK_FILE = REPO_DIR / "var" / "learning.lock"


class AlreadyRunning(Exception):
    """A learning run is in progress."""


@contextlib.contextmanager
def only_run() -> Iterator[None]:
    """Hold the learning lock for the block; AlreadyRunning if another run holds it."""
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    with LOCK_FILE.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise AlreadyRunning from error
        yield


def is_running() -> bool:
    """Whether a learning run is in progress on this machine."""
    try:
        with only_run():
            return False
    except AlreadyRunning:
        return True


def start_in_background() -> None:
    """Start a learning run in a process of its own (the console's button); AlreadyRunning if one is in progress.
    It outlives the request and reports in the runs' list when it ends."""
    if is_running():
        raise AlreadyRunning
    # Its output goes to the hub's log (a failure must be seen somewhere); a thread waits for it, so that it leaves
    # no defunct process behind.
    learning = subprocess.Popen([sys.executable, "-m", "kiosk_api.learning.job"], cwd=REPO_DIR, start_new_session=True)
    threading.Thread(target=learning.wait, daemon=True).start()


def learn(
    *,
    db: Session,
    bot_dir: Path = BOT_DIR,
    held_out: tuple[Path, ...] = HELD_OUT,
    tolerance: float = TOLERANCE,
    rasa_url: str | None = None,
) -> LearningRun:
    """Train on every labelled example not refused before, and serve the candidate if the gate lets it through: the
    bot's half (`bot/learn.py`) runs here in development, in the learner service when `LEARNER_URL` is set."""
    started = dt.datetime.now(dt.UTC)
    examples = list(
        db.scalars(
            select(TrainingExample).where(TrainingExample.status != ExampleStatus.refused).order_by(TrainingExample.id)
        )
    )
    new = [example for example in examples if example.status == ExampleStatus.new]
    run = LearningRun(
        started_at=started, new_examples=dict(Counter(e.language for e in new)), before={}, after={}, dropped=[]
    )
    if not new:
        return _record(db, run, served=False, reason="no_new_examples")
    payload = [{"text": e.text, "language": e.language, "intent": e.intent, "programme": e.programme} for e in examples]
    learner_url = get_settings().learner_url
    if learner_url:
        outcome = _run_in_learner(learner_url, payload, tolerance)
    else:
        outcome = _run_here(payload, bot_dir=bot_dir, held_out=held_out, tolerance=tolerance,
                            rasa_url=rasa_url or get_settings().rasa_url)  # fmt: skip
    run.before, run.after, run.dropped = outcome["before"], outcome["after"], outcome["dropped"]
    if outcome["reason"] == "accuracy_dropped":
        for example in new:
            example.status = ExampleStatus.refused
    elif outcome["served"]:
        for example in new:
            example.status = ExampleStatus.learned
    return _record(db, run, served=outcome["served"], reason=outcome["reason"], detail=outcome["detail"])


def _run_here(
    examples: list[dict], *, bot_dir: Path, held_out: tuple[Path, ...], tolerance: float, rasa_url: str
) -> dict:
    """The bot's half in the bot's own Python (development; tests with a copy of the bot)."""
    done = subprocess.run(
        [str(bot_dir / ".venv" / "bin" / "python"), "learn.py", "run", "--bot-dir", str(bot_dir),
         "--tolerance", str(tolerance), "--rasa-url", rasa_url, "--held-out", *map(str, held_out)],
        cwd=bot_dir, input=json.dumps(examples, ensure_ascii=False), capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        return _failed(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_in_learner(learner_url: str, examples: list[dict], tolerance: float) -> dict:
    """The bot's half in the learner service (production: it shares the models volume with Rasa)."""
    try:
        answer = httpx.post(
            f"{learner_url}/run",
            json={"examples": examples, "tolerance": tolerance},
            headers={"X-Hub-Token": get_settings().hub_internal_token or ""},
            timeout=1800,  # training and measuring two models: minutes
        )
    except httpx.HTTPError as error:
        return _failed(f"The learner service did not answer: {error!r}")
    if answer.status_code == 409:
        raise AlreadyRunning
    if answer.status_code != 200:
        return _failed(f"The learner service answered {answer.status_code}: {answer.text[-500:]}")
    return answer.json()


def _failed(detail: str) -> dict:
    return {"before": {}, "after": {}, "dropped": [], "served": False, "reason": "training_failed", "detail": detail}


def _record(db: Session, run: LearningRun, *, served: bool, reason: str, detail: str = "") -> LearningRun:
    run.finished_at = dt.datetime.now(dt.UTC)
    run.served, run.reason, run.detail = served, reason, detail
    db.add(run)
    db.commit()
    db.refresh(run)  # whoever asked reads it after the session is gone (the command's summary)
    return run


def main() -> int:
    """Run once and say what happened."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--bot-dir", type=Path, default=BOT_DIR)
    parser.add_argument("--held-out", type=Path, nargs="+", default=list(HELD_OUT))
    args = parser.parse_args()
    try:
        with only_run(), new_session() as db:
            run = learn(db=db, bot_dir=args.bot_dir, held_out=tuple(args.held_out), tolerance=args.tolerance)
    except AlreadyRunning:
        print("A learning run is already in progress.")
        return 1
    print(f"New examples: {run.new_examples or 'none'}")
    for language, figures in run.before.items():
        after = run.after.get(language, {})
        print(
            f"  {language}: intent {figures['intent']} → {after.get('intent')}, "
            f"programme {figures['programme']} → {after.get('programme')}"
        )
    print(f"{'Served' if run.served else 'Not served'}{f': {run.reason}' if run.reason else ''} {run.dropped or ''}")
    print(f"{(run.finished_at - run.started_at).total_seconds():.0f} s")
    return 0 if run.served or run.reason == "no_new_examples" else 1


if __name__ == "__main__":
    raise SystemExit(main())
