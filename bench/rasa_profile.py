"""Where Rasa's CPU goes (issue 22): py-spy samples the Rasa process while a fixed script of conversations runs
straight to its REST channel, and the heaviest frames are written to reports/, so that the next regression is seen
by name. The raw samples are kept beside them (`reports/rasa-profile.folded`, one stack per line with its count:
what flame graph tools read).

The script: 30 conversations of five turns in the four languages (a greeting, two programme questions, a follow-up
on the amount, thanks) and one conversation of 100 programme questions, whose late turns show what grows.

Run alone against a running stack with `python -m bench.rasa_profile RASA_PID RASA_URL`; `make bench` runs it."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench import long_session
from tools.stack import REPO_DIR, Stack

FOLDED = REPO_DIR / "reports" / "rasa-profile.folded"
TOP = REPO_DIR / "reports" / "rasa-profile.txt"
PY_SPY = Path(sys.executable).with_name("py-spy")
SAMPLES_PER_SECOND = 250
TOP_FRAMES = 30
CONVERSATIONS = [
    ("el", ["γεια σας", "τι είναι το επίδομα στέγασης;", "ποια χαρτιά θέλω για το ΤΕΒΑ;", "και πόσα;", "ευχαριστώ"]),
    ("en", ["hello", "what is the minimum income?", "how do I apply for help at home?", "how much is it?", "thanks"]),
    ("ar", ["مرحبا", "ما هو بدل السكن؟", "كيف أقدم على الحد الأدنى للدخل؟", "وكم المبلغ؟", "شكرا"]),
    ("rom", ["sastipe", "so si o epidoma stegasis?", "sar te kerav aitisi vash o TEBA?", "kitsi love?", "nais tuke"]),
]
SHORT_CONVERSATIONS = 30
LONG_TURNS = 100
# "function (path/to/file.py:123)" in py-spy's raw output; the line is dropped so a function counts once.
FRAME = re.compile(r"^(?P<function>.*?) \((?P<path>[^():]+)(?::\d+)?\)$")


def run_script(rasa_url: str) -> int:
    """Send the fixed script; return the number of turns."""
    turns = 0
    with httpx.Client(timeout=60) as client:
        for index in range(SHORT_CONVERSATIONS):
            language, messages = CONVERSATIONS[index % len(CONVERSATIONS)]
            sender = f"bench-profile-{uuid.uuid4().hex}"
            for text in messages:
                body = {"sender": sender, "message": text, "metadata": {"language": language}}
                client.post(f"{rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()
                turns += 1
    long_session.run(rasa_url, LONG_TURNS)
    return turns + LONG_TURNS


def frame_name(frame: str) -> str:
    """A frame as 'function (file)', the file relative to site-packages or the repository."""
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["path"]
    for marker in ("site-packages/", "/lib/python3.10/", str(REPO_DIR) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match['function']} ({path})"


def top_frames(folded: str) -> dict[str, Any]:
    """The frames with the most samples: inclusive (anywhere in the stack, once per stack) and self (on top)."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in folded.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame_name(frame) for frame in stack.split(";")]
        total += count
        own[frames[-1]] += count
        for name in set(frames):
            inclusive[name] += count
    share = 100 / total if total else 0

    def rows(counts: Counter[str]) -> list[dict[str, Any]]:
        return [{"frame": name, "percent": round(count * share, 1)} for name, count in counts.most_common(TOP_FRAMES)]

    return {"samples": total, "inclusive": rows(inclusive), "self": rows(own)}


def profile(rasa_pid: int, rasa_url: str) -> dict[str, Any]:
    """Sample Rasa during the script; write the folded stacks and the top frames to reports/; return the summary."""
    FOLDED.parent.mkdir(parents=True, exist_ok=True)
    sampler = subprocess.Popen(
        [
            str(PY_SPY),
            "record",
            "--pid",
            str(rasa_pid),
            "--rate",
            str(SAMPLES_PER_SECOND),
            "--format",
            "raw",
            "--output",
            str(FOLDED),
            "--nonblocking",
            "--gil",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(1)  # py-spy attaches
    began = time.perf_counter()
    turns = run_script(rasa_url)
    seconds = time.perf_counter() - began
    sampler.send_signal(signal.SIGINT)  # py-spy writes its samples on an interrupt
    _, errors = sampler.communicate(timeout=60)
    if not FOLDED.exists():
        raise RuntimeError(f"py-spy wrote no profile: {errors.decode(errors='replace')}")
    summary = {"turns": turns, "seconds": round(seconds, 1), **top_frames(FOLDED.read_text(encoding="utf-8"))}
    lines = [
        f"Rasa's CPU during {turns} REST turns ({summary['seconds']} s; {summary['samples']} samples while holding "
        f"the GIL, {SAMPLES_PER_SECOND} a second); bench/rasa_profile.py. Samples: {FOLDED.name}.",
        "",
        "Inclusive (the frame anywhere in the stack):",
        *(f"{row['percent']:6.1f}%  {row['frame']}" for row in summary["inclusive"]),
        "",
        "Self (the frame on top of the stack):",
        *(f"{row['percent']:6.1f}%  {row['frame']}" for row in summary["self"]),
    ]
    TOP.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Rasa's profile: {TOP}", flush=True)
    return summary


def measure(stack: Stack) -> dict[str, Any]:
    """The profile on a running stack."""
    print("Rasa's CPU profile during a fixed script…", flush=True)
    return profile(stack.processes["rasa"].pid, stack.rasa_url)


if __name__ == "__main__":
    print(json.dumps(profile(int(sys.argv[1]), sys.argv[2]), indent=2))
