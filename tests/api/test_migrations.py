"""The migrations build the same database whatever the knowledge files say today: an old migration's result never
changes with them. The services a centre offers are copied from knowledge/services.yaml after the migrations, into a
database that has none, and never over what the centre's administrators have changed since."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text

from kiosk_api.database import REPO_DIR, get_engine
from knowledge.loader import load_services


def alembic(url: str) -> Config:
    config = Config(str(REPO_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_DIR / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    return config


def services(url: str) -> dict[str, int]:
    with get_engine(url).connect() as connection:
        return dict(connection.execute(text("SELECT id, duration_minutes FROM services")).all())


def test_an_old_migration_does_not_read_todays_knowledge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"

    def unreadable(*args: object, **kwargs: object) -> None:
        raise AssertionError("a migration read knowledge/services.yaml")

    monkeypatch.setattr("knowledge.loader.load_services", unreadable)
    # What is copied in after the migrations is the next test's.
    monkeypatch.setattr("kiosk_api.appointments.service.copy_services_into_a_new_database", lambda connection: None)
    command.upgrade(alembic(url), "0005")
    assert services(url) == {}


def test_the_services_are_copied_in_once_and_an_administrators_changes_are_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    command.upgrade(alembic(url), "head")
    expected = {service_id: service.duration_minutes for service_id, service in load_services().items()}
    assert services(url) == expected
    with get_engine(url).begin() as connection:
        connection.execute(text("UPDATE services SET duration_minutes = 60 WHERE id = 'social_work'"))
    command.upgrade(alembic(url), "head")
    assert services(url) == {**expected, "social_work": 60}


def test_numbering_handoffs_for_good_on_sqlite_keeps_every_note_and_every_number_given(tmp_path: Path) -> None:
    # Migration 0015 rebuilds the handoffs table; with foreign keys on, dropping the old one would have deleted every
    # handoff's notes. Numbers given before it and since erased (the queue's events remember them) are not given again.
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    command.upgrade(alembic(url), "0014")
    with get_engine(url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO conversations (id, channel, language, state, token_hash, created_at, erase_requested) "
                "VALUES ('c1', 'kiosk', 'en', 'waiting', 'h', '2026-12-06 10:00:00', 0)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO handoffs (id, conversation_id, status, reason, urgent, language, summary, created_at) "
                "VALUES (3, 'c1', 'waiting', 'requested', 0, 'en', '', '2026-12-06 10:00:00')"
            )
        )
        connection.execute(
            text("INSERT INTO handoff_notes (handoff_id, text, created_at) VALUES (3, 'left', '2026-12-06 10:00:00')")
        )
        connection.execute(text("INSERT INTO queue_events (kind, handoff_id) VALUES ('erased', 9)"))
    command.upgrade(alembic(url), "head")
    with get_engine(url).begin() as connection:
        assert connection.execute(text("SELECT handoff_id, text FROM handoff_notes")).all() == [(3, "left")]
        connection.execute(
            text(
                "INSERT INTO handoffs (conversation_id, status, reason, urgent, language, summary, created_at) "
                "VALUES ('c1', 'resolved', 'requested', 0, 'en', '', '2026-12-06 11:00:00')"
            )
        )
        assert connection.execute(text("SELECT max(id) FROM handoffs")).scalar() == 10
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
