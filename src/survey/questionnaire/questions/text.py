"""Questions answered in the person's own words."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import FieldError, FormData, Parsed, Question, clean_text, first


class _Text(Question):
    max_length: int

    free_text = True
    typed = True

    def field_names(self) -> tuple[str, ...]:
        # The second field is a video file: the answer signed in BSL.
        return (self.id, f"{self.id}-bsl")

    @property
    def video_field(self) -> str:
        return f"{self.id}-bsl"

    def shown(self, value):
        if isinstance(value, dict):
            return {"value": value.get("text", ""), "bsl_video": value.get("bsl_video")}
        return {"value": value or ""}

    def with_video(self, parsed: Parsed, video: dict) -> Parsed:
        """An answer signed in BSL counts as answered; typed words beside it are kept."""
        if parsed.ok:
            value = {"bsl_video": video, **({"text": parsed.value} if parsed.value else {})}
            return Parsed(value=value, shown=parsed.shown)
        if all(error.key == "required" for error in parsed.errors):
            return Parsed(value={"bsl_video": video}, shown=parsed.shown)
        return parsed

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
