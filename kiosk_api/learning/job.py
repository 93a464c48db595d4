"""`make learn`: the examples reviewers labelled join the training data, a candidate model is trained and measured
against the serving one on the held-out sets, and it is served (Rasa's `PUT /model`, no restart) only if no
language's intent or programme accuracy drops by more than the tolerance. Every run is recorded for the console.

    python -m kiosk_api.learning.job [--tolerance 0.02] [--bot-dir bot] [--held-out a.csv b.csv]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.config import get_settings
from kiosk_api.database import new_session
from kiosk_api.learning.models import ExampleStatus, LearningRun, TrainingExample
from multilingual.normalise import normalise

REPO_DIR = Path(__file__).resolve().parents[2]
BOT_DIR = REPO_DIR / "bot"
HELD_OUT = (REPO_DIR / "tests" / "data" / "nlu_heldout.csv", REPO_DIR / "tests" / "data" / "nlu_independent.csv")
# How far a language's intent or programme accuracy on the held-out sets may fall before a candidate is refused:
# one or two messages of a language's 70–150.
TOLERANCE = float(os.environ.get("LEARN_TOLERANCE", "0.02"))
LEARNED_FILE = "learned.yml"  # bot/data/nlu/<language>/learned.yml: what reviewers taught, one file per language
MEASURED = ("intent", "programme")
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
    subprocess.Popen(
        [sys.executable, "-m", "kiosk_api.learning.job"],
        cwd=REPO_DIR,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def learn(
    *,
    db: Session,
    bot_dir: Path = BOT_DIR,
    held_out: tuple[Path, ...] = HELD_OUT,
    tolerance: float = TOLERANCE,
    rasa_url: str | None = None,
) -> LearningRun:
    """Train on every labelled example not refused before, and serve the candidate if the gate lets it through."""
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
    served_model = bot_dir / "models" / "assistant.tar.gz"
    with tempfile.TemporaryDirectory(prefix="learn-") as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(bot_dir / "data", data)
        learned = learned_files(examples, known=_training_texts(data / "nlu"))
        for language, text in learned.items():
            (data / "nlu" / language / LEARNED_FILE).write_text(text, encoding="utf-8")
        candidate = Path(scratch) / "candidate.tar.gz"
        trained = subprocess.run(
            [str(bot_dir / ".venv" / "bin" / "rasa"), "train", "--domain", "domain", "--config", "config.yml",
             "--data", str(data), "--out", scratch, "--fixed-model-name", "candidate"],
            cwd=bot_dir, capture_output=True, text=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        )  # fmt: skip
        if trained.returncode != 0 or not candidate.exists():
            return _record(db, run, served=False, reason="training_failed", detail=trained.stderr[-2000:])
        measured = subprocess.run(
            [str(bot_dir / ".venv" / "bin" / "python"), "gate.py", "--serving", str(served_model),
             "--candidate", str(candidate), "--csv", *map(str, held_out)],
            cwd=bot_dir, capture_output=True, text=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
        )  # fmt: skip
        if measured.returncode != 0:
            return _record(db, run, served=False, reason="training_failed", detail=measured.stderr[-2000:])
        figures = json.loads(measured.stdout.strip().splitlines()[-1])
        run.before, run.after = figures["before"], figures["after"]
        run.dropped = dropped(run.before, run.after, tolerance)
        if run.dropped:
            for example in new:
                example.status = ExampleStatus.refused
            return _record(db, run, served=False, reason="accuracy_dropped")
        for language_dir in (bot_dir / "data" / "nlu").iterdir():
            (language_dir / LEARNED_FILE).unlink(missing_ok=True)
            if language_dir.name in learned:
                (language_dir / LEARNED_FILE).write_text(learned[language_dir.name], encoding="utf-8")
        waiting = served_model.with_suffix(".new")
        shutil.copyfile(candidate, waiting)
        os.replace(waiting, served_model)  # whoever loads the model meanwhile reads the old file or the new, whole
    for example in new:
        example.status = ExampleStatus.learned
    reason = "" if _load_in_rasa(served_model, rasa_url or get_settings().rasa_url) else "served_at_next_start"
    return _record(db, run, served=True, reason=reason)


def dropped(before: dict, after: dict, tolerance: float) -> list[list[str]]:
    """The [language, measure] pairs whose accuracy fell by more than the tolerance."""
    return [
        [language, measure]
        for language, figures in before.items()
        for measure in MEASURED
        if figures.get(measure) is not None
        and (after.get(language, {}).get(measure) or 0.0) < figures[measure] - tolerance
    ]


def learned_files(examples: list[TrainingExample], *, known: set[str]) -> dict[str, str]:
    """Rasa NLU files, one per language, of the labelled examples: the latest label of a text wins, and a text the
    training data already holds is left to it (two labels of one text would make the data contradict itself)."""
    latest: dict[str, tuple[str, TrainingExample]] = {}
    for example in examples:
        # Brackets and parentheses are Rasa's entity markup; the rest is kept as written, on one line (a YAML block
        # scalar takes it literally).
        text = " ".join(re.sub(r"[\[\]()]", " ", example.text).split())
        key = normalise(text)
        if key and key not in known:
            latest[key] = (text, example)
    by_language: dict[str, dict[str, list[str]]] = {}
    for text, example in latest.values():
        line = f"[{text}](programme:{example.programme})" if example.programme else text
        by_language.setdefault(example.language, {}).setdefault(example.intent, []).append(line)
    files = {}
    for language, intents in sorted(by_language.items()):
        blocks = [
            f"- intent: {intent}\n  metadata:\n    language: {language}\n  examples: |\n"
            + "".join(f"    - {line}\n" for line in lines)
            for intent, lines in sorted(intents.items())
        ]
        files[language] = (
            "# What reviewers taught the assistant (the console's Teach the assistant), written by `make learn`.\n"
            'version: "3.1"\nnlu:\n' + "".join(blocks)
        )
    return files


def _training_texts(nlu_dir: Path) -> set[str]:
    """Every example text of the training data (its entity markup removed), normalised."""
    texts = set()
    for path in nlu_dir.glob("*/*.yml"):
        if path.name == LEARNED_FILE:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if found := re.match(r"^\s+- (.+)$", line):
                texts.add(normalise(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", found[1])))
    return texts


def _load_in_rasa(model: Path, rasa_url: str) -> bool:
    """Ask the running Rasa to replace its model (a conversation keeps its tracker and slots); False if it is not
    running, in which case it loads the new file when it starts."""
    try:
        httpx.put(f"{rasa_url}/model", json={"model_file": str(model.resolve())}, timeout=300).raise_for_status()
    except httpx.HTTPError:
        return False
    return True


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
