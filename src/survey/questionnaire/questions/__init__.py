"""One small class per question type; each reads and checks its own answer."""

from typing import Annotated, Union

from pydantic import Field

from .base import N_, FieldError, FormData, Option, Page, Parsed, Question, Words
from .choice import DONT_KNOW, PREFER_NOT_TO_SAY, Choice, MultipleChoice, SingleChoice, YesNo
from .columns import Column
from .content import Content
from .date import Date
from .number import Number
from .select import Select
from .text import LongText, ShortText, TextQuestion

AnyPage = Annotated[
    Union[SingleChoice, YesNo, MultipleChoice, Select, ShortText, LongText, Number, Date, Content],
    Field(discriminator="type"),
]

QUESTION_TYPES = ("single_choice", "yes_no", "multiple_choice", "select", "short_text", "long_text", "number", "date", "content")

__all__ = [
    "AnyPage", "Choice", "Column", "Content", "DONT_KNOW", "Date", "FieldError", "FormData", "LongText",
    "MultipleChoice", "N_", "Number", "Option", "PREFER_NOT_TO_SAY", "Page", "Parsed", "QUESTION_TYPES",
    "Question", "Select", "ShortText", "SingleChoice", "TextQuestion", "Words", "YesNo",
]
