"""Personal one-use links that need no sign-in (staff survey links, a person's feedback link).
Pure Python.

The token is random (``secrets.token_urlsafe``, 256 bits) and handed over once; only its
SHA-256 hash is stored, so the database cannot produce a working link. A lookup hashes the
token it is given and finds the row by that hash.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["new_token", "token_hash"]

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex (64 characters)."""
    return hashlib.sha256(token.encode()).hexdigest()
