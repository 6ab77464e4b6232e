"""Secret tokens for links sent to people: 256 bits from ``secrets``, stored hashed.

Only the SHA-256 of a token is stored, so a copy of the database does not
hand out working links. SHA-256 (not a slow password hash) is right here:
the token has 256 bits of entropy, nothing to brute-force.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """A fresh URL-safe token and the hash to store for it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
