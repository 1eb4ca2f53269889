"""How saved answers read back to people (check your answers, the worker's
review), and times and file sizes as text."""

from __future__ import annotations

import functools
from collections.abc import Mapping
import datetime as dt
from typing import Any

from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_timezone
from babel.numbers import format_decimal

from ..questionnaire.answer import Answer
from ..questionnaire.questions import Question
from ..services.i18n import format_locale
from ..services.i18n import gettext as _
from ..services.wording import WORDS

LONDON = get_timezone("Europe/London")


def format_datetime(value: dt.datetime) -> str:
    """A moment as people in London read it: 26 Nov 2026, 14:05."""
    return babel_format_datetime(value, format="d MMM y, HH:mm", tzinfo=LONDON, locale=format_locale())


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


def answer_lines(question: Question, value: Any, labels: Mapping[str, str] | None = None) -> list[str]:
    """The answer as lines of text; "Not answered" for an optional question left blank."""
    answer = Answer.of(value)
    if answer.blank:
        return [_("Not answered")]
    if answer.declined:
        return [_("The respondent chose not to answer")]
    if answer.video is not None:
        lines = [_("Answered in British Sign Language (BSL): a video of %(size)s", size=file_size(answer.video_bytes))]
        return lines + ([answer.words] if answer.words else [])
    return question.answer_lines(answer.value, WORDS, labels)
