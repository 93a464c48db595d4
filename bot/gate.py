"""The figures the learning gate compares (`make learn`): the serving model's and a candidate's intent accuracy (a
fallback counted as a miss) and programme accuracy per language, on the held-out sets, as JSON on stdout.

    .venv/bin/python gate.py --serving models/assistant.tar.gz --candidate /tmp/candidate.tar.gz --csv a.csv b.csv
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

from evaluate import predict, read_rows, scores
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.log_utils import configure_structlog


def figures(model: Path, rows: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Per language: intent accuracy with a fallback counted as a miss, and programme accuracy."""
    asyncio.run(predict(model, rows))
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_language[row["language"]].append(row)
    result = {}
    for language, group in sorted(by_language.items()):
        measured = scores(group, "model_")
        result[language] = {
            "n": len(group),
            "intent": measured["intent_accuracy_fallback_miss"],
            "programme": measured["programme_accuracy"],
        }
    return result


def main() -> None:
    """Measure both models and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serving", type=Path, required=True)
    parser.add_argument("--candidate", type=Path, required=True)
    parser.add_argument("--csv", type=Path, nargs="+", required=True)
    args = parser.parse_args()
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    rows = [row for path in args.csv for row in read_rows(path)]
    print(
        json.dumps(
            {"before": figures(args.serving, copy.deepcopy(rows)), "after": figures(args.candidate, rows)},
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
