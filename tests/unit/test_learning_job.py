"""The pure parts of `make learn`: the training file of what reviewers taught, and the quality gate's rule."""

from __future__ import annotations

import yaml

from kiosk_api.learning.job import dropped, learned_files
from kiosk_api.learning.models import TrainingExample
from multilingual.normalise import normalise


def example(text: str, intent: str, programme: str | None = None, language: str = "rom") -> TrainingExample:
    return TrainingExample(text=text, language=language, intent=intent, programme=programme)


def test_the_training_file_holds_each_text_once_with_its_latest_label_and_no_markup() -> None:
    files = learned_files(
        [
            example("na resel o love (kiria)", "ask_amount"),
            example("Na resel o love [kiria]", "ask_programme", "housing_allowance"),  # relabelled later
            example("akhar man", "request_human"),
            example("شو في مساعدة للأكل", "ask_programme", "teba", language="ar"),
            example("kamav randevu", "book_appointment"),  # the training data already has it
        ],
        known={normalise("kamav randevu")},
    )
    assert sorted(files) == ["ar", "rom"]
    romani = yaml.safe_load(files["rom"])["nlu"]
    assert romani == [
        {"intent": "ask_programme", "metadata": {"language": "rom"},
         "examples": "- [Na resel o love kiria](programme:housing_allowance)\n"},
        {"intent": "request_human", "metadata": {"language": "rom"}, "examples": "- akhar man\n"},
    ]  # fmt: skip
    assert yaml.safe_load(files["ar"])["nlu"][0]["examples"] == "- [شو في مساعدة للأكل](programme:teba)\n"


def test_a_candidate_is_refused_when_a_language_falls_by_more_than_the_tolerance() -> None:
    before = {"el": {"intent": 0.96, "programme": 1.0}, "rom": {"intent": 0.95, "programme": None}}
    assert dropped(before, {"el": {"intent": 0.95, "programme": 0.99}, "rom": {"intent": 0.94}}, 0.02) == []
    assert dropped(before, {"el": {"intent": 0.93, "programme": 1.0}, "rom": {"intent": 0.95}}, 0.02) == [
        ["el", "intent"]
    ]
    # A language the candidate was not measured on counts as fallen, never as passed.
    assert dropped(before, {"el": {"intent": 0.96, "programme": 1.0}}, 0.02) == [["rom", "intent"]]
