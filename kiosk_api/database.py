"""The database: SQLite by default, PostgreSQL when DATABASE_URL says so. Tables come from Alembic migrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Engine, TypeDecorator, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from kiosk_api.config import REPO_DIR, get_settings


class Base(DeclarativeBase):
    """Base class of every table; each domain package owns its own."""


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment, always aware and in UTC on both sides (SQLite keeps no time zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _configure_sqlite(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # Write-ahead logging: readers never wait for the writer, and a commit costs one sync instead of several.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def get_engine(url: str | None = None) -> Engine:
    """Return the engine for a URL (the configured one by default); one engine per URL."""
    return _engine_for(url or get_settings().database_url)


@cache
def _engine_for(url: str) -> Engine:
    # "postgresql://" alone means psycopg2 to SQLAlchemy; this project ships psycopg 3.
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        database = url.removeprefix("sqlite:///")
        on_disk = bool(database) and database != ":memory:"
        if on_disk:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **(_pool() if on_disk else {}))
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, **_pool())


def _pool() -> dict[str, int]:
    # Each citizen turn holds a connection while the bot answers (the conversation's lock is a transaction), and the
    # bot's calls back into the hub need their own: SQLAlchemy's default of 5 + 10 stalls at a few dozen people.
    size = get_settings().database_pool_size
    return {"pool_size": size, "max_overflow": size, "pool_timeout": 30}


@cache
def _session_factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


def migrate(url: str | None = None) -> None:
    """Bring a database's tables up to date with the Alembic migrations."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_DIR / "migrations"))
    config.set_main_option("sqlalchemy.url", url or get_settings().database_url)
    command.upgrade(config, "head")


def new_session() -> Session:
    """Open a session on the configured database (the caller closes it)."""
    return _session_factory(get_settings().database_url)()


def get_db() -> Iterator[Session]:
    """FastAPI dependency: one session per request, closed afterwards."""
    session = new_session()
    try:
        yield session
    finally:
        session.close()
