"""Dates, asked with the GOV.UK three-box date input."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, model_validator

from .base import FieldError, FormData, Parsed, Question, clean_text, first

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
