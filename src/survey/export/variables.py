"""The variables of an export: one per question (one 0/1 column per option
for multiple choice), with numeric codes, labels and missing-value codes
that are the same in CSV, SPSS and Parquet."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..questionnaire import Questionnaire
from ..questionnaire.answer import Answer
from ..questionnaire.questions import Column, Question
from ..services.wording import WORDS, describe

#: Missing-value codes, documented in every codebook.
NOT_ASKED = -1
DECLINED = -2
LEFT_BLANK = -3
WITHHELD = -7
BSL_ONLY = -8
SUPPRESSED = -9
MISSING = {
    NOT_ASKED: "Not asked: the route skipped this question",
    DECLINED: "The respondent chose not to answer (assisted entry)",
    LEFT_BLANK: "Not answered: an optional question left blank",
    WITHHELD: "Free text not released: not yet read by a reviewer, or withheld by one",
    BSL_ONLY: "Answered in a BSL video, which is never exported",
    SUPPRESSED: "Suppressed for disclosure control",
}

META = ("response_id", "questionnaire_version", "mode", "format", "language", "organisation", "submission_month", "finished_mode", "self_completed")
META_LABELS = {
    "response_id": "A random id made for this export (not the database key, not the resume code)",
    "questionnaire_version": "Version of the questionnaire answered",
    "mode": "Mode of collection (online, in_person, phone, video_call, bsl_interpreter, paper, alternative_format)",
    "format": "Format the respondent used (standard, easy_read, bsl)",
    "language": "Interface language",
    "organisation": "Organisation of the worker who entered an assisted response (empty when online)",
    "submission_month": "Month the response was sent (YYYY-MM)",
    "finished_mode": "online when a worker handed the rest of an assisted response to the respondent to finish alone "
                     "(the answers before were given in mode, the rest online); empty otherwise",
    "self_completed": "The questions the respondent answered on their own during an assisted interview, space-separated: "
                      "the worker handed them the device for a private section and did not see those answers; empty otherwise",
}


@dataclass
class Variable:
    name: str
    label: str
    kind: str  # "code", "flag", "number", "month", "text"
    question: Question
    values: dict[int, str] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    option: str | None = None  # multiple choice: the option this flag stands for
    routing: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Missing-value codes where they are not the usual ones (``MISSING``): a
    #: number question whose answers may be negative has its codes below its range.
    missing: dict[int, int] = field(default_factory=dict)
    #: The question's own description of the column, which it reads its cells by.
    column: Column | None = None

    def code(self, generic: int) -> int:
        """This variable's code for one of ``MISSING``."""
        return self.missing.get(generic, generic)

    def internal(self, column: list[Any]) -> list[Any]:
        """Values for disclosure control, where the usual missing codes are
        the missing codes: this variable's own codes turned back into them,
        and genuine negative answers moved below them (each still distinct)."""
        if not self.missing:
            return column
        back = {code: generic for generic, code in self.missing.items()}
        return [back[value] if value in back else (value - 10 if isinstance(value, (int, float)) and value < 0 else value)
                for value in column]

    @property
    def numeric(self) -> bool:
        return self.kind != "text"

    @property
    def measure(self) -> str:
        """SPSS's measurement level: numbers and months are scales; codes,
        flags and text name categories."""
        return "scale" if self.kind in ("number", "month") else "nominal"


@dataclass
class Plan:
    """What the export holds, and what it leaves out and why."""

    variables: list[Variable]
    excluded: list[tuple[str, str]]  # (question id, reason)


def _routing(questionnaire: Questionnaire, question: Question) -> str | None:
    section = questionnaire.section_of(question.id)
    parts = [describe(c, questionnaire, {}) for c in (section.show_if, question.show_if) if c is not None]
    return " and ".join(parts) if parts else None


#: What the codebook says of every free-text column.
TEXT_NOTE = (
    "Free text: emails (written out too), phone numbers, postcodes, street addresses, web "
    "addresses, National Insurance and NHS numbers, vehicle registrations, dates, first names "
    "(ONS baby names) and names the questionnaire lists are replaced by tags like "
    "[phone number]. Only text a reviewer has read and released (as redacted, or as they "
    "edited it) is included; the rest is -7."
)


def plan(questionnaire: Questionnaire, include_free_text: bool) -> Plan:
    variables: list[Variable] = []
    excluded: list[tuple[str, str]] = []
    for question in questionnaire.questions():
        if question.identifier:
            excluded.append((question.id, "flagged identifier: never exported"))
            continue
        columns = question.export_columns(WORDS)
        if question.free_text and not include_free_text:
            excluded.append((question.id, "free text: left out unless --include-free-text"))
            continue
        routing = _routing(questionnaire, question)
        for column in columns:
            notes = [*column.notes, *([TEXT_NOTE] if column.kind == "text" else [])]
            variables.append(Variable(
                column.name, column.label, column.kind, question, values=dict(column.values), codes=dict(column.codes),
                option=column.option, routing=routing, notes=notes, missing=_missing_codes(column.least), column=column,
            ))
    return Plan(variables, excluded)


#: Below any answer a number question without a least value would get.
_FLOOR = -(10**15)


def _missing_codes(least: int | None) -> dict[int, int]:
    """The usual codes when no answer can be negative; otherwise each code
    below the least answer allowed (so -1 can be an answer, not "not asked")."""
    if least is not None and least >= 0:
        return {}
    floor = least if least is not None else _FLOOR
    return {generic: int(floor) + generic for generic in MISSING}


#: An answer never saved: the route skipped the question.
ABSENT: Any = object()


def cell(variable: Variable, value: Any) -> Any:
    """One cell before disclosure control, from the question's saved answer
    (``ABSENT`` if none): a code, a number, text or a missing code."""
    if value is ABSENT:
        return variable.code(NOT_ASKED)
    answer = Answer.of(value)
    if answer.declined:
        return variable.code(DECLINED)
    if answer.blank:
        return variable.code(LEFT_BLANK)
    if answer.value is None:  # signed in BSL, with no words beside the video
        return variable.code(BSL_ONLY)
    found = variable.question.export_cell(variable.column, answer.value)
    return variable.code(NOT_ASKED) if found is None else found


class QuestionColumns:
    """One question's variables as columns, for a batch of responses at a
    time, from each response's answer as stored (JSON text). Most answers are
    one of a few texts: each distinct text is decoded and worked out once,
    then looked up. Free text comes decoded, and is worked out every time."""

    #: Distinct answers remembered per question.
    REMEMBER = 4096

    def __init__(self, variables: list[Variable], decode: Callable[[str], Any]) -> None:
        self.question_id = variables[0].question.id
        self.variables = variables
        self.names = [v.name for v in variables]
        self._decode = decode
        self._single = len(variables) == 1
        self._memo: dict[str | None, Any] = {None: self._cells(ABSENT)}

    def _cells(self, value: Any) -> Any:
        """The cell (one variable) or tuple of cells (several) for one answer."""
        if self._single:
            return cell(self.variables[0], value)
        return tuple(cell(v, value) for v in self.variables)

    def _columns(self, found: list[Any]) -> list[list[Any]]:
        if self._single:
            return [found]
        return [list(column) for column in zip(*found)] if found else [[] for _ in self.variables]

    def columns(self, texts: Sequence[str | None]) -> list[list[Any]]:
        """``texts``: each response's stored answer, None where there is none."""
        memo = self._memo
        found = list(map(memo.get, texts))
        if None in found:  # a text not seen before (no cell is ever None)
            for number, cells in enumerate(found):
                if cells is None:
                    text = texts[number]
                    cells = self._cells(self._decode(text))  # type: ignore[arg-type]
                    if len(memo) < self.REMEMBER:
                        memo[text] = cells
                    found[number] = cells
        return self._columns(found)

    def columns_of_values(self, values: list[Any]) -> list[list[Any]]:
        """``values``: each response's answer decoded already, ``ABSENT`` where there is none."""
        return self._columns([self._cells(value) for value in values])


def by_question(variables: list[Variable], decode: Callable[[str], Any]) -> list[QuestionColumns]:
    grouped: dict[str, list[Variable]] = {}
    for variable in variables:
        grouped.setdefault(variable.question.id, []).append(variable)
    return [QuestionColumns(group, decode) for group in grouped.values()]


def as_number(values: list[Any]) -> int:
    """One respondent's answer to a question as one integer: its code (or
    number, or a stable hash of text), or for multiple choice a bit mask of
    the options chosen; a missing code when the question has one."""
    if len(values) == 1:
        value = values[0]
        return int(value) if isinstance(value, (int, float)) else zlib.crc32(str(value).encode()) & 0x7FFFFFFF
    if any(value < 0 for value in values):
        return min(values)
    return sum(1 << n for n, value in enumerate(values) if value == 1)


def as_numbers(columns: list[list[Any]]) -> np.ndarray:
    """``as_number`` for a batch: one integer per response, from the columns
    of one question's variables."""
    if len(columns) == 1:
        values = columns[0]
        try:
            return np.asarray(values, dtype=np.float64).astype(np.int64)
        except (TypeError, ValueError):  # text among them: hashed, one by one
            return np.array([as_number([value]) for value in values], dtype=np.int64)
    stacked = np.asarray(columns, dtype=np.int64).reshape(len(columns), -1)
    bits = ((stacked == 1).astype(np.int64) << np.arange(len(columns), dtype=np.int64)[:, None]).sum(axis=0)
    return np.where((stacked < 0).any(axis=0), stacked.min(axis=0), bits)
