"""The words of a question bank that respondents read, each with its JSON
path, and a bank with those words replaced by a translation.

The path is the translation's context, so the same English words in two
places may be translated differently, and a translation is only used where
both the path and the English still match: an edited question falls back to
English until it is translated again, never to an old translation.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

#: Keys whose string values (or lists of strings) respondents read.
TEXT_KEYS = frozenset({
    "title", "hint", "label", "text", "alt", "body", "privacy", "summary", "organisation", "hours",
    "prefix", "suffix", "says", "respondents", "source", "signed_by", "where",
})
#: Objects whose every string value respondents read (keyed by something else).
TEXT_MAPS = frozenset({"error_messages"})
#: Parts of a bank that hold no respondent-facing words, or words for staff.
SKIPPED = frozenset({"assessment_ignore", "bsl", "disclosure", "$schema"})


def strings(definition: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Each translatable string with its JSON path, in document order."""

    def walk(value: Any, path: str, key: str | None, in_map: bool) -> Iterator[tuple[str, str]]:
        if isinstance(value, Mapping):
            for name, child in value.items():
                if name in SKIPPED:
                    continue
                yield from walk(child, f"{path}.{name}", name, in_map or name in TEXT_MAPS)
        elif isinstance(value, list):
            for n, child in enumerate(value):
                yield from walk(child, f"{path}[{n}]", key, in_map)
        elif isinstance(value, str) and value.strip() and (key in TEXT_KEYS or in_map):
            yield path, value

    yield from walk(definition, "$", None, False)


def translated(definition: Mapping[str, Any], translations: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    """A copy of ``definition`` with each string whose (path, text) has a
    translation replaced by it."""
    result = copy.deepcopy(dict(definition))
    for path, text in strings(definition):
        translation = translations.get((path, text))
        if translation:
            _set(result, path, translation)
    return result


def _set(document: Any, path: str, value: str) -> None:
    steps: list[str | int] = []
    for part in path[2:].replace("]", "").replace("[", ".").split("."):
        steps.append(int(part) if part.isdigit() else part)
    target = document
    for step in steps[:-1]:
        target = target[step]
    target[steps[-1]] = value
