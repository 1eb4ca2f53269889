"""Password hashing with argon2id, and the rules a new password must meet.

The rules follow NCSC guidance: long enough, not one of the commonest, no
composition rules (they push people to predictable patterns).
"""

from __future__ import annotations

import os

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with the library's current recommended costs

MIN_LENGTH = 12
MAX_LENGTH = 256

_COMMON = {
    "password1234", "123456789012", "qwertyuiop12", "passwordpassword", "letmein12345",
    "iloveyou1234", "welcome12345", "abcdefghijkl", "000000000000", "111111111111",
}

#: A hash of nothing anyone can type, checked against when the email is
#: unknown, so a wrong email takes as long as a wrong password.
_DUMMY = _hasher.hash("no account has this password: it only spends the same time")


def problem(password: str) -> str | None:
    """Why this password cannot be used, or None when it can."""
    if len(password) < MIN_LENGTH:
        return f"The password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"The password must be {MAX_LENGTH} characters or fewer"
    if password.lower() in _COMMON or len(set(password)) < 4:
        return "The password is too easy to guess: choose a longer phrase, such as three random words"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


#: Hashing takes most of a second of one core and 64 MiB: never on the event
#: loop (every other request would wait), and no more at once than there are
#: cores, so a burst of sign-ins queues instead of taking every core and
#: gigabytes of memory.
_limiter: anyio.CapacityLimiter | None = None


def _hashing() -> anyio.CapacityLimiter:
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(max(1, min(os.cpu_count() or 1, 4)))
    return _limiter


async def verify_off_loop(password_hash: str | None, password: str) -> bool:
    """``verify`` in a worker thread, a bounded number at once."""
    return await anyio.to_thread.run_sync(verify, password_hash, password, limiter=_hashing())


async def hash_off_loop(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password, limiter=_hashing())
