"""The bot's custom NLU components. Importing them (Rasa does, when it loads the model) also trims two of Rasa's
costs per turn (issue 22): its constant JSON schemas are checked once instead of on every action and NLG answer
(`schema_checks`), and NLG requests no longer carry every event of the conversation (`nlg_requests`)."""

from components import nlg_requests, schema_checks  # noqa: F401 - imported for their effect on Rasa
