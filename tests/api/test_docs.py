"""The documentation stays true: the shell blocks marked runnable in README.md and docs/*.md run, from the
repository root, and exit 0; every relative link between the docs reaches a file (and a heading) that exists; and
docs/api.md names exactly the hub's routes, each under its audience, and exactly the error codes the hub answers with.

A block is marked runnable by an HTML comment on the line just before its ```sh fence:

    <!-- runnable -->        runs as it is: quick, and changing nothing that matters (`make help`, `make catalogs`)
    <!-- runnable: hub -->   needs the hub of `make run` at localhost:8000: the test starts one (without Rasa) on a
                             free port and runs the block with that address in place of localhost:8000

Each block runs under `bash -e -o pipefail`: any command in it that fails fails the test.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from kiosk_api import database
from kiosk_api.appointments.service import BOOKING_ERRORS
from kiosk_api.main import create_app
from tools.stack import Stack, free_port

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
API_DOC = REPO / "docs" / "api.md"

MARKER = re.compile(r"^<!--\s*runnable(?::\s*(?P<needs>[\w-]+))?\s*-->$")
NEEDS = {None, "hub"}
HUB_ADDRESS = re.compile(r"\b(?:localhost|127\.0\.0\.1):8000\b")
# make passes its jobserver and flags to the suite under `make test`; a make run from a block needs neither.
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKE_TERMOUT", "MAKE_TERMERR")


@dataclass(frozen=True)
class Block:
    """A marked shell block: where it is, what it needs, its commands."""

    path: Path
    line: int  # of the opening fence, counted from 1
    needs: str | None
    fence: str
    code: str

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def marked_blocks() -> list[Block]:
    """Every block marked runnable in the docs, with the fence that follows its marker (checked below)."""
    blocks = []
    for path in DOCS:
        lines = path.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            marker = MARKER.match(line.strip())
            if not marker:
                continue
            fence = lines[index + 1].strip() if index + 1 < len(lines) else ""
            end = next((i for i in range(index + 2, len(lines)) if lines[i].strip() == "```"), len(lines))
            code = "\n".join(lines[index + 2 : end])
            blocks.append(Block(path=path, line=index + 2, needs=marker["needs"], fence=fence, code=code))
    return blocks


BLOCKS = marked_blocks()


def run(code: str) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name not in MAKE_VARIABLES}
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", code],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_ran(block: Block, result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (
        f"{block.name} exited {result.returncode}\n--- block\n{block.code}\n--- stdout\n{result.stdout[-3000:]}"
        f"\n--- stderr\n{result.stderr[-3000:]}"
    )


def test_the_readme_and_the_docs_have_runnable_blocks() -> None:
    assert any(block.path.name == "README.md" for block in BLOCKS)
    assert any(block.needs == "hub" for block in BLOCKS)


@pytest.mark.parametrize("block", BLOCKS, ids=lambda block: block.name)
def test_a_marker_stands_just_before_a_shell_block_and_names_what_it_needs(block: Block) -> None:
    assert block.fence in ("```sh", "```bash"), f"{block.name}: a runnable marker must be followed by a ```sh fence"
    assert block.needs in NEEDS, f"{block.name}: unknown need {block.needs!r} (known: runnable, runnable: hub)"
    assert block.code.strip(), f"{block.name}: empty block"


@pytest.mark.parametrize("block", [block for block in BLOCKS if block.needs is None], ids=lambda block: block.name)
def test_a_runnable_block_runs(block: Block) -> None:
    assert_ran(block, run(block.code))


@pytest.fixture(scope="module")
def hub_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hub alone (no Rasa, no action server) on a free port, on a fresh database."""
    directory = tmp_path_factory.mktemp("docs-hub")
    database_url = f"sqlite:///{directory / 'hub.sqlite3'}"
    database.migrate(database_url)
    stack = Stack.on_free_ports(directory, database_url)
    stack.start_api(RASA_URL=f"http://127.0.0.1:{free_port()}", RASA_TIMEOUT_SECONDS="5")
    try:
        stack.wait_ready()
        yield f"127.0.0.1:{stack.api_port}"
    finally:
        stack.stop_all()


@pytest.mark.parametrize("block", [block for block in BLOCKS if block.needs == "hub"], ids=lambda block: block.name)
def test_a_runnable_block_runs_against_a_hub(block: Block, hub_address: str) -> None:
    assert_ran(block, run(HUB_ADDRESS.sub(hub_address, block.code)))


# Links

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCED = re.compile(r"^```.*?^```[^\n]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def prose(text: str) -> str:
    """A Markdown text without its code, where a link is only text."""
    return INLINE_CODE.sub("", FENCED.sub("", text))


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens, a repeated
    one numbered."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCED.sub("", path.read_text(encoding="utf-8"))):
        slug = re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def links() -> list[tuple[Path, str]]:
    return [(path, target) for path in DOCS for target in LINK.findall(prose(path.read_text(encoding="utf-8")))]


@pytest.mark.parametrize(
    ("path", "target"),
    [(path, target) for path, target in links() if not EXTERNAL.match(target)],
    ids=lambda value: str(value.relative_to(REPO)) if isinstance(value, Path) else value,
)
def test_a_relative_link_reaches_a_file_and_a_heading_that_exist(path: Path, target: str) -> None:
    file_part, _, fragment = target.partition("#")
    destination = (path.parent / file_part).resolve() if file_part else path
    assert destination.exists(), f"{path.relative_to(REPO)}: {target} leads nowhere"
    if fragment and destination.suffix == ".md":
        assert fragment in anchors(destination), f"{path.relative_to(REPO)}: no heading #{fragment} in {file_part}"


# The API guide against the code

DOCUMENTED_ROUTE = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s?]*)")
AUDIENCES = ("Citizen channels", "Staff", "Teaching the assistant", "Admin", "The bot's own routes")


def normalised(path: str) -> str:
    """A route's path with its parameters unnamed: /api/handoffs/{handoff_id} and /api/handoffs/{id} are one."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def hub_routes() -> dict[tuple[str, str], str]:
    """Every route of the hub's API (pages and their files aside), with the audience its summary names."""
    routes = {}
    for route in create_app().routes:
        if not isinstance(route, APIRoute) or not (route.path.startswith("/api/") or route.path == "/nlg"):
            continue
        summary = route.summary or ""
        if route.path.startswith("/api/internal/") or route.path == "/nlg":
            audience = "The bot's own routes"
        elif re.search(r"\(reviewers\b", summary):
            audience = "Teaching the assistant"
        elif re.search(r"\(admins?\b", summary):
            audience = "Admin"
        elif re.search(r"\(staff\b", summary):
            audience = "Staff"
        elif "(citizen)" in summary:
            audience = "Citizen channels"
        else:
            audience = ""  # any audience's table
        for method in route.methods - {"HEAD"}:
            routes[(method, normalised(route.path))] = audience
    return routes


def sections(text: str) -> dict[str, str]:
    """A Markdown text's second-level sections by title."""
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {title.strip(): body for title, body in zip(parts[1::2], parts[2::2], strict=True)}


def route_tables(text: str) -> dict[tuple[str, str], str]:
    """The routes the audience sections' tables list (a row's first cell), with the section each is under."""
    listed = {}
    for title, body in sections(text).items():
        if title not in AUDIENCES:
            continue
        for row in body.splitlines():
            if found := re.match(r"^\| `(GET|POST|PUT|PATCH|DELETE) (/[^`\s?]*)`", row):
                route = (found[1], normalised(found[2]))
                assert route not in listed, f"{route} is listed twice"
                listed[route] = title
    return listed


def test_the_api_guide_lists_every_route_of_the_hub_once_under_its_audience() -> None:
    routes = hub_routes()
    listed = route_tables(API_DOC.read_text(encoding="utf-8"))
    assert sorted(set(routes) - set(listed)) == [], "routes the API guide does not list"
    assert sorted(set(listed) - set(routes)) == [], "routes the API guide lists that the hub does not have"
    misplaced = {route: (listed[route], audience) for route, audience in routes.items() if audience}
    assert {route: places for route, places in misplaced.items() if places[0] != places[1]} == {}


def test_every_route_the_docs_name_exists() -> None:
    routes = hub_routes()
    named = {
        (path.relative_to(REPO), method, normalised(route))
        for path in DOCS
        for method, route in DOCUMENTED_ROUTE.findall(path.read_text(encoding="utf-8"))
    }
    assert sorted(entry for entry in named if entry[1:] not in routes) == []


def error_codes_in_the_code() -> set[str]:
    """Every error code the hub answers with: an HTTP status beside a code, the booking refusals, the error
    handlers' own."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in (REPO / "kiosk_api").rglob("*.py"))
    codes = set(re.findall(r'\b[1-5]\d\d\s*[,:]\s*"([a-z][a-z_]*)"', source))
    codes |= set(re.findall(r'_body\(\s*"([a-z][a-z_]*)"', source))
    handlers = (REPO / "kiosk_api" / "errors.py").read_text(encoding="utf-8")
    codes |= set(re.findall(r'\.get\([^)]*,\s*"([a-z][a-z_]*)"\)', handlers))
    return codes | set(BOOKING_ERRORS)


def test_the_api_guide_lists_exactly_the_error_codes_of_the_hub() -> None:
    errors = API_DOC.read_text(encoding="utf-8").split("### Errors", 1)[1].split("\n## ", 1)[0]
    rows = [row for row in errors.splitlines() if row.startswith("| ")]
    documented = {code for row in rows for code in re.findall(r"`([a-z][a-z_0-9]*)`", row)}
    assert sorted(error_codes_in_the_code() - documented) == [], "codes the API guide does not list"
    assert sorted(documented - error_codes_in_the_code()) == [], "codes the API guide lists that the hub lacks"
