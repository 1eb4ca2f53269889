"""Pages that tell, without asking."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..identifiers import Text
from .base import FormData, Page, Parsed


class PrintedContent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    body: list[Text] = Field(min_length=1, description="Paragraphs, in order, in place of the page's on paper.")


class Content(Page):
    """A heading and paragraphs, such as an introduction to a set of questions."""

    type: Literal["content"]
    body: list[Text] = Field(min_length=1, description="Paragraphs, in order.")
    printed: PrintedContent | None = Field(
        default=None,
        description='The words for printed and plain-text versions, where the page\'s own do not fit paper ("Exit this page", say).',
    )

    collects_answer: ClassVar[bool] = False

    def printed_body(self) -> list[str]:
        return self.printed.body if self.printed else self.body

    def field_names(self) -> tuple[str, ...]:
        return ()

    def parse(self, form: FormData) -> Parsed:
        return Parsed()
