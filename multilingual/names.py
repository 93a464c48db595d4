"""A person's name as they type it when asked for it: "my name is Sarah Ahmed", «اسمي رنا الحسن», «με λένε Ελένη»."""

from __future__ import annotations

from multilingual.normalise import normalise_words, single_letters

# What people write before their name, in the four languages, longest first so "انا اسمي" goes before "انا".
_INTRODUCING = sorted(
    {
        normalise_words(phrase)
        for phrase in (
            "my name is|name is|name|i am|im|it is|its|this is|"
            "το όνομά μου είναι|το όνομα μου είναι|όνομα|με λένε|λέγομαι|ονομάζομαι|είμαι η|είμαι ο|"
            "to onoma mou einai|onoma|me lene|legomai|onomazomai|eimai i|eimai o|"
            "اسمي|انا اسمي|أنا اسمي|الاسم|انا|أنا|ismi|esmi|ana ismi|ana esmi|"
            "mo anav si|miro anav si|mo nav si|muro anav si|me sem|o anav"
        ).split("|")
    },
    key=lambda phrase: len(phrase.split()),
    reverse=True,
)


def the_name_itself(text: str) -> str:
    """The name in what was typed, without the words that introduce it; what was typed when nothing is left."""
    words = text.split()
    for phrase in _INTRODUCING:
        size = len(phrase.split())
        if len(words) > size and normalise_words(" ".join(words[:size])) == phrase:
            return " ".join(words[size:])
    return " ".join(words)


# A name in Greek letters as it is spelled in Latin ones, for comparing its sounds with a Latin or Arabic spelling:
# «Χασάν» is Hasan (χ is the h of حسن as often as the kh of خالد), «Αχμέντ» Ahmed, «Μπασάμ» Bassam. Digraphs first.
_GREEK_NAME_DIGRAPHS = (
    ("ντ", "d"), ("μπ", "b"), ("γκ", "g"), ("γγ", "ng"), ("τζ", "j"), ("ου", "u"), ("ευ", "ev"), ("αυ", "av"),
)  # fmt: skip
_GREEK_NAME_LETTERS = str.maketrans(
    {
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
        "λ": "l", "μ": "m", "ν": "n", "ξ": "ks", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
        "υ": "i", "φ": "f", "χ": "h", "ψ": "ps", "ω": "o",
    }
)  # fmt: skip


def latin_spelling(normalised_name: str) -> str:
    """A normalised name (lower case, no accents) with its Greek letters spelled in Latin ones; others unchanged."""
    for greek, latin in _GREEK_NAME_DIGRAPHS:
        normalised_name = normalised_name.replace(greek, latin)
    return normalised_name.translate(_GREEK_NAME_LETTERS)


def spelled_alike(normalised_name: str) -> str:
    """A normalised name in Latin letters with doubled letters single: «Χασάν» and "Hassan" are both "hasan"."""
    return single_letters(latin_spelling(normalised_name))
