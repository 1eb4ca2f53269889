"""Redacting free text before it leaves: what could identify a person is
replaced by a bracketed tag, and each replacement is reported to the caller
(for a private log, never shipped with the data)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# National Insurance number: two letters, six digits, one letter A-D.
_NI = re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE)
# UK-shaped numbers libphonenumber counts as unallocated (like Ofcom's drama
# ranges) are still someone's number to redact.
_UK_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}\b")
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
# Vehicle registrations: current (AB12 CDE) and prefix (A123 BCD) formats.
_VEHICLE = re.compile(r"\b(?:[A-Z]{2}\d{2} ?[A-Z]{3}|[A-Z]\d{1,3} ?[A-Z]{3})\b")
_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS}),? \d{{4}}|(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b",
    re.IGNORECASE,
)

_PATTERNS = (
    ("email address", _EMAIL),
    ("web address", _URL),
    ("National Insurance number", _NI),
    ("date", _DATE),
    ("postcode", _POSTCODE),
    ("vehicle registration", _VEHICLE),
)
#: Patterns that cannot match without a digit (in any script), so text with
#: none skips them, and libphonenumber, which is the slow part.
_NEED_DIGITS = {"National Insurance number", "date", "postcode", "vehicle registration"}
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Redaction:
    tag: str
    text: str


class Scrubber:
    def __init__(self, names: Iterable[str] = ()) -> None:
        words = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
        self._names = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE) if words else None

    def __call__(self, text: str) -> tuple[str, list[Redaction]]:
        found: list[Redaction] = []

        def replace(tag: str, pattern: re.Pattern[str], value: str) -> str:
            def one(match: re.Match[str]) -> str:
                found.append(Redaction(tag, match.group(0)))
                return f"[{tag}]"

            return pattern.sub(one, value)

        digits = _DIGIT.search(text) is not None
        for tag, pattern in _PATTERNS:
            if digits or tag not in _NEED_DIGITS:
                text = replace(tag, pattern, text)
        if digits:
            # Phone numbers, UK and international, by Google's libphonenumber rules.
            for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID))):
                found.append(Redaction("phone number", match.raw_string))
                text = text[: match.start] + "[phone number]" + text[match.end :]
            text = replace("phone number", _UK_PHONE, text)
        if self._names is not None:
            text = replace("name", self._names, text)
        return text, found
