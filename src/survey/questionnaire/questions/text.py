"""Questions answered in the person's own words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field

from ..answer import Answer
from .base import N_, FieldError, FormData, Parsed, Question, Words, clean_text, first
from .columns import Column


class TextQuestion(Question):
    """What the questions answered in words share: a limit, and answering in BSL."""

    max_length: int

    free_text = True
    typed = True
    MESSAGES: ClassVar[dict[str, str]] = {
        **Question.MESSAGES,
        "too_long": N_("Your answer must be %(max)s characters or fewer"),
    }

    def field_names(self) -> tuple[str, ...]:
        # The second field is a video file: the answer signed in BSL.
        return (self.id, f"{self.id}-bsl")

    @property
    def video_field(self) -> str:
        return f"{self.id}-bsl"

    def message_params(self, error: FieldError, words: Words) -> dict[str, Any]:
        if error.key == "too_long":
            return {"max": f"{error.params['max']:,}"}
        return super().message_params(error, words)

    def shown(self, value):
        answer = Answer.of(value)
        if answer.video is not None:
            return {"value": answer.words, "bsl_video": dict(answer.video)}
        return {"value": value or ""}

    def with_video(self, parsed: Parsed, video: Mapping[str, Any]) -> Parsed:
        """An answer signed in BSL counts as answered; typed words beside it are kept."""
        if parsed.ok:
            return Parsed(value=Answer(value=parsed.value).signed(video).stored(), shown=parsed.shown)
        if all(error.key == "required" for error in parsed.errors):
            return Parsed(value=Answer().signed(video).stored(), shown=parsed.shown)
        return parsed

    def export_columns(self, words: Words) -> list[Column]:
        return [Column(self.id, self.title, "text")]

    def export_cell(self, column: Column, value: Any) -> Any:
        return str(value)

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


class ShortText(TextQuestion):
    """A one-line text box."""

    type: Literal["short_text"]
    max_length: int = Field(default=200, ge=1, le=1000)
    autocomplete: str | None = Field(
        default=None, description="HTML autocomplete token, for example 'language'."
    )
    width: Literal[2, 3, 4, 5, 10, 20, 30] | None = Field(
        default=None, description="Width in characters, to hint at the expected answer's length."
    )


class LongText(TextQuestion):
    """A text area with a character limit and count."""

    counts_characters = True

    type: Literal["long_text"]
    max_length: int = Field(default=1000, ge=10, le=10000)
    rows: int = Field(default=5, ge=2, le=20)

    @property
    def lines_on_paper(self) -> int:
        return self.rows
