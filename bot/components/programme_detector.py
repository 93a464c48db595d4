"""Rasa component that finds which programme a message is about and adds it as the `programme` entity.

People describe a need ("the fridge is empty") more often than they name a programme, so the programme is decided
for the whole message: a phrase list (each programme's names and aliases from the knowledge base, and the spans
annotated in the NLU data) catches names, and a character n-gram classifier trained on the annotated examples
catches descriptions and misspellings. Its values are the knowledge base's programme ids.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.text_classifier import TextClassifierComponent, normalised_text
from knowledge import load_programmes
from knowledge.loader import KNOWLEDGE_DIR, OTHER_BENEFITS_FILE, load_other_benefits
from multilingual.choices import named_choices, without_words_of
from multilingual.features import programme_features
from multilingual.normalise import normalise_words

ENTITY = "programme"
# A benefit that is none of the centre's programmes ("the heating allowance"): named, it keeps the classifier from
# guessing one of them from the words they share ("allowance"), and the assistant says it has no information on it.
OTHER_BENEFIT = "other_benefit"
NO_PROGRAMME = "_none"
# How sure the classifier must be of a programme asked about beside another benefit, from the rest of the message:
# "help with the rent and the heating allowance" leaves the rent at 0.96 and «ενοίκιο» at 0.99, while rests that ask
# nothing more were read as a programme at up to 0.86 («στο σπίτι, δεν έχουμε» of «κρυώνουμε στο σπίτι…»).
BESIDE_ANOTHER_BENEFIT = 0.9
# Intents whose answer covers every programme: only a programme the message names is taken from it.
ABOUT_EVERY_PROGRAMME = frozenset({"estimate_benefits"})
# Chosen on the tuning sets (2026-12-05): false programmes 5 -> 4 of 444 (nlu_tuning), 1 -> 0 of 65 (Greek programme
# tuning), 2 -> 1 of 4 (learning_tuning), no programme lost there or on the held-out and independent sets.
MIN_ANNOTATED_PHRASE_WORDS = 2
# Asking for help and nothing more ("help", «βοήθεια», "voithiste me"): no programme, though the word is in the name
# of Help at Home (Βοήθεια στο Σπίτι), which the classifier then gave a lone «βοηθεια».
HELP_ALONE = frozenset(
    normalise_words(phrase).strip()
    for phrase in (
        "help|help me|help please|help me please|please help|please help me|i need help|need help|"
        "βοήθεια|βοήθεια παρακαλώ|βοηθήστε με|βοήθησέ με|βοηθηστε με παρακαλω|θέλω βοήθεια|χρειάζομαι βοήθεια|"
        "voitheia|voithia|voitheia parakalw|voitheia parakalo|voithiste me|voithise me|thelw voitheia|"
        "xreiazomai voitheia|مساعدة|ساعدوني|ساعدني|بدي مساعدة|محتاج مساعدة|musa3ada|sa3douni|sa3edni|"
        "ažutisar man|azutisar man|ažutin man|azhutin man|ažutipe|azutipe"
    ).split("|")
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class ProgrammeDetector(TextClassifierComponent, EntityExtractorMixin):
    """Phrase list plus message-level classifier for the `programme` entity."""

    MODEL_FILE = "programme_detector.json"
    # The phrase list comes from the knowledge base's programme names and aliases.
    EXTRA_INPUTS = (*sorted(KNOWLEDGE_DIR.glob("programmes/*.yaml")), OTHER_BENEFITS_FILE)

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the default settings."""
        # A classifier guess below `threshold` is dropped: a wrong programme is worse than asking which one.
        return {"threshold": 0.35, "regularisation": 8.0}

    @staticmethod
    def _label(example: Message) -> str:
        values = {entity["value"] for entity in example.get(ENTITIES) or [] if entity["entity"] == ENTITY}
        return values.pop() if len(values) == 1 else NO_PROGRAMME

    def _build_phrases(self, training_data: TrainingData) -> dict[str, str]:
        """Map every unambiguous programme phrase to its programme id: the knowledge base's names and aliases, and
        the spans annotated in the NLU data that are two words or more. A single annotated word ("anergos",
        «νοσοκομείο», "trofima") is an ordinary word that a message about no programme uses too ("my mother is in
        hospital, she will not come"): the classifier weighs it with the rest of the message, where the phrase list
        would make it the programme for certain. (A programme's one-word name, «ΤΕΒΑ», "الامكا", is an alias.)"""
        owners: dict[str, set[str]] = defaultdict(set)
        for programme in load_programmes().values():
            for text in programme.content.values():
                for phrase in (text.name, *text.aliases):
                    owners[normalise_words(phrase)].add(programme.id)
        for example in training_data.intent_examples:
            for entity in example.get(ENTITIES) or []:
                span = normalise_words(example.get(TEXT)[entity["start"] : entity["end"]])
                if entity["entity"] == ENTITY and len(span.split()) >= MIN_ANNOTATED_PHRASE_WORDS:
                    owners[span].add(entity["value"])
        # Phrases shorter than three letters ("κ", "ok") match too much by accident.
        return {phrase: ids.pop() for phrase, ids in owners.items() if len(ids) == 1 and len(phrase.strip()) >= 3}

    def train(self, training_data: TrainingData) -> Resource:
        """Train the classifier and collect the phrase list."""
        examples = [example for example in training_data.intent_examples if example.get(TEXT)]
        return self._fit(
            [programme_features(normalised_text(example)) for example in examples],
            [self._label(example) for example in examples],
            phrases=self._build_phrases(training_data),
            other_benefits={benefit.id: benefit.asked_as for benefit in load_other_benefits().values()},
        )

    def detect(self, message: Message) -> list[tuple[str, str, float]]:
        """Return (entity, value, confidence) for what a message is about: the programme, the other benefits it names
        (`OTHER_BENEFIT`), or both ("help with the rent and the heating allowance"); none when neither."""
        text = message.get(TEXT)
        comparable = normalise_words(text)
        if comparable.strip() in HELP_ALONE:
            return []
        other_benefits = self._state.get("other_benefits") or {}
        others = named_choices(text, other_benefits)
        besides = [(OTHER_BENEFIT, other, 1.0) for other in others]
        probabilities = self._classifier.probabilities(programme_features(normalised_text(message)))
        named = {programme for phrase, programme in self._state["phrases"].items() if phrase in comparable}
        if named:
            # Several named programmes ("AMKA for the KEA?"): the classifier decides between them.
            best = max(named, key=lambda programme: probabilities.get(programme, 0.0))
            return [(ENTITY, best, 1.0), *besides]
        if others:
            # What the rest of the message is about, if it is clearly one of the centre's programmes: "the rent" in
            # "help with the rent and the heating allowance". Clearly: the classifier reads a programme into most
            # rests ("is there money?" of "is there maternity money?": child benefit, 0.36).
            rest = self._classifier.probabilities(
                programme_features(
                    normalise_words(without_words_of(text, tuple(p for other in others for p in other_benefits[other])))
                )
            )
            best = max(rest, key=rest.__getitem__)
            if best != NO_PROGRAMME and rest[best] >= BESIDE_ANOTHER_BENEFIT:
                return [(ENTITY, best, float(rest[best])), *besides]
            return besides
        if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) in ABOUT_EVERY_PROGRAMME:
            # "Single mum, 3 kids, what can I get?" describes a household, not a need: the estimate answers every
            # programme, and a guess from the household's words would make one of them the conversation's.
            return []
        best = max(probabilities, key=probabilities.__getitem__)
        if best == NO_PROGRAMME or probabilities[best] < self._config["threshold"]:
            return []
        return [(ENTITY, best, float(probabilities[best]))]

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the `programme` entity to messages about a programme (or `other_benefit` to those about another)."""
        for message in messages:
            text = message.get(TEXT)
            # Button payloads ("/ask_amount{...}") already carry their entities.
            if not text or text.startswith("/") or self._classifier is None:
                continue
            found = self.detect(message)
            if not found:
                continue
            entities = [
                {"entity": name, "value": value, "start": 0, "end": len(text), "confidence": round(confidence, 4)}
                for name, value, confidence in found
            ]
            others = [e for e in message.get(ENTITIES, []) if e["entity"] not in (ENTITY, OTHER_BENEFIT)]
            message.set(ENTITIES, [*others, *self.add_extractor_name(entities)], add_to_output=True)
        return messages
