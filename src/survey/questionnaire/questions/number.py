"""Whole-number questions."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from ..identifiers import Text
from .base import FieldError, FormData, Parsed, Question, clean_text, first

_WHOLE = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*[.][0-9]+$")


class Number(Question):
    """A whole number, optionally between a minimum and maximum."""

    typed = True

    type: Literal["number"]
    min: int | None = None
    max: int | None = None
    suffix: Text | None = Field(default=None, description="Unit shown after the box, such as 'times'.")

    @model_validator(mode="after")
    def _range(self):
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self

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
