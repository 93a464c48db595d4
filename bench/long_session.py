"""One long conversation (issue 22): 200 programme questions in one Rasa session, straight to Rasa's REST channel;
the p50 of turns 1–20 against turns 181–200. Before the project trimmed what Rasa sends per call, a turn late in a
long conversation took 3.2 times one early on (on a quiet machine); the aim is at most 1.3.

Run alone against a running stack with `python -m bench.long_session RASA_URL`; `make bench` runs it on its own."""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from typing import Any

import httpx

from tools.stack import Stack

# Programme questions, as people ask them: each is answered with an action and NLG calls.
QUESTIONS = [
    "τι είναι το επίδομα στέγασης;",
    "what documents do I need for the housing allowance?",
    "πόσα χρήματα είναι το ελάχιστο εγγυημένο εισόδημα;",
    "how do I apply for TEBA?",
    "τι χαρτιά χρειάζομαι για το ΤΕΒΑ;",
]
TURNS = 200
WINDOW = 20


def run(rasa_url: str, turns: int = TURNS) -> dict[str, Any]:
    """Send `turns` questions in one session; the p50 of the first and the last WINDOW turns, and their ratio."""
    sender = f"bench-long-{uuid.uuid4().hex}"
    durations = []
    with httpx.Client(timeout=60) as client:
        for index in range(turns):
            body = {"sender": sender, "message": QUESTIONS[index % len(QUESTIONS)], "metadata": {"language": "el"}}
            began = time.perf_counter()
            client.post(f"{rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()
            durations.append(time.perf_counter() - began)
    first = statistics.median(durations[:WINDOW]) * 1000
    last = statistics.median(durations[-WINDOW:]) * 1000
    return {
        "turns": turns,
        "first_p50_ms": round(first, 1),
        "last_p50_ms": round(last, 1),
        "last_to_first": round(last / first, 2),
    }


def measure(stack: Stack) -> dict[str, Any]:
    """The long conversation on a running stack."""
    print(f"One conversation of {TURNS} turns…", flush=True)
    return run(stack.rasa_url)


if __name__ == "__main__":
    print(run(sys.argv[1]))
