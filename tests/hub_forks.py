"""Hubs for the browser tests, forked from a process that has already imported the hub.

Most browser tests start a hub of their own, so that each meets an empty database and nothing another test left. A hub
started with `python -m uvicorn` spends most of its start importing FastAPI, SQLAlchemy, Babel and the hub itself and
loading the danger recogniser (measured in docs/measuring.md, "The test suite's time"). Here one process per test
worker does that once (`python -m tests.hub_forks`), then forks a hub for each test on request: the child takes the
test's environment and port, builds the application anew (settings are read then) and runs uvicorn. Each test still
has its own process, port, database and log; only the start is shorter.

Only what a hub reads through `kiosk_api.config.get_settings` may differ between forked hubs: a setting read when a
module is imported would keep the first value (a test that needs one starts its hub with `Stack.start_api`).
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from tools.stack import KEEP_ALIVE_SECONDS, REPO_DIR, Stack


class ForkedHub:
    """A forked hub, as `Stack` handles its processes: `pid`, `poll()`, `wait()`. It leads a session of its own, so
    `Stack.stop` stops it as it stops any other (a signal to its process group). It is not this process's child: its
    fork server reaps it, and its exit status is not known here (-1 once it has gone)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not _running(self.pid):
            self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"forked hub {self.pid}", timeout or 0)
            time.sleep(0.05)
        return self.returncode or -1


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


class _ForkServer:
    """This test process's fork server: started on the first request, stopped when the process exits."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.hub_forks"],
            cwd=REPO_DIR,
            env={**os.environ, "PYTHONPATH": str(REPO_DIR)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        atexit.register(self.close)

    def fork(self, request: dict[str, Any]) -> int:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the hub fork server exited (status {self.process.wait()})")
        return int(answer)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


_server: _ForkServer | None = None


def start_forked_hub(stack: Stack, **environment: str) -> None:
    """Start the stack's hub (one process) forked from the fork server, with the stack's environment and these
    settings; `stack.wait_ready()` and `stack.stop_all()` work as for a hub started with `start_api`."""
    global _server
    if _server is None or _server.process.poll() is not None:
        _server = _ForkServer()
    pid = _server.fork(
        {
            "environment": {**stack.environment(), **environment},
            "port": stack.api_port,
            "log": str(stack.log_dir / "kiosk_api.log"),
        }
    )
    stack.processes["kiosk_api"] = ForkedHub(pid)  # type: ignore[assignment]  # as Popen where Stack uses it


def _serve_forks() -> None:
    """The fork server: import the hub once, then fork one for each request read from stdin, answering its pid."""
    # Forked children are reaped by the system: a hub that exits leaves no zombie that looks alive.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    import kiosk_api.main  # noqa: F401 - imported once here, for every hub forked below
    from kiosk_api.danger.recogniser import recogniser

    recogniser()  # loaded once: every hub of the test session reads the same danger model
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _run_hub(request)  # never returns
        print(pid, flush=True)


def _run_hub(request: dict[str, Any]) -> None:
    """In a forked child: become a hub with the request's environment, port and log, and serve until stopped."""
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.clear()
        os.environ.update(request["environment"])
        time.tzset()
        import uvicorn

        from kiosk_api import config, database, main

        config.get_settings.cache_clear()
        database._engine_for.cache_clear()
        database._session_factory.cache_clear()
        uvicorn.run(
            main.create_app(),
            host="127.0.0.1",
            port=request["port"],
            access_log=False,
            timeout_graceful_shutdown=5,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
    except BaseException:  # the log is the only place a forked child can report to
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


if __name__ == "__main__":
    _serve_forks()
