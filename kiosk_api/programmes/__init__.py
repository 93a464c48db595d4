"""Programmes to browse without the assistant: the knowledge base, as the assistant would answer."""
