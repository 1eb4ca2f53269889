"""Encryption at rest for the answers that identify people most: free text
(people's own words) is sealed with Fernet (AES with an HMAC) before it is
stored, and opened when read. Choice answers stay plain, so exports and
results can count them.

Keys come from SURVEY_ENCRYPTION_KEYS, newest first (``MultiFernet``): add
a new key at the front, restart, run ``survey keys rotate`` to re-seal every
stored answer with it, then drop the old key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

_cipher: MultiFernet | None = None


class SealError(Exception):
    pass


def configure(keys: Sequence[str]) -> None:
    global _cipher
    try:
        _cipher = MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])
    except (ValueError, TypeError):
        raise SealError("SURVEY_ENCRYPTION_KEYS: each key must be 32 url-safe base64-encoded bytes (see `survey keys new`)") from None


def _active() -> MultiFernet:
    if _cipher is None:
        raise SealError("encryption keys are not configured")
    return _cipher


def new_key() -> str:
    return Fernet.generate_key().decode()


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"sealed"}


def seal(value: Any) -> dict[str, str]:
    return {"sealed": _active().encrypt(json.dumps(value).encode()).decode()}


def unseal(value: Any) -> Any:
    if not is_sealed(value):
        return value
    try:
        return json.loads(_active().decrypt(value["sealed"].encode()))
    except InvalidToken:
        raise SealError("a stored answer cannot be decrypted with SURVEY_ENCRYPTION_KEYS: is its key missing?") from None


def reseal(value: dict[str, str]) -> dict[str, str]:
    """The same answer sealed with the newest key."""
    try:
        return {"sealed": _active().rotate(value["sealed"].encode()).decode()}
    except InvalidToken:
        raise SealError("a stored answer cannot be decrypted with SURVEY_ENCRYPTION_KEYS: is its key missing?") from None
