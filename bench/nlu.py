"""`make bench-nlu [BENCH_MODELS="old.tar.gz new.tar.gz"]`: NLU parse latency of one or more trained models, measured
in the same run on the same messages (the held-out set), one Rasa at a time, so a change to the pipeline is measured
before and after under the same load. Without BENCH_MODELS it measures bot/models/assistant.tar.gz.

Results are printed and written to reports/bench-nlu.json.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.measures import summary_ms
from tools.stack import MODEL_PATH, REPO_DIR, Stack

REPORT = REPO_DIR / "reports" / "bench-nlu.json"
HELD_OUT = REPO_DIR / "tests" / "data" / "nlu_heldout.csv"
PARSE_SAMPLES = 400
WARM_UP = 20


def texts() -> list[str]:
    """The held-out set's messages: what the benchmarks parse."""
    with HELD_OUT.open(encoding="utf-8") as file:
        return [row["text"] for row in csv.DictReader(file)]


def time_parses(client: httpx.Client, rasa_url: str, messages: list[str]) -> dict[str, float]:
    """Time Rasa's /model/parse over the messages (repeated up to PARSE_SAMPLES), after a warm-up."""
    for text in messages[:WARM_UP]:
        client.post(f"{rasa_url}/model/parse", json={"text": text})
    times = []
    for text in (messages * 2)[:PARSE_SAMPLES]:
        began = time.perf_counter()
        client.post(f"{rasa_url}/model/parse", json={"text": text}).raise_for_status()
        times.append(time.perf_counter() - began)
    return summary_ms(times)


def measure_parse(model: Path, messages: list[str]) -> dict[str, float]:
    """Start Rasa alone on `model` and time /model/parse over the messages."""
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack.on_free_ports(Path(workdir))
        try:
            stack.start_rasa(model)
            stack.wait_ready()
            with httpx.Client(timeout=30) as client:
                return time_parses(client, stack.rasa_url, messages)
        finally:
            stack.stop_all()


def main(models: list[Path]) -> None:
    """Measure each model in turn and report."""
    messages = texts()
    results = {}
    for model in models:
        print(f"Parsing {PARSE_SAMPLES} messages with {model}…", flush=True)
        results[str(model)] = measure_parse(model, messages)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"Written to {REPORT}")


if __name__ == "__main__":
    main([Path(argument).resolve() for argument in sys.argv[1:]] or [MODEL_PATH])
