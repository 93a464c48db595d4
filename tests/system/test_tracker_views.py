"""Rasa sees a conversation through a view of its last turns (bot/components/tracker_stores.py, issue 22), so that a
turn late in a long conversation costs what one early on costs. The view must change nothing a person would
notice: the same long conversation, sent turn by turn to Rasa as configured here (in memory), to Rasa as configured
in production (PostgreSQL) and to Rasa with its own store, is answered word for word the same at every turn, and
ends with the same slots and the same stored events. The conversation is long enough for each view's start to move
several times, and it reaches back across those moves: a follow-up on the programme discussed earlier, a form set
aside and taken up again many turns later, two misunderstandings in a row."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tools.stack import BOT_DIR, Stack, free_port

pytestmark = pytest.mark.rasa

# (language, message). Forms are set aside for a question and taken up again with a yes, two misunderstandings in
# a row hand over (each needs the turn before), follow-ups ask about the programme being discussed, and the whole is
# longer than several views.
SCRIPT = [
    ("en", "hello"),
    ("en", "what is the housing allowance?"),
    ("en", "and how much is it?"),
    ("en", "/estimate_benefits"),
    ("en", "two"),
    ("en", "which documents do I need for the rent allowance?"),
    ("en", "yes"),
    ("en", "one kid"),
    ("en", "asdf qwerty zxcv"),
    ("en", "blorp glarp"),
    ("el", "τι είναι το ελάχιστο εγγυημένο εισόδημα;"),
    ("el", "πώς κάνω αίτηση;"),
    ("el", "και τι χαρτιά θέλω;"),
    ("ar", "ما هو بدل السكن؟"),
    ("ar", "وكم المبلغ؟"),
    ("rom", "so si o TEBA?"),
    ("rom", "kitsi love?"),
    ("en", "what are your opening hours?"),
    ("en", "thanks"),
    ("en", "xkcd wxyz"),
    ("en", "wxyz xkcd"),
    ("el", "τι είναι η βοήθεια στο σπίτι;"),
    ("el", "ποιος τη δικαιούται;"),
    ("en", "what is the child benefit?"),
    ("en", "and which papers?"),
    ("el", "θέλω ραντεβού"),
    ("el", "τι είναι το ΤΕΒΑ;"),
    ("el", "ναι"),
    ("el", "πόσα είναι;"),
    ("en", "how do I apply for the minimum income?"),
    ("en", "and how much would I get?"),
    ("en", "xkcd wxyz"),
    ("en", "wxyz xkcd"),
    ("en", "/estimate_benefits"),
    ("en", "three"),
    ("en", "what is the food card?"),
    ("en", "yes"),
    ("en", "no children"),
    ("en", "three hundred euros"),
    ("en", "400"),
    ("en", "no"),
    ("el", "ευχαριστώ πολύ"),
    ("el", "το επίδομα στέγασης πόσο είναι;"),
    ("el", "και τα δικαιολογητικά;"),
    ("el", "qwe rty uio"),
    ("el", "ασδφ γηξκ"),
    ("en", "bye"),
]


VIEWS = {"views_in_memory", "production"}


def endpoints_without_tracker_store(directory: Path) -> Path:
    """bot/endpoints.yml with Rasa's own (in-memory) tracker store."""
    endpoints = yaml.safe_load((BOT_DIR / "endpoints.yml").read_text(encoding="utf-8"))
    del endpoints["tracker_store"]
    path = directory / "endpoints-rasa-store.yml"
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rasas(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Stack]]:
    """Rasas on the same hub and action server, by name: the test stack's (views, in memory), one with Rasa's own
    store and, when there is a PostgreSQL to test on (TEST_DATABASE_URL, as on CI), one configured as in production
    (views, PostgreSQL)."""
    directory = tmp_path_factory.mktemp("tracker-views")
    postgresql = os.environ.get("TEST_DATABASE_URL")
    others = {
        name: Stack(
            api_port=stack.api_port,
            rasa_port=free_port(),
            action_port=stack.action_port,
            log_dir=directory / name,
            database_url=stack.database_url,
            hub_internal_token=stack.hub_internal_token,
        )
        for name in ("rasa_store", *(["production"] if postgresql else []))
    }
    for other in others.values():
        other.log_dir.mkdir()
    others["rasa_store"].start_rasa(endpoints=str(endpoints_without_tracker_store(directory)))
    if postgresql:
        others["production"].start_rasa(production_database_url=postgresql)
    try:
        for other in others.values():
            other.wait_ready()
        yield {"views_in_memory": stack, **others}
    finally:
        for other in others.values():
            other.stop_all()


def say(client: httpx.Client, rasa: Stack, sender: str, language: str, text: str) -> list[dict[str, Any]]:
    response = client.post(
        f"{rasa.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text, "metadata": {"language": language}},
    )
    response.raise_for_status()
    # Each Rasa's conversation has a sender of its own.
    return [{key: value for key, value in reply.items() if key != "recipient_id"} for reply in response.json()]


def test_a_long_conversation_is_answered_the_same_through_a_view_as_through_the_whole_tracker(
    rasas: dict[str, Stack],
) -> None:
    senders = {name: f"views-{name}-{uuid.uuid4().hex[:8]}" for name in rasas}
    with httpx.Client(timeout=60) as client:
        # Turn by turn, so that anything that depends on the time (free appointment times) is the same for all.
        for turn, (language, text) in enumerate(SCRIPT):
            replies = {name: say(client, rasa, senders[name], language, text) for name, rasa in rasas.items()}
            assert replies["rasa_store"], f"turn {turn} ({text!r}) was not answered"
            for name in VIEWS & rasas.keys():
                assert replies[name] == replies["rasa_store"], f"turn {turn} ({text!r}) through {name}"
        trackers = {
            name: client.get(f"{rasa.rasa_url}/conversations/{senders[name]}/tracker").json()
            for name, rasa in rasas.items()
        }
    for name in VIEWS & rasas.keys():
        assert trackers[name]["slots"] == trackers["rasa_store"]["slots"]
        assert trackers[name]["active_loop"] == trackers["rasa_store"]["active_loop"]
        # Every event is still stored: the view is what Rasa works on, not what it keeps.
        assert kinds(trackers[name]) == kinds(trackers["rasa_store"]), name


def kinds(tracker: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The kind of each event of a tracker from the session's start (Rasa's in-memory store drops what comes
    before it, the slot of the session's metadata, where the SQL store keeps it)."""
    events = [(event["event"], event.get("name")) for event in tracker["events"]]
    return events[events.index(("action", "action_session_start")) :]


def test_the_views_are_in_use(rasas: dict[str, Stack]) -> None:
    # Rasa falls back to its own store, with only a warning, when a configured store cannot be loaded.
    logs = {name: (rasa.log_dir / "rasa.log").read_text(encoding="utf-8") for name, rasa in rasas.items()}
    assert "BoundedInMemoryTrackerStore: conversations are handed to Rasa as views" in logs["views_in_memory"]
    if "production" in logs:
        assert "BoundedSQLTrackerStore: conversations are handed to Rasa as views" in logs["production"]
    assert "handed to Rasa as views" not in logs["rasa_store"]
