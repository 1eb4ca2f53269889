"""What the wording rules share: walking a bank's texts, splitting sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..letters import Letter
from ..questions import Page
from ..schema import Questionnaire

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Text:
    path: str
    text: str
    page: Page | None


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.replace("**", "").strip()) if s]


def words(text: str) -> list[str]:
    return WORD.findall(text.replace("**", ""))


def pages(q: Questionnaire) -> Iterator[tuple[str, Page]]:
    for s, section in enumerate(q.sections):
        for i, page in enumerate(section.questions):
            yield f"$.sections[{s}].questions[{i}]", page


def standard_texts(q: Questionnaire) -> Iterator[Text]:
    for path, page in pages(q):
        yield Text(f"{path}.title", page.title, page)
        if page.collects_answer and page.hint:
            yield Text(f"{path}.hint", page.hint, page)
        for o, option in enumerate(page.written_options()):
            yield Text(f"{path}.options[{o}].label", option.label, page)
    yield from letter_texts(q)


def letters(q: Questionnaire) -> Iterator[tuple[str, Letter]]:
    if q.letters:
        yield "$.letters.invitation", q.letters.invitation
        if q.letters.reminder:
            yield "$.letters.reminder", q.letters.reminder


def letter_texts(q: Questionnaire) -> Iterator[Text]:
    """The letters' words, read like the questions' (no page: nothing on one can ignore a rule for them)."""
    for path, letter in letters(q):
        yield Text(f"{path}.title", letter.title, None)
        for n, paragraph in enumerate(letter.body):
            yield Text(f"{path}.body[{n}]", paragraph, None)


def ignored(page: Page | None, rule: str) -> bool:
    return bool(page is not None and rule in page.assessment_ignore)
