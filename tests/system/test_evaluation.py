"""`make eval` on the held-out file: the report has the agreed shape and the model meets the accuracy targets."""

import csv
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tools.stack import BOT_DIR, MODEL_PATH

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "nlu_heldout.csv"
INTENT_TARGETS = {"el": 0.95, "en": 0.95, "ar": 0.92, "rom": 0.92}


def test_the_held_out_file_is_large_and_never_trained_on() -> None:
    with HELD_OUT.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) >= 400
    assert set(Counter(row["language"] for row in rows)) == {"el", "en", "ar", "rom"}
    trained = set()
    for path in (BOT_DIR / "data" / "nlu").rglob("*.yml"):
        trained |= {
            line.strip()[2:].strip().lower()
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("- ")
        }
    overlap = [row["text"] for row in rows if row["text"].strip().lower() in trained]
    assert len(overlap) <= len(rows) * 0.02, f"held-out rows found in the training data: {overlap[:10]}"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("eval") / "nlu-eval.json"
    subprocess.run(
        [
            str(BOT_DIR / ".venv" / "bin" / "python"),
            "evaluate.py",
            "--csv",
            str(HELD_OUT),
            "--model",
            str(MODEL_PATH),
            "--report",
            str(path),
        ],
        cwd=BOT_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.rasa
def test_the_report_has_the_agreed_shape(report: dict) -> None:
    assert set(report["by_language"]) == {"el", "en", "ar", "rom"}
    for scores in [*report["by_language"].values(), report["overall"]]:
        assert {"n", "intent_accuracy", "programme_accuracy", "language_id_accuracy"} <= set(scores)
    assert report["baseline"]["overall"]["intent_accuracy"] is not None


@pytest.mark.rasa
@pytest.mark.parametrize("language", sorted(INTENT_TARGETS))
def test_accuracy_targets_are_met(report: dict, language: str) -> None:
    scores = report["by_language"][language]
    assert scores["intent_accuracy"] >= INTENT_TARGETS[language]
    assert scores["programme_accuracy"] >= 0.90
    assert scores["language_id_accuracy"] >= 0.97
