"""Load: 50 citizens at once, in the four languages, against the real model through the hub — programme questions,
a booking by button presses and, for some, a handoff to staff — and whether the hub keeps every citizen message
exactly once under that load. The same script without the hub-only steps goes straight to Rasa's REST channel in
the same run, so that the hub's share of the latency under load is seen apart from the bot's."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments.models import Appointment, ServiceProvider
from kiosk_api.conversations.models import Message, Sender
from kiosk_api.database import get_engine
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from tools.stack import Stack

CONCURRENCY = 50
# Per half: the halves run direct, hub, hub, direct, so each mode gets 2 × 50 conversations.
CONVERSATIONS = 50
WARM_UP = 8
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
    messages: int = 0
    wall: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)
    # Conversation id → its citizen messages as the hub stores them: (text, payload).
    sent: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    conversations: list[str] = field(default_factory=list)
    slot_taken: int = 0


class Citizen:
    """One simulated citizen, talking through the hub or, with the same script, straight to Rasa."""

    def __init__(self, client: httpx.AsyncClient, stack: Stack, mode: str, created: dict[str, str], tally: Tally):
        self.client, self.stack, self.mode, self.tally = client, stack, mode, tally
        self.id, self.language = created["id"], created["language"]
        self.headers = {"Authorization": f"Bearer {created['token']}"}
        self.last: list[dict[str, Any]] = []
        tally.conversations.append(self.id)
        if mode == "hub":
            tally.sent[self.id] = []

    async def say(self, text: str, kind: str) -> None:
        """Type a message."""
        await self._send(text, None, kind)

    async def press(self, contains: str, kind: str, choice: int = 0) -> bool:
        """Press one of the last replies' buttons whose payload contains a string; False if there is none."""
        payloads = [button["payload"] for reply in self.last for button in reply.get("buttons") or []]
        matching = [payload for payload in payloads if contains in payload]
        if not matching:
            self.tally.errors["no_button"] += 1
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
        if not answer.is_success:
            self.tally.errors[f"http_{answer.status_code}"] += 1
            return
        self.tally.handoffs.append(time.perf_counter() - began)
        if answer.json()["state"] == "bot":
            self.tally.errors["handoff_not_taken"] += 1

    async def _send(self, text: str, payload: str | None, kind: str) -> None:
        """Send one citizen message, time it, and check that a reply came exactly when one is due."""
        self.tally.messages += 1
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
            self.tally.errors[f"exception_{type(error).__name__}"] += 1
            self.last = []
            return
        duration = time.perf_counter() - began
        if not answer.is_success:
            self.tally.errors[f"http_{answer.status_code}"] += 1
            self.last = []
            return
        self.tally.durations[kind].append(duration)
        if self.mode == "hub":
            self.last = answer.json()["messages"]
            from_bot = [reply for reply in self.last if reply["sender"] == "bot"]
        else:
            self.last = [output for output in answer.json() if output.get("text") or output.get("buttons")]
            from_bot = self.last
        if kind == "staff":
            # Staff hold the conversation and nobody answers: the hub must stay silent, not pass it to the bot.
            if self.last:
                self.tally.errors["reply_while_with_staff"] += 1
        elif not from_bot:
            # Only the hub's own notice means the bot did not answer in time (or an action failed).
            self.tally.errors["bot_unavailable_notice" if self.last else "no_reply"] += 1


async def _book(citizen: Citizen, index: int) -> None:
    """Book by buttons: a service, perhaps another day, a time, no to keeping name and phone, confirm."""
    await citizen.say(BOOK[citizen.language], "booking")
    if not await citizen.press(f'"{SERVICES[index % len(SERVICES)]}"', "booking"):
        return
    # Some look at later days first, so that fifty citizens do not all want the same four times.
    for _ in range((index // len(SERVICES)) % 3):
        if not await citizen.press("another_day", "booking"):
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


async def _converse(citizen: Citizen, index: int) -> None:
    """The whole script of one citizen; the handoff and the messages to staff only through the hub."""
    language = citizen.language
    await citizen.say(GREETING[language], "question")
    for question in QUESTIONS[language][(index // len(LANGUAGES)) % 2]:
        await citizen.say(question, "question")
    await _book(citizen, index)
    await citizen.say(THANKS[language], "question")
    if citizen.mode == "hub" and index % HANDOFF_EVERY == 0:
        await citizen.hand_over()
        for text in TO_STAFF[language][: 1 + index % 2]:
            await citizen.say(text, "staff")


async def _run(stack: Stack, mode: str, conversations: int, concurrency: int, tally: Tally) -> None:
    """Run conversations with at most `concurrency` at once and add them to the tally."""
    limits = httpx.Limits(max_connections=concurrency + 5, max_keepalive_connections=concurrency + 5)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        # Direct conversations are hub conversations too, so that the bot's booking action can book for them; all
        # are created before the clock starts, so both modes time the same work.
        languages = [LANGUAGES[index % len(LANGUAGES)] for index in range(conversations)]
        answers = await asyncio.gather(
            *(
                client.post(f"{stack.api_url}/api/conversations", json={"channel": "web", "language": language})
                for language in languages
            )
        )
        citizens = [Citizen(client, stack, mode, answer.raise_for_status().json(), tally) for answer in answers]
        gate = asyncio.Semaphore(concurrency)

        async def one(index: int) -> None:
            async with gate:
                await _converse(citizens[index], index)

        began = time.perf_counter()
        await asyncio.gather(*(one(index) for index in range(conversations)))
        tally.wall += time.perf_counter() - began


def _prepare_schedule(database_url: str) -> None:
    """A caseworker who provides every service, every day from 08:00 to 20:00, besides any already there."""
    with Session(get_engine(database_url)) as db:
        member = staff.get_member_by_email(db=db, email="load@kentro.example") or staff.create_member(
            db=db,
            email="load@kentro.example",
            name="Φόρτος",
            role=Role.caseworker,
            password=secrets.token_urlsafe(24),
        )
        appointments.set_working_plan(
            db=db, staff_id=member.id, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)], breaks=[]
        )
        for service in appointments.list_services(db=db):
            providers = db.scalars(select(ServiceProvider.staff_id).where(ServiceProvider.service_id == service.id))
            appointments.set_providers(db=db, service=service, staff_ids=[*providers, member.id])


def _integrity(database_url: str, sent: dict[str, list[tuple[str, str | None]]]) -> dict[str, int]:
    """Compare every citizen message sent through the hub with what the database holds, conversation by
    conversation: lost, duplicated, out of order, and still waiting for the bot."""
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
                stored[conversation].append((text, payload))
                pending += bool(waiting)
    lost = duplicated = out_of_order = 0
    for conversation, messages in sent.items():
        kept = stored[conversation]
        lost += sum((Counter(messages) - Counter(kept)).values())
        duplicated += sum((Counter(kept) - Counter(messages)).values())
        out_of_order += Counter(messages) == Counter(kept) and messages != kept
    return {
        "conversations": len(sent),
        "messages_sent": sum(map(len, sent.values())),
        "messages_stored": sum(map(len, stored.values())),
        "lost": lost,
        "duplicated": duplicated,
        "conversations_out_of_order": out_of_order,
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


def measure(stack: Stack, summary: Callable[[list[float]], dict[str, float]]) -> dict[str, Any]:
    """Run 50 conversations at once through the hub and straight to Rasa, alternating; report throughput,
    latency, errors, the hub/direct p95 ratio, message integrity and each process's peak memory."""
    # Imported here: bench.run imports this module.
    from bench.run import memory_mb

    if not stack.database_url:
        raise ValueError("the load benchmark needs the stack's own database (it adds a caseworker to it)")
    _prepare_schedule(stack.database_url)
    warm_up = {"direct": Tally(), "hub": Tally()}
    for mode, tally in warm_up.items():
        asyncio.run(_run(stack, mode, WARM_UP, WARM_UP, tally))
    tallies = {"direct": Tally(), "hub": Tally()}
    # Alternate halves so that drift on the machine falls on both sides alike.
    for mode in ("direct", "hub", "hub", "direct"):
        asyncio.run(_run(stack, mode, CONVERSATIONS, CONCURRENCY, tallies[mode]))

    report: dict[str, Any] = {"concurrency": CONCURRENCY, "conversations_per_mode": 2 * CONVERSATIONS}
    for mode, tally in tallies.items():
        bot_turns = tally.durations["question"] + tally.durations["booking"]
        report[mode] = {
            "messages": tally.messages,
            "messages_per_second": round(tally.messages / tally.wall, 1),
            "wall_seconds": round(tally.wall, 1),
            "turn": summary(bot_turns + tally.durations["staff"]),
            "bot_turn": summary(bot_turns),
            "question_turn": summary(tally.durations["question"]),
            "booking_turn": summary(tally.durations["booking"]),
            "errors": dict(tally.errors),
            "slot_taken_retries": tally.slot_taken,
        }
    hub, direct = tallies["hub"], tallies["direct"]
    report["hub"]["staff_turn"] = summary(hub.durations["staff"])
    report["hub"]["handoff_request"] = summary(hub.handoffs)
    report["p95_ratio"] = round(report["hub"]["bot_turn"]["p95_ms"] / report["direct"]["bot_turn"]["p95_ms"], 2)
    report["question_p95_ratio"] = round(
        report["hub"]["question_turn"]["p95_ms"] / report["direct"]["question_turn"]["p95_ms"], 2
    )
    # Every hub conversation, the warm-up's too: the more messages checked, the better.
    report["hub"]["integrity"] = _integrity(stack.database_url, {**warm_up["hub"].sent, **hub.sent})
    for mode, tally in tallies.items():
        report[mode]["booked"] = _booked(stack.database_url, tally.conversations)
    report["memory"] = {name: memory_mb(process.pid) for name, process in stack.processes.items()}
    integrity = report["hub"]["integrity"]
    print(
        f"load, {CONCURRENCY} at once: hub {report['hub']['messages_per_second']} msg/s, "
        f"p50/p95/p99 {report['hub']['turn']['p50_ms']}/{report['hub']['turn']['p95_ms']}/"
        f"{report['hub']['turn']['p99_ms']} ms; direct {report['direct']['messages_per_second']} msg/s, "
        f"p50/p95/p99 {report['direct']['bot_turn']['p50_ms']}/{report['direct']['bot_turn']['p95_ms']}/"
        f"{report['direct']['bot_turn']['p99_ms']} ms; p95 hub/direct {report['p95_ratio']}; "
        f"errors hub {sum(hub.errors.values())} direct {sum(direct.errors.values())}; "
        f"lost {integrity['lost']} duplicated {integrity['duplicated']}; peak MB "
        + ", ".join(f"{name} {memory['peak_rss_mb']}" for name, memory in report["memory"].items()),
        flush=True,
    )
    return report
