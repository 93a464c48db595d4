"""Rasa's NLG endpoint: renders every bot response in the conversation's language from the gettext catalogs."""
