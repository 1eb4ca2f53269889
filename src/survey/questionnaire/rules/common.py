"""What the wording rules share: walking a bank's texts, splitting sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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


def ignored(page: Page | None, rule: str) -> bool:
    return bool(page is not None and rule in page.assessment_ignore)
