"""Numbers, addresses and names that identify a person, hidden before a reviewer reads a citizen's message: phone
numbers, ΑΜΚΑ (11 digits), ΑΦΜ (9 digits), IBANs, e-mail addresses, and a name the person introduces themselves by. A
reviewer needs the words, never these."""

from __future__ import annotations

import re
import unicodedata

MASK = "•"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# An IBAN: two letters, two check digits, then up to 30 letters or digits, often in groups of four.
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}\b")
# Seven digits or more, perhaps written with spaces, dots or dashes between them (69 1234 5678, 210-123.4567), perhaps
# after + or 00, in any script's digits (Arabic-Indic too). An amount (534, 1.200 €) or a date (12/3/2025) is shorter
# or broken by other signs, and stays.
_LONG_NUMBER = re.compile(r"(?:\+|\b)\d(?:[ .\-]?\d){6,}")


def mask_personal_numbers(text: str) -> str:
    """The text with every e-mail address, IBAN and long number (phone, ΑΜΚΑ, ΑΦΜ) replaced by dots of its length,
    so a reviewer still sees that one was there."""
    for pattern in (_EMAIL, _IBAN, _LONG_NUMBER):
        text = pattern.sub(lambda found: MASK * len(found.group()), text)
    return text


# How people introduce themselves, in the four languages (Greek with or without accents, Greeklish, Arabizi, Romani in
# both alphabets), before their name.
_INTRODUCING = re.compile(
    r"(?<!\w)(?:my name is|my names|my name's|i am called|i'm called|"
    r"με λενε|με λεν|ονομαζομαι|λεγομαι|το ονομα μου ειναι|me lene|onomazomai|legomai|to onoma mou einai|"
    r"انا اسمي|اسمي|esmi|ismi|2esmi|"
    r"mo anav si|miro anav si|muro anav si|mingro anav si|mo anav|miro anav|muro anav|mingro anav|"
    r"busol man|bushol man|man busol|man bushol|μο αναβ σι|μουρο αναβ σι|μπουσολ μαν)"
    r"\s*:?\s+",
    re.IGNORECASE,
)
# A name is up to three words after it: not a word that goes on with the sentence ("and", «θέλω», «بدي», "kamav").
_NAME_WORDS = 3
_AFTER_A_NAME = frozenset(
    "and i im from with και κι kai ke θελω thelw thelo εχω exw apo από و وانا وبدي وعندي بدي من انا عندي "
    "thaj taj hem kamav mangav si".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _plain(text: str) -> str:
    """Text without accents and in lower case, of the same length: where a phrase is found in it, it is in the text."""
    return "".join(unicodedata.normalize("NFD", ch)[0] if ch.isalpha() else ch for ch in text).casefold()


def mask_introduced_names(text: str) -> str:
    """The text with the name a person introduces themselves by ("my name is Fatima Hassan", «με λένε Ελένη»,
    «اسمي فاطمة», "mo anav si Marika") replaced by dots, word by word."""
    plain = _plain(text)
    if len(plain) != len(text):  # a letter that folds into two: nothing is found rather than the wrong words hidden
        return text
    spans = []
    for introduced in _INTRODUCING.finditer(plain):
        at = introduced.end()
        for _ in range(_NAME_WORDS):
            word = _WORD.match(text, at)
            if word is None or _plain(word.group()) in _AFTER_A_NAME:
                break
            spans.append(word.span())
            gap = re.match(r"[ \t]+", text[word.end() :])
            if gap is None:
                break
            at = word.end() + gap.end()
    for start, end in reversed(spans):
        text = text[:start] + MASK * (end - start) + text[end:]
    return text


# A name typed alone: two or three words, each begun with a capital, nothing else ("Μαρια Κωνσταντινου").
_NAME_ALONE = re.compile(r"\s*[^\W\d_][^\W\d_'’-]*(?:\s+[^\W\d_][^\W\d_'’-]*){1,2}\s*[.!]?\s*")


def looks_like_a_name_alone(text: str) -> bool:
    """Tell whether a message is two or three words, each begun with a capital, and nothing else."""
    return bool(_NAME_ALONE.fullmatch(text)) and all(word[0].isupper() for word in text.split())


def mask_personal_data(text: str) -> str:
    """The text with personal numbers and names masked: numbers (`mask_personal_numbers`), a name introduced
    (`mask_introduced_names`), and a message that is a name alone, whole."""
    if looks_like_a_name_alone(text):
        return re.sub(r"[^\s.!]", MASK, text)
    return mask_introduced_names(mask_personal_numbers(text))
