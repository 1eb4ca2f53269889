"""Questions answered by choosing: radios, checkboxes and yes/no."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..disclosure import RecodeStep
from ..identifiers import Code, Text
from .base import FieldError, FormData, Parsed, Question, _Strict

#: Codes of the standard answers a bank switches on by a flag. Analysts see the
#: same code in every question and every questionnaire.
PREFER_NOT_TO_SAY = "prefer_not_to_say"
DONT_KNOW = "dont_know"
STANDARD_CODES = (DONT_KNOW, PREFER_NOT_TO_SAY)


class Option(_Strict):
    code: Code = Field(description="Stable code saved and exported for this option.")
    label: Text
    hint: Text | None = None
    #: Set on options the interface supplies (labels translated by the app).
    standard: bool = Field(default=False, exclude=True, description="Internal.")


class _Choice(Question):
    prefer_not_to_say: bool = Field(
        default=False, description='Add a "Prefer not to say" answer (code prefer_not_to_say).'
    )
    dont_know: bool = Field(default=False, description='Add a "Don\'t know" answer (code dont_know).')

    def own_options(self) -> list[Option]:
        raise NotImplementedError

    def extra_options(self) -> list[Option]:
        """Answers shown after an "or" divider; in checkboxes they stand alone."""
        extra = []
        if self.dont_know:
            extra.append(Option(code=DONT_KNOW, label="Don't know", standard=True))
        if self.prefer_not_to_say:
            extra.append(Option(code=PREFER_NOT_TO_SAY, label="Prefer not to say", standard=True))
        return extra

    def all_options(self) -> list[Option]:
        return self.own_options() + self.extra_options()

    def codes(self) -> set[str]:
        return {option.code for option in self.all_options()}

    def label_for(self, code: str) -> Option | None:
        return next((o for o in self.all_options() if o.code == code), None)

    recode: list[RecodeStep] = Field(
        default_factory=list,
        description="For a quasi-identifier: coarser groupings to use on export, finest first (each step groups the original codes).",
    )

    @model_validator(mode="after")
    def _codes_unique(self):
        seen: set[str] = set()
        for option in self.all_options():
            if option.code in seen:
                raise ValueError(f"option code {option.code!r} is used twice")
            seen.add(option.code)
        codes = self.codes()
        for number, step in enumerate(self.recode, start=1):
            grouped = [code for group in step.groups.values() for code in group.codes]
            missing, unknown = codes - set(grouped), set(grouped) - codes
            twice = {code for code in grouped if grouped.count(code) > 1}
            if missing or unknown or twice:
                problem = (
                    f"misses {sorted(missing)}" if missing else f"names unknown codes {sorted(unknown)}" if unknown
                    else f"puts {sorted(twice)} in more than one group"
                )
                raise ValueError(f"recode step {number} ({step.label!r}) {problem}: every option code belongs to one group")
        return self


class SingleChoice(_Choice):
    """Radios: exactly one answer."""

    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=2)

    def own_options(self) -> list[Option]:
        return list(self.options)

    def parse(self, form: FormData) -> Parsed:
        values = [v for v in form.get(self.id, ()) if v != ""]
        if not values:
            return self.blank()
        if len(values) > 1 or values[0] not in self.codes():
            # Only a forged or stale form sends this; say so and keep nothing.
            return Parsed(errors=(FieldError("invalid_option"),))
        return Parsed(value=values[0], shown={"value": values[0]})


class YesNo(SingleChoice):
    """Radios with Yes and No, side by side."""

    type: Literal["yes_no"]  # type: ignore[assignment]
    options: list[Option] = Field(default_factory=list, exclude=True)

    def own_options(self) -> list[Option]:
        return [
            Option(code="yes", label="Yes", standard=True),
            Option(code="no", label="No", standard=True),
        ]

    @model_validator(mode="after")
    def _no_options(self):
        if self.options:
            raise ValueError("a yes_no question has its own options; use single_choice to list others")
        return self


class MultipleChoice(_Choice):
    """Checkboxes: any number of answers, with an optional "None of these"."""

    type: Literal["multiple_choice"]
    options: list[Option] = Field(min_length=2)
    none_option: Option | None = Field(
        default=None,
        description='An answer that excludes the others, such as "None of these", shown after "or".',
    )

    def own_options(self) -> list[Option]:
        return list(self.options)

    def extra_options(self) -> list[Option]:
        return ([self.none_option] if self.none_option else []) + super().extra_options()

    def shown(self, value):
        return {"value": value or []}

    def exclusive_codes(self) -> set[str]:
        return {option.code for option in self.extra_options()}

    def parse(self, form: FormData) -> Parsed:
        values = [v for v in form.get(self.id, ()) if v != ""]
        if not values:
            return self.blank(shown={"value": []})
        shown = {"value": values}
        if len(set(values)) != len(values) or not set(values) <= self.codes():
            return Parsed(errors=(FieldError("invalid_option"),), shown={"value": []})
        exclusive = [v for v in values if v in self.exclusive_codes()]
        if exclusive and len(values) > 1:
            return Parsed(errors=(FieldError("exclusive", params={"code": exclusive[0]}),), shown=shown)
        order = [o.code for o in self.all_options()]
        return Parsed(value=sorted(values, key=order.index), shown=shown)
