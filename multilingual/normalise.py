"""Text normalisation applied before features, so that spelling variants of one word look alike.

Folds case, Greek accents and final sigma, Arabic diacritics, tatweel and the alef, ya and ta marbuta variants,
Arabic-Indic digits, the Romani háček letters (š, č, ž) into the digraphs most people type (sh, ch, zh), and the
Greeklish 8 for θ.
"""

import re
import unicodedata

_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ـ": None,  # tatweel only stretches a word
        "ς": "σ",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
    }
)
# Romani is typed both with háčeks and with digraphs; folding to the digraph keeps "šaj" and "shaj" one word.
_ROMANI_DIGRAPHS = str.maketrans({"š": "sh", "č": "ch", "ž": "zh", "ǆ": "dzh", "ć": "ch"})
# Greeklish writes θ as 8 inside words ("8elw", "ka8e"); a digit between or before letters is never a number there.
_GREEKLISH_THETA = re.compile(r"(?<=[a-z])8|8(?=[a-z])")
_SPACES = re.compile(r"\s+")


def normalise_token(token: str) -> str:
    """Return one token folded to its comparable form."""
    # NFKC first turns Arabic presentation forms into ordinary letters; NFD then splits off every accent and
    # haraka as a combining mark (category Mn), which is dropped.
    composed = unicodedata.normalize("NFKC", token).casefold().translate(_ROMANI_DIGRAPHS)
    decomposed = unicodedata.normalize("NFD", composed)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _GREEKLISH_THETA.sub("th", unicodedata.normalize("NFC", stripped).translate(_ARABIC_FOLDS))


def normalise(text: str) -> str:
    """Return a whole text folded token by token, with runs of white space made single spaces."""
    return " ".join(normalise_token(token) for token in _SPACES.split(text.strip()) if token)


_PUNCTUATION = re.compile(r"[^\w\s]")


# "can't", "can’t" (as phones type it) and "cant" are one word: apostrophes go before punctuation becomes spaces.
APOSTROPHES = re.compile(r"['’ʼ‘`´]")


def normalise_words(text: str) -> str:
    """Return the normalised words of a text with punctuation dropped, padded with spaces for phrase matching."""
    return f" {normalise(_PUNCTUATION.sub(' ', text))} "


# "ναιιι", "yesss", "Hassan": a letter typed twice or held down.
_HELD_LETTERS = re.compile(r"(\w)\1+")


def single_letters(text: str) -> str:
    """Return a text with every run of one letter made a single letter ("ναιιι" is "ναι", "Hassan" is "Hasan")."""
    return _HELD_LETTERS.sub(r"\1", text)


# Greek in Greek letters and in Greeklish (and Romani in either script) folded to one Latin spelling, so a classifier
# sees "δεν αναπνέει", "den anapneei" and "dn anapnei" alike. Greeklish spells one sound several ways (η as h or i,
# ω as w or o, θ as 8 or th, χ as x or ch), so both scripts are reduced to the sounds: every i-sound to i, ω and ο to
# o, ου to u, αι to e, θ to 8, χ to x, and doubled letters to one.
_GREEK_LETTERS = str.maketrans(
    {
        "α": "a",
        "β": "v",
        "γ": "g",
        "δ": "d",
        "ε": "e",
        "ζ": "z",
        "η": "i",
        "θ": "8",
        "ι": "i",
        "κ": "k",
        "λ": "l",
        "μ": "m",
        "ν": "n",
        "ξ": "ks",
        "ο": "o",
        "π": "p",
        "ρ": "r",
        "σ": "s",
        "τ": "t",
        "υ": "y",
        "φ": "f",
        "χ": "x",
        "ψ": "ps",
        "ω": "o",
    }
)
_LATIN_DIGRAPHS = (
    ("th", "8"),
    ("ch", "x"),
    ("kh", "x"),
    ("ou", "u"),
    ("oy", "u"),
    ("ei", "i"),
    ("oi", "i"),
    ("ai", "e"),
    ("mp", "b"),
    ("nt", "d"),
    ("gk", "g"),
    ("3", "ks"),
)
_LATIN_LETTERS = str.maketrans({"h": "i", "y": "i", "w": "o"})
_DOUBLED = re.compile(r"([a-z8])\1+")


def sounds(text: str) -> str:
    """Return a normalised text (see `normalise`) folded to the sounds of its Greek or Latin letters; any other
    script (Arabic) is left as it is."""
    # Greek letters become Latin ones first, so both scripts then go through the same spelling folds.
    folded = text.translate(_GREEK_LETTERS)
    for spelling, sound in _LATIN_DIGRAPHS:
        folded = folded.replace(spelling, sound)
    return _DOUBLED.sub(r"\1", folded.translate(_LATIN_LETTERS))


# Arabizi writes Arabic in Latin letters, with digits for the sounds Latin lacks (3 ع, 7 ح, 5 خ, 9 ق, 2 ء), and with
# the short vowels that Arabic script leaves out. Both are reduced to one consonant skeleton ("موعد", "maw3ed",
# "mw3d" → m3d), so what is learned from the Arabic-script examples, most of the Arabic ones, helps with Arabizi.
# Close sounds share a letter (ح and ه are both h, ث and ت both t): Arabizi writers do not keep them apart either.
_ARABIC_CONSONANTS = str.maketrans(
    {
        "ب": "b", "پ": "b", "ت": "t", "ط": "t", "ث": "t", "ج": "j", "ح": "h", "ه": "h", "خ": "x", "د": "d", "ذ": "d",
        "ض": "d", "ر": "r", "ز": "z", "ظ": "z", "س": "s", "ص": "s", "ش": "c", "چ": "c", "ع": "3", "غ": "g", "گ": "g",
        "ف": "f", "ڤ": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ء": "2", "ئ": "2", "ؤ": "2",
    }
)  # fmt: skip
_ARABIZI_SPELLINGS = (
    ("7'", "x"),
    ("3'", "g"),
    ("kh", "x"),
    ("gh", "g"),
    ("sh", "c"),
    ("ch", "c"),
    ("th", "t"),
    ("dh", "d"),
    ("dj", "j"),
    ("5", "x"),
    ("7", "h"),
    ("9", "q"),
    ("6", "t"),
    ("p", "b"),
    ("v", "f"),
)
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")
_NOT_CONSONANT = re.compile(r"[^bcdfghjklmnqrstxz0-9]")
_FINAL_H = re.compile(r"(?<=..)h$")  # ta marbuta (folded to ه), and the h Arabizi often writes for it
CONSONANTS_MARK = "ʾ"  # a skeleton is not a word: marked, it never meets a word of another language
# A Latin word reduced to one or two consonants ("Haddad" → hd, "bdi" → bd) is as likely a name, or a word of another
# language, as Arabizi: measured, it turned a name typed into the booking form into a request for a person. It keeps
# its skeleton only when Arabizi digits show what it is ("3a", "7ada").
_SHORTEST_LATIN_SKELETON = 3
_ARABIZI_DIGIT = re.compile(r"[235679]")


def _latin_consonants(word: str) -> str:
    for spelling, consonant in _ARABIZI_SPELLINGS:
        word = word.replace(spelling, consonant)
    return word


def consonants(text: str, *, shortest_latin: int = _SHORTEST_LATIN_SKELETON) -> str:
    """Return the consonant skeletons of a normalised text's Arabic-script and Latin words, each marked with
    `CONSONANTS_MARK`; words in other scripts (Greek), and numbers, have none, nor Latin words of fewer consonants
    than `shortest_latin` without an Arabizi digit (a name is read whole: "Halil" is hl)."""
    skeletons = []
    for word in text.split():
        latin = not _ARABIC_SCRIPT.search(word)
        if not latin:
            spelled = word.translate(_ARABIC_CONSONANTS)
        elif any(ch.isalpha() for ch in word) and all(ch.isascii() for ch in word if ch.isalpha()):
            spelled = _latin_consonants(word)
        else:
            continue
        skeleton = _DOUBLED.sub(r"\1", _NOT_CONSONANT.sub("", _FINAL_H.sub("", spelled)))
        if latin and len(skeleton) < shortest_latin and not _ARABIZI_DIGIT.search(word):
            continue
        if skeleton:
            skeletons.append(CONSONANTS_MARK + skeleton)
    return " ".join(skeletons)
