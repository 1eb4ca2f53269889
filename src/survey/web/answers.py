"""How saved answers read back to people, on the check-your-answers page."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone
from babel.numbers import format_decimal

from ..i18n import format_locale
from ..i18n import gettext as _
from ..questionnaire.declined import is_declined
from ..questionnaire.questions import Date, Number, Question
from ..wording import option_label
from ..questionnaire.questions.choice import _Choice

LONDON = get_timezone("Europe/London")

def format_date(value: dt.date | str) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return babel_format_date(day, format="long", locale=format_locale())


def format_datetime(value: dt.datetime) -> str:
    """A moment as people in London read it: 26 Nov 2026, 14:05."""
    return babel_format_datetime(value, format="d MMM y, HH:mm", tzinfo=LONDON, locale=format_locale())


def format_number(value: int) -> str:
    return format_decimal(value, locale=format_locale())


def file_size(size: int) -> str:
    """A file size as people read it: 800 KB, 4.2 MB, 200 MB."""
    return _file_size(size, format_locale())


@functools.lru_cache(maxsize=256)
def _file_size(size: int, locale: str) -> str:
    # The upload limit is shown on every page with a file upload: worked out once per language.
    if size < 1024 * 1024:
        return f"{format_decimal(max(round(size / 1024), 1), locale=locale)} KB"
    megabytes = size / 1024 / 1024
    return f"{format_decimal(round(megabytes, 1 if megabytes < 10 else 0), locale=locale)} MB"


def answer_lines(question: Question, value: Any, labels: dict[str, str] | None = None) -> list[str]:
    """The answer as lines of text; "Not answered" for an optional question left blank."""
    if value is None or value == [] or value == "":
        return [_("Not answered")]
    if is_declined(value):
        return [_("The respondent chose not to answer")]
    if isinstance(value, dict) and "bsl_video" in value:
        lines = [_("Answered in British Sign Language (BSL): a video of %(size)s", size=file_size(value["bsl_video"]["bytes"]))]
        return lines + ([value["text"]] if value.get("text") else [])
    if isinstance(question, _Choice):
        codes = value if isinstance(value, list) else [value]
        labels = labels or {}
        return [labels.get(c) or (option_label(o) if (o := question.label_for(c)) else c) for c in codes]
    if isinstance(question, Date):
        return [format_date(value)]
    if isinstance(question, Number):
        text = format_number(value)
        return [f"{text} {question.suffix}" if question.suffix else text]
    return [str(value)]
