"""Routing conditions: data that says when a question or section is shown.

A condition is a small JSON object, never code. They nest:

    {"question": "reported", "equals": "yes"}
    {"question": "strands", "any_of": ["disability", "race"]}
    {"question": "times", "answered": true}
    {"not": {...}}, {"all": [{...}, ...]}, {"any": [{...}, ...]}
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from .answer import Answer
from .identifiers import Code, QuestionId


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Equals(_Strict):
    """True when the answer is this code (or, for checkboxes, includes it)."""

    question: QuestionId
    equals: Code


class AnyOf(_Strict):
    """True when the answer is one of these codes (or includes one of them)."""

    question: QuestionId
    any_of: list[Code] = Field(min_length=1)


class Answered(_Strict):
    """True when the question has (``true``) or has not (``false``) been answered."""

    question: QuestionId
    answered: bool


class Not(_Strict):
    not_: Condition = Field(alias="not")


class All(_Strict):
    all: list[Condition] = Field(min_length=1)


class Any_(_Strict):
    any: list[Condition] = Field(min_length=1)


_TAGS = ("equals", "any_of", "answered", "not", "all", "any")


def _tag(value: Any) -> str | None:
    # Picks the member by its one distinguishing key, so an author's mistake is
    # reported against one shape instead of six.
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True)
    if isinstance(value, Mapping):
        for key in _TAGS:
            if key in value:
                return key
    return None


Condition = Annotated[
    Union[
        Annotated[Equals, Tag("equals")],
        Annotated[AnyOf, Tag("any_of")],
        Annotated[Answered, Tag("answered")],
        Annotated[Not, Tag("not")],
        Annotated[All, Tag("all")],
        Annotated[Any_, Tag("any")],
    ],
    Discriminator(
        _tag,
        custom_error_type="invalid_condition",
        custom_error_message=(
            "a condition needs one of the keys: " + ", ".join(_TAGS)
        ),
    ),
]

Not.model_rebuild()
All.model_rebuild()
Any_.model_rebuild()


def _is_given(value: Any) -> bool:
    return Answer.of(value).given


def evaluate(condition: Condition, answers: Mapping[str, Any]) -> bool:
    """Decide a condition against the answers given so far."""
    if isinstance(condition, Equals):
        value = answers.get(condition.question)
        if isinstance(value, list):
            return condition.equals in value
        return value == condition.equals
    if isinstance(condition, AnyOf):
        value = answers.get(condition.question)
        if isinstance(value, list):
            return any(code in value for code in condition.any_of)
        return value in condition.any_of
    if isinstance(condition, Answered):
        return _is_given(answers.get(condition.question)) == condition.answered
    if isinstance(condition, Not):
        return not evaluate(condition.not_, answers)
    if isinstance(condition, All):
        return all(evaluate(c, answers) for c in condition.all)
    if isinstance(condition, Any_):
        return any(evaluate(c, answers) for c in condition.any)
    raise TypeError(f"not a condition: {condition!r}")


def leaves(condition: Condition, path: str = "") -> Iterator[tuple[str, Equals | AnyOf | Answered]]:
    """Yield each comparison in a condition with its JSON path below ``path``."""
    if isinstance(condition, Not):
        yield from leaves(condition.not_, f"{path}.not")
    elif isinstance(condition, All):
        for i, child in enumerate(condition.all):
            yield from leaves(child, f"{path}.all[{i}]")
    elif isinstance(condition, Any_):
        for i, child in enumerate(condition.any):
            yield from leaves(child, f"{path}.any[{i}]")
    else:
        yield path, condition
