"""Start and stop the whole system (hub, Rasa, action server) as child processes; used by `make run`, the tests
and the benchmarks, so that all three start it the same way."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

REPO_DIR = Path(__file__).resolve().parent.parent
BOT_DIR = REPO_DIR / "bot"
MODEL_PATH = BOT_DIR / "models" / "assistant.tar.gz"
RASA_BIN = BOT_DIR / ".venv" / "bin" / "rasa"


def free_port() -> int:
    """Return a TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The hub keeps an idle connection open longer than its callers keep theirs (httpx 5 s, Rasa's aiohttp 15 s, nginx
# 75 s): with uvicorn's default of 5 s, a request sent just as the hub closes the connection fails unanswered.
KEEP_ALIVE_SECONDS = 90


def hub_processes(database_url: str) -> int:
    """How many hub processes the benchmarks run: two on PostgreSQL, as the production stack runs two replicas; one
    on SQLite, the single-machine setup."""
    return 2 if database_url.startswith("postgres") else 1


@dataclass
class Stack:
    """The running processes and where they listen."""

    api_port: int
    rasa_port: int
    action_port: int
    log_dir: Path
    database_url: str | None = None
    # Shared by the hub and the action server, so that the bot can open handoffs.
    hub_internal_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    learner_port: int = field(default_factory=free_port)

    @classmethod
    def on_free_ports(cls, log_dir: Path, database_url: str | None = None) -> Stack:
        """A stack on free loopback ports, its logs in `log_dir`."""
        return cls(
            api_port=free_port(),
            rasa_port=free_port(),
            action_port=free_port(),
            log_dir=log_dir,
            database_url=database_url,
        )

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def learner_url(self) -> str:
        return f"http://127.0.0.1:{self.learner_port}"

    def environment(self) -> dict[str, str]:
        """Return the environment every process of this stack shares."""
        return {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "KIOSK_API_PORT": str(self.api_port),
            "RASA_PORT": str(self.rasa_port),
            "ACTION_SERVER_PORT": str(self.action_port),
            "PYTHONPATH": str(REPO_DIR),
            # The action server (rasa-sdk) binds 0.0.0.0 unless told otherwise; everything stays on loopback.
            "SANIC_HOST": "127.0.0.1",
            "HUB_INTERNAL_TOKEN": self.hub_internal_token,
            **({"DATABASE_URL": self.database_url} if self.database_url else {}),
        }

    def _spawn(self, name: str, command: list[str], cwd: Path, extra_environment: dict[str, str] | None = None) -> None:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - the child process owns it
        self.processes[name] = subprocess.Popen(
            command,
            cwd=cwd,
            env={**self.environment(), **(extra_environment or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_api(self, processes: int = 1, **environment: str) -> None:
        """Start the hub (uvicorn), in several processes on one port if asked: only on PostgreSQL, whose advisory
        locks keep a conversation's messages in order across processes; settings of its own may be given here."""
        self._spawn(
            "kiosk_api",
            [
                sys.executable,
                "-m",
                "uvicorn",
                "kiosk_api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.api_port),
                "--no-access-log",
                # Open event streams would otherwise hold a stop until their clients leave.
                "--timeout-graceful-shutdown",
                "5",
                "--timeout-keep-alive",
                str(KEEP_ALIVE_SECONDS),
                "--workers",
                str(processes),
            ],
            REPO_DIR,
            environment,
        )

    def start_telegram(self, **environment: str) -> None:
        """Start the Telegram gateway (TELEGRAM_BOT_TOKEN and the rest from the environment, or given here)."""
        self._spawn(
            "telegram",
            [sys.executable, "-m", "kiosk_api.channels.telegram"],
            REPO_DIR,
            extra_environment={"HUB_URL": self.api_url, **environment},
        )

    def start_actions(self) -> None:
        """Start the rasa-sdk action server."""
        self._spawn(
            "actions",
            [str(RASA_BIN), "run", "actions", "--actions", "actions", "--port", str(self.action_port)],
            BOT_DIR,
        )

    def start_rasa(
        self, model: Path = MODEL_PATH, production_database_url: str | None = None, endpoints: str = "endpoints.yml"
    ) -> None:
        """Start Rasa with the REST channel and the HTTP API, on loopback only. With a PostgreSQL URL, as in
        production (bot/endpoints.production.yml): trackers in that database and locks in the local Redis.
        Another endpoints file may be given (a path from bot/)."""
        extra = None
        if production_database_url:
            url = make_url(production_database_url)
            endpoints = "endpoints.production.yml"
            extra = {
                "ACTION_SERVER_URL": self.action_url,
                "HUB_URL": self.api_url,
                "POSTGRES_HOST": url.host or "127.0.0.1",
                "POSTGRES_PORT": str(url.port or 5432),
                "POSTGRES_USER": url.username or "postgres",
                "POSTGRES_PASSWORD": url.password or "",
                "RASA_TRACKER_DB": url.database or "",
                "REDIS_HOST": os.environ.get("REDIS_HOST", "127.0.0.1"),
                "REDIS_PORT": os.environ.get("REDIS_PORT", "6379"),
            }
        self._spawn(
            "rasa",
            [
                str(RASA_BIN),
                "run",
                "--enable-api",
                "-i",
                "127.0.0.1",
                "-p",
                str(self.rasa_port),
                "-m",
                str(model),
                "--endpoints",
                endpoints,
                "--credentials",
                "credentials.yml",
            ],
            BOT_DIR,
            extra,
        )

    def start_learner(self, bot_dir: Path = BOT_DIR) -> None:
        """Start the learner service (production's `learner`: learning runs, for the hub at LEARNER_URL) for a bot
        directory, serving its model in this stack's Rasa."""
        self._spawn(
            "learner",
            [str(bot_dir / ".venv" / "bin" / "python"), "learn.py", "serve", "--host", "127.0.0.1",
             "--port", str(self.learner_port), "--bot-dir", str(bot_dir), "--rasa-url", self.rasa_url],
            bot_dir,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 240.0) -> None:
        """Wait until every started process answers its health URL; raise with its log tail if one dies."""
        probes = {
            "kiosk_api": f"{self.api_url}/openapi.json",
            "actions": f"{self.action_url}/health",
            "rasa": f"{self.rasa_url}/status",
            "learner": f"{self.learner_url}/health",
        }
        pending = {name: url for name, url in probes.items() if name in self.processes}
        deadline = time.monotonic() + timeout
        while pending:
            for name, url in list(pending.items()):
                if self.processes[name].poll() is not None:
                    raise RuntimeError(f"{name} exited:\n{self.log_tail(name)}")
                try:
                    if httpx.get(url, timeout=2).status_code == 200:
                        del pending[name]
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f} s: {', '.join(pending)}")
            time.sleep(0.1)  # a hub alone is up in about 2.5 s: a test should not wait a half-second more

    def log_tail(self, name: str, lines: int = 40) -> str:
        """Return the end of a process's log."""
        path = self.log_dir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self, name: str) -> None:
        """Stop one process and its children."""
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        """Stop every process."""
        for name in list(self.processes):
            self.stop(name)
