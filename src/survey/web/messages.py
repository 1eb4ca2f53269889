"""The words of error messages. Each question type says what can be wrong
with its answers and the standard words (``Question.message``); the ones
here belong to the page rather than a question type: a video sent with the
answer, and the worker's "chose not to answer". A bank may replace any
message for one question through ``error_messages``.
"""

from __future__ import annotations

from ..questionnaire.questions import FieldError, Question
from ..services.i18n import gettext as _
from ..services.wording import WORDS
from .answers import file_size


def _page_message(error: FieldError) -> str | None:
    key, params = error.key, error.params
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
    return None


def message(question: Question, error: FieldError) -> str:
    override = question.error_messages.get(error.key)
    if override:
        return override
    found = _page_message(error)
    if found is not None:
        return found
    return question.message(error, WORDS)
