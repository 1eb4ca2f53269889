"""Pages that tell, without asking."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from ..identifiers import Text
from .base import FormData, Page, Parsed


class Content(Page):
    """A heading and paragraphs, such as an introduction to a set of questions."""

    type: Literal["content"]
    body: list[Text] = Field(min_length=1, description="Paragraphs, in order.")

    collects_answer: ClassVar[bool] = False

    def field_names(self) -> tuple[str, ...]:
        return ()

    def parse(self, form: FormData) -> Parsed:
        return Parsed()
