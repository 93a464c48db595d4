"""Rasa intent classifier: logistic regression over character and word TF-IDF of the normalised tokens, their sounds
and the words a negation governs (`multilingual.features.intent_features`).

Chosen by measurement on the held-out set against DIET (with and without a transformer layer): it is more accurate
on this data in all four languages, trains in seconds and loads without TensorFlow weights. Sounds and negation were
added by measurement on tests/data/nlu_tuning.csv (docs/measuring.md).
"""

from __future__ import annotations

import re
from bisect import bisect

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.text_classifier import TextClassifierComponent, normalised_text
from multilingual.features import intent_features
from multilingual.references import is_a_reference_alone

RANKING_LENGTH = 10
# What people say before (or instead of) what they want. A message read as one of these whose later clauses ask
# something else is read as what they ask ("hello good evening i hope you are well, i wanted to ask, can i get the
# child benefit" had been a greeting, and the question went unanswered).
PLEASANTRIES = frozenset({"greet", "thank", "goodbye"})
_NOT_A_QUESTION = PLEASANTRIES | {"out_of_scope"}
# A question is a few words: "σας ευχαριστω πολυ, βοηθησε" (thank you, it helped) is thanks, not a request for help
# (tests/data/nlu_tuning.csv).
_WORDS_OF_A_QUESTION = 3
_CLAUSE_END = re.compile(r"[,.!?;:\n،؟؛]")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(TextClassifierComponent, IntentClassifier):
    """Predicts the intent and a ranking of the likeliest intents."""

    MODEL_FILE = "intent_classifier.json"

    def train(self, training_data: TrainingData) -> Resource:
        """Train on every example with an intent."""
        examples = [example for example in training_data.intent_examples if example.get(TEXT)]
        return self._fit(
            [intent_features(normalised_text(example)) for example in examples], [e.get(INTENT) for e in examples]
        )

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `intent` and `intent_ranking` on each message."""
        if self._classifier is None:
            return messages
        for message in messages:
            features = intent_features(normalised_text(message))
            if is_a_reference_alone(message.get(TEXT) or "") or not self._classifier.knows_any_of(features):
                # Every intent as likely, so the fallback asks again and then offers a person: for a booking reference
                # alone, which says nothing of what the person wants (the form asking for it takes it), rather than a
                # guess from the code's letters; for a text of which nothing was ever seen (another script), rather
                # than the intercepts' same confident guess for every such text.
                probabilities = dict.fromkeys(self._classifier.classes, 1 / len(self._classifier.classes))
            else:
                probabilities = self._classifier.probabilities(features)
                if max(probabilities, key=probabilities.__getitem__) in PLEASANTRIES:
                    probabilities = self._question_after_pleasantries(message) or probabilities
            ranking = sorted(
                ({INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: value} for name, value in probabilities.items()),
                key=lambda item: -item[PREDICTED_CONFIDENCE_KEY],
            )
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[:RANKING_LENGTH], add_to_output=True)
        return messages

    def _question_after_pleasantries(self, message: Message) -> dict[str, float] | None:
        """The intents of what the message asks after its opening clauses, if it asks something: the clauses left
        once the first, then the first two, and so on, are dropped, until one of them reads as more than
        pleasantries (or something the centre does not do)."""
        assert self._classifier is not None
        clauses = _clauses(message)
        for first in range(1, len(clauses)):
            words = [word for clause in clauses[first:] for word in clause]
            features = intent_features(" ".join(words))
            if len(words) < _WORDS_OF_A_QUESTION or not self._classifier.knows_any_of(features):
                continue
            probabilities = self._classifier.probabilities(features)
            if max(probabilities, key=probabilities.__getitem__) not in _NOT_A_QUESTION:
                return probabilities
        return None


def _clauses(message: Message) -> list[list[str]]:
    """The message's normalised tokens, clause by clause (split where its text has a comma, a full stop, a question
    mark and the like): the tokens the classifier reads, grouped by where they stand in the text."""
    text = message.get(TEXT) or ""
    ends = [found.start() for found in _CLAUSE_END.finditer(text)]
    clauses: dict[int, list[str]] = {}
    for token in message.get(TOKENS_NAMES[TEXT]) or []:
        clauses.setdefault(bisect(ends, token.start), []).append(token.text)
    return [clauses[index] for index in sorted(clauses)]
