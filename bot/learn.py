"""The bot's half of a learning run (issue 24): the examples reviewers labelled join a copy of the training data, a
candidate model is trained and measured against the serving one on the held-out sets (`gate.py`), and it replaces
the serving model (the file, then Rasa's own `PUT /model`: no restart) only if no language's intent or programme
accuracy fell by more than the tolerance. It keeps no records: the hub's job (`kiosk_api/learning/job.py`) reads the
examples from the database, hands them over and records the outcome.

    python learn.py run < examples.json     # development: `make learn`'s job runs this; the outcome, JSON, on stdout
    python learn.py serve                   # production: the `learner` service; the hub POSTs the examples to /run

What reviewers taught is kept in `data/learned/<language>.yml`: in the repository for development, in the `learned`
volume in production, where the `train` profile's training reads it too. The standard library only, so that the
hub's tests can import the pure parts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from multilingual.normalise import normalise

BOT_DIR = Path(__file__).resolve().parent
MEASURED = ("intent", "programme")
LEARNED_DIR = "learned"  # under the bot's data: one file per language of what reviewers taught
# The held-out sets the gate measures on: copied into the image for production, the repository's in development.
HELD_OUT_DIR = BOT_DIR / "held_out" if (BOT_DIR / "held_out").exists() else BOT_DIR.parent / "tests" / "data"
HELD_OUT = [HELD_OUT_DIR / "nlu_heldout.csv", HELD_OUT_DIR / "nlu_independent.csv"]
Example = dict[str, Any]  # {"text", "language", "intent", "programme": str | None}
Outcome = dict[str, Any]  # {"before", "after", "dropped", "served", "reason", "detail"}


def learned_files(examples: list[Example], *, known: set[str]) -> dict[str, str]:
    """Rasa NLU files, one per language, of the labelled examples: the latest label of a text wins, and a text the
    training data already holds is left to it (two labels of one text would make the data contradict itself)."""
    latest: dict[str, tuple[str, Example]] = {}
    for example in examples:
        # Brackets and parentheses are Rasa's entity markup; the rest is kept as written, on one line (a YAML block
        # scalar takes it literally).
        text = " ".join(re.sub(r"[\[\]()]", " ", example["text"]).split())
        key = normalise(text)
        if key and key not in known:
            latest[key] = (text, example)
    by_language: dict[str, dict[str, list[str]]] = {}
    for text, example in latest.values():
        line = f"[{text}](programme:{example['programme']})" if example.get("programme") else text
        by_language.setdefault(example["language"], {}).setdefault(example["intent"], []).append(line)
    files = {}
    for language, intents in sorted(by_language.items()):
        blocks = [
            f"- intent: {intent}\n  metadata:\n    language: {language}\n  examples: |\n"
            + "".join(f"    - {line}\n" for line in lines)
            for intent, lines in sorted(intents.items())
        ]
        files[language] = (
            "# What reviewers taught the assistant (the console's Teach the assistant), written by a learning run.\n"
            'version: "3.1"\nnlu:\n' + "".join(blocks)
        )
    return files


def training_texts(data_dir: Path) -> set[str]:
    """Every example text of the training data (its entity markup removed), normalised; what was learned before is
    not counted: a run rewrites it."""
    texts = set()
    for path in (data_dir / "nlu").glob("**/*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if found := re.match(r"^\s+- (.+)$", line):
                texts.add(normalise(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", found[1])))
    return texts


def dropped(before: dict, after: dict, tolerance: float) -> list[list[str]]:
    """The [language, measure] pairs whose accuracy fell by more than the tolerance."""
    return [
        [language, measure]
        for language, figures in before.items()
        for measure in MEASURED
        if figures.get(measure) is not None
        and (after.get(language, {}).get(measure) or 0.0) < figures[measure] - tolerance
    ]


def run(
    examples: list[Example],
    *,
    tolerance: float,
    rasa_url: str,
    bot_dir: Path = BOT_DIR,
    models_dir: Path | None = None,
    held_out: list[Path] | None = None,
) -> Outcome:
    """Train on the data and the examples, measure, and serve the candidate if the gate lets it through."""
    data_dir = bot_dir / "data"
    served_model = (models_dir or bot_dir / "models") / "assistant.tar.gz"
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    with tempfile.TemporaryDirectory(prefix="learn-") as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(data_dir, data, ignore=shutil.ignore_patterns(LEARNED_DIR))
        learned = learned_files(examples, known=training_texts(data))
        (data / LEARNED_DIR).mkdir()
        for language, text in learned.items():
            (data / LEARNED_DIR / f"{language}.yml").write_text(text, encoding="utf-8")
        candidate = Path(scratch) / "candidate.tar.gz"
        trained = subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--domain", "domain", "--config", "config.yml", "--data", str(data),
             "--out", scratch, "--fixed-model-name", "candidate"],
            cwd=bot_dir, capture_output=True, text=True, env=environment,
        )  # fmt: skip
        if trained.returncode != 0 or not candidate.exists():
            return _outcome(reason="training_failed", detail=trained.stderr[-2000:])
        measured = subprocess.run(
            [sys.executable, "gate.py", "--serving", str(served_model), "--candidate", str(candidate),
             "--csv", *map(str, held_out or HELD_OUT)],
            cwd=bot_dir, capture_output=True, text=True, env=environment,
        )  # fmt: skip
        if measured.returncode != 0:
            return _outcome(reason="training_failed", detail=measured.stderr[-2000:])
        figures = json.loads(measured.stdout.strip().splitlines()[-1])
        fell = dropped(figures["before"], figures["after"], tolerance)
        if fell:
            return _outcome(before=figures["before"], after=figures["after"], dropped=fell, reason="accuracy_dropped")
        _keep_learned(data / LEARNED_DIR, data_dir / LEARNED_DIR)
        waiting = served_model.with_suffix(".new")
        shutil.copyfile(candidate, waiting)
        os.replace(waiting, served_model)  # whoever loads the model meanwhile reads the old file or the new, whole
    loaded = _load_in_rasa(served_model, rasa_url)
    return _outcome(
        before=figures["before"], after=figures["after"], served=True, reason="" if loaded else "served_at_next_start"
    )


def _keep_learned(source: Path, kept: Path) -> None:
    """What was learned replaces what was kept, for the next training (and `make train`). The directory stays: in
    production it is a volume."""
    kept.mkdir(exist_ok=True)
    for old in kept.glob("*.yml"):
        old.unlink()
    for new in source.glob("*.yml"):
        shutil.copyfile(new, kept / new.name)


def _outcome(*, served: bool = False, reason: str, before: dict | None = None, after: dict | None = None,
             dropped: list | None = None, detail: str = "") -> Outcome:  # fmt: skip
    return {"before": before or {}, "after": after or {}, "dropped": dropped or [], "served": served, "reason": reason,
            "detail": detail}  # fmt: skip


def _load_in_rasa(model: Path, rasa_url: str) -> bool:
    """Ask the running Rasa to replace its model (a conversation keeps its tracker and slots); False if it is not
    running, in which case it loads the new file when it starts."""
    request = urllib.request.Request(
        f"{rasa_url}/model",
        data=json.dumps({"model_file": str(model.resolve())}).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    try:
        with urllib.request.urlopen(request, timeout=300):
            return True
    except (urllib.error.URLError, OSError):
        return False


def learner(*, host: str, port: int, rasa_url: str, bot_dir: Path, models_dir: Path | None) -> ThreadingHTTPServer:
    """The learner service (`serve_forever()` it): one run at a time, for the hub only (its HUB_INTERNAL_TOKEN as
    X-Hub-Token). POST /run {"examples": [...], "tolerance": 0.02} answers with the outcome when the run ends; 409
    while a run is in progress."""
    one_at_a_time = threading.Lock()
    token = os.environ.get("HUB_INTERNAL_TOKEN", "")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(HTTPStatus.OK if self.path == "/health" else HTTPStatus.NOT_FOUND, {})

        def do_POST(self) -> None:
            if self.path != "/run":
                return self._answer(HTTPStatus.NOT_FOUND, {})
            if not token or self.headers.get("X-Hub-Token") != token:
                return self._answer(HTTPStatus.FORBIDDEN, {})
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if not one_at_a_time.acquire(blocking=False):
                return self._answer(HTTPStatus.CONFLICT, {"reason": "already_running"})
            try:
                outcome = run(
                    request["examples"],
                    tolerance=request["tolerance"],
                    rasa_url=rasa_url,
                    bot_dir=bot_dir,
                    models_dir=models_dir,
                )
            finally:
                one_at_a_time.release()
            self._answer(HTTPStatus.OK, outcome)

        def _answer(self, status: HTTPStatus, body: dict) -> None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:  # the standard library names it
            pass  # the hub records every run; a line per health check would bury the log

    return ThreadingHTTPServer((host, port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["run", "serve"])
    parser.add_argument("--tolerance", type=float, default=float(os.environ.get("LEARN_TOLERANCE", "0.02")))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--bot-dir", type=Path, default=BOT_DIR, help="its data, config and domain (default: here)")
    parser.add_argument("--models-dir", type=Path, default=None, help="where the served model is (default: models)")
    parser.add_argument("--held-out", type=Path, nargs="+", default=None)
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=5066)
    args = parser.parse_args()
    if args.command == "serve":
        server = learner(
            host=args.host, port=args.port, rasa_url=args.rasa_url, bot_dir=args.bot_dir, models_dir=args.models_dir
        )
        server.serve_forever()
        return
    outcome = run(json.load(sys.stdin), tolerance=args.tolerance, rasa_url=args.rasa_url, bot_dir=args.bot_dir,
                  models_dir=args.models_dir, held_out=args.held_out)  # fmt: skip
    print(json.dumps(outcome, ensure_ascii=False))


if __name__ == "__main__":
    main()
