"""The dependency audit (`python -m tools.audit`, run by `make test`): pip-audit itself, over both lock files, against
a local server that speaks OSV's query API, so that what fails the run is seen without the internet."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from tools.audit import LOCKS, accepted_vulnerabilities

REPO_DIR = Path(__file__).resolve().parents[2]


def _pins(lock: Path) -> dict[str, str]:
    """Package name (normalised as pip-audit asks for it) → pinned version."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        name, separator, version = line.partition("==")
        if separator and not line.startswith("#"):
            pins[canonicalize_name(name.strip())] = version.strip()
    return pins


# A package only the bot's environment has, at the version its lock pins: an advisory for it must fail the run.
VULNERABLE = "tensorflow"
ADVISORY = {
    "schema_version": "1.6.0",
    "id": "GHSA-test-0000-0000",
    "aliases": ["CVE-2099-0001"],
    "summary": "A made-up vulnerability for the audit's own test",
    "affected": [
        {
            "package": {"name": VULNERABLE, "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0.0"}]}],
        }
    ],
}


class OsvServer(ThreadingHTTPServer):
    """Answers OSV queries: ADVISORY for the vulnerable package at its locked version, nothing for the rest."""

    def __init__(self, vulnerable_version: str) -> None:
        super().__init__(("127.0.0.1", 0), OsvHandler)
        self.vulnerable_version = vulnerable_version
        self.asked: list[tuple[str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1/query"


class OsvHandler(BaseHTTPRequestHandler):
    server: OsvServer

    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        name, version = query["package"]["name"], query["version"]
        self.server.asked.append((name, version))
        found = name == VULNERABLE and version == self.server.vulnerable_version
        body = json.dumps({"vulns": [ADVISORY]} if found else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def osv() -> Iterator[OsvServer]:
    server = OsvServer(_pins(LOCKS[1])[VULNERABLE])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _audit(osv: OsvServer, ignore_file: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tools.audit", "--osv-url", osv.url, "--ignore-file", str(ignore_file), *extra],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_known_vulnerability_in_a_locked_dependency_fails_the_run_until_accepted_with_a_reason(
    osv: OsvServer, tmp_path: Path
) -> None:
    nothing_accepted = tmp_path / "none.txt"
    nothing_accepted.write_text("# nothing accepted\n", encoding="utf-8")
    failed = _audit(osv, nothing_accepted)
    assert failed.returncode == 1, failed.stderr
    # pip-audit names the advisory by one of its ids (here the CVE alias), with the locked version.
    locked = _pins(LOCKS[1])[VULNERABLE]
    assert re.search(rf"{VULNERABLE}\s+{re.escape(locked)}\s+(GHSA-test-0000-0000|CVE-2099-0001)", failed.stdout)
    # Every locked package of both environments was asked about, at its pinned version.
    pinned = {(name, version) for lock in LOCKS for name, version in _pins(lock).items()}
    assert pinned <= set(osv.asked)

    accepted = tmp_path / "accepted.txt"
    accepted.write_text("GHSA-test-0000-0000  # reviewed: the bot never loads untrusted models\n", encoding="utf-8")
    passed = _audit(osv, accepted)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_an_accepted_vulnerability_needs_its_reason(osv: OsvServer, tmp_path: Path) -> None:
    unexplained = tmp_path / "unexplained.txt"
    unexplained.write_text("GHSA-test-0000-0000\n", encoding="utf-8")
    refused = _audit(osv, unexplained)
    assert refused.returncode == 2
    assert "GHSA-test-0000-0000 is accepted without a reason" in refused.stderr
    assert not osv.asked


def test_the_projects_own_accepted_list_gives_a_reason_for_each() -> None:
    accepted_vulnerabilities(REPO_DIR / "security" / "audit-ignore.txt")


def test_an_unreachable_database_fails_the_audit_unless_told_to_skip_and_say_so(tmp_path: Path) -> None:
    nothing_accepted = tmp_path / "none.txt"
    nothing_accepted.write_text("", encoding="utf-8")
    command = [sys.executable, "-m", "tools.audit", "--osv-url", "http://127.0.0.1:9/v1/query"]
    command += ["--ignore-file", str(nothing_accepted)]
    strict = subprocess.run(command, cwd=REPO_DIR, capture_output=True, text=True, timeout=600)
    assert strict.returncode != 0
    skipped = subprocess.run([*command, "--when-reachable"], cwd=REPO_DIR, capture_output=True, text=True, timeout=60)
    assert skipped.returncode == 0
    assert "SKIPPED" in skipped.stderr
