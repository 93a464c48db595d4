"""Rasa component that adds the project's language guess to every parsed message as `language_guess`.

Off-the-shelf detectors know neither Romani nor Greeklish. This one is a classifier trained on the project's own NLU
data, where Greeklish is labelled Greek and Romani is written in Latin and Greek letters. A logistic regression over
character and word TF-IDF was chosen over naive Bayes by measurement: on two held-out sets naive Bayes took
Greeklish with English words for English and Greek-letter Romani full of Greek loanwords for Greek. It reads the
words and their sounds (`multilingual.features.with_sounds`), chosen on a set of 320 messages written to be hard to
place (Arabizi in five dialects, Romani in Greek letters, Greeklish, text-speak English): 0.938 → 0.959, Arabizi
0.845 → 0.900, and no set it was measured on lost a message (docs/measuring.md, "Understanding"). Romani and
Arabic get a head start (`prior_offsets` in config.yml): Romani in Greek letters and Arabizi are the minority within
their label, and the classifier took them for Greek and English.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.text_classifier import TextClassifierComponent, normalised_text
from multilingual.features import with_sounds
from multilingual.languages import plainly_written_in

OUTPUT_KEY = "language_guess"
# Letters with a caron, and ć: of the languages people write here only Romani has them ("šukar", "ažutisar man",
# "čhavo"), and no message of any training, tuning or test set has them in another language. The classifier reads
# the letters folded (š as s) and took "šukar" or "užar" alone for Arabizi; these letters settle it.
_ROMANI_ONLY_LETTERS = frozenset("šžčćǯ")


def written_in_romani_letters(text: str) -> bool:
    """Tell whether a message has a letter only Romani, of the languages written here, uses."""
    return not _ROMANI_ONLY_LETTERS.isdisjoint(unicodedata.normalize("NFC", text).casefold())


def example_language(example: Message) -> str | None:
    """Return the language an NLU training example is labelled with (intent-level metadata), if any."""
    metadata = example.get("metadata") or {}
    return (metadata.get("intent") or {}).get("language") or (metadata.get("example") or {}).get("language")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LanguageIdentifier(TextClassifierComponent):
    """Trains on the language-labelled NLU examples and labels every message with a language and a confidence."""

    MODEL_FILE = "language_identifier.json"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default settings (the project sets its regularisation in config.yml)."""
        return {"regularisation": 1.0, "prior_offsets": {}}

    def train(self, training_data: TrainingData) -> Resource:
        """Train on every training example that carries a language label."""
        labelled = [
            (with_sounds(normalised_text(example)), language)
            for example in training_data.intent_examples
            if (language := example_language(example)) and example.get(TEXT)
        ]
        if not labelled:
            raise ValueError("No NLU example carries `metadata: {language: ...}`; the language identifier needs them.")
        return self._fit([text for text, _ in labelled], [language for _, language in labelled])

    def process(self, messages: list[Message]) -> list[Message]:
        """Add `language_guess: {code, confidence}` to each message with letters."""
        for message in messages:
            text = normalised_text(message)
            if self._classifier is None or not any(ch.isalpha() for ch in text):
                continue
            # A letter only Romani has, or a language's everyday words, settle what the letters alone cannot: the
            # classifier took short Romani messages in Latin letters for Arabizi ("bokhalo sim", "shkola").
            raw_text = message.get(TEXT) or ""
            settled = "rom" if written_in_romani_letters(raw_text) else plainly_written_in(raw_text)
            if settled is not None:
                message.set(OUTPUT_KEY, {"code": settled, "confidence": 1.0}, add_to_output=True)
                continue
            probabilities = self._classifier.probabilities(
                with_sounds(text), prior_offsets=self._config["prior_offsets"]
            )
            code = max(probabilities, key=probabilities.__getitem__)
            message.set(OUTPUT_KEY, {"code": code, "confidence": round(probabilities[code], 4)}, add_to_output=True)
        return messages
