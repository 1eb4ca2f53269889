"""What every page of a question bank shares, and the result of reading a form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from ..conditions import Condition
from ..identifiers import QuestionId, Text
from ..easy_read import QuestionEasyRead
from ..media import QuestionBsl

#: A submitted form: each field name with every value sent for it.
FormData = Mapping[str, Sequence[str]]

#: Characters never kept from a text answer: control characters other than
#: tab and newline, which no keyboard types and which break CSV exports.
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {127: None}


def clean_text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL).strip()


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with an answer.

    ``part`` names the input the message belongs to ("" for the question's
    main input, "day"/"month"/"year" for a date); ``key`` picks the message and
    ``params`` fills it, so the words live in the (translated) web layer.
    """

    key: str
    part: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    #: Further parts to mark as wrong without a message of their own.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Parsed:
    """An answer read from a form: the value to save, or what was wrong.

    ``shown`` holds what the person typed, to put back in the form with the
    error so nothing they entered is lost.
    """

    value: Any = None
    errors: tuple[FieldError, ...] = ()
    shown: Mapping[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Strict):
    """A page in the journey: a question, or content with no answer."""

    id: QuestionId
    title: Text = Field(description="The question, or the page heading.")
    show_if: Condition | None = Field(
        default=None, description="Show this page only when the condition holds."
    )
    bsl: QuestionBsl | None = Field(default=None, description="British Sign Language video for this page.")
    easy_read: QuestionEasyRead | None = Field(default=None, description="This page in Easy Read.")
    assessment_ignore: dict[str, Text] = Field(
        default_factory=dict,
        description="Assessment rules not to apply here, each with the reason, for example standard wording kept for comparability.",
    )

    #: True for pages that collect an answer.
    collects_answer: ClassVar[bool] = True

    def field_names(self) -> tuple[str, ...]:
        """Every form field name this page accepts."""
        return (self.id,)

    @property
    def video_field(self) -> str | None:
        """The file field an answer signed in BSL comes in, for pages that take one."""
        return None

    def parse(self, form: FormData) -> Parsed:
        raise NotImplementedError


class Question(Page):
    hint: Text | None = Field(default=None, description="Help shown under the question.")
    required: bool = Field(
        default=True,
        description="Whether an answer is needed to continue. Optional questions say so.",
    )
    error_messages: dict[str, Text] = Field(
        default_factory=dict,
        description=(
            "Messages that replace the standard ones, by error key, for example "
            '{"required": "Select how safe you feel after dark"}.'
        ),
    )
    identifier: bool = Field(
        default=False, description="Directly identifies a person: never exported."
    )
    quasi_identifier: bool = Field(
        default=False,
        description="Could identify a person in combination (age band, borough...): "
        "checked for k-anonymity on export.",
    )
    sensitive: bool = Field(
        default=False, description="Special-category or sensitive: reported with l-diversity."
    )
    complex: bool = Field(default=False, description="Hard to answer without help: needs a hint.")

    #: True for answers in the person's own words.
    free_text: ClassVar[bool] = False
    #: True when the answer is typed (words, numbers, dates), not chosen from
    #: the bank's options: a page showing it holds what one person wrote.
    typed: ClassVar[bool] = False

    def shown(self, value: Any) -> dict[str, Any]:
        """A saved answer as the form shows it: the inverse of ``parse``."""
        return {"value": "" if value is None else value}

    def blank(self, shown: Mapping[str, Any] | None = None) -> Parsed:
        """The result for a question left empty: an error when it is required."""
        if self.required:
            return Parsed(errors=(FieldError("required"),), shown=shown or {})
        return Parsed(value=None, shown=shown or {})


def first(form: FormData, name: str) -> str:
    values = form.get(name) or ()
    return values[0] if values else ""
