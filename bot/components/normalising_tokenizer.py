"""Whitespace tokenizer whose tokens are normalised (case, accents, final sigma, Arabic letter variants).

Normalising the tokens rather than the message text keeps the original text, and the character offsets of entity
annotations, untouched.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from multilingual.normalise import normalise_token


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class NormalisingWhitespaceTokenizer(WhitespaceTokenizer):
    """Splits on white space like Rasa's tokenizer, then folds each token to its comparable form."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Return the whitespace tokens of an attribute, normalised."""
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.text = normalise_token(token.text)
            token.lemma = token.text
        return tokens
