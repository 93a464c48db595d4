"""A TF-IDF + logistic regression text classifier that saves itself as plain JSON (no pickles in a model).

Shared by the bot's intent classifier and programme detector (through their Rasa component) and by the hub's danger
recogniser. Its input is normalised text (see `multilingual.normalise`), so every caller folds spelling the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


def _vectorizers(shortest_chars: int, min_df: int) -> list[TfidfVectorizer]:
    # Character n-grams within words absorb spelling variation and transliteration; word uni- and bigrams keep
    # the phrases that decide an intent ("how much", "πώς κάνω").
    return [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(shortest_chars, 5), sublinear_tf=True, min_df=min_df),
        TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b", min_df=min_df
        ),
    ]


class TextClassifier:
    """Multinomial logistic regression over character and word TF-IDF features.

    `shortest_chars` and `min_df` (the fewest training texts a feature must occur in) trade a little detail for a
    smaller model: the danger recogniser, trained on many more texts than the bot's intents, keeps n-grams of two
    characters or more that occur at least twice."""

    def __init__(self, regularisation: float, *, shortest_chars: int = 1, min_df: int = 1) -> None:
        self._vectorizers = _vectorizers(shortest_chars, min_df)
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

    def probability_rows(self, texts: list[str]) -> np.ndarray:
        """Return the labels' probabilities for many normalised texts at once (a row per text)."""
        return self._model.predict_proba(self._features(texts))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Return the trained classifier as arrays (for `numpy.savez_compressed`: compact, and no pickles)."""
        arrays: dict[str, np.ndarray] = {
            "classes": np.array(self.classes),
            "coef": self._model.coef_.astype(np.float32),
            "intercept": self._model.intercept_,
        }
        for index, vectorizer in enumerate(self._vectorizers):
            terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
            arrays[f"terms_{index}"] = np.array(terms)
            arrays[f"idf_{index}"] = vectorizer.idf_
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Any) -> TextClassifier:
        """Rebuild a classifier saved with `to_arrays` (a mapping of names to arrays, such as a loaded .npz)."""
        classifier = cls(regularisation=1.0)
        for index, vectorizer in enumerate(classifier._vectorizers):
            vectorizer.vocabulary_ = {str(term): position for position, term in enumerate(arrays[f"terms_{index}"])}
            vectorizer.idf_ = np.array(arrays[f"idf_{index}"])
        classifier._model.classes_ = np.array([str(label) for label in arrays["classes"]])
        classifier._model.coef_ = np.array(arrays["coef"], dtype=np.float64)
        classifier._model.intercept_ = np.array(arrays["intercept"])
        return classifier

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
