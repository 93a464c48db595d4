"""Language tools shared by the bot and the hub: text normalisation and the conversation languages.

Pure standard library, so that both virtualenvs (Rasa on Python 3.10, the hub on 3.11) import it.
"""
