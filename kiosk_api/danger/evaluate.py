"""Measure the danger recogniser: `python -m kiosk_api.danger.evaluate` (run by `make eval`).

By default it reports, per language and kind of danger, on the evaluation set in tests/data/danger_eval/ (written
apart from the training data, never trained or tuned on) and on the ordinary messages of the NLU held-out and
independent sets, none of which may raise an alarm. `--tuning` measures thresholds on the tuning set in
tests/data/danger_tuning/ (danger, and ordinary messages that tell hardship with feeling): that is where the
thresholds in recogniser.py come from. `--cross-validate` measures them on the training data alone, by five-fold
cross-validation.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

from kiosk_api.config import REPO_DIR
from kiosk_api.danger.recogniser import (
    CLEAR_THRESHOLD,
    POSSIBLE_THRESHOLD,
    Assessment,
    DangerRecogniser,
    Level,
    backstop_phrases,
    form_answers,
    ordinary_messages,
    recogniser,
)
from knowledge.loader import DANGER_CATEGORIES, DISTRESS, HARMLESS, LANGUAGES, load_danger_examples

EVALUATION_DIR = REPO_DIR / "tests" / "data" / "danger_eval"
TUNING_DIR = REPO_DIR / "tests" / "data" / "danger_tuning"
ORDINARY_SETS = (REPO_DIR / "tests" / "data" / "nlu_heldout.csv", REPO_DIR / "tests" / "data" / "nlu_independent.csv")
# What the issue asks of the recogniser on messages it never saw.
TARGET_RECALL = 0.97
TARGET_CLEAR_PRECISION = 0.9
TARGET_ORDINARY_FLAGGED = 0.01


def load_evaluation(directory: Path = EVALUATION_DIR) -> list[dict[str, str]]:
    """The evaluation (or tuning) messages: text, language, category (a kind of danger, or `none` or `ordinary`)
    and, in the evaluation set, register. Lines starting with `#` are comments."""
    rows = []
    for language in LANGUAGES:
        with (directory / f"{language}.csv").open(encoding="utf-8", newline="") as file:
            lines = (line for line in file if not line.startswith("#"))
            rows.extend({**row, "language": language} for row in csv.DictReader(lines))
    return rows


def tuning_table(model: DangerRecogniser, directory: Path = TUNING_DIR) -> list[dict[str, Any]]:
    """Recall and ordinary messages flagged on the tuning set for a range of "possible" thresholds, per language.
    The threshold in recogniser.py is the highest at which recall over all languages is still at least 0.97."""
    rows = load_evaluation(directory)
    scores = [model.assess(row["text"]).concern for row in rows]
    table = []
    for threshold in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        entry: dict[str, Any] = {"possible": threshold}
        for language in (*LANGUAGES, None):
            mine = [(row, s) for row, s in zip(rows, scores, strict=True) if language in (None, row["language"])]
            danger = [s for row, s in mine if row["category"] in DANGER_CATEGORIES]
            ordinary = [s for row, s in mine if row["category"] not in DANGER_CATEGORIES]
            entry[language or "all"] = {
                "recall": _ratio(sum(s >= threshold for s in danger), len(danger)),
                "ordinary_flagged": _ratio(sum(s >= threshold for s in ordinary), len(ordinary)),
            }
        table.append(entry)
    return table


def load_ordinary(paths: tuple[Path, ...] = ORDINARY_SETS) -> list[dict[str, str]]:
    """The ordinary messages of the NLU evaluation sets (nobody in danger)."""
    rows = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as file:
            rows.extend(
                {"text": row["text"], "language": row["language"], "set": path.stem} for row in csv.DictReader(file)
            )
    return rows


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def score_danger(rows: list[dict[str, str]], assessments: list[Assessment]) -> dict[str, Any]:
    """Recall (clear or possible), clear precision and the harmless near-misses flagged, per language and kind."""
    report: dict[str, Any] = {}
    for language in LANGUAGES:
        pairs = [(row, a) for row, a in zip(rows, assessments, strict=True) if row["language"] == language]
        danger = [(row, a) for row, a in pairs if row["category"] != HARMLESS]
        harmless = [(row, a) for row, a in pairs if row["category"] == HARMLESS]
        clear = [(row, a) for row, a in pairs if a.level == Level.clear]
        by_category = {}
        for category in DANGER_CATEGORIES:
            of_kind = [(row, a) for row, a in danger if row["category"] == category]
            by_category[category] = {
                "messages": len(of_kind),
                "recall": _ratio(sum(a.level is not None for _, a in of_kind), len(of_kind)),
                "clear": _ratio(sum(a.level == Level.clear for _, a in of_kind), len(of_kind)),
                "right_kind": _ratio(sum(a.category == category for _, a in of_kind if a.level), len(of_kind)),
            }
        report[language] = {
            "danger_messages": len(danger),
            "harmless_messages": len(harmless),
            "recall": _ratio(sum(a.level is not None for _, a in danger), len(danger)),
            "recall_clear": _ratio(sum(a.level == Level.clear for _, a in danger), len(danger)),
            "clear_precision": _ratio(sum(row["category"] != HARMLESS for row, _ in clear), len(clear)),
            "harmless_flagged_clear": _ratio(sum(a.level == Level.clear for _, a in harmless), len(harmless)),
            "harmless_flagged_possible": _ratio(sum(a.level == Level.possible for _, a in harmless), len(harmless)),
            "by_category": by_category,
            "missed": [row["text"] for row, a in danger if a.level is None],
            "harmless_flagged": [f"{a.level}: {row['text']}" for row, a in harmless if a.level is not None],
        }
    return report


def score_ordinary(rows: list[dict[str, str]], assessments: list[Assessment]) -> dict[str, Any]:
    """How many ordinary messages are flagged at either level, per language."""
    report: dict[str, Any] = {}
    for language in LANGUAGES:
        pairs = [(row, a) for row, a in zip(rows, assessments, strict=True) if row["language"] == language]
        report[language] = {
            "messages": len(pairs),
            "flagged": _ratio(sum(a.level is not None for _, a in pairs), len(pairs)),
            "flagged_clear": _ratio(sum(a.level == Level.clear for _, a in pairs), len(pairs)),
            "flagged_messages": [f"{a.level}: {row['text']}" for row, a in pairs if a.level is not None],
        }
    report["all"] = {
        "messages": len(rows),
        "flagged": _ratio(sum(a.level is not None for a in assessments), len(rows)),
        "flagged_clear": _ratio(sum(a.level == Level.clear for a in assessments), len(rows)),
    }
    return report


def evaluate(model: DangerRecogniser) -> dict[str, Any]:
    """The recogniser's figures on the evaluation set and the ordinary messages, with what it gets wrong."""
    danger_rows = load_evaluation()
    ordinary_rows = load_ordinary()
    return {
        "thresholds": {"clear": CLEAR_THRESHOLD, "possible": POSSIBLE_THRESHOLD},
        "danger": score_danger(danger_rows, [model.assess(row["text"]) for row in danger_rows]),
        "ordinary": score_ordinary(ordinary_rows, [model.assess(row["text"]) for row in ordinary_rows]),
    }


def cross_validate(folds: int = 5, seed: int = 1) -> dict[str, Any]:
    """Five-fold cross-validation on the training data alone: P(danger) and P(danger or distress) of every held-out
    training message, then recall, clear precision and ordinary messages flagged for a range of thresholds ("clear"
    is read on the first, "possible" on the second, as the recogniser reads them)."""
    examples = load_danger_examples()
    ordinary = ordinary_messages() + form_answers()
    items = [
        (language, category, text)
        for language, by_category in examples.items()
        for category, texts in by_category.items()
        for text in texts
    ]
    items += [("any", label, text) for label, text in ordinary]
    random.Random(seed).shuffle(items)
    scores: list[float] = [0.0] * len(items)
    concerns: list[float] = [0.0] * len(items)
    for fold in range(folds):
        train = [item for index, item in enumerate(items) if index % folds != fold]
        model = DangerRecogniser.train(
            [text for _, _, text in train], [label for _, label, _ in train], backstop_phrases()
        )
        for index, (_, _, text) in enumerate(items):
            if index % folds == fold:
                assessment = model.assess(text)
                # The phrase backstop counts as certainty.
                backstop = assessment.level == Level.clear and assessment.score < CLEAR_THRESHOLD
                scores[index] = 1.0 if backstop else assessment.score
                concerns[index] = 1.0 if backstop else assessment.concern
        print(f"fold {fold + 1}/{folds} done", file=sys.stderr)
    table = []
    for possible in (0.2, 0.25, 0.3, 0.35, 0.4, 0.5):
        for clear in (0.6, 0.7, 0.75, 0.8, 0.9):
            if clear <= possible:
                continue
            row: dict[str, Any] = {"possible": possible, "clear": clear}
            read = list(zip(items, scores, concerns, strict=True))
            for language in LANGUAGES:
                danger = [(s, c) for (lang, cat, _), s, c in read if lang == language and cat in DANGER_CATEGORIES]
                harmless = [(s, c) for (lang, cat, _), s, c in read if lang == language and cat == HARMLESS]
                distress = [c for (lang, cat, _), _, c in read if lang == language and cat == DISTRESS]
                clear_danger = sum(s >= clear for s, _ in danger)
                clear_harmless = sum(s >= clear for s, _ in harmless)
                row[language] = {
                    "recall": _ratio(sum(c >= possible for _, c in danger), len(danger)),
                    "clear_precision": _ratio(clear_danger, clear_danger + clear_harmless),
                    "near_misses_flagged": _ratio(sum(c >= possible for _, c in harmless), len(harmless)),
                    "distress_asked": _ratio(sum(c >= possible for c in distress), len(distress)),
                }
            ordinary_concerns = [c for (lang, _, _), _, c in read if lang == "any"]
            row["ordinary_flagged"] = _ratio(sum(c >= possible for c in ordinary_concerns), len(ordinary_concerns))
            table.append(row)
    return {"folds": folds, "training_messages": len(items), "table": table}


def _print_report(report: dict[str, Any]) -> None:
    print(f"thresholds: clear {report['thresholds']['clear']}, possible {report['thresholds']['possible']}")
    for language, figures in report["danger"].items():
        ordinary = report["ordinary"][language]
        print(
            f"{language}: recall {figures['recall']} (clear {figures['recall_clear']}) of {figures['danger_messages']}"
            f", clear precision {figures['clear_precision']}, near-misses flagged clear "
            f"{figures['harmless_flagged_clear']} possible {figures['harmless_flagged_possible']} of "
            f"{figures['harmless_messages']}; ordinary flagged {ordinary['flagged']} of {ordinary['messages']}"
        )
        for category, by in figures["by_category"].items():
            print(
                f"    {category:12} recall {by['recall']} clear {by['clear']} right kind {by['right_kind']}"
                f" ({by['messages']})"
            )
        for text in figures["missed"]:
            print(f"    missed: {text}")
        for text in figures["harmless_flagged"]:
            print(f"    near-miss flagged {text}")
        for text in ordinary["flagged_messages"]:
            print(f"    ordinary flagged {text}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tuning", action="store_true", help="measure thresholds on the tuning set")
    parser.add_argument("--cross-validate", action="store_true", help="measure thresholds on the training data")
    parser.add_argument("--report", type=Path, default=REPO_DIR / "reports" / "danger-eval.json")
    arguments = parser.parse_args()
    if arguments.tuning:
        for entry in tuning_table(recogniser()):
            print(
                f"possible {entry.pop('possible')}: "
                + " | ".join(f"{key} recall {v['recall']} ordinary {v['ordinary_flagged']}" for key, v in entry.items())
            )
        return 0
    if arguments.cross_validate:
        print(json.dumps(cross_validate(), indent=1))
        return 0
    report = evaluate(recogniser())
    arguments.report.parent.mkdir(parents=True, exist_ok=True)
    arguments.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    _print_report(report)
    met = (
        all(
            figures["recall"] >= TARGET_RECALL and (figures["clear_precision"] or 0) >= TARGET_CLEAR_PRECISION
            for figures in report["danger"].values()
        )
        and report["ordinary"]["all"]["flagged"] < TARGET_ORDINARY_FLAGGED
    )
    print(
        f"ordinary messages flagged, all languages: {report['ordinary']['all']['flagged']} of "
        f"{report['ordinary']['all']['messages']}"
    )
    print(
        f"targets (recall >= {TARGET_RECALL} and clear precision >= {TARGET_CLEAR_PRECISION} in each language, "
        f"ordinary messages flagged < "
        f"{TARGET_ORDINARY_FLAGGED:.0%}): {'met' if met else 'NOT met'}; full report in {arguments.report}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
