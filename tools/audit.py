"""Known vulnerabilities in both environments' locked dependencies: pip-audit over `requirements.lock` (the hub) and
`bot/requirements.lock` (Rasa), against the OSV database. Any vulnerability fails the run unless
`security/audit-ignore.txt` accepts it with a reason; so does any package pip-audit could not check.

    python -m tools.audit [--osv-url URL] [--ignore-file PATH] [--when-reachable]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from kiosk_api.config import REPO_DIR

LOCKS = [REPO_DIR / "requirements.lock", REPO_DIR / "bot" / "requirements.lock"]
IGNORE_FILE = REPO_DIR / "security" / "audit-ignore.txt"
OSV_URL = "https://api.osv.dev/v1/query"


class UnexplainedException(ValueError):
    """An accepted vulnerability without the reason it was accepted."""


def accepted_vulnerabilities(path: Path) -> list[str]:
    """The advisory ids accepted in the ignore file, each of which must give its reason after '#'."""
    accepted = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        advisory, _, reason = line.partition("#")
        if not advisory.strip():
            continue
        if not reason.strip():
            raise UnexplainedException(f"{path.name} line {number}: {advisory.strip()} is accepted without a reason")
        accepted.append(advisory.strip())
    return accepted


def unreachable(osv_url: str) -> str | None:
    """Why the vulnerability database cannot be asked, or None when it answers."""
    query = json.dumps({"package": {"name": "pip", "ecosystem": "PyPI"}, "version": "1.0"}).encode()
    request = urllib.request.Request(osv_url, data=query, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15):
            return None
    except urllib.error.HTTPError:
        return None  # it answered, if not to this question
    except (urllib.error.URLError, OSError) as error:
        return str(getattr(error, "reason", error))


def audit(*, osv_url: str, accepted: list[str]) -> int:
    """Run pip-audit over each lock file (one run each: a package may be in both); 0 when nothing known and
    unaccepted was found in either."""
    ignored = [argument for advisory in accepted for argument in ("--ignore-vuln", advisory)]
    worst = 0
    with tempfile.TemporaryDirectory() as cache:
        for lock in LOCKS:
            print(f"audit: {lock.relative_to(REPO_DIR)}", flush=True)
            command = [
                sys.executable,
                "-m",
                "pip_audit",
                "--strict",
                "--no-deps",
                "--disable-pip",
                "--vulnerability-service",
                "osv",
                "--osv-url",
                osv_url,
                "--cache-dir",
                cache,
                "--progress-spinner",
                "off",
                *ignored,
                "-r",
                str(lock),
            ]
            worst = max(worst, subprocess.run(command, check=False).returncode)
    return worst


def main() -> int:
    """Audit, or say plainly why not."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--osv-url", default=OSV_URL)
    parser.add_argument("--ignore-file", type=Path, default=IGNORE_FILE)
    parser.add_argument(
        "--when-reachable",
        action="store_true",
        help="skip, saying so, when the vulnerability database cannot be reached (a machine without internet)",
    )
    arguments = parser.parse_args()
    try:
        accepted = accepted_vulnerabilities(arguments.ignore_file)
    except UnexplainedException as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    if arguments.when_reachable and (why := unreachable(arguments.osv_url)):
        print(f"audit: SKIPPED — no vulnerability database reachable at {arguments.osv_url} ({why})", file=sys.stderr)
        return 0
    return audit(osv_url=arguments.osv_url, accepted=accepted)


if __name__ == "__main__":
    sys.exit(main())
