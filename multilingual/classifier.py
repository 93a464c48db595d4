"""A TF-IDF + logistic regression text classifier that saves itself as plain JSON (no pickles in a model).

Shared by the bot's intent classifier and programme detector (through their Rasa component) and by the hub's danger
recogniser. Its input is normalised text (see `multilingual.normalise`), so every caller folds spelling the same way.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from scipy.special import expit, softmax
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


def _tfidf(vocabulary: dict[str, int], idf: np.ndarray, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The columns and values of a text's row in a `TfidfVectorizer.transform` (sublinear tf, idf, l2 norm), from
    its terms, the vectorizer's vocabulary and its idf."""
    counts: dict[int, int] = {}
    for term in terms:
        column = vocabulary.get(term)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[columns]
    norm = np.sqrt(values @ values)
    return columns, values / norm if norm else values


class TextClassifier:
    """Multinomial logistic regression over character and word TF-IDF features.

    `shortest_chars` and `min_df` (the fewest training texts a feature must occur in) trade a little detail for a
    smaller model: the danger recogniser, trained on many more texts than the bot's intents, keeps n-grams of two
    characters or more that occur at least twice."""

    def __init__(self, regularisation: float, *, shortest_chars: int = 1, min_df: int = 1) -> None:
        self._vectorizers = _vectorizers(shortest_chars, min_df)
        # Balanced class weights keep the bigger classes from drowning the smaller ones. Newton-CG reaches the same
        # optimum as the default L-BFGS in far fewer passes over these wide sparse features (measured on the bot's
        # intents: 20 iterations and 50 s against 171 and 81 s, the same answers on the tuning set).
        self._model = LogisticRegression(
            C=regularisation, class_weight="balanced", solver="newton-cg", max_iter=3000, random_state=1
        )
        # The coefficients, a row per feature, and what reads a text's features: built on first use, and assigned
        # in one step, so a thread that sees them sees both.
        self._scoring: tuple[np.ndarray, list[tuple[Any, dict[str, int], np.ndarray, int]]] | None = None

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
        self._scoring = None

    def probabilities(self, text: str) -> dict[str, float]:
        """Return each label's probability for one normalised text."""
        row = self.probability_rows([text])[0]
        return {label: float(value) for label, value in zip(self.classes, row, strict=True)}

    def _readers(self) -> tuple[np.ndarray, list[tuple[Any, dict[str, int], np.ndarray, int]]]:
        if self._scoring is None:
            # The analyzer, vocabulary, idf (a property sklearn recomputes on every read) and first column of each
            # vectorizer's features.
            offsets = np.cumsum([0, *(len(vectorizer.vocabulary_) for vectorizer in self._vectorizers)])
            readers = [
                (vectorizer.build_analyzer(), vectorizer.vocabulary_, np.asarray(vectorizer.idf_), int(offset))
                for vectorizer, offset in zip(self._vectorizers, offsets, strict=False)
            ]
            self._scoring = (np.ascontiguousarray(self._model.coef_.T), readers)
        return self._scoring

    def knows_any_of(self, text: str) -> bool:
        """Whether any n-gram of a normalised text was seen in training. A text in a script the classifier never saw
        (Cyrillic, say) has none: its probabilities are then the intercepts' alone, the same confident guess for
        every such text, and not a reading of it."""
        # The spaces that pad every word are in every text: they say nothing of it.
        readers = self._readers()[1]
        return any(
            term.strip() and term in vocabulary for analyzer, vocabulary, _, _ in readers for term in analyzer(text)
        )

    def probability_rows(self, texts: list[str]) -> np.ndarray:
        """Return the labels' probabilities for many normalised texts at once (a row per text): those of
        `LogisticRegression.predict_proba`, computed from only the weights of the n-grams a text has. The library's
        way, a sparse matrix per message and a product that copies the whole coefficient matrix, took 9 of the 10 ms
        the bot's intent classifier spent on a message (docs/measuring.md)."""
        weights, readers = self._readers()
        scores = np.tile(self._model.intercept_, (len(texts), 1))
        for row, text in enumerate(texts):
            for analyzer, vocabulary, idf, offset in readers:
                columns, values = _tfidf(vocabulary, idf, analyzer(text))
                scores[row] += values @ weights[columns + offset]
        if scores.shape[1] == 1:  # two labels: one score, for the second
            second = expit(scores)
            return np.hstack([1 - second, second])
        return softmax(scores, axis=1)

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
