"""Secret tokens: handed out once, stored only as a hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    """Return a fresh unguessable token."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Return the hash under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def matches(token: str, stored_hash: str) -> bool:
    """Tell, in constant time, whether a token is the one behind a stored hash."""
    return hmac.compare_digest(token_hash(token), stored_hash)
