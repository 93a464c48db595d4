"""Romani in Greek letters. Roma in Greece learnt to read at school in Greek letters, and many write Romani in them
(«σι μαν ραντεβού;», «μαγκάβ τε κεράβ»); the catalogs hold Romani in plain Latin letters (sh, zh, ch, chh, dj), which
they read slowly or not at all. A person who writes in Greek letters is answered in them: the Latin spelling is
turned into the one they use (a needs-review rendering: the spelling varies from place to place).

What is not a Romani word keeps its letters: references and codes ("K7P3QD", "A21"), acronyms in capitals ("TEBA"),
phone numbers, web and e-mail addresses, and words already in Greek letters. Standard library only.
"""

from __future__ import annotations

import re

# Longest first, so that "chh" is not read as "ch" + "h". Aspiration (kh, ph, th, chh) is not written in Greek
# letters: «ντίκαβ» (dikhav), «κερ» (kher). b, d and g are μπ, ντ and γκ, as Greek writes those sounds ("randevu",
# «ραντεβού»). A j that ends a syllable is an ι that is read apart: "shaj" «σαϊ», "thaj" «ταϊ».
_SPELLINGS = (
    ("chh", "τσ"),
    ("dzh", "τζ"),
    ("ch", "τσ"),
    ("dj", "τζ"),
    ("dz", "τζ"),
    ("sh", "σ"),
    ("zh", "ζ"),
    ("kh", "κ"),
    ("ph", "π"),
    ("th", "τ"),
    ("ng", "γκ"),
    ("nd", "ντ"),
    ("mb", "μπ"),
    ("ou", "ου"),
    ("ja", "για"),
    ("je", "γιε"),
    ("ji", "γι"),
    ("jo", "γιο"),
    ("ju", "γιου"),
    ("a", "α"),
    ("b", "μπ"),
    ("c", "τσ"),
    ("d", "ντ"),
    ("e", "ε"),
    ("f", "φ"),
    ("g", "γκ"),
    ("h", "χ"),
    ("i", "ι"),
    ("j", "γι"),
    ("k", "κ"),
    ("l", "λ"),
    ("m", "μ"),
    ("n", "ν"),
    ("o", "ο"),
    ("p", "π"),
    ("q", "κ"),
    ("r", "ρ"),
    ("s", "σ"),
    ("t", "τ"),
    ("u", "ου"),
    ("v", "β"),
    ("w", "ου"),
    ("x", "χ"),
    ("y", "ι"),
    ("z", "ζ"),
    ("ï", "ϊ"),
)
_SPELLING = re.compile("|".join(latin for latin, _greek in _SPELLINGS))
_GREEK_OF = dict(_SPELLINGS)
# The Greek acronyms the Romani catalog writes in Latin capitals, as Greek writes them.
_GREEK_ACRONYMS = {
    latin: greek
    for latin, greek in zip(
        "TEBA KEA EEE AMKA OPEKA DYPA OAED PAAYPA AFM KEP".split(),
        "ΤΕΒΑ ΚΕΑ ΕΕΕ ΑΜΚΑ ΟΠΕΚΑ ΔΥΠΑ ΟΑΕΔ ΠΑΑΥΠΑ ΑΦΜ ΚΕΠ".split(),
        strict=True,
    )
}
_SYLLABLE_END_J = re.compile(r"([aeiou])j(?![aeiou])")
# A word: Latin letters only (with an apostrophe inside). Anything touching a digit, "@", "/" or "." inside a word (a
# code, an address) is left whole by `_KEPT`.
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_KEPT = re.compile(r"\S*(?:[0-9@/]|\w\.\w)\S*")


def written_in_greek_letters(text: str) -> bool:
    """Tell whether a message is written mostly in Greek letters (two at least)."""
    greek = sum("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in text)
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    return greek >= 2 and greek > latin


def _word_in_greek_letters(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) > 1 and word.isupper():
        return _GREEK_ACRONYMS.get(word, word)  # "TEBA" is the Greek «ΤΕΒΑ»; "FEAD" stays as it is
    latin = _SYLLABLE_END_J.sub(r"\1ï", word.lower().replace("'", ""))
    greek = _SPELLING.sub(lambda part: _GREEK_OF[part.group(0)], latin)
    if greek.endswith("σ"):
        greek = greek[:-1] + "ς"
    return greek[:1].upper() + greek[1:] if word[:1].isupper() else greek


def in_greek_letters(text: str) -> str:
    """Romani written in Latin letters, in Greek letters ("Shaj azhutiv tumen?" → «Σαι αζουτιβ τουμεν?»)."""
    pieces: list[str] = []
    last = 0
    for kept in _KEPT.finditer(text):
        pieces.append(_WORD.sub(_word_in_greek_letters, text[last : kept.start()]))
        pieces.append(kept.group(0))
        last = kept.end()
    pieces.append(_WORD.sub(_word_in_greek_letters, text[last:]))
    return "".join(pieces)
