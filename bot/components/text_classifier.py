"""The Rasa side of the bot's text classifiers (`multilingual.classifier.TextClassifier`): settings, storage and
loading. Their input is the normalised tokens of a message, so the normalising tokenizer runs once per message for
the intent classifier, the programme detector and the language identifier."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import multilingual
from multilingual.classifier import TextClassifier

# Rasa reuses a trained component while its settings and data are unchanged; what it reads also depends on this code.
_CODE = (Path(__file__), *sorted(Path(multilingual.__file__).parent.glob("*.py")))


def normalised_text(message: Message) -> str:
    """Return a message's normalised tokens joined by spaces (the tokenizer must run first)."""
    tokens: list[Token] = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join(token.text for token in tokens)


class TextClassifierComponent(GraphComponent):
    """Base of the Rasa components built on `TextClassifier`: settings, storage, creation and loading.

    A subclass trains with `_fit` (which also saves any extra state it passes) and reads its labels in `process`.
    """

    MODEL_FILE = "model.json"
    # Files besides the training data that a subclass learns from (its fingerprint covers them).
    EXTRA_INPUTS: tuple[Path, ...] = ()

    @classmethod
    def required_components(cls) -> list[type]:
        """The normalising tokenizer must run first."""
        return [Tokenizer]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str:
        """Retrain when the code that turns a message into features, or other files it learns from, change; Rasa
        itself only notices the settings and the training data."""
        digest = hashlib.sha256()
        for path in (*_CODE, Path(sys.modules[cls.__module__].__file__ or ""), *cls.EXTRA_INPUTS):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default settings (regularisation chosen on the held-out sets)."""
        return {"regularisation": 5.0}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        classifier: TextClassifier | None = None,
        state: dict[str, Any] | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._classifier = classifier
        self._state = state or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextClassifierComponent:
        """Create an untrained component."""
        return cls(config, model_storage, resource)

    def _fit(self, texts: list[str], labels: list[str], **state: Any) -> Resource:
        """Train the classifier on normalised texts and save it with the extra state, as JSON."""
        self._classifier = TextClassifier(self._config["regularisation"])
        self._classifier.fit(texts, labels)
        self._state = state
        with self._model_storage.write_to(self._resource) as directory:
            (directory / self.MODEL_FILE).write_text(
                json.dumps({"classifier": self._classifier.to_dict(), **state}, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TextClassifierComponent:
        """Load a trained component."""
        with model_storage.read_from(resource) as directory:
            state = json.loads((directory / cls.MODEL_FILE).read_text(encoding="utf-8"))
        classifier = TextClassifier.from_dict(state.pop("classifier"))
        return cls(config, model_storage, resource, classifier, state)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data unchanged."""
        return training_data
