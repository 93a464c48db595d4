"""A TF-IDF + logistic regression text classifier that saves itself as plain JSON (no pickles in the model).

Shared by the intent classifier and the programme detector. Its input is the normalised tokens of a message, so
the normalising tokenizer runs once per message for both.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def normalised_text(message: Message) -> str:
    """Return a message's normalised tokens joined by spaces (the tokenizer must run first)."""
    tokens: list[Token] = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join(token.text for token in tokens)


def _vectorizers() -> list[TfidfVectorizer]:
    # Character n-grams within words absorb spelling variation and transliteration; word uni- and bigrams keep
    # the phrases that decide an intent ("how much", "πώς κάνω").
    return [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 5), sublinear_tf=True),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
    ]


class TextClassifier:
    """Multinomial logistic regression over character and word TF-IDF features."""

    def __init__(self, regularisation: float) -> None:
        self._vectorizers = _vectorizers()
        # Balanced class weights keep the bigger classes from drowning the smaller ones.
        self._model = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=3000, random_state=1)

    @property
    def classes(self) -> list[str]:
        """The labels, in the order of `probabilities`."""
        return [str(label) for label in self._model.classes_]

    def _features(self, texts: list[str]) -> csr_matrix:
        return hstack([vectorizer.transform(texts) for vectorizer in self._vectorizers]).tocsr()

    def fit(self, texts: list[str], labels: list[str]) -> None:
        """Train on normalised texts and their labels."""
        for vectorizer in self._vectorizers:
            vectorizer.fit(texts)
        self._model.fit(self._features(texts), labels)

    def probabilities(self, text: str) -> dict[str, float]:
        """Return each label's probability for one normalised text."""
        row = self._model.predict_proba(self._features([text]))[0]
        return {label: float(value) for label, value in zip(self.classes, row, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """Return the trained classifier as JSON-serialisable data."""
        return {
            "vectorizers": [
                {"vocabulary": {k: int(v) for k, v in vec.vocabulary_.items()}, "idf": vec.idf_.tolist()}
                for vec in self._vectorizers
            ],
            "classes": self.classes,
            "coef": self._model.coef_.tolist(),
            "intercept": self._model.intercept_.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextClassifier:
        """Rebuild a classifier saved with `to_dict`."""
        classifier = cls(regularisation=1.0)
        for vectorizer, state in zip(classifier._vectorizers, data["vectorizers"], strict=True):
            vectorizer.vocabulary_ = state["vocabulary"]
            vectorizer.idf_ = np.array(state["idf"])
        classifier._model.classes_ = np.array(data["classes"])
        classifier._model.coef_ = np.array(data["coef"])
        classifier._model.intercept_ = np.array(data["intercept"])
        return classifier


class TextClassifierComponent(GraphComponent):
    """Base of the Rasa components built on `TextClassifier`: settings, storage, creation and loading.

    A subclass trains with `_fit` (which also saves any extra state it passes) and reads its labels in `process`.
    """

    MODEL_FILE = "model.json"

    @classmethod
    def required_components(cls) -> list[type]:
        """The normalising tokenizer must run first."""
        return [Tokenizer]

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
