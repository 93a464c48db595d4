"""The Telegram gateway's throughput and latency against the fake Bot API, with the real model behind the hub:
20 simulated users at once each write a few messages, one after the other; measured from the update's arrival at the
fake to the first reply the bot sends back. In the same run, the same 20 users' messages go straight to Rasa's REST
channel: the bot turn, against which the gateway's update-to-reply is set (the ratio of p50s and of p95s).

`make bench-telegram` runs it alone (the trained model; the report goes to reports/telegram.json); `make bench` runs
it with the rest."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from bench import alone
from bench.measures import summary_ms
from tools.fake_telegram import TOKEN, FakeTelegram
from tools.stack import REPO_DIR, Stack

USERS = 20
SCRIPT = {
    "el": ["γεια σας", "τι είναι το ΤΕΒΑ;", "τι χαρτιά χρειάζομαι;", "πόσα θα πάρω;", "ευχαριστώ"],
    "en": ["hello", "what is the housing allowance?", "how much is it?", "how do I apply?", "thank you"],
    "ar": ["مرحبا", "شو هو بدل الإيجار؟", "قديش المبلغ؟", "كيف بقدم؟", "شكرا"],
}
CODES = list(SCRIPT)
REPORT = REPO_DIR / "reports" / "telegram.json"


def _all_at_once(user: Callable[[int], list[float]]) -> tuple[list[float], float]:
    """Run USERS users at once, each a thread; their latencies together and the wall time."""
    latencies: list[float] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        measured = user(index)
        with lock:
            latencies.extend(measured)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(USERS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.monotonic() - began


def bot_turns(stack: Stack) -> list[float]:
    """The users' script straight to Rasa's REST channel: each turn's duration."""

    def user(index: int) -> list[float]:
        language, sender = CODES[index % len(CODES)], f"bench-{uuid.uuid4().hex}"
        durations = []
        with httpx.Client(timeout=60) as client:
            for text in SCRIPT[language]:
                body = {"sender": sender, "message": text, "metadata": {"language": language}}
                began = time.monotonic()
                client.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body).raise_for_status()
                durations.append(time.monotonic() - began)
        return durations

    return _all_at_once(user)[0]


def gateway_replies(stack: Stack) -> tuple[list[float], float]:
    """The users' script through the gateway against the fake: each update's time to its first reply, and the wall
    time."""
    fake = FakeTelegram()
    fake.start()
    stack.start_telegram(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.base_url, TELEGRAM_FILE_URL=fake.file_url)
    ids = itertools.count(50_000)
    try:
        deadline = time.monotonic() + 60
        while not fake.calls_of("getUpdates") and time.monotonic() < deadline:
            time.sleep(0.1)

        def user(index: int) -> list[float]:
            language = CODES[index % len(CODES)]
            person = fake.user(next(ids), language)
            latencies = []
            for text in SCRIPT[language]:
                seen = len(fake.messages_to(person["id"]))
                began = time.monotonic()
                fake.say(person, text)
                latencies.append(fake.next_message(person["id"], seen).at - began)
            return latencies

        return _all_at_once(user)
    finally:
        stack.stop("telegram")
        fake.stop()


def measure(stack: Stack, summary: Callable[[list[float]], dict[str, float]]) -> dict[str, Any]:
    """The bot turn and the gateway's update-to-reply, 20 users at once each, and their ratio."""
    turns = summary(bot_turns(stack))
    latencies, wall = gateway_replies(stack)
    replies = summary(latencies)
    report = {
        "users_at_once": USERS,
        "updates": len(latencies),
        "updates_per_second": round(len(latencies) / wall, 1),
        "update_to_reply": replies,
        "bot_turn": turns,
        "ratio": {
            "p50": round(replies["p50_ms"] / turns["p50_ms"], 2),
            "p95": round(replies["p95_ms"] / turns["p95_ms"], 2),
        },
    }
    print(f"Telegram gateway: {report}", flush=True)
    return report


def main() -> None:
    """The gateway benchmark alone (`make bench-telegram`), into reports/telegram.json."""
    alone.run(lambda stack: measure(stack, summary_ms), REPORT)


if __name__ == "__main__":
    main()
