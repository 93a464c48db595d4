"""`make bench`: Rasa's costs per call, training time, start-up, NLU parse and full-turn latency, the hub's added
latency, one conversation of 200 turns, a CPU profile of Rasa (reports/rasa-profile.txt), 50 conversations at once,
memory, a learning run (from learn to the new model serving, and the turns meanwhile), and scheduling (free slots
for a month of ten staff, booking under contention), measured on this machine.

Results are printed and written to reports/bench.json.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench import appointments as scheduling
from bench import hub_overhead, learning, load, long_session, rasa_calls, rasa_profile
from bench import kiosk as kiosk_page
from bench import telegram as telegram_gateway
from bench.measures import memory_mb, summary_ms
from bench.nlu import texts, time_parses
from kiosk_api.database import migrate
from tools.stack import BOT_DIR, RASA_BIN, REPO_DIR, Stack, hub_processes

REPORT = REPO_DIR / "reports" / "bench.json"
TURN_SAMPLES = 200


def measure_training(output: Path) -> dict[str, Any]:
    """Train from scratch with an empty cache and time it."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": cache}
        started = time.perf_counter()
        subprocess.run(
            [
                str(RASA_BIN),
                "train",
                "--domain",
                "domain",
                "--out",
                str(output),
                "--fixed-model-name",
                "bench",
                "--force",
            ],
            cwd=BOT_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
        seconds = time.perf_counter() - started
    model = output / "bench.tar.gz"
    return {"seconds": round(seconds, 1), "model_mb": round(model.stat().st_size / 1e6, 1)}


def main() -> None:
    """Run every benchmark and report."""
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
    print("Rasa's costs per call, its way and the project's…", flush=True)
    results["rasa_calls"] = rasa_calls.measure()
    with tempfile.TemporaryDirectory() as workdir:
        print("Training from scratch (empty cache)…", flush=True)
        results["training"] = measure_training(Path(workdir))
        model = Path(workdir) / "bench.tar.gz"
        # The hub gets a database of its own (SQLite, as `make run` uses), never the one of `make run`.
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
        migrate(database_url)
        results["hub_database"] = database_url.split(":", 1)[0]
        stack = Stack.on_free_ports(Path(workdir), database_url)
        try:
            stack.start_api(processes=hub_processes(database_url))
            stack.start_actions()
            started = time.perf_counter()
            stack.start_rasa(model)
            stack.wait_ready()
            results["rasa_ready_seconds"] = round(time.perf_counter() - started, 1)
            messages = texts()
            with httpx.Client(timeout=30) as client:
                results["nlu_parse"] = time_parses(client, stack.rasa_url, messages)
                turn_times = []
                for index, text in enumerate((messages * 2)[:TURN_SAMPLES]):
                    body = {
                        "sender": f"bench-{uuid.uuid4().hex}",
                        "message": text,
                        "metadata": {"language": ["el", "en", "ar", "rom"][index % 4]},
                    }
                    began = time.perf_counter()
                    client.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()
                    turn_times.append(time.perf_counter() - began)
                results["rest_turn"] = summary_ms(turn_times)
            results["long_session"] = long_session.measure(stack)
            results["rasa_profile"] = rasa_profile.measure(stack)
            results["hub_overhead"] = hub_overhead.measure(stack, summary_ms)
            results["telegram_gateway"] = telegram_gateway.measure(stack, summary_ms)
            results["kiosk_first_screen"] = kiosk_page.measure(stack, summary_ms)
            # Last on the stack: it leaves bookings and open handoffs behind.
            results["load_50"] = load.measure(stack, summary_ms)
            results["memory"] = {name: memory_mb(process.pid) for name, process in stack.processes.items()}
            print("Learning: ten examples, from learn to the new model serving…", flush=True)
            # After everything else: Rasa then serves the scratch model.
            results["learning"] = learning.measure(stack)
        finally:
            stack.stop_all()
    print("Scheduling: free slots and booking under contention…", flush=True)
    # PostgreSQL only when asked: the benchmark empties the database it is given.
    results["scheduling"] = scheduling.measure(summary_ms, os.environ.get("BENCH_POSTGRES_URL"))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"Written to {REPORT}")


if __name__ == "__main__":
    main()
