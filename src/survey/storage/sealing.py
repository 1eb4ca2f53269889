"""Encryption at rest for the answers that identify people most: free text
(people's own words) is sealed with Fernet (AES with an HMAC) before it is
stored, and opened when read. Choice answers stay plain, so exports and
results can count them.

Keys come from SURVEY_ENCRYPTION_KEYS, newest first (``MultiFernet``): add
a new key at the front, restart, run ``survey keys rotate`` to re-seal every
stored answer with it, then drop the old key.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

_cipher: MultiFernet | None = None


class SealError(Exception):
    pass


def configure(keys: Sequence[str]) -> None:
    global _cipher
    try:
        _cipher = MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])
        _opened.cache_clear()
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
    return json.loads(_opened(value["sealed"]))


@functools.lru_cache(maxsize=2048)
def _opened(token: str) -> bytes:
    """A sealed answer's JSON. Every page of a journey reads the whole
    response: the free text met most recently is opened once, not on every
    page. (Held in this process's memory only, as it is while in use; the
    database keeps only the sealed form.)"""
    try:
        return _active().decrypt(token.encode())
    except InvalidToken:
        raise SealError("a stored answer cannot be decrypted with SURVEY_ENCRYPTION_KEYS: is its key missing?") from None


def reseal(value: dict[str, str]) -> dict[str, str]:
    """The same answer sealed with the newest key."""
    try:
        return {"sealed": _active().rotate(value["sealed"].encode()).decode()}
    except InvalidToken:
        raise SealError("a stored answer cannot be decrypted with SURVEY_ENCRYPTION_KEYS: is its key missing?") from None


# Files (videos of people signing their answers) are sealed in 1 MiB chunks,
# each a Fernet token with its length before it, so a file is written as it
# arrives and a byte range is read without opening the chunks before it.
FILE_MAGIC = b"SVF1"
FILE_CHUNK = 1024 * 1024


class SealedWriter:
    """Takes plain bytes, writes sealed chunks to an open binary file."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._pending = bytearray()
        handle.write(FILE_MAGIC)

    def write(self, data: bytes) -> None:
        self._pending += data
        while len(self._pending) >= FILE_CHUNK:
            self._seal(bytes(self._pending[:FILE_CHUNK]))
            del self._pending[:FILE_CHUNK]

    def _seal(self, chunk: bytes) -> None:
        token = _active().encrypt(chunk)
        self._handle.write(len(token).to_bytes(4, "big") + token)

    def close(self) -> None:
        if self._pending:
            self._seal(bytes(self._pending))
            self._pending.clear()


def open_chunk(token: bytes) -> bytes:
    try:
        return _active().decrypt(token)
    except InvalidToken:
        raise SealError("a stored file cannot be decrypted with SURVEY_ENCRYPTION_KEYS: is its key missing?") from None


def is_sealed_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(FILE_MAGIC)) == FILE_MAGIC


def reseal_file(path: Path) -> None:
    """Re-seal a file with the newest key, chunk by chunk, then swap it in."""
    fresh = path.with_suffix(path.suffix + ".rotating")
    with path.open("rb") as source, fresh.open("wb") as target:
        if source.read(len(FILE_MAGIC)) != FILE_MAGIC:
            raise SealError(f"{path.name} is not a sealed file")
        target.write(FILE_MAGIC)
        while size := source.read(4):
            try:
                token = _active().rotate(source.read(int.from_bytes(size, "big")))
            except InvalidToken:
                fresh.unlink(missing_ok=True)
                raise SealError("a stored file cannot be decrypted with SURVEY_ENCRYPTION_KEYS: is its key missing?") from None
            target.write(len(token).to_bytes(4, "big") + token)
    fresh.replace(path)


def opens(keys: Sequence[str], token: str) -> bool:
    """Whether any of these keys opens a sealed value (checked before a restore replaces anything)."""
    try:
        cipher = MultiFernet([Fernet(key.strip().encode()) for key in keys if key.strip()])
        cipher.decrypt(token.encode())
        return True
    except (ValueError, TypeError, InvalidToken):
        return False

