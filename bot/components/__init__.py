"""The bot's custom NLU components. Importing them (Rasa does, when it loads the model) also makes Rasa check its
constant JSON schemas once instead of on every action and NLG answer (`schema_checks`, issue 22)."""

from components import schema_checks  # noqa: F401 - imported for its effect on Rasa
