"""Rasa component that adds the project's language guess to every parsed message as `language_guess`.

Off-the-shelf detectors know neither Romani nor Greeklish. This one is a classifier trained on the project's own NLU
data, where Greeklish is labelled Greek and Romani is written in Latin and Greek letters. A logistic regression over
character and word TF-IDF was chosen over naive Bayes by measurement: on two held-out sets naive Bayes took
Greeklish with English words for English and Greek-letter Romani full of Greek loanwords for Greek.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.text_classifier import TextClassifier, normalised_text

MODEL_FILE = "language_identifier.json"
OUTPUT_KEY = "language_guess"


def example_language(example: Message) -> str | None:
    """Return the language an NLU training example is labelled with (intent-level metadata), if any."""
    metadata = example.get("metadata") or {}
    return (metadata.get("intent") or {}).get("language") or (metadata.get("example") or {}).get("language")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LanguageIdentifier(GraphComponent):
    """Trains on the language-labelled NLU examples and labels every message with a language and a confidence."""

    @classmethod
    def required_components(cls) -> list[type]:
        """The normalising tokenizer must run first."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default settings (regularisation chosen on the held-out sets)."""
        return {"regularisation": 1.0}

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, classifier: TextClassifier | None
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        """Create an untrained identifier."""
        return cls(config, model_storage, resource, None)

    def train(self, training_data: TrainingData) -> Resource:
        """Train on every training example that carries a language label."""
        labelled = [
            (normalised_text(example), language)
            for example in training_data.intent_examples
            if (language := example_language(example)) and example.get(TEXT)
        ]
        if not labelled:
            raise ValueError("No NLU example carries `metadata: {language: ...}`; the language identifier needs them.")
        self._classifier = TextClassifier(self._config["regularisation"])
        self._classifier.fit([text for text, _ in labelled], [language for _, language in labelled])
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_text(json.dumps(self._classifier.to_dict()), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageIdentifier:
        """Load the trained identifier."""
        with model_storage.read_from(resource) as directory:
            data = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, TextClassifier.from_dict(data))

    def process(self, messages: list[Message]) -> list[Message]:
        """Add `language_guess: {code, confidence}` to each message; None for text without letters."""
        for message in messages:
            text = normalised_text(message)
            guess = None
            if self._classifier is not None and any(ch.isalpha() for ch in text):
                probabilities = self._classifier.probabilities(text)
                code = max(probabilities, key=probabilities.__getitem__)
                guess = {"code": code, "confidence": round(probabilities[code], 4)}
            message.set(OUTPUT_KEY, guess, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data unchanged: nothing downstream trains on the guess."""
        return training_data
