"""Redacting free text before it leaves: what could identify a person is
replaced by a bracketed tag, and each replacement is reported to the caller
(for a private log, never shipped with the data).

Patterns will always miss something, so this is a first pass: a person
reads free text before it is released (see the analyst's review). Where a
pattern could go either way, it errs on the side of redacting: a lost word
costs less than a found person."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Emails written out to dodge filters: "priya dot patel at gmail dot com",
# "sam.jones(at)example.com". Only with a known ending, as "at" and "dot" are words.
_DOT = r"(?:\s*(?:\.|\(dot\)|\[dot\])\s*|\s+dot\s+)"
_AT = r"(?:\s*(?:\(at\)|\[at\]|@)\s*|\s+at\s+)"
_ENDINGS = r"(?:com|org|net|uk|co|io|gov|ac|nhs|edu|info|me|biz)"
_WRITTEN_EMAIL = re.compile(
    rf"\b[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_ENDINGS}\b", re.IGNORECASE
)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# National Insurance number: two letters, six digits, one letter A-D.
_NI = re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE)
# UK-shaped numbers libphonenumber counts as unallocated (like Ofcom's drama
# ranges) are still someone's number to redact.
_UK_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)44\s?\(?0?\)?\s?|0)\d(?:[\s-]?\d){8,9}\b")
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
# Vehicle registrations, current (AB12 CDE) and prefix (A123 BCD), in any
# case and spacing ("ab12 cde", "AB 12 CDE"); never "on 12 may".
_VEHICLE = re.compile(
    rf"\b(?:[A-Z]{{2}} ?\d{{2}} ?(?!(?:{_MONTHS})\b)[A-Z]{{3}}|[A-Z] ?\d{{1,3}} ?(?!(?:{_MONTHS})\b)[A-Z]{{3}})\b", re.IGNORECASE
)
_DATE = re.compile(
    rf"\b(?:\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})\.?,? (?:\d{{4}}|'?\d{{2}})"
    rf"|(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? (?:\d{{4}}|'?\d{{2}}))\b",
    re.IGNORECASE,
)
# A house number (or flat and number) and a street: "12 Acacia Avenue",
# "flat 3, 45 Mare Street", "221B Baker Street".
_STREETS = (
    "street|st|road|rd|avenue|ave|lane|ln|close|cl|drive|dr|way|place|pl|grove|gardens|gdns|terrace|crescent|cres"
    "|court|ct|square|sq|hill|park|row|walk|mews|green|rise|parade|estate|gate|wharf|yard|view|broadway|embankment"
)
_ADDRESS = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit|room)\s*\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+(?:[a-z'-]+\s+){{1,3}}(?:{_STREETS})\b\.?",
    re.IGNORECASE,
)
# NHS numbers: ten digits (3, 3, 4), checked by their last digit.
_NHS = re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")
# Someone's name by its shape: an initial and a surname ("S. Jones"), or a title and a name.
_NAMED = re.compile(r"\b(?:[A-Z]\.\s?[A-Z][a-z'-]+|(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+[A-Z][a-z'-]+)\b")
_WORD = re.compile(r"\b[A-Z][a-z'-]*[a-z]\b|\b[A-Z]{2,}\b")
#: Names that are also everyday words: only a name when not starting a sentence.
_EVERYDAY = frozenset(
    "will may mark bill grace hope rose summer amber sunny blue angel dot jack bob pat sue don ray art guy rob chance "
    "faith joy honey ivy holly lily daisy poppy iris violet ruby pearl crystal dawn eve autumn winter storm rain river "
    "sky star frank hunter mason taylor carter cooper miller baker sunday monday tuesday wednesday thursday friday "
    "saturday so is in an on do no yes ok me my we us he she it its be by as or if up at to of and but all any can "
    "one two ten new old big little young early late long short best last first next more most much many few own "
    "same other such only very just also well still even now then here there when where why how what who which "
    "this that these those they them their our your his her him you love dear happy lucky brave true noble royal "
    "king queen prince princess duke earl knight bishop saint major justice liberty unique precious heaven destiny "
    "bay berry bishop bright brook cash clay cliff dale dean dell drew eden ember fern ford gale glen gray grey hazel "
    "heath hart jay jet jewel lake lane lark lee marsh meadow miles moon moss north oak ocean page park penny "
    "raven reed rich rocky rowan sage scout shadow sol sparrow spring stone sue sun valentine wade ward west willow "
    "wolf wood wren york harmony melody lyric story legend journey echo misty nova phoenix rio sable skye stormy "
    "tiger bear fox lion hawk finch robin jasmine olive pepper cherry apple peach ginger basil sorrel saffron".split()
)


def _nhs_number(text: str) -> bool:
    digits = [int(d) for d in text if d.isdigit()]
    total = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    return len(digits) == 10 and check != 10 and (check % 11) == digits[9]


def _first_names() -> frozenset[str]:
    path = Path(__file__).with_name("first_names.txt")
    return frozenset(
        line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    )


_NAMES = _first_names()

_PATTERNS = (
    ("email address", _EMAIL),
    ("email address", _WRITTEN_EMAIL),
    ("web address", _URL),
    ("National Insurance number", _NI),
    ("date", _DATE),
    ("postcode", _POSTCODE),
    ("vehicle registration", _VEHICLE),
    ("address", _ADDRESS),
)
#: Patterns that cannot match without a digit (in any script), so text with
#: none skips them, and libphonenumber, which is the slow part.
_NEED_DIGITS = {"National Insurance number", "date", "postcode", "vehicle registration", "address"}
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
            def nhs(match: re.Match[str]) -> str:
                if not _nhs_number(match.group(0)):
                    return match.group(0)
                found.append(Redaction("NHS number", match.group(0)))
                return "[NHS number]"

            text = _NHS.sub(nhs, text)
            # Phone numbers, UK and international, by Google's libphonenumber rules.
            for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.VALID))):
                found.append(Redaction("phone number", match.raw_string))
                text = text[: match.start] + "[phone number]" + text[match.end :]
            text = replace("phone number", _UK_PHONE, text)
        if self._names is not None:
            text = replace("name", self._names, text)
        text = replace("name", _NAMED, text)
        text = self._first_names(text, found)
        return text, found

    @staticmethod
    def _first_names(text: str, found: list[Redaction]) -> str:
        """Capitalised words that are first names (ONS baby names), except
        everyday words starting a sentence ("Will you...", "Grace is...")."""
        def one(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            if lower not in _NAMES:
                return word
            if lower in _EVERYDAY and (_starts_sentence(text, match.start()) or word.isupper()):
                return word
            if word.isupper() and len(word) < 4:  # SUM, NHS, BSL: more often an acronym
                return word
            found.append(Redaction("name", word))
            return "[name]"

        return _WORD.sub(one, text)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:;\"'(\n[" or before.endswith("]")
