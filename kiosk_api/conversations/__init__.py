"""Conversations: the hub every citizen message passes through."""
