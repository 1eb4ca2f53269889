"""The route one person takes through a questionnaire, given their answers.

Pure and cheap: a ``Journey`` is built from the questionnaire and the answers
saved so far, each time it is needed, and answers every "where next?".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .conditions import evaluate
from .questions import Page, Question
from .schema import Questionnaire


class Journey:
    def __init__(self, questionnaire: Questionnaire, answers: Mapping[str, Any]):
        self.questionnaire = questionnaire
        self.answers = answers
        self.route: tuple[Page, ...] = self._walk()
        self._position = {page.id: i for i, page in enumerate(self.route)}
        self._questions = [p for p in self.route if p.collects_answer]
        self._number = {q.id: n for n, q in enumerate(self._questions, start=1)}

    def _walk(self) -> tuple[Page, ...]:
        # Conditions only see answers to pages already on the route, so an
        # answer left over from a branch no longer taken never steers.
        seen: dict[str, Any] = {}
        route: list[Page] = []
        for section in self.questionnaire.sections:
            if section.show_if and not evaluate(section.show_if, seen):
                continue
            for page in section.questions:
                if page.show_if and not evaluate(page.show_if, seen):
                    continue
                route.append(page)
                if page.id in self.answers:
                    seen[page.id] = self.answers[page.id]
        return tuple(route)

    def on_route(self, page_id: str) -> bool:
        return page_id in self._position

    def next_after(self, page_id: str) -> Page | None:
        index = self._position[page_id] + 1
        return self.route[index] if index < len(self.route) else None

    def previous_before(self, page_id: str) -> Page | None:
        index = self._position[page_id] - 1
        return self.route[index] if index >= 0 else None

    def first_page(self) -> Page:
        return self.route[0]

    def first_unanswered(self) -> Question | None:
        """The first question on the route with no answer saved."""
        return next((p for p in self.route if p.collects_answer and p.id not in self.answers), None)

    def resume_page(self) -> Page | None:
        """Where to pick up: the first unanswered question, or the content
        pages just before it, so someone returning reads the introduction to
        the questions they are about to answer. None when all are answered."""
        pending = self.first_unanswered()
        if pending is None:
            return None
        index = self._position[pending.id]
        while index > 0 and not self.route[index - 1].collects_answer:
            index -= 1
        return self.route[index]

    def may_visit(self, page_id: str) -> bool:
        """On the route, and not beyond the first unanswered question."""
        if page_id not in self._position:
            return False
        pending = self.first_unanswered()
        return pending is None or self._position[page_id] <= self._position[pending.id] or page_id in self.answers

    @property
    def complete(self) -> bool:
        return self.first_unanswered() is None

    def stale_answers(self) -> set[str]:
        """Answers to pages the route no longer reaches: these are dropped."""
        return {qid for qid in self.answers if qid not in self._position}

    def answered_questions(self) -> list[Question]:
        return [q for q in self._questions if q.id in self.answers]

    def number(self, page_id: str) -> int | None:
        """This question's number on the route ("Question n of N"), None for content."""
        return self._number.get(page_id)

    def progress(self, page_id: str) -> tuple[str, int, int] | None:
        """Where a page is, in a way that will not change as answers open up
        the route (GOV.UK's guidance): ("question", n, N) when the bank has no
        routing, ("section", n, N) when only questions are routed, else None."""
        sections = self.questionnaire.sections
        if any(section.show_if for section in sections):
            return None
        if not any(page.show_if for section in sections for page in section.questions):
            number = self.number(page_id)
            return ("question", number, self.total) if number else None
        section = self.questionnaire.section_of(page_id)
        return "section", next(n for n, s in enumerate(sections, start=1) if s is section), len(sections)

    @property
    def total(self) -> int:
        return len(self._questions)
