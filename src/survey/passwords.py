"""Password hashing with argon2id, and the rules a new password must meet.

The rules follow NCSC guidance: long enough, not one of the commonest, no
composition rules (they push people to predictable patterns).
"""

from __future__ import annotations

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
