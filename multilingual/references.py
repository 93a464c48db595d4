"""Booking references: short codes that survive being read aloud, copied from a ticket, or typed on a Greek
keyboard. Standard library only: the hub and the bot's actions both use it."""

from __future__ import annotations

import itertools
import re
import secrets
import unicodedata

# No letters or digits that look alike (0/O, 1/I/L, 2/Z, 5/S, 8/B): references are read aloud and typed on phones.
REFERENCE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_LENGTH = 6
# Greek capitals that look like Latin ones: a Greek keyboard types them for a reference read off a ticket.
_GREEK_LOOKALIKES = str.maketrans("ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ", "ABEHIKMNOPTYXZ")


def new_reference() -> str:
    """Return a random reference."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _as_code(token: str) -> str:
    return re.sub(r"[\-.]", "", token.upper().translate(_GREEK_LOOKALIKES))


def _is_code(candidate: str) -> bool:
    return len(candidate) == REFERENCE_LENGTH and set(candidate) <= set(REFERENCE_ALPHABET)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w\-.]*", unicodedata.normalize("NFKC", text))


def is_a_reference_alone(text: str) -> bool:
    """Whether a message is a booking reference with a digit in it and nothing else ("a73man", "K7P 3QD"): it says
    nothing of what the person wants. Only Arabizi writes words with digits, and six characters of the references'
    alphabet typed alone are a reference, not Arabizi ("a73man" was read as "I want someone", 7 ح and 3 ع)."""
    tokens = _tokens(text)
    code = _as_code("".join(tokens))
    return len(tokens) <= 2 and _is_code(code) and any(ch.isdigit() for ch in code)


def _looks_typed_as_code(token: str, alone: bool, shouting: bool) -> bool:
    # Ordinary words can be spelt with the code's letters ("manage", "κανένα"): a code has a digit, stands out in
    # capitals (in a message that is not all capitals), or is all the message says.
    return alone or any(ch.isdigit() for ch in token) or (token.isupper() and not shouting)


def _arabizi_word(token: str) -> bool:
    """Whether a token mixes letters and digits and is no code ("3ayez", "el8i", "sama7t"): Arabizi."""
    has_digit = any(ch.isdigit() for ch in token)
    return has_digit and any(ch.isalpha() for ch in token) and not _is_code(_as_code(token))


def _an_arabizi_word_alike(token: str, arabizi: bool) -> bool:
    # In Arabizi, a word in small letters with one digit for a letter can be spelt with a code's letters ("maw3ed",
    # appointment): among other Arabizi it is that word. A code has two digits, or capitals, more often than not.
    return arabizi and token.islower() and sum(ch.isdigit() for ch in token) == 1


# Words people put before a reference ("ref ummfht", "κωδικός ..."): the word after one, past "is" and "my", is a
# code even in small letters ("o kwdikos mou einai mwqtdn"); nothing further ("the code is wrong, change it").
_BEFORE_A_CODE = frozenset("is my mou μου einai είναι ειναι το to the o هو si".split())
_NAMING_A_CODE = frozenset(
    "ref reference code kwdikos kodikos kwd κωδικός κωδικος κωδ رمز الرمز كود الكود kodo".split()
)


def _named_after(tokens: list[str]) -> str | None:
    """The word a naming word ("ref", «κωδικός») names: the first after it that is not "is", "my" and the like."""
    return next((token for token in tokens if token.casefold() not in _BEFORE_A_CODE), None)


# A phone number as people type it, among other words: digits of any script, spaces, dashes, brackets, a leading +.
PHONE_IN_TEXT = re.compile(r"\+?\d[\d\s\-().]{4,}\d")


def find_reference(text: str) -> str | None:
    """Find a booking reference in what someone typed ("k7p-3qd", "code: Κ7Ρ 3QD", "MANAGE", "ref ummfht"), or
    None."""
    tokens = _tokens(text)
    alone = len(tokens) == 1 or (len(tokens) == 2 and len("".join(tokens)) == REFERENCE_LENGTH)
    arabizi = not alone and any(_arabizi_word(token) for token in tokens)
    # Written all in capitals (Arabic and other scripts without capitals do not count either way).
    cased = [token for token in tokens if token.lower() != token.upper()]
    shouting = len(cased) > 1 and all(token.isupper() for token in cased)
    # People split a code in two when they read it off a ticket: "K7P 3QD".
    halves = [first + second for first, second in itertools.pairwise(tokens) if len(first) == len(second) == 3]
    named = {_named_after(tokens[at + 1 :]) for at, token in enumerate(tokens) if token.casefold() in _NAMING_A_CODE}
    for candidate in [*tokens, *halves]:
        if (
            _is_code(_as_code(candidate))
            and (_looks_typed_as_code(candidate, alone, shouting) or candidate in named)
            and not _an_arabizi_word_alike(candidate, arabizi)
        ):
            return _as_code(candidate)
    return None
