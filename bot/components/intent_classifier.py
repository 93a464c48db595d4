"""Rasa intent classifier: logistic regression over character and word TF-IDF of the normalised tokens.

Chosen by measurement on the held-out set against DIET (with and without a transformer layer): it is more accurate
on this data in all four languages, trains in seconds and loads without TensorFlow weights.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.text_classifier import TextClassifier, normalised_text

MODEL_FILE = "intent_classifier.json"
RANKING_LENGTH = 10


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    """Predicts the intent and a ranking of the likeliest intents."""

    @classmethod
    def required_components(cls) -> list[type]:
        """The normalising tokenizer must run first."""
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default settings (regularisation chosen on the held-out set)."""
        return {"regularisation": 5.0}

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
    ) -> TfidfIntentClassifier:
        """Create an untrained classifier."""
        return cls(config, model_storage, resource, None)

    def train(self, training_data: TrainingData) -> Resource:
        """Train on every example with an intent."""
        examples = [example for example in training_data.intent_examples if example.get(TEXT)]
        self._classifier = TextClassifier(self._config["regularisation"])
        self._classifier.fit([normalised_text(example) for example in examples], [e.get(INTENT) for e in examples])
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
    ) -> TfidfIntentClassifier:
        """Load the trained classifier."""
        with model_storage.read_from(resource) as directory:
            data = json.loads((directory / MODEL_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, TextClassifier.from_dict(data))

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `intent` and `intent_ranking` on each message."""
        if self._classifier is None:
            return messages
        for message in messages:
            probabilities = self._classifier.probabilities(normalised_text(message))
            ranking = sorted(
                ({INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: value} for name, value in probabilities.items()),
                key=lambda item: -item[PREDICTED_CONFIDENCE_KEY],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[:RANKING_LENGTH], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data unchanged."""
        return training_data
