"""Letters in a question bank: the invitation and reminder a sampled case is
sent, in the bank's words (translated like the questions), with an Easy Read
version. The survey adds the access code, the web address, QR codes, the help
contacts and how to ask for another format."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .easy_read import EasyReadText
from .identifiers import Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Letter(_Strict):
    title: Text = Field(description="The letter's heading, for example “Please tell us how safe you feel in London”.")
    body: list[Text] = Field(min_length=1, description="Paragraphs, in plain English: why they were chosen, what it is for, that it is voluntary.")
    easy_read: list[EasyReadText] = Field(default_factory=list, description="The same letter in Easy Read: one idea a line, with pictures.")


class Letters(_Strict):
    signed_by: Text = Field(description="Who signs the letters, with their role, for example “Sam Patel, Research Manager”.")
    invitation: Letter
    reminder: Letter | None = Field(default=None, description="Sent to cases with no complete answers yet.")

    def of(self, kind: str) -> Letter | None:
        return self.invitation if kind == "invitation" else self.reminder
