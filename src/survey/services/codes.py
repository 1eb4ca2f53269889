"""Codes people read, write down and type: resume codes and response references.

Crockford's base 32: digits and capitals without I, L, O and U, so nothing is
mistaken for anything else, and typed look-alikes (O for 0, I or L for 1) are
read as meant. Resume codes carry 60 bits of randomness; only their hash is
stored, so a copy of the database does not reveal them.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
RESUME_CODE_LENGTH = 12
REFERENCE_LENGTH = 10


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def group(code: str, size: int = 4) -> str:
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def new_resume_code() -> str:
    """A fresh resume code, grouped for reading: ``7KQP-M4XW-HR9C``."""
    return group(_random(RESUME_CODE_LENGTH))


def new_reference() -> str:
    return group(_random(REFERENCE_LENGTH), 5)


def normalise(typed: str) -> str | None:
    """The code someone typed, as stored; None if it cannot be a code."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(LOOK_ALIKES)
    if len(cleaned) != RESUME_CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_hash(code: str) -> str:
    normalised = normalise(code)
    if normalised is None:
        raise ValueError("not a resume code")
    return hashlib.sha256(normalised.encode()).hexdigest()
