"""What every page of a question bank shares, and the result of reading a form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from ..conditions import Condition
from ..identifiers import Code, QuestionId, Text
from ..easy_read import QuestionEasyRead
from ..media import QuestionBsl
from ..answer import Answer
from .columns import Column

#: A submitted form: each field name with every value sent for it.
FormData = Mapping[str, Sequence[str]]

#: Characters never kept from a text answer: control characters other than
#: tab and newline, which no keyboard types and which break CSV exports.
_CONTROL = {c: None for c in range(32) if c not in (9, 10)} | {127: None}


def N_(message: str) -> str:
    """Mark interface words for translation: the core names them, and the
    layer that knows the person's language translates them (``Words``)."""
    return message


class Words(Protocol):
    """How the interface says things in the person's language. The core
    stays free of translation machinery: the layer above passes this in."""

    def translate(self, message: str, **params: Any) -> str: ...
    def option(self, option: Option) -> str: ...
    def date(self, value: dt.date | str) -> str: ...
    def number(self, value: int) -> str: ...


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

    @property
    def answer(self) -> Answer:
        return Answer.of(self.value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    code: Code = Field(description="Stable code saved and exported for this option.")
    label: Text
    hint: Text | None = None
    #: Set on options the interface supplies (labels translated by the app).
    standard: bool = Field(default=False, exclude=True, description="Internal.")


class Page(_Strict):
    """A page in the journey: a question, or content with no answer."""

    id: QuestionId
    title: Text = Field(description="The question, or the page heading.")
    show_if: Condition | None = Field(
        default=None, description="Show this page only when the condition holds."
    )
    bsl: QuestionBsl | None = Field(default=None, description="British Sign Language video for this page.")
    easy_read: QuestionEasyRead | None = Field(default=None, description="This page in Easy Read.")
    exit_this_page: bool = Field(
        default=False,
        description='Show "Exit this page" on this page, as a sensitive section does on each of its pages: for a page '
        "about harassment, say, in a section that is not sensitive as a whole.",
    )
    assessment_ignore: dict[str, Text] = Field(
        default_factory=dict,
        description="Assessment rules not to apply here, each with the reason, for example standard wording kept for comparability.",
    )

    #: True for pages that collect an answer.
    collects_answer: ClassVar[bool] = True
    #: How many of the options an answer picks ("one" or "many"); None for
    #: answers that are not chosen from options. Results count only these.
    chooses: ClassVar[Literal["one", "many"] | None] = None
    #: True for answers in the person's own words.
    free_text: ClassVar[bool] = False
    #: True when the answer is typed (words, numbers, dates), not chosen from
    #: the bank's options: a page showing it holds what one person wrote.
    typed: ClassVar[bool] = False
    #: True when the page counts the characters typed as the person types.
    counts_characters: ClassVar[bool] = False

    def all_options(self) -> list[Option]:
        """The answers to choose from, in order (none for a typed answer)."""
        return []

    def written_options(self) -> list[Option]:
        """The options as the bank lists them under ``options`` (not those the interface adds)."""
        return []

    def codes(self) -> set[str]:
        return {option.code for option in self.all_options()}

    def label_for(self, code: str) -> Option | None:
        return next((o for o in self.all_options() if o.code == code), None)

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

    #: The standard message for each error key this type can give (the bank
    #: may replace any of them, question by question, with ``error_messages``).
    MESSAGES: ClassVar[dict[str, str]] = {"required": N_("Enter your answer")}

    def message(self, error: FieldError, words: Words) -> str:
        """What is wrong, in words, in the person's language."""
        override = self.error_messages.get(error.key)
        if override:
            return override
        if error.key not in self.MESSAGES:
            raise KeyError(f"no message for error {error.key!r} of a {type(self).__name__} question")
        return words.translate(self.MESSAGES[error.key], **self.message_params(error, words))

    def message_params(self, error: FieldError, words: Words) -> dict[str, Any]:
        return dict(error.params)

    @property
    def has_way_out(self) -> bool:
        """Whether someone may decline this question without leaving the survey."""
        return False

    @property
    def offers_dont_know(self) -> bool:
        return False

    @property
    def lines_on_paper(self) -> int:
        """Lines to write the answer on, on a printed form."""
        return 1

    def error_field(self, part: str) -> str:
        """The input an error's summary link goes to."""
        return f"{self.id}-{part}" if part else self.id

    def answer_lines(self, value: Any, words: Words, labels: Mapping[str, str] | None = None) -> list[str]:
        """A saved answer (its plain value) as lines of text; ``labels``
        replaces options' labels, as Easy Read does."""
        return [str(value)]

    def instruction(self, easy_read: bool, read_aloud: bool) -> str:
        """How to answer on a printed form (or one read aloud or typed into), to translate."""
        return N_("Write your answer in the box.")

    def export_columns(self, words: Words) -> list[Column]:
        """The columns an export holds for this question."""
        raise NotImplementedError

    def recode_groups(self) -> list[tuple[str, dict[int, int], dict[int, str]]]:
        """Coarser groupings of the exported codes, for disclosure control
        (each: a label, the group of each code, the groups' labels)."""
        return []

    def export_cell(self, column: Column, value: Any) -> Any:
        """One cell of ``column`` for a plain value (an answer given: not a
        blank, a video alone or "chose not to answer"); None when the value
        is none this question could have been given."""
        return value

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
