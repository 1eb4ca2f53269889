"""The keys of an export: the released columns an intruder could know about
someone (quasi-identifiers), each with the coarser groupings it can be
recoded to, most important first.

Two kinds. A question the bank flags ``quasi_identifier`` (its recoding
steps come from the bank). And every column the export itself adds: how the
answers were collected (``mode``), in which format and language, by which
organisation, and in which month. A neighbour may well know that someone
answered with an interpreter, in BSL or in Arabic; so these are keys unless
the bank says why not (``disclosure.not_keys``), and their recoding steps
are built in here.

Every key holds a respondent's value as one integer (``numbers``), the same
integer for the same value in every batch; ``NOT_ASKED`` (-1) where there is
no value because of the route (or, for the organisation, because nobody
entered the answer for them), which an intruder can tell from other answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..questionnaire import Questionnaire
from ..questionnaire.disclosure import EXPORT_KEYS
from .variables import NOT_ASKED, Variable, as_numbers


@dataclass(frozen=True)
class Step:
    """One step coarser: what it does, for the codebook and the risk report,
    and each released value's group."""

    label: str
    group: Callable[[Any], Any]
    value_labels: dict[int, str] | None = None  # the groups' labels, for coded questions


@dataclass
class Key:
    name: str
    variables: list[str]  # the export's columns it covers (several for multiple choice)
    steps: list[Step]
    text: bool = False  # released as text (the export's own columns) rather than codes

    def numbers(self, columns: list[list[Any]]) -> np.ndarray:
        """A batch of respondents' values as integers."""
        raise NotImplementedError

    def number_groups(self, level: int) -> dict[int, int]:
        """Integer → integer of its group at a recoding level (0: none; {} when nothing changes)."""
        raise NotImplementedError

    def code(self, generic: int) -> Any:
        """The key's own code for one of the usual missing codes, as released."""
        return str(generic) if self.text else generic

    def recode(self, level: int, values: list[Any]) -> list[Any]:
        """Released values at a recoding level."""
        if level == 0:
            return values
        group = self.steps[level - 1].group
        return [value if _missing(value) else group(value) for value in values]


def _missing(value: Any) -> bool:
    return isinstance(value, int) and value < 0


@dataclass
class QuestionKey(Key):
    question: Any = None
    variable: Variable | None = None  # a number question's, for its own missing codes

    def numbers(self, columns: list[list[Any]]) -> np.ndarray:
        if self.variable is not None:
            columns = [self.variable.internal(column) for column in columns]
        return as_numbers(columns)

    def code(self, generic: int) -> Any:
        return self.variable.code(generic) if self.variable is not None else generic

    def number_groups(self, level: int) -> dict[int, int]:
        if level == 0:
            return {}
        group = self.steps[level - 1].group
        number = {o.code: n for n, o in enumerate(self.question.all_options(), start=1)}
        return {n: group(n) for n in number.values()}


@dataclass
class ColumnKey(Key):
    """One of the export's own text columns; ``absent`` is the value that
    stands for "none" (an online response has no organisation)."""

    absent: str | None = None
    _ids: dict[str, int] = field(default_factory=dict)

    def _id(self, value: str) -> int:
        if value == self.absent:
            return NOT_ASKED
        return self._ids.setdefault(value, len(self._ids) + 1)

    def numbers(self, columns: list[list[Any]]) -> np.ndarray:
        return np.fromiter((self._id(value) for value in columns[0]), dtype=np.int64, count=len(columns[0]))

    def number_groups(self, level: int) -> dict[int, int]:
        if level == 0:
            return {}
        group = self.steps[level - 1].group
        return {number: self._id(group(value)) for value, number in list(self._ids.items())}

    def recode(self, level: int, values: list[Any]) -> list[Any]:
        if level == 0:
            return values
        group = self.steps[level - 1].group
        return [value if value == self.absent else group(value) for value in values]


def _quarter(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def _column_key(name: str) -> ColumnKey:
    """The export's own columns, with the groupings that keep most of what analysts use them for."""
    if name == "mode":
        steps = [Step("Modes to two: online, assisted", lambda v: v if v == "online" else "assisted")]
        return ColumnKey(name, [name], steps, text=True)
    if name == "format":
        steps = [Step("Formats to two: standard, alternative (Easy Read or BSL)", lambda v: v if v == "standard" else "alternative")]
        return ColumnKey(name, [name], steps, text=True)
    if name == "language":
        steps = [Step("Languages to two: English, another language", lambda v: v if v == "en" else "other")]
        return ColumnKey(name, [name], steps, text=True)
    if name == "organisation":
        steps = [Step("Organisations to one: entered by an organisation", lambda v: "an organisation")]
        return ColumnKey(name, [name], steps, text=True, absent="")
    if name == "stratum":
        # Never coarsened: the design weight tells the stratum, so only suppressing both hides it.
        return ColumnKey(name, [name], [], text=True, absent="")
    steps = [
        Step("Months to quarters (YYYY-Qn)", lambda v: v if "Q" in v else _quarter(v)),
        Step("Months to years (YYYY)", lambda v: v[:4]),
    ]
    return ColumnKey(name, [name], steps, text=True)


def _question_key(question: Any, variables: list[Variable]) -> QuestionKey:
    steps = [Step(label, groups.get, labels) for label, groups, labels in question.recode_groups()]
    own = variables[0] if len(variables) == 1 and variables[0].missing else None
    return QuestionKey(question.id, [v.name for v in variables], steps, question=question, variable=own)


def keys(questionnaire: Questionnaire, variables: list[Variable], present: tuple[str, ...]) -> list[Key]:
    """The export's keys, most important first: the bank's order, then the
    flagged questions it leaves out, then the export's own columns
    (``present``: those this export has)."""
    by_question: dict[str, list[Variable]] = {}
    for variable in variables:
        if variable.question.quasi_identifier and variable.kind != "text":
            by_question.setdefault(variable.question.id, []).append(variable)
    disclosure = questionnaire.disclosure
    columns = [name for name in EXPORT_KEYS if name not in disclosure.not_keys and name in present]
    order = list(disclosure.importance) + [q for q in by_question if q not in disclosure.importance]
    order += [name for name in columns if name not in order]
    found: list[Key] = []
    for name in order:
        if name in by_question:
            found.append(_question_key(by_question[name][0].question, by_question[name]))
        elif name in columns:
            found.append(_column_key(name))
    return found
