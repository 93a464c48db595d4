"""`make run` and `make shell`: start the whole system in the foreground; Ctrl-C stops it."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk_api.database import get_engine, migrate
from tools import demo
from tools.stack import BOT_DIR, MODEL_PATH, RASA_BIN, REPO_DIR, Stack

# Ctrl-C, `kill`, and a closed terminal or dropped SSH connection (the hub, Rasa and the action server run in
# sessions of their own, so only this process hears the hangup): each must stop the children too. Ctrl-C's signal is
# taken even where a shell started this in the background (which makes it ignore SIGINT).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _ignore_stop_signals() -> None:
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)


def _stop(signal_number: int, frame: object) -> None:
    """Begin stopping. Every later signal is ignored from here on, before anything is raised: make passes its own
    signal on the instant it gets one, and an impatient person presses Ctrl-C again; one of those landing while the
    first unwinds must not cut the stop short and leave Rasa or the action server running."""
    _ignore_stop_signals()
    raise KeyboardInterrupt


def main() -> None:
    """Start the hub, the action server and Rasa (or Rasa's terminal shell with --shell)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shell", action="store_true", help="talk to the assistant in this terminal")
    shell = parser.parse_args().shell
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, _stop)
    log_dir = REPO_DIR / "reports" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(
        api_port=int(os.environ.get("KIOSK_API_PORT", "8000")),
        rasa_port=int(os.environ.get("RASA_PORT", "5005")),
        action_port=int(os.environ.get("ACTION_SERVER_PORT", "5055")),
        log_dir=log_dir,
    )
    migrate()
    if os.environ.get("DEMO", "1") != "0":
        with Session(get_engine()) as db:
            created = demo.set_up(db=db)
        if created:
            print(demo.announcement(created), flush=True)
    try:
        stack.start_api()
        stack.start_actions()
        if shell:
            stack.wait_ready()
            subprocess.run(
                [
                    str(RASA_BIN),
                    "shell",
                    "-m",
                    str(MODEL_PATH),
                    "--endpoints",
                    "endpoints.yml",
                    "-i",
                    "127.0.0.1",
                    "-p",
                    str(stack.rasa_port),
                ],
                cwd=BOT_DIR,
                env=stack.environment(),
                check=False,
            )
            return
        stack.start_rasa()
        telegram = bool(os.environ.get("TELEGRAM_BOT_TOKEN"))
        if telegram:
            stack.start_telegram()
        print(f"Starting; logs in {log_dir.relative_to(Path.cwd()) if log_dir.is_relative_to(Path.cwd()) else log_dir}")
        stack.wait_ready()
        print(
            f"Ready.\n  hub (kiosk_api): {stack.api_url}  (health: {stack.api_url}/api/health, API docs: "
            f"{stack.api_url}/docs)\n  kiosk:           {stack.api_url}/kiosk\n"
            f"  staff console:   {stack.api_url}/staff\n  Rasa:            {stack.rasa_url}\n"
            f"  action server:   {stack.action_url}\n"
            + (
                f"  Telegram gateway: {os.environ.get('TELEGRAM_MODE', 'polling')} (log: {log_dir / 'telegram.log'})\n"
                if telegram
                else "  Telegram gateway: skipped (TELEGRAM_BOT_TOKEN is not set; see the README)\n"
            )
            + "Press Ctrl-C to stop."
        )
        for process in stack.processes.values():
            process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        _ignore_stop_signals()  # a process that ended on its own brings the rest down: it is stopping too
        stack.stop_all()


if __name__ == "__main__":
    main()
