"""Load: 50 citizens at once, in the four languages, against the real model through the hub — programme questions,
a booking by button presses and, for some, a handoff to staff — and whether the hub keeps every citizen message
exactly once under that load. At the same time, 50 more citizens run the same script without the hub-only steps
straight to Rasa's REST channel, so that both meet the same queue in front of the bot and the hub's share of the
latency is seen apart from the bot's."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench import alone
from bench.measures import cpu_seconds, memory_mb, percentile, postgres_pids, summary_ms
from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, ServiceProvider
from kiosk_api.conversations.models import Message, Sender
from kiosk_api.database import get_engine
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from tools.stack import REPO_DIR, Stack

REPORT = REPO_DIR / "reports" / "load.json"

CONCURRENCY = 50
CONVERSATIONS = 50
WARM_UP = 8
MODES = ("hub", "direct")
# A conversation runs in two parts with a pause between: the questions, then the booking (and the handoff); each round
# opens fresh conversations. Both modes run at once: run one after the other, each met a queue of its own in front
# of the bot, and the p95 of a queue swings with chance bursts (ratios of 0.46 to 1.97 from the same code), which
# buried the hub's few milliseconds. What the hub's work costs the bot's two cores is measured apart: CPU per message.
PARTS = ("questions", "booking")
ROUNDS = 4
# A citizen who has waited a minute for an answer has given up; it also bounds the run when the hub stalls.
TIMEOUT_SECONDS = 60
# A person reads the answer (a programme's, with its source and date) and types the next message: seconds between one
# answer and the next message, drawn evenly from this range. The 100 citizens of both modes then send the bot about
# 4.5 messages a second, which it serves (about 7 a second on two cores) with a queue at times, as a busy day would;
# without pauses, 100 scripts firing at once would measure only that queue, not people.
THINK_SECONDS = (8.0, 24.0)
# One conversation in this many asks for a person at the end.
HANDOFF_EVERY = 5
# A time taken by another citizen meanwhile brings fresh options; the citizen tries this many times in all.
BOOKING_ATTEMPTS = 3
SERVICES = ["social_work", "psychological_support", "application_help", "roma_mediation"]
LANGUAGES = ["el", "en", "ar", "rom"]
GREETING = {"el": "γεια σας", "en": "hello", "ar": "مرحبا", "rom": "sastipe"}
# Two pairs of a programme question and its follow-up per language, alternated between conversations.
QUESTIONS = {
    "el": [["τι είναι το ΤΕΒΑ;", "τι χαρτιά χρειάζομαι;"], ["πόσο είναι το επίδομα στέγασης;", "πώς κάνω αίτηση;"]],
    "en": [["what is the housing allowance?", "how much is it?"], ["what is TEBA?", "what documents do I need?"]],
    "ar": [["شو هو الحد الأدنى المضمون للدخل؟", "كيف بقدم؟"], ["شو هو بدل الإيجار؟", "قديش المبلغ؟"]],
    "rom": [["so si o TEBA?", "save lila trubun?"], ["kana pokinen o epidoma stegasis?", "sar te ramosarav man?"]],
}
BOOK = {
    "el": "θέλω να κλείσω ένα ραντεβού",
    "en": "I would like to book an appointment please",
    "ar": "بدي احجز موعد لو سمحت",
    "rom": "mangav te kerav jekh rantevou",
}
NO = {"el": "όχι", "en": "no", "ar": "لا", "rom": "na"}
THANKS = {"el": "ευχαριστώ πολύ", "en": "thank you", "ar": "شكرا كتير", "rom": "nais tuke"}
TO_STAFF = {
    "el": ["θέλω να μιλήσω με κάποιον για το ενοίκιο", "ευχαριστώ"],
    "en": ["I need help with my rent", "thanks"],
    "ar": ["بدي مساعدة بالإيجار", "شكرا"],
    "rom": ["mangav te dav duma e manushesa", "nais"],
}


@dataclass
class Tally:
    """What one mode's conversations did: turn durations by kind, citizen messages, errors, what each sent."""

    durations: dict[str, list[float]] = field(default_factory=lambda: {"question": [], "booking": [], "staff": []})
    handoffs: list[float] = field(default_factory=list)
    # Through the hub: the hub's own share of each bot turn, from its Server-Timing header.
    hub_own: list[float] = field(default_factory=list)
    messages: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    # Conversation id → its citizen messages as the hub stores them, (text, payload); and those whose request failed.
    sent: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    failed: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    conversations: list[str] = field(default_factory=list)
    slot_taken: int = 0
    # Script steps not taken because an earlier turn failed (no button to press).
    skipped: int = 0
    # People pause between messages (THINK_SECONDS); the warm-up does not.
    pauses: bool = True


class Citizen:
    """One simulated citizen, talking through the hub or, with the same script, straight to Rasa."""

    def __init__(self, client: httpx.AsyncClient, stack: Stack, mode: str, created: dict[str, str], tally: Tally):
        self.client, self.stack, self.mode, self.tally = client, stack, mode, tally
        self.id, self.language = created["id"], created["language"]
        self.headers = {"Authorization": f"Bearer {created['token']}"}
        self.last: list[dict[str, Any]] = []
        # Seeded by mode and place, so runs repeat. Not the same draws in both modes: twins pausing alike would reach
        # the bot together, and the one through the hub, a few milliseconds behind, would always wait for the other.
        self.thinking = random.Random(f"{mode}:{len(tally.conversations)}")
        tally.conversations.append(self.id)
        if mode == "hub":
            tally.sent[self.id], tally.failed[self.id] = [], []

    async def say(self, text: str, kind: str) -> None:
        """Type a message."""
        await self._send(text, None, kind)

    async def press(self, contains: str, kind: str, choice: int = 0) -> bool:
        """Press one of the last replies' buttons whose payload contains a string; False if there is none."""
        payloads = [button["payload"] for reply in self.last for button in reply.get("buttons") or []]
        matching = [payload for payload in payloads if contains in payload]
        if not matching:
            self.tally.skipped += 1
            return False
        await self._send("", matching[choice % len(matching)], kind)
        return True

    async def hand_over(self) -> None:
        """Ask for a person (the hub's own route; not a message to the bot)."""
        began = time.perf_counter()
        try:
            answer = await self.client.post(
                f"{self.stack.api_url}/api/conversations/{self.id}/handoff", headers=self.headers
            )
        except httpx.HTTPError as error:
            self.tally.errors[f"exception_{type(error).__name__}"] += 1
            return
        self.tally.handoffs.append(time.perf_counter() - began)
        if not answer.is_success:
            self.tally.errors[f"http_{answer.status_code}"] += 1
        elif answer.json()["state"] == "bot":
            self.tally.errors["handoff_not_taken"] += 1

    async def _send(self, text: str, payload: str | None, kind: str) -> None:
        """Send one citizen message, time it, and check that a reply came exactly when one is due."""
        if self.tally.pauses:
            await asyncio.sleep(self.thinking.uniform(*THINK_SECONDS))
        self.tally.messages += 1
        self.last = []
        began = time.perf_counter()
        try:
            if self.mode == "hub":
                self.tally.sent[self.id].append((text, payload))
                body = {"payload": payload} if payload else {"text": text}
                answer = await self.client.post(
                    f"{self.stack.api_url}/api/conversations/{self.id}/messages", json=body, headers=self.headers
                )
            else:
                body = {
                    "sender": self.id,
                    "message": payload or text,
                    "metadata": {"language": self.language, "channel": "web"},
                }
                answer = await self.client.post(f"{self.stack.rasa_url}/webhooks/rest/webhook", json=body)
        except httpx.HTTPError as error:
            self._failed(text, payload, f"exception_{type(error).__name__}")
            return
        # Every answered turn counts in the latency, an error too: the citizen waited for it.
        self.tally.durations[kind].append(time.perf_counter() - began)
        if not answer.is_success:
            self._failed(text, payload, f"http_{answer.status_code}")
            return
        if self.mode == "hub":
            self.last = answer.json()["messages"]
            if own := re.search(r"hub;dur=([\d.]+)", answer.headers.get("Server-Timing", "")):
                self.tally.hub_own.append(float(own[1]) / 1000)
            from_bot = [reply for reply in self.last if reply["sender"] == "bot"]
        else:
            self.last = [output for output in answer.json() if output.get("text") or output.get("buttons")]
            from_bot = self.last
        if kind == "staff":
            # Staff hold the conversation and nobody answers: the bot must stay silent. (Out of hours the hub says,
            # once, that the message is kept for the staff: run on a Sunday, 40 such notices were counted as errors.)
            if from_bot:
                self.tally.errors["reply_while_with_staff"] += 1
        elif not from_bot:
            # Only the hub's own notice means the bot did not answer in time (or an action failed).
            self.tally.errors["bot_unavailable_notice" if self.last else "no_reply"] += 1

    def _failed(self, text: str, payload: str | None, error: str) -> None:
        """Count a failed request; through the hub, remember the message so that the database check can tell."""
        self.tally.errors[error] += 1
        if self.mode == "hub":
            self.tally.failed[self.id].append((text, payload))


async def _book(citizen: Citizen, index: int) -> None:
    """Book by buttons: a service, perhaps another day, a time, no to keeping name and phone, confirm."""
    await citizen.say(BOOK[citizen.language], "booking")
    if not await citizen.press(f'"{SERVICES[index % len(SERVICES)]}"', "booking"):
        return
    # Half look at the next day first, so that fifty citizens do not all want the same four times.
    if (index // len(SERVICES)) % 2 and not await citizen.press("another_day", "booking"):
        return
    for attempt in range(BOOKING_ATTEMPTS):
        if not await citizen.press("|", "booking", choice=index + attempt):
            return
        if attempt == 0:  # consent is asked once; it is remembered when fresh times are offered
            await citizen.say(NO[citizen.language], "booking")
        if not await citizen.press("/affirm", "booking"):
            return
        offered = [button["payload"] for reply in citizen.last for button in reply.get("buttons") or []]
        if not any("|" in payload for payload in offered):
            return
        citizen.tally.slot_taken += 1


async def _converse(citizen: Citizen, index: int, part: str) -> None:
    """One part of a citizen's script; the handoff and the messages to staff only through the hub."""
    language = citizen.language
    if part == "questions":
        await citizen.say(GREETING[language], "question")
        for question in QUESTIONS[language][(index // len(LANGUAGES)) % 2]:
            await citizen.say(question, "question")
        return
    await _book(citizen, index)
    await citizen.say(THANKS[language], "question")
    if citizen.mode == "hub" and index % HANDOFF_EVERY == 0:
        await citizen.hand_over()
        for text in TO_STAFF[language][: 1 + index % 2]:
            await citizen.say(text, "staff")


async def _start(client: httpx.AsyncClient, stack: Stack, mode: str, conversations: int, tally: Tally) -> list[Citizen]:
    """Open the conversations of a mode in the hub, before any clock starts."""
    # Direct conversations are hub conversations too, so that the bot's booking action can book for them.
    answers = await asyncio.gather(
        *(
            client.post(
                f"{stack.api_url}/api/conversations",
                json={"channel": "web", "language": LANGUAGES[index % len(LANGUAGES)]},
            )
            for index in range(conversations)
        )
    )
    return [Citizen(client, stack, mode, answer.raise_for_status().json(), tally) for answer in answers]


async def _run(
    stack: Stack, conversations: int, concurrency: int, tallies: dict[str, Tally]
) -> tuple[float, Counter[str]]:
    """Run both modes' conversations at once, part by part, at most `concurrency` of each mode at once; return the
    seconds the parts took and the CPU seconds each process used meanwhile."""
    # Idle connections are given up after 2 s, before Rasa's REST channel (Sanic) closes them after 5, as the hub does.
    connections = 2 * concurrency + 5
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=2.0)
    wall, used = 0.0, Counter[str]()
    async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, limits=limits) as client:
        citizens = {mode: await _start(client, stack, mode, conversations, tallies[mode]) for mode in MODES}
        gates = {mode: asyncio.Semaphore(concurrency) for mode in MODES}

        async def one(citizen: Citizen, index: int, part: str) -> None:
            """One part of one conversation, when its mode's gate lets it in."""
            async with gates[citizen.mode]:
                await _converse(citizen, index, part)

        for part in PARTS:
            began, cpu_before = time.perf_counter(), _cpu(stack)
            await asyncio.gather(
                *(one(citizen, index, part) for mode in MODES for index, citizen in enumerate(citizens[mode]))
            )
            wall += time.perf_counter() - began
            used.update(_cpu(stack) - cpu_before)
    return wall, used


def _cpu(stack: Stack) -> Counter[str]:
    """CPU seconds used so far by each process of the stack, by PostgreSQL if it runs here, and by this client."""
    used = Counter(
        {name: cpu_seconds([process.pid]) for name, process in stack.processes.items() if process.poll() is None}
    )
    if (stack.database_url or "").startswith("postgres"):
        used["postgresql"] = cpu_seconds(postgres_pids())
    used["load_client"] = time.process_time()  # this process alone: the stack's processes are its children
    return used


def _prepare_schedule(database_url: str) -> None:
    """Every service switched on (a centre with a Roma mediator), and two caseworkers (one per mode's fifty
    citizens) who provide every service, every day from 08:00 to 20:00, besides any already there."""
    with Session(get_engine(database_url)) as db:
        appointments.switch_on_every_service(db=db)
        members = [
            staff.get_member_by_email(db=db, email=email)
            or staff.create_member(
                db=db, email=email, name=name, role=Role.caseworker, password=secrets.token_urlsafe(24)
            )
            for email, name in [("load@kentro.example", "Φόρτος"), ("load2@kentro.example", "Φόρτος Β")]
        ]
        for member in members:
            appointments.set_working_plan(
                db=db, staff_id=member.id, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)], breaks=[]
            )
        for service in appointments.list_services(db=db):
            providers = db.scalars(select(ServiceProvider.staff_id).where(ServiceProvider.service_id == service.id))
            staff_ids = sorted({*providers, *(member.id for member in members)})
            appointments.set_providers(db=db, service=service, staff_ids=staff_ids)


def as_sent(text: str, payload: str | None, sent: list[tuple[str, str | None]]) -> tuple[str, str | None]:
    """A stored citizen message as the load client sent it: typed, (text, None), or a pressed button, ("", payload).
    A pressed button is stored with its title as text, for staff to read; a typed message that chooses a button
    the assistant offered ("πώς κάνω αίτηση;" under the button of that title) is stored as typed, with that
    button's payload."""
    if payload is not None and ("", payload) in sent:
        return "", payload
    return text, None


def _integrity(database_url: str, tallies: list[Tally]) -> dict[str, int]:
    """Compare every citizen message sent through the hub with what the database holds, conversation by
    conversation: lost (answered with success but not stored), duplicated, out of order, still waiting for the bot,
    and what became of the messages whose request failed."""
    sent = {conversation: messages for tally in tallies for conversation, messages in tally.sent.items()}
    failed = {conversation: messages for tally in tallies for conversation, messages in tally.failed.items()}
    stored: dict[str, list[tuple[str, str | None]]] = {conversation: [] for conversation in sent}
    pending = 0
    with Session(get_engine(database_url)) as db:
        ids = list(sent)
        for start in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
            rows = db.execute(
                select(Message.conversation_id, Message.text, Message.payload, Message.pending)
                .where(Message.conversation_id.in_(ids[start : start + 500]), Message.sender == Sender.citizen)
                .order_by(Message.id)
            )
            for conversation, text, payload, waiting in rows:
                stored[conversation].append(as_sent(text, payload, sent[conversation]))
                pending += bool(waiting)
    counts = Counter[str]()
    for conversation, messages in sent.items():
        kept, acknowledged = Counter(stored[conversation]), Counter(messages) - Counter(failed[conversation])
        counts["lost"] += (acknowledged - kept).total()
        counts["duplicated"] += (kept - Counter(messages)).total()
        counts["failed_but_stored"] += ((kept - acknowledged) & Counter(failed[conversation])).total()
        # Stored in the order sent: the stored messages are the sent ones with some left out, never reordered.
        remaining = iter(messages)
        counts["conversations_out_of_order"] += not all(message in remaining for message in stored[conversation])
    return {
        "conversations": len(sent),
        "messages_sent": sum(map(len, sent.values())),
        "messages_stored": sum(map(len, stored.values())),
        "requests_failed": sum(map(len, failed.values())),
        **{key: counts[key] for key in ("lost", "duplicated", "failed_but_stored", "conversations_out_of_order")},
        "left_pending": pending,
    }


def _booked(database_url: str, conversation_ids: list[str]) -> int:
    """How many of these conversations booked an appointment."""
    with Session(get_engine(database_url)) as db:
        return len(
            set(
                db.scalars(select(Appointment.conversation_id).where(Appointment.conversation_id.in_(conversation_ids)))
            )
        )


def _bot_turns(tally: Tally) -> list[float]:
    """The durations of the turns the bot answers (not the messages to staff), questions first."""
    return tally.durations["question"] + tally.durations["booking"]


def measure(stack: Stack, summary: Callable[[list[float]], dict[str, float]]) -> dict[str, Any]:
    """Run 50 conversations through the hub and 50 straight to Rasa, all at once; report throughput, latency, errors,
    the hub/direct p95 ratio, message integrity, and each process's CPU per message and peak memory."""
    if not stack.database_url:
        raise ValueError("the load benchmark needs the stack's own database (it adds caseworkers to it)")
    _prepare_schedule(stack.database_url)
    warm_up = {mode: Tally(pauses=False) for mode in MODES}
    asyncio.run(_run(stack, WARM_UP, WARM_UP, warm_up))
    tallies = {mode: Tally() for mode in MODES}
    round_ratios, wall, cpu = [], 0.0, Counter[str]()
    for _ in range(ROUNDS):
        before = {mode: len(_bot_turns(tally)) for mode, tally in tallies.items()}
        round_wall, round_cpu = asyncio.run(_run(stack, CONVERSATIONS, CONCURRENCY, tallies))
        wall, cpu = wall + round_wall, cpu + round_cpu
        this_round = {mode: _bot_turns(tally)[before[mode] :] for mode, tally in tallies.items()}
        round_ratios.append(round(percentile(this_round["hub"], 0.95) / percentile(this_round["direct"], 0.95), 2))

    def stats(values: list[float]) -> dict[str, float]:
        """The summary of durations; a count of nought when the hub failed every turn of a kind."""
        return summary(values) if values else {"n": 0}

    report: dict[str, Any] = {
        "concurrency": CONCURRENCY,
        "conversations_per_mode": CONVERSATIONS * ROUNDS,
        "rounds": ROUNDS,
    }
    for mode, tally in tallies.items():
        bot_turns = _bot_turns(tally)
        report[mode] = {
            "messages": tally.messages,
            "messages_per_second": round(tally.messages / wall, 1),
            "wall_seconds": round(wall, 1),
            "turn": stats(bot_turns + tally.durations["staff"]),
            "bot_turn": stats(bot_turns),
            "question_turn": stats(tally.durations["question"]),
            "booking_turn": stats(tally.durations["booking"]),
            "errors": dict(tally.errors),
            "steps_skipped": tally.skipped,
            "slot_taken_retries": tally.slot_taken,
            "booked": _booked(stack.database_url, tally.conversations),
        }
    hub, direct = tallies["hub"], tallies["direct"]
    # The hub serves the bot's responses (NLG) and booking lookups for both modes, besides its own turns.
    report["cpu_ms_per_message"] = {
        name: round(1000 * used / (hub.messages + direct.messages), 1) for name, used in cpu.items()
    }
    report["hub"]["staff_turn"] = stats(hub.durations["staff"])
    report["hub"]["handoff_request"] = stats(hub.handoffs)
    report["hub"]["hub_own_share_of_turn"] = stats(hub.hub_own)
    report["p95_ratio"] = round(report["hub"]["bot_turn"]["p95_ms"] / report["direct"]["bot_turn"]["p95_ms"], 2)
    report["p95_ratio_per_round"] = round_ratios
    report["question_p95_ratio"] = round(
        report["hub"]["question_turn"]["p95_ms"] / report["direct"]["question_turn"]["p95_ms"], 2
    )
    # Every hub conversation, the warm-up's too: the more messages checked, the better.
    report["hub"]["integrity"] = _integrity(stack.database_url, [warm_up["hub"], hub])
    report["memory"] = {
        name: memory_mb(process.pid) for name, process in stack.processes.items() if process.poll() is None
    }
    integrity, own = report["hub"]["integrity"], report["hub"]["hub_own_share_of_turn"]
    print(
        f"load, {CONCURRENCY} at once: hub {report['hub']['messages_per_second']} msg/s, "
        f"p50/p95/p99 {report['hub']['turn']['p50_ms']}/{report['hub']['turn']['p95_ms']}/"
        f"{report['hub']['turn']['p99_ms']} ms; direct {report['direct']['messages_per_second']} msg/s, "
        f"p50/p95/p99 {report['direct']['bot_turn']['p50_ms']}/{report['direct']['bot_turn']['p95_ms']}/"
        f"{report['direct']['bot_turn']['p99_ms']} ms; p95 hub/direct {report['p95_ratio']} "
        f"(rounds {', '.join(map(str, round_ratios))}); the hub's own share of a turn p50/p95 "
        f"{own.get('p50_ms')}/{own.get('p95_ms')} ms; CPU ms per message of either mode: "
        + ", ".join(f"{name} {used}" for name, used in report["cpu_ms_per_message"].items())
        + f"; errors hub {sum(hub.errors.values())} direct {sum(direct.errors.values())}; "
        f"lost {integrity['lost']} duplicated {integrity['duplicated']}; peak MB "
        + ", ".join(f"{name} {memory['peak_rss_mb']}" for name, memory in report["memory"].items()),
        flush=True,
    )
    return report


def main() -> None:
    """The load alone (`make bench-load`), into reports/load.json."""
    alone.run(lambda stack: measure(stack, summary_ms), REPORT)


if __name__ == "__main__":
    main()
