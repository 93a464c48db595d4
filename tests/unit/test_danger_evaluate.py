"""The danger recogniser's evaluation tools read a message as the recogniser does."""

from __future__ import annotations

import pytest

from kiosk_api.danger import evaluate
from kiosk_api.danger.recogniser import Assessment, Level
from knowledge.loader import DANGER_CATEGORIES, DISTRESS, HARMLESS, LANGUAGES


class _ExhaustionReader:
    """A recogniser that reads every message as exhaustion: little danger, much distress (asked about)."""

    def assess(self, text: str) -> Assessment:
        return Assessment(Level.possible, "suicide", 0.1, ("suicide",), concern=0.9)


def test_cross_validation_reads_possible_on_danger_and_distress_together(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its "possible" was read on the danger probability alone, while the recogniser asks about danger and distress
    # together: every threshold it chose undercounted the messages asked about.
    examples = {
        language: {category: ("a",) for category in (*DANGER_CATEGORIES, HARMLESS, DISTRESS)} for language in LANGUAGES
    }
    monkeypatch.setattr(evaluate, "load_danger_examples", lambda: examples)
    monkeypatch.setattr(evaluate, "ordinary_messages", lambda: [])
    monkeypatch.setattr(evaluate, "form_answers", lambda: [])
    monkeypatch.setattr(evaluate, "backstop_phrases", lambda: [])
    monkeypatch.setattr(evaluate.DangerRecogniser, "train", staticmethod(lambda *args: _ExhaustionReader()))
    table = evaluate.cross_validate(folds=2)["table"]
    [row] = [row for row in table if (row["possible"], row["clear"]) == (0.4, 0.8)]
    for language in LANGUAGES:
        assert row[language]["recall"] == 1.0
        assert row[language]["distress_asked"] == 1.0
        assert row[language]["clear_precision"] is None or row[language]["clear_precision"] == 0
