"""The project's own language identifier: naive Bayes over character n-grams and words.

Off-the-shelf detectors know neither Romani nor Greeklish; this one is trained on the project's own NLU data, where
Greeklish is labelled Greek and Romani is written in Latin and Greek letters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from multilingual.normalise import normalise

NGRAM_SIZES = (1, 2, 3, 4)
SMOOTHING = 0.1
_ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class LanguageGuess:
    """A language code with the identifier's confidence in it (0–1)."""

    code: str
    confidence: float


def features(text: str) -> Counter[str]:
    """Return the character n-grams (within padded words) and the words of a text."""
    counts: Counter[str] = Counter()
    for word in normalise(text).split():
        counts["w:" + word] += 1
        padded = f" {word} "
        for size in NGRAM_SIZES:
            for start in range(len(padded) - size + 1):
                counts[padded[start : start + size]] += 1
    return counts


class LanguageIdentifier:
    """Multinomial naive Bayes over `features`, serialisable to plain JSON."""

    def __init__(self, feature_counts: dict[str, dict[str, int]], example_counts: dict[str, int]) -> None:
        self.feature_counts = feature_counts
        self.example_counts = example_counts
        self.languages = sorted(example_counts)
        vocabulary = {feature for counts in feature_counts.values() for feature in counts}
        self._vocabulary_size = len(vocabulary) + 1
        self._totals = {lang: sum(feature_counts[lang].values()) for lang in self.languages}
        total_examples = sum(example_counts.values())
        self._log_priors = {lang: math.log(example_counts[lang] / total_examples) for lang in self.languages}

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> LanguageIdentifier:
        """Train on (text, language code) pairs."""
        feature_counts: dict[str, Counter[str]] = {}
        example_counts: Counter[str] = Counter()
        for text, language in examples:
            feature_counts.setdefault(language, Counter()).update(features(text))
            example_counts[language] += 1
        return cls({lang: dict(counts) for lang, counts in feature_counts.items()}, dict(example_counts))

    def to_dict(self) -> dict:
        """Return the model as JSON-serialisable data."""
        return {"feature_counts": self.feature_counts, "example_counts": self.example_counts}

    @classmethod
    def from_dict(cls, data: dict) -> LanguageIdentifier:
        """Rebuild a model saved with `to_dict`."""
        return cls(data["feature_counts"], data["example_counts"])

    def scores(self, text: str) -> dict[str, float]:
        """Return the posterior probability of each language for a text."""
        observed = features(text)
        log_scores = {}
        for lang in self.languages:
            counts = self.feature_counts[lang]
            denominator = math.log(self._totals[lang] + SMOOTHING * self._vocabulary_size)
            log_scores[lang] = self._log_priors[lang] + sum(
                times * (math.log(counts.get(feature, 0) + SMOOTHING) - denominator)
                for feature, times in observed.items()
            )
        best = max(log_scores.values())
        exp_scores = {lang: math.exp(score - best) for lang, score in log_scores.items()}
        total = sum(exp_scores.values())
        return {lang: value / total for lang, value in exp_scores.items()}

    def identify(self, text: str) -> LanguageGuess | None:
        """Return the most likely language, or None for text with no letters."""
        if not any(ch.isalpha() for ch in text):
            return None
        scores = self.scores(text)
        code = max(scores, key=scores.__getitem__)
        return LanguageGuess(code=code, confidence=scores[code])


def nlu_examples(directory: Path) -> list[tuple[str, str]]:
    """Return (text, language) for every example of the Rasa NLU YAML files below a directory.

    The language is the intent block's `metadata: {language: ...}`. Entity annotations are reduced to their text.
    """
    import yaml  # both virtualenvs have PyYAML; imported here so the identifier itself needs only the stdlib

    examples = []
    for path in sorted(directory.rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            language = (block.get("metadata") or {}).get("language")
            if not language or "intent" not in block:
                continue
            for line in block.get("examples", "").splitlines():
                text = _ANNOTATION.sub(r"\1", line.strip().removeprefix("- ").strip())
                if text:
                    examples.append((text, language))
    return examples
