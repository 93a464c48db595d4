"""Handoff: the queue of conversations waiting for a caseworker, claims, staff replies, notes and return to the bot."""
