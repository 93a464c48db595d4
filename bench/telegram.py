"""The Telegram gateway's throughput against the fake Bot API, with the real model behind the hub: simulated users
each write a few messages, one after the other; measured from the update's arrival at the fake to the first reply
the bot sends back."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from tools.fake_telegram import TOKEN, FakeTelegram
from tools.stack import Stack

USERS = 20
SCRIPT = {
    "el": ["γεια σας", "τι είναι το ΤΕΒΑ;", "τι χαρτιά χρειάζομαι;", "πόσα θα πάρω;", "ευχαριστώ"],
    "en": ["hello", "what is the housing allowance?", "how much is it?", "how do I apply?", "thank you"],
    "ar": ["مرحبا", "شو هو بدل الإيجار؟", "قديش المبلغ؟", "كيف بقدم؟", "شكرا"],
}
CODES = list(SCRIPT)


def measure(stack: Stack, summary: Callable[[list[float]], dict[str, float]]) -> dict[str, Any]:
    """Run the users at once; report updates per second and the update-to-reply latency."""
    fake = FakeTelegram()
    fake.start()
    stack.start_telegram(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.base_url, TELEGRAM_FILE_URL=fake.file_url)
    try:
        deadline = time.monotonic() + 60
        while not fake.calls_of("getUpdates") and time.monotonic() < deadline:
            time.sleep(0.1)
        latencies: list[float] = []
        lock = threading.Lock()
        ids = itertools.count(50_000)

        def user(index: int) -> None:
            language = CODES[index % len(CODES)]
            person = fake.user(next(ids), language)
            for text in SCRIPT[language]:
                seen = len(fake.messages_to(person["id"]))
                began = time.monotonic()
                fake.say(person, text)
                while len(fake.messages_to(person["id"])) <= seen:
                    time.sleep(0.005)
                with lock:
                    latencies.append(fake.messages_to(person["id"])[seen].at - began)

        threads = [threading.Thread(target=user, args=(index,)) for index in range(USERS)]
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - began
        report = {
            "users_at_once": USERS,
            "updates": len(latencies),
            "updates_per_second": round(len(latencies) / wall, 1),
            "update_to_reply": summary(latencies),
        }
    finally:
        stack.stop("telegram")
        fake.stop()
    print(f"Telegram gateway: {report}", flush=True)
    return report
