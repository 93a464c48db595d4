"""Limits of a conversation that the message layer and the channels quote to citizens; kept apart from the models so
that quoting them needs no database."""

# The largest file a citizen can send a caseworker (the hub refuses more; a channel says so before it uploads).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
