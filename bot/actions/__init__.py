"""Custom actions, split by concern. `rasa run actions --actions actions` loads every module here."""
