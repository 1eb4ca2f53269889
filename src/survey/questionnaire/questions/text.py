"""Questions answered in the person's own words."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import FieldError, FormData, Parsed, Question, clean_text, first


class _Text(Question):
    max_length: int

    free_text = True

    def parse(self, form: FormData) -> Parsed:
        text = clean_text(first(form, self.id))
        shown = {"value": text}
        if not text:
            return self.blank(shown)
        if len(text) > self.max_length:
            return Parsed(
                errors=(FieldError("too_long", params={"max": self.max_length, "over": len(text) - self.max_length}),),
                shown=shown,
            )
        return Parsed(value=text, shown=shown)


class ShortText(_Text):
    """A one-line text box."""

    type: Literal["short_text"]
    max_length: int = Field(default=200, ge=1, le=1000)
    autocomplete: str | None = Field(
        default=None, description="HTML autocomplete token, for example 'language'."
    )
    width: Literal[2, 3, 4, 5, 10, 20, 30] | None = Field(
        default=None, description="Width in characters, to hint at the expected answer's length."
    )


class LongText(_Text):
    """A text area with a character limit and count."""

    type: Literal["long_text"]
    max_length: int = Field(default=1000, ge=10, le=10000)
    rows: int = Field(default=5, ge=2, le=20)
