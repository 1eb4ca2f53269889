"""One small class per question type; each reads and checks its own answer."""

from typing import Annotated, Union

from pydantic import Field

from .base import FieldError, FormData, Page, Parsed, Question
from .choice import DONT_KNOW, PREFER_NOT_TO_SAY, MultipleChoice, Option, SingleChoice, YesNo
from .content import Content
from .date import Date
from .number import Number
from .text import LongText, ShortText

AnyPage = Annotated[
    Union[SingleChoice, YesNo, MultipleChoice, ShortText, LongText, Number, Date, Content],
    Field(discriminator="type"),
]

QUESTION_TYPES = ("single_choice", "yes_no", "multiple_choice", "short_text", "long_text", "number", "date", "content")

__all__ = [
    "AnyPage", "Content", "DONT_KNOW", "Date", "FieldError", "FormData", "LongText", "MultipleChoice",
    "Number", "Option", "PREFER_NOT_TO_SAY", "Page", "Parsed", "QUESTION_TYPES", "Question",
    "ShortText", "SingleChoice", "YesNo",
]
