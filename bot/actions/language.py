"""The conversation's language: chosen with a button, named by the person, given by the channel, or detected."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from multilingual.languages import DEFAULT_LANGUAGE, is_supported, named_language

# The identifier must be this sure, on a message with at least this many letters, before it switches a
# conversation that already has a language: a stray "ok" or a Greek place name must not flip it. Measured on both
# held-out sets (754 messages of 6+ letters): at 0.7, 96.5% of rightly identified messages switch and no wrongly
# identified one does; at 0.9 only 79% would.
SWITCH_CONFIDENCE = 0.7
SWITCH_MIN_LETTERS = 6
# Nor does one word switch it, however long: Romani borrows Greek words («ψυχολογο» in a Romani booking turned the
# replies Greek), and people who write English thank in Greek ("Ευχαριστώ").
SWITCH_MIN_WORDS = 2


def chosen_language(tracker: Tracker, current: str | None) -> str | None:
    """Return the language the person explicitly chose in this message: a language button or a named language (of
    several named, the one asked for rather than the one the person finds hard, or the `current` one)."""
    for entity in tracker.latest_message.get("entities", []):
        if entity.get("entity") == "language" and is_supported(entity.get("value")):
            return entity["value"]
    if tracker.get_intent_of_latest_message(skip_fallback_intent=False) == "change_language":
        return named_language(tracker.latest_message.get("text") or "", current=current)
    return None


# Answers to these questions are names, numbers and codes, which say nothing about the person's language.
FREE_TEXT_SLOTS = {"citizen_name", "citizen_phone", "change_reference", "change_phone", "checkin_reference"}
FREE_TEXT_SLOTS |= {"estimate_adults", "estimate_children", "estimate_income", "estimate_rent"}


def detected_language(tracker: Tracker, current: str | None) -> str | None:
    """Return the identifier's language when the message clearly is in it (always, for the first message)."""
    text = tracker.latest_message.get("text") or ""
    guess = tracker.latest_message.get("language_guess")
    if not guess or text.startswith("/") or not is_supported(guess.get("code")):
        return None
    if (
        current is not None
        and tracker.active_loop.get("name")
        and tracker.get_slot("requested_slot") in FREE_TEXT_SLOTS
    ):
        return None
    if current is None:
        return guess["code"]
    letters = sum(ch.isalpha() for ch in text)
    words = sum(any(ch.isalpha() for ch in word) for word in text.split())
    if guess["confidence"] >= SWITCH_CONFIDENCE and letters >= SWITCH_MIN_LETTERS and words >= SWITCH_MIN_WORDS:
        return guess["code"]
    return None


class ActionSetLanguage(Action):
    """Custom slot mapping for `language`, run by Rasa after every user message."""

    def name(self) -> str:
        return "action_set_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Set the language slot when the person chose, the channel says, or the text shows another language."""
        current = tracker.get_slot("language")
        channel_language = (tracker.latest_message.get("metadata") or {}).get("language")
        # The channel's language counts only until the conversation has one: after that the person decides.
        starting = channel_language if current is None and is_supported(channel_language) else current
        language = (
            chosen_language(tracker, starting) or detected_language(tracker, starting) or starting or DEFAULT_LANGUAGE
        )
        return [] if language == current else [SlotSet("language", language)]


class ActionChangeLanguage(Action):
    """Confirms a language change, or offers the languages when the person did not name one."""

    def name(self) -> str:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Utter the confirmation in the new language, or the language buttons."""
        # Whether a language was chosen does not depend on which one the conversation was in.
        if chosen_language(tracker, current=None):
            dispatcher.utter_message(response="utter_language_changed")
        else:
            dispatcher.utter_message(response="utter_choose_language")
        return []
