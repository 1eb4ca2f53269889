"""The words of error messages, chosen by a question's error key.

Question classes say *what* is wrong (a key and parameters); this module says
it in the person's language, following the GOV.UK Design System's wording.
A bank may replace any message for one question through ``error_messages``.
"""

from __future__ import annotations

from ..i18n import gettext as _
from ..questionnaire.questions import FieldError, Question
from ..questionnaire.questions.choice import _Choice
from .answers import file_size, format_date, option_label


def _required(question: Question) -> str:
    if question.type == "multiple_choice":
        return _("Select at least one answer")
    if isinstance(question, _Choice):
        return _("Select an answer")
    if question.type == "date":
        return _("Enter a date")
    if question.type == "number":
        return _("Enter a number")
    return _("Enter your answer")


def _missing(parts: list[str]) -> str:
    if parts == ["day"]:
        return _("The date must include a day")
    if parts == ["month"]:
        return _("The date must include a month")
    if parts == ["year"]:
        return _("The date must include a year")
    if parts == ["day", "month"]:
        return _("The date must include a day and month")
    if parts == ["day", "year"]:
        return _("The date must include a day and year")
    return _("The date must include a month and year")


def message(question: Question, error: FieldError) -> str:
    override = question.error_messages.get(error.key)
    if override:
        return override
    params = error.params
    key = error.key
    if key == "required":
        return _required(question)
    if key == "invalid_option":
        return _("Select one of the answers shown")
    if key == "exclusive":
        option = question.label_for(params["code"]) if isinstance(question, _Choice) else None
        label = option_label(option) if option else ""
        return _("Select “%(option)s” on its own, or choose only from the other answers", option=label)
    if key == "too_long":
        return _("Your answer must be %(max)s characters or fewer", max=f"{params['max']:,}")
    if key == "not_whole":
        return _("Enter a whole number, like 3")
    if key == "not_number":
        return _("Enter a number using digits, like 12")
    if key == "too_small":
        return _("Enter a number that is %(min)s or more", min=params["min"])
    if key == "too_large":
        return _("Enter a number that is %(max)s or less", max=params["max"])
    if key == "missing":
        return _missing(list(params["parts"]))
    if key == "not_real":
        return _("The date must be a real date")
    if key == "year_digits":
        return _("The year must include 4 numbers")
    if key == "not_past":
        return _("The date must be today or in the past")
    if key == "too_early":
        return _("The date must be the same as or after %(date)s", date=format_date(params["date"]))
    if key == "too_late":
        return _("The date must be the same as or before %(date)s", date=format_date(params["date"]))
    if key == "video_empty":
        return _("The selected video is empty")
    if key == "video_type":
        return _("The selected file must be a video, such as MP4 or WebM")
    if key == "video_size":
        return _("The selected video must be smaller than %(size)s", size=file_size(params["limit"]))
    if key == "video_total":
        if params["limit"] <= 0:
            return _("You have sent as much video as we can keep for one response. Type your answer, or replace a video you sent with a shorter one")
        return _("The selected video must be smaller than %(size)s: that is what is left of the video we can keep for one response", size=file_size(params["limit"]))
    if key == "declined_and_answered":
        return _("Clear the answer, or do not select that the respondent chose not to answer")
    raise KeyError(f"no message for error {key!r}")
