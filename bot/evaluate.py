"""Evaluate the trained model on a labelled CSV (`text,language,intent,programme`): `make eval CSV=path`.

Prints a table per language and writes a JSON report with intent accuracy (as ranked, and with a fallback counted
as a miss, which is what the citizen meets), the fallback rate, programme accuracy, programme false positives (a
programme given to a message that names none) and language-identification accuracy, next to a baseline trained on
the same data (character n-gram TF-IDF with logistic regression). Lines of the CSV that start with `#` are comments.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from components.language_identifier import example_language
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

LANGUAGES = ("el", "en", "ar", "rom")
NO_PROGRAMME = ""


def read_rows(path: Path) -> list[dict[str, str]]:
    """Read the labelled CSV, checking its header."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(line for line in file if not line.startswith("#"))
        expected = {"text", "language", "intent", "programme"}
        if not expected <= set(reader.fieldnames or []):
            raise SystemExit(f"{path}: the header must be text,language,intent,programme")
        return [{key: (row.get(key) or "").strip() for key in expected} for row in reader if row.get("text")]


def baseline_predictions(data_dir: Path, texts: list[str]) -> dict[str, list[str]]:
    """Train char n-gram TF-IDF + logistic regression on the NLU data for intent, programme and language."""
    training = load_data(str(data_dir))
    examples = [example for example in training.intent_examples if example.get("text")]
    train_texts = [example.get("text") for example in examples]
    labels = {
        "intent": [example.get("intent") for example in examples],
        "programme": [
            next(
                (e["value"] for e in example.get("entities") or [] if e["entity"] == "programme"),
                NO_PROGRAMME,
            )
            for example in examples
        ],
        "language": [example_language(example) or "?" for example in examples],
    }
    predictions = {}
    for task, y in labels.items():
        model = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True),
            LogisticRegression(max_iter=2000),
        )
        model.fit(train_texts, y)
        predictions[task] = list(model.predict(texts))
    return predictions


def accuracy(pairs: list[tuple[str, str]]) -> float | None:
    """Share of (expected, predicted) pairs that agree; None when there are none."""
    return round(sum(expected == predicted for expected, predicted in pairs) / len(pairs), 4) if pairs else None


def scores(rows: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    """Intent, programme and language accuracy of one system's predictions over rows."""
    with_programme = [row for row in rows if row["programme"]]
    without_programme = [row for row in rows if not row["programme"]]
    return {
        "n": len(rows),
        "intent_accuracy": accuracy([(row["intent"], row[f"{prefix}intent"]) for row in rows]),
        # What the citizen meets: "please say it another way" is no answer, so a fallback counts as a miss.
        "intent_accuracy_fallback_miss": accuracy(
            [(row["intent"], "" if row.get(f"{prefix}fallback") else row[f"{prefix}intent"]) for row in rows]
        ),
        "programme_accuracy": accuracy([(row["programme"], row[f"{prefix}programme"]) for row in with_programme]),
        "programme_n": len(with_programme),
        "programme_false_positives": round(
            sum(bool(row[f"{prefix}programme"]) for row in without_programme) / len(without_programme), 4
        )
        if without_programme
        else None,
        "language_id_accuracy": accuracy([(row["language"], row[f"{prefix}language"]) for row in rows]),
    }


async def predict(model: Path, rows: list[dict[str, Any]]) -> float:
    """Parse every row with the trained model; return the mean parse time in milliseconds."""
    agent = Agent.load(str(model))
    started = time.perf_counter()
    for row in rows:
        parsed = await agent.parse_message(row["text"])
        ranking = [item for item in parsed.get("intent_ranking") or [] if item["name"] != "nlu_fallback"]
        row["model_intent"] = ranking[0]["name"] if ranking else parsed["intent"]["name"]
        row["model_fallback"] = parsed["intent"]["name"] == "nlu_fallback"
        row["model_programme"] = next(
            (e["value"] for e in parsed.get("entities") or [] if e["entity"] == "programme"), NO_PROGRAMME
        )
        row["model_language"] = (parsed.get("language_guess") or {}).get("code", "")
    return (time.perf_counter() - started) * 1000 / max(len(rows), 1)


def main() -> None:
    """Evaluate, print the tables and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=Path("models/assistant.tar.gz"))
    parser.add_argument("--data", type=Path, default=Path("data/nlu"))
    parser.add_argument("--report", type=Path, default=Path("../reports/nlu-eval.json"))
    args = parser.parse_args()
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)

    rows: list[dict[str, Any]] = read_rows(args.csv)
    mean_parse_ms = asyncio.run(predict(args.model, rows))
    for task, predicted in baseline_predictions(args.data, [row["text"] for row in rows]).items():
        for row, value in zip(rows, predicted, strict=True):
            row[f"baseline_{task}"] = value

    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    report: dict[str, Any] = {"by_language": {}, "overall": {}, "baseline": {"by_language": {}}}
    for language in sorted(by_language, key=lambda code: (code not in LANGUAGES, code)):
        group = by_language[language]
        report["by_language"][language] = {
            **scores(group, "model_"),
            "fallback_rate": round(sum(row["model_fallback"] for row in group) / len(group), 4),
        }
        report["baseline"]["by_language"][language] = scores(group, "baseline_")
    report["overall"] = {
        **scores(rows, "model_"),
        "fallback_rate": round(sum(row["model_fallback"] for row in rows) / len(rows), 4),
        "mean_parse_ms": round(mean_parse_ms, 2),
    }
    report["baseline"]["overall"] = scores(rows, "baseline_")
    report["baseline"]["description"] = "char_wb 1-4 gram TF-IDF + logistic regression, trained on bot/data/nlu"
    report["errors"] = [
        {
            key: row[key]
            for key in (
                "text",
                "language",
                "intent",
                "model_intent",
                "model_fallback",
                "programme",
                "model_programme",
                "model_language",
            )
        }
        for row in rows
        if row["intent"] != row["model_intent"]
        or row["model_fallback"]
        or row["programme"] != row["model_programme"]
        or row["language"] != row["model_language"]
    ]

    header = (
        f"{'language':10}{'n':>5}  {'intent':>14}  {'fallback=miss':>13}  {'fallback':>8}  {'programme':>14}  "
        f"{'prog. false +':>13}  {'language id':>14}"
    )
    print(f"Model {args.model} on {args.csv} (model / baseline)\n{header}")
    for language, result in [*report["by_language"].items(), ("overall", report["overall"])]:
        base = report["baseline"]["by_language"].get(language, report["baseline"]["overall"])

        def pair(key: str, result: dict[str, Any] = result, base: dict[str, Any] = base) -> str:
            model_value, base_value = result[key], base[key]
            return "—" if model_value is None else f"{model_value:.3f} / {base_value:.3f}"

        false_positives = result["programme_false_positives"]
        fallback_miss = result["intent_accuracy_fallback_miss"]
        print(
            f"{language:10}{result['n']:>5}  {pair('intent_accuracy'):>14}  {fallback_miss:>13.3f}"
            f"  {result['fallback_rate']:>8.3f}  {pair('programme_accuracy'):>14}  "
            f"{'—' if false_positives is None else f'{false_positives:.3f}':>13}  {pair('language_id_accuracy'):>14}"
        )
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Report: {args.report}")


if __name__ == "__main__":
    main()
