"""Submitted answers as compact arrays: for each breakdown the group each
respondent is in, for each closed question the option they chose. Tables are
then counts over these arrays, however many respondents there are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..questionnaire import Questionnaire
from ..questionnaire.conditions import evaluate
from ..questionnaire.questions import Option, Question
from ..questionnaire.questions.choice import STANDARD_CODES
from ..questionnaire.results import Breakdown
from ..services.collection import FORMAT_LABELS, MODES
from ..services.wording import option_label

NOT_KNOWN = "not_known"
#: Where a respondent's answers carry how they were collected, for the
#: breakdowns by mode and format (not question ids: those cannot start with "$").
COLLECTED = {"mode": "$mode", "format": "$format"}


@dataclass(frozen=True)
class Grouping:
    """A breakdown's groups in order; respondents in none are "not known"."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    respondents: tuple[str | None, ...]  # None: the interface words it from the label
    _by_answer: Mapping[str, int] = field(default_factory=dict)
    _breakdown: Breakdown | None = None

    @property
    def not_known(self) -> int:
        return len(self.codes)

    def group_of(self, answers: Mapping[str, Any]) -> int:
        if self._breakdown is not None and self._breakdown.groups:
            for n, group in enumerate(self._breakdown.groups.values()):
                if evaluate(group.when, answers):
                    return n
            return self.not_known
        if self._breakdown is None:
            return self.not_known
        key = COLLECTED[self._breakdown.collection] if self._breakdown.collection else self._breakdown.question
        value = answers.get(key)
        return self._by_answer.get(value, self.not_known) if isinstance(value, str) else self.not_known


def groupings(questionnaire: Questionnaire) -> list[Grouping]:
    found = []
    for breakdown in questionnaire.results.breakdowns:
        if breakdown.groups:
            groups = breakdown.groups
            found.append(Grouping(
                breakdown.id, breakdown.label, tuple(groups), tuple(g.label for g in groups.values()),
                tuple(g.respondents for g in groups.values()), _breakdown=breakdown,
            ))
            continue
        if breakdown.collection:
            # Every way there is, in order; the tables leave out a group nobody answered in.
            labelled = MODES if breakdown.collection == "mode" else FORMAT_LABELS
            kept = [(code, words(), [code]) for code, words in labelled.items()]
            found.append(Grouping(
                breakdown.id, breakdown.label, tuple(c for c, _, _ in kept), tuple(label for _, label, _ in kept),
                (None,) * len(kept), {code: n for n, (code, _, _) in enumerate(kept)}, breakdown,
            ))
            continue
        question = questionnaire.page(breakdown.question)
        if breakdown.recode:
            # "Don't know" and "Prefer not to say" are not groups: they join "not known".
            step = question.recode[breakdown.recode - 1]
            kept = [(code, g.label, g.codes) for code, g in step.groups.items() if set(g.codes) - set(STANDARD_CODES)]
        else:
            kept = [(o.code, option_label(o), [o.code]) for o in question.all_options() if o.code not in STANDARD_CODES]
        by_answer = {code: n for n, (_, _, codes) in enumerate(kept) for code in codes}
        found.append(Grouping(
            breakdown.id, breakdown.label, tuple(c for c, _, _ in kept), tuple(label for _, label, _ in kept),
            (None,) * len(kept), by_answer, breakdown,
        ))
    return found


@dataclass(frozen=True)
class Closed:
    """A question with results: its options in order."""

    question: Question
    options: tuple[Option, ...]

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def multiple(self) -> bool:
        return self.question.chooses == "many"


def closed_questions(questionnaire: Questionnaire) -> list[Closed]:
    left_out = set(questionnaire.results.exclude)
    return [
        Closed(q, tuple(q.all_options()))
        for q in questionnaire.questions()
        if q.chooses and not q.identifier and q.id not in left_out
    ]


@dataclass
class Dataset:
    """Single choice: option index per respondent, -1 when not in the base
    (not asked, left blank, chose not to answer). Multiple choice: a 0/1
    matrix of options chosen and a base mask."""

    size: int
    groups: dict[str, np.ndarray]
    answers: dict[str, np.ndarray]
    bases: dict[str, np.ndarray]
    #: Which responses are counted: "sample", "open_link" or "both".
    source: str = "open_link"
    #: Design weights (1 / probability of selection), one per respondent,
    #: when the figures come from the sample alone; else None.
    design: np.ndarray | None = None
    #: Flagged open-link responses left out, as the bank asks.
    flagged_left_out: int = 0


class Builder:
    def __init__(self, questionnaire: Questionnaire, source: str = "open_link"):
        self.source = source
        self.flagged_left_out = 0
        self._design: list[float] = []
        self.groupings = groupings(questionnaire)
        self.closed = closed_questions(questionnaire)
        self._index = {c.id: {o.code: n for n, o in enumerate(c.options)} for c in self.closed}
        self._groups: dict[str, list[int]] = {g.id: [] for g in self.groupings}
        self._answers: dict[str, list[Any]] = {c.id: [] for c in self.closed}
        self.size = 0

    def add(self, answers: Mapping[str, Any], design: float | None = None) -> None:
        """One respondent's answers (and design weight, from the sample)."""
        self.size += 1
        if design is not None:
            self._design.append(design)
        for grouping in self.groupings:
            self._groups[grouping.id].append(grouping.group_of(answers))
        for closed in self.closed:
            value = answers.get(closed.id)
            index = self._index[closed.id]
            if closed.multiple:
                chosen = [index[c] for c in value if c in index] if isinstance(value, list) else []
                self._answers[closed.id].append(chosen or None)
            else:
                self._answers[closed.id].append(index.get(value, -1) if isinstance(value, str) else -1)

    def build(self) -> Dataset:
        groups = {gid: np.asarray(values, dtype=np.int16) for gid, values in self._groups.items()}
        answers: dict[str, np.ndarray] = {}
        bases: dict[str, np.ndarray] = {}
        for closed in self.closed:
            values = self._answers[closed.id]
            if closed.multiple:
                matrix = np.zeros((self.size, len(closed.options)), dtype=bool)
                for row, chosen in enumerate(values):
                    if chosen:
                        matrix[row, chosen] = True
                answers[closed.id] = matrix
                bases[closed.id] = np.asarray([chosen is not None for chosen in values], dtype=bool)
            else:
                answers[closed.id] = np.asarray(values, dtype=np.int16)
                bases[closed.id] = answers[closed.id] >= 0
        design = np.asarray(self._design, dtype=float) if self.source == "sample" and len(self._design) == self.size else None
        return Dataset(self.size, groups, answers, bases, self.source, design, self.flagged_left_out)


def build(questionnaire: Questionnaire, responses: Iterable[Mapping[str, Any]]) -> Dataset:
    builder = Builder(questionnaire)
    for answers in responses:
        builder.add(answers)
    return builder.build()
