"""A TF-IDF + logistic regression text classifier that saves itself as plain JSON (no pickles in a model).

Shared by the bot's intent classifier and programme detector (through their Rasa component) and by the hub's danger
recogniser. Its input is normalised text (see `multilingual.normalise`), so every caller folds spelling the same way.

scikit-learn trains it, and is imported only then: a trained classifier reads a text with the n-gram functions below
and numpy. Importing scikit-learn (and the parts of SciPy it pulls in) took 1.8 of the 4.7 seconds the hub needed to
start, in every hub process and every test that starts one (docs/measuring.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np

LONGEST_CHARS = 5
_SPACES = re.compile(r"\s\s+")
_WORD = re.compile(r"(?u)\b\w+\b")


def char_ngrams(text: str, shortest: int = 1, longest: int = LONGEST_CHARS) -> list[str]:
    """The character n-grams within each word, the word padded with a space each side (scikit-learn's `char_wb`
    analyzer on lower-cased text): they absorb spelling variation and transliteration."""
    ngrams = []
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for size in range(shortest, longest + 1):
            ngrams.extend(padded[start : start + size] for start in range(max(len(padded) - size, 0) + 1))
            if size >= len(padded):  # a word shorter than the n-gram counts once
                break
    return ngrams


def word_ngrams(text: str) -> list[str]:
    """The words and the pairs of neighbouring words (scikit-learn's `word` analyzer, 1–2-grams, on lower-cased
    text): they keep the phrases that decide an intent ("how much", "πώς κάνω")."""
    words = _WORD.findall(text.lower())
    return [*words, *(f"{first} {second}" for first, second in pairwise(words))]


def _readers(shortest_chars: int) -> list[Callable[[str], list[str]]]:
    return [partial(char_ngrams, shortest=shortest_chars), word_ngrams]


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


def _softmax(scores: np.ndarray) -> np.ndarray:
    exponentials = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exponentials / exponentials.sum(axis=1, keepdims=True)


class TextClassifier:
    """Multinomial logistic regression over character and word TF-IDF features.

    `shortest_chars` and `min_df` (the fewest training texts a feature must occur in) trade a little detail for a
    smaller model: the danger recogniser, trained on many more texts than the bot's intents, keeps n-grams of two
    characters or more that occur at least twice."""

    def __init__(self, regularisation: float, *, shortest_chars: int = 1, min_df: int = 1) -> None:
        self._regularisation = regularisation
        self._min_df = min_df
        self._read = _readers(shortest_chars)
        self._classes: list[str] = []
        # Per reader, its vocabulary (n-gram → column) and idf; the coefficients, a row per feature (the readers'
        # columns one after the other); the intercepts. Assigned in one step, so a thread that sees one sees all.
        self._trained: tuple[list[tuple[dict[str, int], np.ndarray]], np.ndarray, np.ndarray] | None = None

    @property
    def classes(self) -> list[str]:
        """The labels, in the order of `probabilities`."""
        return list(self._classes)

    def fit(self, texts: list[str], labels: list[str]) -> None:
        """Train on normalised texts and their labels."""
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizers = [TfidfVectorizer(analyzer=read, sublinear_tf=True, min_df=self._min_df) for read in self._read]
        features = hstack([vectorizer.fit_transform(texts) for vectorizer in vectorizers]).tocsr()
        # Balanced class weights keep the bigger classes from drowning the smaller ones. Newton-CG reaches the same
        # optimum as the default L-BFGS in far fewer passes over these wide sparse features (measured on the bot's
        # intents: 20 iterations and 50 s against 171 and 81 s, the same answers on the tuning set).
        model = LogisticRegression(
            C=self._regularisation, class_weight="balanced", solver="newton-cg", max_iter=3000, random_state=1
        )
        model.fit(features, labels)
        self._set(
            classes=[str(label) for label in model.classes_],
            vocabularies=[(dict(vectorizer.vocabulary_), np.asarray(vectorizer.idf_)) for vectorizer in vectorizers],
            coef=model.coef_,
            intercept=model.intercept_,
        )

    def _set(
        self,
        *,
        classes: list[str],
        vocabularies: list[tuple[dict[str, int], np.ndarray]],
        coef: np.ndarray,
        intercept: np.ndarray,
    ) -> None:
        self._classes = classes
        weights = np.ascontiguousarray(np.asarray(coef, dtype=np.float64).T)
        self._trained = (vocabularies, weights, np.asarray(intercept, dtype=np.float64))

    def _state(self) -> tuple[list[tuple[dict[str, int], np.ndarray]], np.ndarray, np.ndarray]:
        if self._trained is None:
            raise RuntimeError("the classifier has not been trained or loaded")
        return self._trained

    def probabilities(self, text: str, *, prior_offsets: dict[str, float] | None = None) -> dict[str, float]:
        """Return each label's probability for one normalised text (see `probability_rows` for `prior_offsets`)."""
        row = self.probability_rows([text], prior_offsets=prior_offsets)[0]
        return {label: float(value) for label, value in zip(self._classes, row, strict=True)}

    def knows_any_of(self, text: str) -> bool:
        """Whether any n-gram of a normalised text was seen in training. A text in a script the classifier never saw
        (Cyrillic, say) has none: its probabilities are then the intercepts' alone, the same confident guess for
        every such text, and not a reading of it."""
        vocabularies = self._state()[0]
        # The spaces that pad every word are in every text: they say nothing of it.
        return any(
            term.strip() and term in vocabulary
            for read, (vocabulary, _) in zip(self._read, vocabularies, strict=True)
            for term in read(text)
        )

    def probability_rows(self, texts: list[str], *, prior_offsets: dict[str, float] | None = None) -> np.ndarray:
        """Return the labels' probabilities for many normalised texts at once (a row per text): those of
        `LogisticRegression.predict_proba`, computed from only the weights of the n-grams a text has. The library's
        way, a sparse matrix per message and a product that copies the whole coefficient matrix, took 9 of the 10 ms
        the bot's intent classifier spent on a message (docs/measuring.md).

        `prior_offsets` raises some labels' log-odds before the softmax: a head start for a label the classifier
        under-predicts (one whose hard cases are a minority within it), chosen on a tuning set."""
        vocabularies, weights, intercept = self._state()
        scores = np.tile(intercept + self._offsets(prior_offsets or {}), (len(texts), 1))
        for row, text in enumerate(texts):
            offset = 0
            for read, (vocabulary, idf) in zip(self._read, vocabularies, strict=True):
                columns, values = _tfidf(vocabulary, idf, read(text))
                scores[row] += values @ weights[columns + offset]
                offset += len(vocabulary)
        if scores.shape[1] == 1:  # two labels: one score, for the second
            second = 1.0 / (1.0 + np.exp(-scores))
            return np.hstack([1 - second, second])
        return _softmax(scores)

    def _offsets(self, prior_offsets: dict[str, float]) -> np.ndarray | float:
        """The offsets as a term of the scores: one per label, or with two labels one for the second against the
        first (the only score there is)."""
        if not prior_offsets:
            return 0.0
        offsets = np.array([prior_offsets.get(label, 0.0) for label in self._classes])
        return offsets[1:] - offsets[0] if len(offsets) == 2 else offsets

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Return the trained classifier as arrays (for `numpy.savez_compressed`: compact, and no pickles)."""
        vocabularies, weights, intercept = self._state()
        arrays: dict[str, np.ndarray] = {
            "classes": np.array(self._classes),
            "coef": weights.T.astype(np.float32),
            "intercept": intercept,
        }
        for index, (vocabulary, idf) in enumerate(vocabularies):
            arrays[f"terms_{index}"] = np.array(sorted(vocabulary, key=vocabulary.__getitem__))
            arrays[f"idf_{index}"] = idf
        return arrays

    @classmethod
    def from_arrays(cls, arrays: Any) -> TextClassifier:
        """Rebuild a classifier saved with `to_arrays` (a mapping of names to arrays, such as a loaded .npz)."""
        classifier = cls(regularisation=1.0)
        classifier._set(
            classes=[str(label) for label in arrays["classes"]],
            vocabularies=[
                (
                    {str(term): position for position, term in enumerate(arrays[f"terms_{index}"])},
                    np.array(arrays[f"idf_{index}"]),
                )
                for index in range(len(classifier._read))
            ],
            coef=arrays["coef"],
            intercept=arrays["intercept"],
        )
        return classifier

    def to_dict(self) -> dict[str, Any]:
        """Return the trained classifier as JSON-serialisable data."""
        vocabularies, weights, intercept = self._state()
        return {
            "vectorizers": [
                {"vocabulary": {term: int(column) for term, column in vocabulary.items()}, "idf": idf.tolist()}
                for vocabulary, idf in vocabularies
            ],
            "classes": self.classes,
            "coef": weights.T.tolist(),
            "intercept": intercept.tolist(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TextClassifier:
        """Rebuild a classifier saved with `to_dict`."""
        classifier = cls(regularisation=1.0)
        classifier._set(
            classes=[str(label) for label in data["classes"]],
            vocabularies=[(state["vocabulary"], np.array(state["idf"])) for state in data["vectorizers"]],
            coef=np.array(data["coef"]),
            intercept=np.array(data["intercept"]),
        )
        return classifier
