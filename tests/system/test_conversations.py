"""Conversations with the real model, in every language: each intent path, programme memory, language switching.

Scenarios live in tests/conversations/<language>.yml. Each turn's replies must be exactly the responses named,
rendered in the language the conversation is in at that point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.citizen import rendered

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "conversations"


def scenarios() -> list[Any]:
    cases = []
    for path in sorted(SCENARIO_DIR.glob("*.yml")):
        for scenario in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(scenario, id=f"{path.stem}: {scenario['name']}"))
    return cases


def expected_text(expectation: str | dict[str, Any], language: str) -> str:
    if isinstance(expectation, str):
        expectation = {"response": expectation}
    arguments = {key: value for key, value in expectation.items() if key != "response"}
    return rendered(expectation["response"], language, **arguments)


@pytest.mark.rasa
@pytest.mark.parametrize("scenario", scenarios())
def test_conversation(conversation, schedule: None, scenario: dict[str, Any]) -> None:
    # With a schedule every service has free times, whichever tests ran before on this worker: a booking shows them.
    talk = conversation(scenario.get("channel_language"))
    language = scenario.get("channel_language")
    for number, turn in enumerate(scenario["turns"], start=1):
        replies = talk.say(turn["user"])
        language = turn.get("language", language)
        expected = [expected_text(expectation, language) for expectation in turn["bot"]]
        got = [reply.get("text", "") for reply in replies]
        assert got == expected, f"turn {number}: {turn['user']!r}"
    if "slots" in scenario:
        slots = talk.slots()
        assert {name: slots.get(name) for name in scenario["slots"]} == scenario["slots"]
