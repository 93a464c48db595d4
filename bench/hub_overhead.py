"""The hub's added latency: one conversation script sent through the hub and straight to Rasa's REST channel, side
by side in one run, with 1 and with 20 conversations at once."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx

from tools.stack import Stack

SCRIPT = {
    "el": ["γεια σας", "τι είναι το ΤΕΒΑ;", "τι χαρτιά χρειάζομαι;", "ευχαριστώ πολύ"],
    "en": ["hello", "what is the housing allowance?", "how much is it?", "thank you"],
    "ar": ["مرحبا", "شو هو الحد الأدنى المضمون للدخل؟", "كيف بقدم؟", "شكرا كتير"],
    "rom": ["sastipe", "so si o TEBA?", "save lila trubun?", "nais tuke"],
}
LANGUAGES = list(SCRIPT)
# Conversations per mode and concurrency: enough turns for a stable p95 on two cores.
CONVERSATIONS = {1: 24, 20: 60}


async def _direct(client: httpx.AsyncClient, stack: Stack, language: str) -> list[float]:
    sender = f"bench-{uuid.uuid4().hex}"
    durations = []
    for text in SCRIPT[language]:
        body = {"sender": sender, "message": text, "metadata": {"language": language, "channel": "web"}}
        began = time.perf_counter()
        (await client.post(f"{stack.rasa_url}/webhooks/rest/webhook", json=body)).raise_for_status()
        durations.append(time.perf_counter() - began)
    return durations


async def _through_hub(client: httpx.AsyncClient, stack: Stack, language: str) -> list[float]:
    created = await client.post(f"{stack.api_url}/api/conversations", json={"channel": "web", "language": language})
    created.raise_for_status()
    conversation = created.json()
    headers = {"Authorization": f"Bearer {conversation['token']}"}
    durations = []
    for text in SCRIPT[language]:
        began = time.perf_counter()
        answer = await client.post(
            f"{stack.api_url}/api/conversations/{conversation['id']}/messages", json={"text": text}, headers=headers
        )
        answer.raise_for_status()
        durations.append(time.perf_counter() - began)
        if not answer.json()["messages"]:
            raise RuntimeError(f"no reply through the hub to {text!r}")
    return durations


async def _run(stack: Stack, mode: str, concurrency: int, conversations: int) -> tuple[list[float], float]:
    """Run conversations with at most `concurrency` at once; return the turn durations and the wall time."""
    talk = _direct if mode == "direct" else _through_hub
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency + 5, max_keepalive_connections=concurrency + 5)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def one(index: int) -> list[float]:
            async with gate:
                return await talk(client, stack, LANGUAGES[index % len(LANGUAGES)])

        began = time.perf_counter()
        results = await asyncio.gather(*(one(index) for index in range(conversations)))
        wall = time.perf_counter() - began
    return [duration for durations in results for duration in durations], wall


def measure(stack: Stack, summary: Any) -> dict[str, Any]:
    """Per concurrency: p50/p95 of a turn directly and through the hub, and the p95 ratio (goal ≤ 1.2)."""
    report: dict[str, Any] = {"script_turns_per_conversation": len(SCRIPT["el"])}
    asyncio.run(_run(stack, "hub", 4, 8))  # warm-up of both paths
    asyncio.run(_run(stack, "direct", 4, 8))
    for concurrency, conversations in CONVERSATIONS.items():
        durations: dict[str, list[float]] = {"direct": [], "hub": []}
        walls = {"direct": 0.0, "hub": 0.0}
        # Alternate halves so that drift on the machine falls on both sides alike.
        for mode in ("direct", "hub", "hub", "direct"):
            turns, wall = asyncio.run(_run(stack, mode, concurrency, conversations // 2))
            durations[mode] += turns
            walls[mode] += wall
        row = {mode: summary(values) for mode, values in durations.items()}
        for mode in ("direct", "hub"):
            row[mode]["turns_per_second"] = round(len(durations[mode]) / walls[mode], 1)
        row["p95_ratio"] = round(row["hub"]["p95_ms"] / row["direct"]["p95_ms"], 2)
        row["p50_added_ms"] = round(row["hub"]["p50_ms"] - row["direct"]["p50_ms"], 1)
        report[f"concurrency_{concurrency}"] = row
        print(f"hub vs direct, {concurrency} at once: {row}", flush=True)
    return report
