"""What the benchmarks measure with: percentiles of durations, and the memory and CPU of processes, read from /proc."""

from __future__ import annotations

import contextlib
import os
import statistics
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    """Return the value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p95, p99 and mean of durations, in milliseconds."""
    milliseconds = [value * 1000 for value in seconds]
    return {
        "n": len(milliseconds),
        "p50_ms": round(percentile(milliseconds, 0.50), 1),
        "p95_ms": round(percentile(milliseconds, 0.95), 1),
        "p99_ms": round(percentile(milliseconds, 0.99), 1),
        "mean_ms": round(statistics.fmean(milliseconds), 1),
    }


def memory_mb(pid: int) -> dict[str, float]:
    """Resident and peak resident memory of a process with its children (the hub's workers), in MB: the sum over
    them of each one's."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for process in _with_children(pid):
        with contextlib.suppress(FileNotFoundError):  # a child that has just exited
            for line in Path(f"/proc/{process}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in totals:
                    totals[key] += int(value.split()[0]) / 1024
    return {"rss_mb": round(totals["VmRSS"], 1), "peak_rss_mb": round(totals["VmHWM"], 1)}


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user and system) these processes and their children still running have used so far, in seconds."""
    total = 0
    for process in {descendant for pid in pids for descendant in _with_children(pid)}:
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            # The fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
            fields = Path(f"/proc/{process}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (its backends included), if it runs here."""
    pids = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(FileNotFoundError, NotADirectoryError, PermissionError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
    return pids


def _with_children(pid: int) -> list[int]:
    """A process and all its descendants."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:  # it has just exited
        children = []
    return [pid, *(descendant for child in children for descendant in _with_children(int(child)))]
