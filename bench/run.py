"""`make bench`: training time, start-up, NLU parse and full-turn latency, the hub's added latency, 50 conversations
at once, memory, and scheduling (free slots for a month of ten staff, booking under contention), measured on this
machine.

Results are printed and written to reports/bench.json.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench import appointments as scheduling
from bench import hub_overhead, load
from bench import kiosk as kiosk_page
from bench import telegram as telegram_gateway
from kiosk_api.database import migrate
from tools.stack import BOT_DIR, RASA_BIN, REPO_DIR, Stack, hub_processes

HELD_OUT = REPO_DIR / "tests" / "data" / "nlu_heldout.csv"
REPORT = REPO_DIR / "reports" / "bench.json"
PARSE_SAMPLES = 400
TURN_SAMPLES = 200


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p95, p99 and mean of durations, in milliseconds."""
    milliseconds = [value * 1000 for value in seconds]
    return {
        "n": len(milliseconds),
        "p50_ms": round(percentile(milliseconds, 0.50), 1),
        "p95_ms": round(percentile(milliseconds, 0.95), 1),
        "p99_ms": round(percentile(milliseconds, 0.99), 1),
        "mean_ms": round(statistics.fmean(milliseconds), 1),
    }


def memory_mb(pid: int) -> dict[str, float]:
    """Resident and peak resident memory of a process with its children (the hub's workers), in MB: the sum over
    them of each one's."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for process in _with_children(pid):
        with contextlib.suppress(FileNotFoundError):  # a child that has just exited
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in totals:
                    totals[key] += int(value.split()[0]) / 1024
    return {"rss_mb": round(totals["VmRSS"], 1), "peak_rss_mb": round(totals["VmHWM"], 1)}


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user and system) these processes and their children still running have used so far, in seconds."""
    total = 0
    for process in {descendant for pid in pids for descendant in _with_children(pid)}:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            # The fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (its backends included), if it runs here."""
    pids = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(FileNotFoundError, NotADirectoryError, PermissionError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
    return pids


def _with_children(pid: int) -> list[int]:
    """A process and all its descendants."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:  # it has just exited
        children = []
    return [pid, *(descendant for child in children for descendant in _with_children(int(child)))]


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


def texts() -> list[str]:
    with HELD_OUT.open(encoding="utf-8") as file:
        return [row["text"] for row in csv.DictReader(file)]


def main() -> None:
    """Run every benchmark and report."""
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }
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
                for text in messages[:20]:  # warm-up
                    client.post(f"{stack.rasa_url}/model/parse", json={"text": text})
                parse_times = []
                for text in (messages * 2)[:PARSE_SAMPLES]:
                    began = time.perf_counter()
                    client.post(f"{stack.rasa_url}/model/parse", json={"text": text}).raise_for_status()
                    parse_times.append(time.perf_counter() - began)
                results["nlu_parse"] = summary_ms(parse_times)
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
            results["hub_overhead"] = hub_overhead.measure(stack, summary_ms)
            results["telegram_gateway"] = telegram_gateway.measure(stack, summary_ms)
            results["kiosk_first_screen"] = kiosk_page.measure(stack, summary_ms)
            # Last on the stack: it leaves bookings and open handoffs behind.
            results["load_50"] = load.measure(stack, summary_ms)
            results["memory"] = {name: memory_mb(process.pid) for name, process in stack.processes.items()}
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
