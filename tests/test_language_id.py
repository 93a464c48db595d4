"""The project's language identifier, trained on the NLU data, knows Romani (both scripts) and Greeklish."""

from pathlib import Path

import pytest

from multilingual.language_id import LanguageIdentifier, nlu_examples

NLU_DIR = Path(__file__).resolve().parent.parent / "bot" / "data" / "nlu"


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier.train(nlu_examples(NLU_DIR))


def test_every_language_has_training_examples() -> None:
    languages = {language for _, language in nlu_examples(NLU_DIR)}
    assert languages == {"el", "en", "ar", "rom"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("kalispera, thelo na kleiso ena rantevou me tin koinoniki leitourgo", "el"),  # Greeklish
        ("pws kanw aitisi gia to epidoma stegasis?", "el"),
        ("Καλημέρα, τι χαρτιά χρειάζομαι για το ΚΕΑ;", "el"),
        ("hello, what papers do I need for the rent allowance?", "en"),
        ("شو الأوراق المطلوبة لمساعدة الإيجار؟", "ar"),
        ("mangav te dikhav e koinoniki leitourgo, nai man love", "rom"),  # Romani, Latin letters
        ("ναϊ μαν λόβε βας ο κίρο, σαρ τε κεράβ αίτηση;", "rom"),  # Romani, Greek letters
    ],
)
def test_identifies_the_language_of_a_message(identifier: LanguageIdentifier, text: str, language: str) -> None:
    assert identifier.identify(text).code == language


def test_text_without_letters_has_no_language(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("123 ?! 🙂") is None


def test_survives_a_round_trip_through_json(identifier: LanguageIdentifier) -> None:
    restored = LanguageIdentifier.from_dict(identifier.to_dict())
    assert restored.scores("sastipe, sar san?") == identifier.scores("sastipe, sar san?")
