"""Whole-number questions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ..identifiers import Text
from .base import N_, FieldError, FormData, Parsed, Question, Words, clean_text, first
from .columns import Column

_WHOLE = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*[.][0-9]+$")


class Number(Question):
    """A whole number, optionally between a minimum and maximum."""

    typed = True
    MESSAGES: ClassVar[dict[str, str]] = {
        "required": N_("Enter a number"),
        "not_whole": N_("Enter a whole number, like 3"),
        "not_number": N_("Enter a number using digits, like 12"),
        "too_small": N_("Enter a number that is %(min)s or more"),
        "too_large": N_("Enter a number that is %(max)s or less"),
    }

    type: Literal["number"]
    min: int | None = None
    max: int | None = None
    suffix: Text | None = Field(default=None, description="Unit shown after the box, such as 'times'.")

    @model_validator(mode="after")
    def _range(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self

    def answer_lines(self, value: Any, words: Words, labels: Mapping[str, str] | None = None) -> list[str]:
        text = words.number(value)
        return [f"{text} {self.suffix}" if self.suffix else text]

    def instruction(self, easy_read: bool, read_aloud: bool) -> str:
        return N_("Write a number.")

    def export_columns(self, words: Words) -> list[Column]:
        return [Column(self.id, self.title, "number", least=self.min)]

    def shown(self, value):
        return {"value": "" if value is None else str(value)}

    def parse(self, form: FormData) -> Parsed:
        raw = clean_text(first(form, self.id))
        shown = {"value": raw}
        # People write "1,000" and "1 000"; both mean a thousand.
        text = raw.replace(",", "").replace(" ", "")
        if not text:
            return self.blank(shown)
        if _DECIMAL.match(text):
            return Parsed(errors=(FieldError("not_whole"),), shown=shown)
        if not _WHOLE.match(text) or len(text) > 15:
            return Parsed(errors=(FieldError("not_number"),), shown=shown)
        value = int(text)
        if self.min is not None and value < self.min:
            return Parsed(errors=(FieldError("too_small", params={"min": self.min}),), shown=shown)
        if self.max is not None and value > self.max:
            return Parsed(errors=(FieldError("too_large", params={"max": self.max}),), shown=shown)
        return Parsed(value=value, shown=shown)
