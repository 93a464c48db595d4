"""One benchmark alone (`make bench-load`, `make bench-telegram`): the trained model on a stack of its own, the hub on
BENCH_DATABASE_URL or a fresh SQLite file (in two processes on PostgreSQL, as production runs two replicas)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk_api.database import migrate
from tools.stack import Stack, hub_processes


def run(measure: Callable[[Stack], dict[str, Any]], report: Path) -> None:
    """Start the stack, measure, stop it, and write the report (with the hub's database) to `report`."""
    with tempfile.TemporaryDirectory() as workdir:
        database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
        migrate(database_url)
        stack = Stack.on_free_ports(Path(workdir), database_url)
        try:
            stack.start_api(processes=hub_processes(database_url))
            stack.start_actions()
            stack.start_rasa()
            stack.wait_ready()
            results = {"hub_database": database_url.split(":", 1)[0], **measure(stack)}
        finally:
            stack.stop_all()
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"Written to {report}")
