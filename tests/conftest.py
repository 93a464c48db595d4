"""Shared fixtures. The whole system (hub, action server, Rasa with the real trained model) starts once per session."""

from __future__ import annotations

import atexit
import datetime as dt
import importlib.util
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import argon2
import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from kiosk_api import config, database
from kiosk_api.appointments import service as appointments
from kiosk_api.main import create_app
from kiosk_api.staff import service as staff
from kiosk_api.staff.models import Role
from tools.stack import BOT_DIR, MODEL_PATH, Stack, free_port

PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
# Every database test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set (CI sets it).
BACKENDS = ["sqlite", *(["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])]


def pytest_configure() -> None:
    """Under pytest-xdist (`make test` runs two workers), each worker gets a PostgreSQL database of its own, `test_gw0`
    beside `test`: the tests empty the database's schema, which would pull it from under the other worker's tests.
    Set before any test reads TEST_DATABASE_URL, and inherited by the processes the tests start."""
    _hash_passwords_cheaply()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = os.environ.get("TEST_DATABASE_URL")
    if not worker or not shared:
        return
    url = make_url(shared)
    own = url.set(database=f"{url.database}_{worker}")
    # "postgresql://" alone means psycopg2 to SQLAlchemy; this project ships psycopg 3.
    engine = create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}) is None:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    os.environ["TEST_DATABASE_URL"] = own.render_as_string(hide_password=False)


def _hash_passwords_cheaply() -> None:
    """Staff passwords made here are hashed with argon2 at its lowest cost, as Django's tests hash theirs with MD5:
    at the hub's cost (64 MiB, 3 passes, about 0.2 s a hash or a check), creating and logging in the staff of a test
    took most of its time; `tests/api/test_staff.py` and `tests/api/test_handoff_staff.py` on SQLite ran 2 min 16 s,
    and 59 s with this. A hub the tests start in a process of its own checks these hashes at their own cost (argon2
    reads it from the hash) and hashes again at its own on the first login, as it would an old hash."""
    staff._hasher = argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


# Before xdist's own hook, which reads the groups.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep a module's tests on one xdist worker when they share a module-scoped fixture (a Telegram gateway, an
    evaluation of the model): split across two, it would be set up twice. Other tests go wherever a worker is free
    (`--dist loadgroup`)."""
    for item in items:
        definitions = getattr(item, "_fixtureinfo", None)
        if definitions is None:
            continue
        if any(fixture.scope == "module" for chain in definitions.name2fixturedefs.values() for fixture in chain):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
    # A test of several minutes goes first: started last (it was), the other worker had long finished and the
    # suite waited five minutes for it alone. `make test` keeps this order (`--no-loadscope-reorder`).
    items.sort(key=lambda item: item.get_closest_marker("minutes") is None)


@cache
def _migrated_sqlite() -> Path:
    """An empty SQLite database, migrated once per test session: each test gets a copy, as migrating takes half a
    second and nearly two hundred tests want a fresh database."""
    directory = Path(tempfile.mkdtemp(prefix="hub-template-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    url = f"sqlite:///{directory / 'hub.sqlite3'}"
    database.migrate(url)
    database.get_engine(url).dispose()
    return directory / "hub.sqlite3"


@cache
def bot_learner() -> ModuleType:
    """bot/learn.py, the bot's half of a learning run, imported here: it needs only the standard library."""
    spec = importlib.util.spec_from_file_location("bot_learn", BOT_DIR / "learn.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh_database(backend: str, directory: Path) -> str:
    """Return the URL of an empty, migrated database of a backend."""
    if backend == "sqlite":
        target = directory / "hub.sqlite3"
        # SQLite's backup copies a consistent image, whatever its write-ahead log holds.
        with closing(sqlite3.connect(_migrated_sqlite())) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return f"sqlite:///{target}"
    # PostgreSQL migrates an emptied schema in a fifth of a second: a template database would not be faster.
    url = os.environ["TEST_DATABASE_URL"]
    with database.get_engine(url).begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    database.migrate(url)
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh migrated database on each backend."""
    return fresh_database(request.param, tmp_path)


@pytest.fixture
def hub(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Callable[..., TestClient]:
    """Factory of a hub client on the fresh database; `hub(rasa_url=...)` points it at a Rasa (none by default)."""

    def make(rasa_url: str = f"http://127.0.0.1:{free_port()}") -> TestClient:
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("RASA_URL", rasa_url)
        monkeypatch.setenv("RASA_TIMEOUT_SECONDS", "5")
        config.get_settings.cache_clear()
        # As a browser does, every request says which page it comes from (the staff routes check it).
        return TestClient(create_app(), headers={"Origin": "http://testserver"})

    yield make
    config.get_settings.cache_clear()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The running system on free ports, with the real model; loaded once per test session."""
    if not MODEL_PATH.exists():
        pytest.exit(f"{MODEL_PATH} is missing: run the suite with `make test`, which trains it first.", returncode=2)
    log_dir: Path = tmp_path_factory.mktemp("logs")
    database_url = fresh_database("sqlite", log_dir)
    running = Stack.on_free_ports(log_dir, database_url)
    # The tests are of what the system does, not of its speed: a fresh-clone run trains a model beside them, and at
    # the hub's 10 s two slow answers in a row passed a conversation to staff, which kept it from being erased.
    running.start_api(RASA_TIMEOUT_SECONDS="60")
    running.start_actions()
    running.start_rasa()
    try:
        running.wait_ready()
    except (RuntimeError, TimeoutError) as error:
        running.stop_all()
        pytest.fail(f"the system did not start: {error}\n{running.log_tail('rasa')}")
    # Expected replies are rendered in the tests as the running hub renders them: from the same database.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        config.get_settings.cache_clear()
        yield running
    config.get_settings.cache_clear()
    running.stop_all()


class RestConversation:
    """One citizen talking to Rasa's REST channel, the way the hub does."""

    def __init__(self, stack: Stack, language: str | None) -> None:
        self.stack = stack
        self.sender = f"test-{uuid.uuid4().hex[:12]}"
        self.metadata = {"language": language, "channel": "test"} if language else {}

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a message; return the bot's replies (without the NLG's language markers, as the hub does)."""
        response = httpx.post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text, "metadata": self.metadata},
            timeout=30,
        )
        response.raise_for_status()
        return [output for output in response.json() if output.get("text") or output.get("buttons")]

    def slots(self) -> dict[str, Any]:
        """Return the conversation's slots from Rasa's tracker."""
        response = httpx.get(f"{self.stack.rasa_url}/conversations/{self.sender}/tracker", timeout=10)
        response.raise_for_status()
        return response.json()["slots"]


@pytest.fixture
def conversation(stack: Stack):
    """Factory of fresh REST conversations: conversation("el")."""
    return lambda language=None: RestConversation(stack, language)


@pytest.fixture(scope="session")
def caseworker(stack: Stack) -> httpx.Client:
    """A logged-in caseworker on the running system."""
    with Session(database.get_engine(stack.database_url)) as db:
        if staff.get_member_by_email(db=db, email="maria@kentro.example") is None:
            staff.create_member(
                db=db, email="maria@kentro.example", name="Μαρία", role=Role.caseworker, password=PASSWORD
            )
    client = httpx.Client(base_url=stack.api_url, timeout=30, headers={"Origin": stack.api_url})
    assert (
        client.post("/api/staff/login", json={"email": "maria@kentro.example", "password": PASSWORD}).status_code == 200
    )
    return client


@pytest.fixture(scope="session")
def schedule(stack: Stack) -> None:
    """A centre with a Roma mediator (every service switched on: a new database offers only the services of the
    centre's file), and a caseworker who provides every service, every day from 08:00 to 20:00."""
    with Session(database.get_engine(stack.database_url)) as db:
        appointments.switch_on_every_service(db=db)
        member = staff.get_member_by_email(db=db, email="booking@kentro.example") or staff.create_member(
            db=db, email="booking@kentro.example", name="Σοφία", role=Role.caseworker, password=PASSWORD
        )
        appointments.set_working_plan(
            db=db, staff_id=member.id, hours=[(day, dt.time(8), dt.time(20)) for day in range(7)], breaks=[]
        )
        for service in appointments.list_services(db=db):
            appointments.set_providers(db=db, service=service, staff_ids=[member.id])


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (Playwright's own download does not work here), once per test session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A touch screen of 1280 by 1024 in a fresh browser context."""
    context = browser.new_context(viewport={"width": 1280, "height": 1024}, has_touch=True)
    yield context.new_page()
    context.close()
