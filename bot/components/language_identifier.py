"""Rasa component that adds the project's language guess to every parsed message as `language_guess`."""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from multilingual.language_id import LanguageIdentifier as NaiveBayesIdentifier

MODEL_FILE = "language_identifier.json"
OUTPUT_KEY = "language_guess"


def example_language(example: Message) -> str | None:
    """Return the language an NLU training example is labelled with (intent-level metadata), if any."""
    metadata = example.get("metadata") or {}
    return (metadata.get("intent") or {}).get("language") or (metadata.get("example") or {}).get("language")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LanguageIdentifier(GraphComponent):
    """Trains the naive Bayes identifier on the language-labelled NLU examples and applies it to messages."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, model: NaiveBayesIdentifier | None) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageIdentifier:
        """Create an untrained identifier."""
        return cls(model_storage, resource, None)

    def train(self, training_data: TrainingData) -> Resource:
        """Train on every training example that carries a language label."""
        labelled = [
            (example.get(TEXT), language)
            for example in training_data.intent_examples
            if (language := example_language(example)) and example.get(TEXT)
        ]
        if not labelled:
            raise ValueError("No NLU example carries `metadata: {language: ...}`; the language identifier needs them.")
        self._model = NaiveBayesIdentifier.train(labelled)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / MODEL_FILE).write_text(json.dumps(self._model.to_dict()), encoding="utf-8")
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
        return cls(model_storage, resource, NaiveBayesIdentifier.from_dict(data))

    def process(self, messages: list[Message]) -> list[Message]:
        """Add `language_guess: {code, confidence}` (or None for text without letters) to each message."""
        for message in messages:
            guess = self._model.identify(message.get(TEXT) or "") if self._model else None
            value = {"code": guess.code, "confidence": round(guess.confidence, 4)} if guess else None
            message.set(OUTPUT_KEY, value, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data unchanged: nothing downstream trains on the guess."""
        return training_data
