"""Scheduling benchmarks: free-slot computation over a month for ten staff members, and booking under contention
(many clients at once after few slots), on SQLite and, when BENCH_DATABASE_URL names one, PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from kiosk_api.appointments import service as appointments
from kiosk_api.appointments import slots
from kiosk_api.database import get_engine, migrate
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role

STAFF = 10
SLOT_RUNS = 40
BOOKED_SHARE = 0.3
CLIENTS = 20
CONTESTED_SLOTS = 30
ATTEMPTS_PER_CLIENT = 15
START = dt.datetime(2027, 3, 1, 7, 0, tzinfo=dt.UTC)  # a Monday morning in Athens


def _fresh(url: str) -> None:
    if url.startswith("postgresql"):
        with get_engine(url).begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate(url)


def _team(db: Session) -> list[int]:
    """Ten staff members, 08:00-16:00 with a half-hour break, providing every service."""
    ids = []
    for index in range(STAFF):
        member = staff.create_member(
            db=db, email=f"s{index}@bench.example", name=f"S{index}", role=Role.caseworker, password="x" * 12
        )
        appointments.set_working_plan(
            db=db,
            staff_id=member.id,
            hours=[(day, dt.time(8), dt.time(16)) for day in range(5)],
            breaks=[(day, dt.time(12), dt.time(12, 30)) for day in range(5)],
        )
        ids.append(member.id)
    for service in appointments.list_services(db=db):
        appointments.set_providers(db=db, service=service, staff_ids=ids)
    return ids


def _book_share(db: Session, share: float) -> int:
    """Book a share of the month's social-work slots, as a busy centre would have them."""
    service = appointments.get_service(db=db, service_id="social_work")
    month = slots.free_slots(db=db, service=service, start=START, end=START + dt.timedelta(days=30))
    chosen = random.Random(7).sample(month, int(len(month) * share))
    for slot in chosen:
        appointments.book(
            db=db,
            service_id="social_work",
            staff_id=slot.staff_id,
            starts_at=slot.starts_at,
            language="el",
            channel="web",
            now=slot.starts_at - dt.timedelta(days=1),  # each booked a day ahead, inside notice and horizon
        )
    return len(chosen)


def _timed(function: Callable[[], Any], runs: int) -> list[float]:
    durations = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        durations.append(time.perf_counter() - began)
    return durations


def _contention(url: str, staff_ids: list[int], summary: Callable[[list[float]], dict[str, float]]) -> dict[str, Any]:
    """CLIENTS threads book at random among CONTESTED_SLOTS slots at once: every slot must go exactly once."""
    with Session(get_engine(url)) as db:
        service = appointments.get_service(db=db, service_id="application_help")
        week = slots.free_slots(
            db=db, service=service, start=START + dt.timedelta(days=7), end=START + dt.timedelta(days=8)
        )
    contested = week[:CONTESTED_SLOTS]
    durations: list[float] = []
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    go = threading.Barrier(CLIENTS)

    def client(seed: int) -> None:
        pick = random.Random(seed)
        go.wait()
        for _ in range(ATTEMPTS_PER_CLIENT):
            slot = pick.choice(contested)
            began = time.perf_counter()
            with Session(get_engine(url), expire_on_commit=False) as db:
                try:
                    appointments.book(
                        db=db,
                        service_id="application_help",
                        staff_id=slot.staff_id,
                        starts_at=slot.starts_at,
                        language="ar",
                        channel="kiosk",
                        now=START,
                    )
                    outcome = "booked"
                except appointments.BookingError as error:
                    outcome = error.code
            with lock:
                durations.append(time.perf_counter() - began)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    return {
        "clients": CLIENTS,
        "contested_slots": len(contested),
        "attempts": len(durations),
        "outcomes": outcomes,
        "every_slot_booked_once": outcomes.get("booked", 0) == len(contested),
        "attempts_per_second": round(len(durations) / wall, 1),
        "attempt_latency": summary(durations),
    }


def measure_backend(url: str, summary: Callable[[list[float]], dict[str, float]]) -> dict[str, Any]:
    """Both measurements on one database."""
    _fresh(url)
    with Session(get_engine(url), expire_on_commit=False) as db:
        staff_ids = _team(db)
        booked = _book_share(db, BOOKED_SHARE)
        service = appointments.get_service(db=db, service_id="social_work")
        month = _timed(
            lambda: slots.free_slots(db=db, service=service, start=START, end=START + dt.timedelta(days=30)),
            SLOT_RUNS,
        )
        found = len(slots.free_slots(db=db, service=service, start=START, end=START + dt.timedelta(days=30)))
        first_four = _timed(lambda: appointments.next_slots(db=db, service=service, now=START), SLOT_RUNS)
    return {
        "month_of_10_staff": {"booked_beforehand": booked, "free_slots_found": found, **summary(month)},
        "next_four_times": summary(first_four),
        "booking_under_contention": _contention(url, staff_ids, summary),
    }


def measure(summary: Callable[[list[float]], dict[str, float]], postgres_url: str | None) -> dict[str, Any]:
    """On SQLite, and on PostgreSQL when given."""
    with tempfile.TemporaryDirectory() as directory:
        report = {"sqlite": measure_backend(f"sqlite:///{Path(directory) / 'slots.sqlite3'}", summary)}
    if postgres_url:
        report["postgresql"] = measure_backend(postgres_url, summary)
    for backend, figures in report.items():
        print(f"scheduling on {backend}: {figures}", flush=True)
    return report
