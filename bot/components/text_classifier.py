"""A TF-IDF + logistic regression text classifier that saves itself as plain JSON (no pickles in the model).

Shared by the intent classifier and the programme detector. Its input is the normalised tokens of a message, so
the normalising tokenizer runs once per message for both.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
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
