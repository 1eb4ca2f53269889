"""What a question's answers become in an export: its columns, each with
its kind and value labels. The export adds the missing-value codes and
disclosure control; the question says what its answers mean."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    #: "code" (an option's number), "flag" (0/1: one option of several
    #: chosen), "number", "month" (YYYYMM) or "text".
    kind: str
    values: dict[int, str] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    #: For a flag: the option it stands for.
    option: str | None = None
    notes: tuple[str, ...] = ()
    #: The least value an answer may take, when it may be negative (None:
    #: no least value): the export then puts its missing codes below it.
    least: int | None = 0
