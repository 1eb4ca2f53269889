"""Access codes printed on a sampled case's letter.

Sixteen characters of Crockford's base 32, printed in groups of four: fifteen
drawn from a keyed hash of the case's id (75 bits), then a check character
(Luhn mod 32), so any one mistyped character, and all but one pair in 496 of
swapped neighbours, is caught before any lookup. Typed in any case, with
spaces and dashes ignored, and O, I and L read as 0, 1 and 1.

The code is worked out from the secret key and the case, never stored: the
database keeps only a second keyed hash to find the case by, so a copy of the
database gives no codes, and letters printed again carry the same code.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from .codes import ALPHABET, LOOK_ALIKES, group

LENGTH = 16
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def _check_character(payload: str) -> str:
    """Luhn mod N over the base-32 alphabet."""
    total, factor = 0, 2
    for ch in reversed(payload):
        addend = factor * _VALUE[ch]
        total += addend // 32 + addend % 32
        factor = 1 if factor == 2 else 2
    return ALPHABET[(32 - total % 32) % 32]


def _valid(code: str) -> bool:
    return _check_character(code[:-1]) == code[-1]


def code_for(secret: str, case_id: uuid.UUID) -> str:
    """The case's code, grouped for printing: ``7KQP-M4XW-HR9C-2D52``."""
    digest = hmac.new(secret.encode(), b"access-code\x00" + case_id.bytes, hashlib.sha256).digest()
    number = int.from_bytes(digest[:10], "big") >> 5  # 75 bits
    payload = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in reversed(range(LENGTH - 1)))
    return group(payload + _check_character(payload))


def normalise(typed: str) -> str | None:
    """The code as typed, cleaned; None if it is not a possible access code
    (wrong length, a character not in the alphabet, or a failed check)."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(LOOK_ALIKES)
    if len(cleaned) != LENGTH or any(ch not in _VALUE for ch in cleaned) or not _valid(cleaned):
        return None
    return cleaned


def looks_like(typed: str) -> bool:
    """Whether what was typed has the length of an access code (to tell a
    mistyped code from a resume code or something else altogether)."""
    return len("".join(ch for ch in typed if ch.isalnum())) == LENGTH


def lookup_hash(secret: str, code: str) -> str:
    """The keyed hash a case is found by, from a normalised code."""
    return hmac.new(secret.encode(), b"access-lookup\x00" + code.encode(), hashlib.sha256).hexdigest()
