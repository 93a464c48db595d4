"""Which offered button a typed message chooses: people type "keep it" or «με κοινωνικό λειτουργό» where the
assistant shows buttons, and read that way it is their choice, not a new question for the model (which took the
second for a request for a person)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache

from multilingual.features import NEGATION_MARK, mark_negation, negated, without_greeklish_na
from multilingual.normalise import APOSTROPHES, normalise_words, sounds
from multilingual.when import asks_to_cancel

# A choice is a few words; a longer message says more than which button, and the model reads it.
MAX_WORDS = 5
# Shorter words ("it", "me", "το") name no choice; a word this long or longer can, and one as long as this (a stem)
# begun alike is the same word with another ending ("λειτουργό", "λειτουργού").
MIN_WORD = 4
STEM = 5


def _words(text: str) -> list[str]:
    """A text's words, normalised and folded to their sounds (Greek letters and Greeklish alike)."""
    return sounds(normalise_words(APOSTROPHES.sub("", text))).split()


@cache
def _phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase's words as `_words` gives them, worked out once: the same phrases are read against every message."""
    return tuple(_words(phrase))


def _same_word(typed: str, offered: str) -> bool:
    return typed == offered or (min(len(typed), len(offered)) >= STEM and typed[:STEM] == offered[:STEM])


def may_be_a_choice(text: str) -> bool:
    """Tell whether a message is short enough, and free of negation, to be a choice at all (checked before the
    buttons are looked up: most messages are not)."""
    words = _words(text)
    return 0 < len(words) <= MAX_WORDS and not negated(normalise_words(APOSTROPHES.sub("", text)))


def answers_a_question(payload: str) -> bool:
    """Tell whether a button answers the question it is shown under: its payload sets a slot (`/intent{"slot": ..}`:
    a service, move / cancel / keep, a language). The menus under an answer (another aspect of the same programme, a
    person) are chosen only by their exact titles: "documents for child benefit?" under the minimum income's answer
    is a new question, not its "Documents" button."""
    _, brace, rest = payload.partition("{")
    try:
        slots = json.loads(brace + rest) if brace else None
    except ValueError:
        return False
    return isinstance(slots, dict) and bool(slots) and "programme" not in slots


def chosen_button(text: str, buttons: list[dict[str, str]]) -> str | None:
    """The payload of the one button a short typed message chooses, or None.

    A message chooses a button when its words are the button's title, or, for a button that answers the question
    (`answers_a_question`), when it has a word of the title that no other offered title has ("cancel it please" →
    "Cancel it"). Never for a message with a negation ("don't cancel
    it"), nor for buttons whose titles hold digits (times and dates: "Thursday is bad for me" is not a time)."""
    if not may_be_a_choice(text):
        return None
    words = _words(text)
    # "I want to cancel the appointment" chooses no button that does not say cancel, whatever other word they share
    # ("Keep the appointment I have").
    cancelling = asks_to_cancel(text)
    titles = {
        button["payload"]: _words(button.get("title") or "")
        for button in buttons
        if button.get("payload")
        and not any(ch.isdigit() for ch in button.get("title") or "")
        and (not cancelling or asks_to_cancel(button.get("title") or ""))
    }
    exact = [payload for payload, title in titles.items() if title == words]
    if len(exact) == 1:
        return exact[0]
    chosen = []
    for payload, title in titles.items():
        if not answers_a_question(payload):
            continue
        others = [word for other, other_title in titles.items() if other != payload for word in other_title]
        own = [word for word in title if len(word) >= MIN_WORD and not any(_same_word(word, o) for o in others)]
        if any(_same_word(typed, word) for typed in words for word in own):
            chosen.append(payload)
    return chosen[0] if len(chosen) == 1 else None


# The Arabic article, alone or after a preposition or "and" ("الأخصائية", "بالطلب", "والوسيط", "للأخصائي").
_ARABIC_ARTICLE = re.compile(r"^(?:ال|بال|وال|لل|فال|كال)(?=..)")


def _names(words: list[str], phrase: Sequence[str]) -> bool:
    """Tell whether a message's words hold every word of a phrase (a word of `STEM` letters or more by its
    beginning, a shorter one whole; an Arabic word with or without its article)."""
    bare = [_ARABIC_ARTICLE.sub("", typed) for typed in words]
    return all(any(_same_word(typed, word) for typed in (*words, *bare)) for word in phrase)


def without_words_of(text: str, phrases: tuple[str, ...]) -> str:
    """The text less the words of those phrases it names ("i need help with the rent and the heating allowance" less
    "heating allowance"): what is left may ask about something else."""
    asked = _asked_words(text)
    named = {word for phrase in phrases if _names(asked, words := _phrase_words(phrase)) for word in words}
    return " ".join(
        typed
        for typed in text.split()
        if not any(_same_word(heard, word) for heard in _words(typed) for word in named)
        and not any(_same_word(_ARABIC_ARTICLE.sub("", heard), word) for heard in _words(typed) for word in named)
    )


def _asked_words(text: str) -> list[str]:
    """A message's words as `_words` gives them, less those a negation governs ("not the psychologist")."""
    folded = without_greeklish_na(normalise_words(APOSTROPHES.sub("", text)))
    kept = [word for word in mark_negation(folded).split() if not word.startswith(NEGATION_MARK)]
    return sounds(" ".join(kept)).split()


def named_choice(text: str, phrases: dict[str, tuple[str, ...]]) -> str | None:
    """The one choice a message names by one of its phrases ("an appointment with the social worker" names the
    choice whose phrases hold "social worker"), or None: when it names none, or several. A phrase a negation
    governs is not named ("not the psychologist, the social worker" names the social worker)."""
    named = named_choices(text, phrases)
    return named[0] if len(named) == 1 else None


def named_choices(text: str, phrases: dict[str, tuple[str, ...]]) -> list[str]:
    """Every choice a message names by one of its phrases, in the order of `phrases` ("a pension for my sister, and
    the heating allowance?" names two benefits)."""
    words = _asked_words(text)
    return [choice for choice, said in phrases.items() if any(_names(words, _phrase_words(phrase)) for phrase in said)]
