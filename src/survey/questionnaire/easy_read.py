"""Easy Read in a question bank: the same question, in short sentences with
pictures. It is the same variable (same id, same option codes) as the
standard wording, so answers given in either format can be pooled."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .identifiers import Code, Text

#: A picture from static/pictures, by name.
PictureName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EasyReadText(_Strict):
    """One idea: a short sentence and the picture that goes with it.
    **Double asterisks** mark key words, shown in bold."""

    text: Text
    picture: PictureName | None = None
    alt: str | None = Field(default=None, max_length=200, description="What the picture shows.")


class QuestionEasyRead(_Strict):
    title: Text = Field(description="The question in Easy Read words: the page heading.")
    ideas: list[EasyReadText] = Field(default_factory=list, description="What helps to answer, one idea each.")
    options: dict[Code, EasyReadText] = Field(default_factory=dict, description="Easy Read answers, by option code.")


class SurveyEasyRead(_Strict):
    title: Text
    intro: list[EasyReadText] = Field(min_length=1)
