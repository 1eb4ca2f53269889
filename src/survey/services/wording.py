"""Words the interface and the exports share: the labels of the answers the
interface supplies, dates and numbers as people read them, routing
conditions in words, and ``WORDS``, which question types are handed to say
their answers and errors in the person's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from .i18n import format_locale
from .i18n import gettext as _
from ..questionnaire import Questionnaire
from ..questionnaire.conditions import All, Answered, Any_, AnyOf, Condition, Equals, Not
from ..questionnaire.questions import Option

#: Labels of the options the interface supplies, translated with the interface.
_STANDARD_LABELS = {
    "yes": lambda: _("Yes"),
    "no": lambda: _("No"),
    "dont_know": lambda: _("Don't know"),
    "prefer_not_to_say": lambda: _("Prefer not to say"),
}


def option_label(option: Option) -> str:
    if option.standard and option.code in _STANDARD_LABELS:
        return _STANDARD_LABELS[option.code]()
    return option.label


def format_date(value: dt.date | str) -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return babel_format_date(day, format="long", locale=format_locale())


def format_number(value: int) -> str:
    return format_decimal(value, locale=format_locale())


class _InterfaceWords:
    """The ``Words`` of the core's question types: in the language active for this request or command."""

    def translate(self, message: str, **params: Any) -> str:
        return _(message, **params)

    def option(self, option: Option) -> str:
        return option_label(option)

    def date(self, value: dt.date | str) -> str:
        return format_date(value)

    def number(self, value: int) -> str:
        return format_number(value)


WORDS = _InterfaceWords()


def describe(condition: Condition, questionnaire: Questionnaire, numbers: dict[str, int]) -> str:
    """A routing condition in words, naming questions by their number on the form."""

    def name(qid: str) -> str:
        return _("question %(number)s", number=numbers[qid]) if qid in numbers else qid

    def label(qid: str, code: str) -> str:
        question = questionnaire.page(qid)
        option = question.label_for(code) if question else None
        return f"“{option_label(option)}”" if option else code

    if isinstance(condition, Equals):
        return _("you answered %(answer)s to %(question)s", answer=label(condition.question, condition.equals), question=name(condition.question))
    if isinstance(condition, AnyOf):
        answers = _(" or ").join(label(condition.question, code) for code in condition.any_of)
        return _("you answered %(answer)s to %(question)s", answer=answers, question=name(condition.question))
    if isinstance(condition, Answered):
        if condition.answered:
            return _("you answered %(question)s", question=name(condition.question))
        return _("you did not answer %(question)s", question=name(condition.question))
    if isinstance(condition, Not):
        return _("it is not true that %(condition)s", condition=describe(condition.not_, questionnaire, numbers))
    if isinstance(condition, All):
        return _(" and ").join(describe(c, questionnaire, numbers) for c in condition.all)
    if isinstance(condition, Any_):
        return _(" or ").join(describe(c, questionnaire, numbers) for c in condition.any)
    raise TypeError(condition)
