"""Dates, asked with the GOV.UK three-box date input."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from .base import N_, FieldError, FormData, Parsed, Question, Words, clean_text, first
from .columns import Column

PARTS = ("day", "month", "year")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_DIGITS = re.compile(r"^[0-9]+$")


class Date(Question):
    """A date: day, month and year, each in its own box."""

    typed = True
    MESSAGES: ClassVar[dict[str, str]] = {
        "required": N_("Enter a date"),
        "not_real": N_("The date must be a real date"),
        "year_digits": N_("The year must include 4 numbers"),
        "not_past": N_("The date must be today or in the past"),
        "too_early": N_("The date must be the same as or after %(date)s"),
        "too_late": N_("The date must be the same as or before %(date)s"),
    }
    #: The message when some of the boxes are empty, by which ones are.
    MISSING_PARTS: ClassVar[dict[tuple[str, ...], str]] = {
        ("day",): N_("The date must include a day"),
        ("month",): N_("The date must include a month"),
        ("year",): N_("The date must include a year"),
        ("day", "month"): N_("The date must include a day and month"),
        ("day", "year"): N_("The date must include a day and year"),
        ("month", "year"): N_("The date must include a month and year"),
    }

    type: Literal["date"]
    past_only: bool = Field(default=False, description="The date must be today or earlier.")
    earliest: dt.date | None = None
    latest: dt.date | None = None

    @model_validator(mode="after")
    def _range(self):
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest is after latest")
        return self

    def field_names(self) -> tuple[str, ...]:
        return tuple(f"{self.id}-{part}" for part in PARTS)

    def message(self, error: FieldError, words: Words) -> str:
        if error.key == "missing" and not self.error_messages.get("missing"):
            return words.translate(self.MISSING_PARTS[tuple(error.params["parts"])])
        return super().message(error, words)

    def message_params(self, error: FieldError, words: Words) -> dict[str, Any]:
        if "date" in error.params:
            return {"date": words.date(error.params["date"])}
        return super().message_params(error, words)

    def error_field(self, part: str) -> str:
        return super().error_field(part or "day")  # a date's first box

    def answer_lines(self, value: Any, words: Words, labels: Mapping[str, str] | None = None) -> list[str]:
        return [words.date(value)]

    def instruction(self, easy_read: bool, read_aloud: bool) -> str:
        return N_("Write the date as day, month and year, for example 27 3 2024.")

    def export_columns(self, words: Words) -> list[Column]:
        return [Column(self.id, self.title, "month", notes=("Dates are exported as year and month only (YYYYMM), never the day.",))]

    def export_cell(self, column: Column, value: Any) -> Any:
        return int(str(value)[:7].replace("-", ""))

    def shown(self, value):
        if not value:
            return {part: "" for part in PARTS}
        day = dt.date.fromisoformat(value)
        return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}

    def parse(self, form: FormData, today: dt.date | None = None) -> Parsed:
        raw = {part: clean_text(first(form, f"{self.id}-{part}")) for part in PARTS}
        shown = dict(raw)
        missing = [part for part in PARTS if not raw[part]]
        if len(missing) == 3:
            return self.blank(shown)
        if missing:
            return Parsed(
                errors=(FieldError("missing", part=missing[0], params={"parts": missing}, also=tuple(missing[1:])),),
                shown=shown,
            )
        day = int(raw["day"]) if _DIGITS.match(raw["day"]) else None
        month_text = raw["month"].lower().rstrip(".")
        month = int(month_text) if _DIGITS.match(month_text) else _MONTHS.get(month_text)
        if day is None or not 1 <= day <= 31:
            return Parsed(errors=(FieldError("not_real", part="day"),), shown=shown)
        if month is None or not 1 <= month <= 12:
            return Parsed(errors=(FieldError("not_real", part="month"),), shown=shown)
        if not re.match(r"^[0-9]{4}$", raw["year"]):
            return Parsed(errors=(FieldError("year_digits", part="year"),), shown=shown)
        try:
            value = dt.date(int(raw["year"]), month, day)
        except ValueError:
            return Parsed(errors=(FieldError("not_real", part="day", also=("month", "year")),), shown=shown)
        today = today or dt.date.today()
        whole = ("month", "year")
        if self.past_only and value > today:
            return Parsed(errors=(FieldError("not_past", part="day", also=whole),), shown=shown)
        if self.earliest and value < self.earliest:
            return Parsed(errors=(FieldError("too_early", part="day", params={"date": self.earliest}, also=whole),), shown=shown)
        if self.latest and value > self.latest:
            return Parsed(errors=(FieldError("too_late", part="day", params={"date": self.latest}, also=whole),), shown=shown)
        return Parsed(value=value.isoformat(), shown=shown)
