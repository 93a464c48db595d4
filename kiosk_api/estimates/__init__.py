"""Estimates of what a household could get: the answers in, sourced and dated text out; nothing stored."""
