"""Questions answered by choosing: radios, checkboxes and yes/no."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, model_validator

from ..disclosure import RecodeStep
from .base import N_, FieldError, FormData, Option, Parsed, Question, Words
from .columns import Column

#: Codes of the standard answers a bank switches on by a flag. Analysts see the
#: same code in every question and every questionnaire.
PREFER_NOT_TO_SAY = "prefer_not_to_say"
DONT_KNOW = "dont_know"
STANDARD_CODES = (DONT_KNOW, PREFER_NOT_TO_SAY)


class Choice(Question):
    """What every question answered by choosing options shares."""

    chooses: ClassVar[Literal["one", "many"] | None] = "one"
    MESSAGES: ClassVar[dict[str, str]] = {
        "required": N_("Select an answer"),
        "invalid_option": N_("Select one of the answers shown"),
    }

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

    def written_options(self) -> list[Option]:
        return [option for option in self.own_options() if not option.standard]

    @property
    def has_way_out(self) -> bool:
        return self.prefer_not_to_say

    @property
    def offers_dont_know(self) -> bool:
        return self.dont_know

    def answer_lines(self, value: Any, words: Words, labels: Mapping[str, str] | None = None) -> list[str]:
        labels = labels or {}
        return [labels.get(c) or (words.option(o) if (o := self.label_for(c)) else c)
                for c in (value if isinstance(value, list) else [value])]

    def instruction(self, easy_read: bool, read_aloud: bool) -> str:
        if read_aloud:
            return N_("Choose one answer.")  # read aloud or typed into: there are no boxes to tick
        return N_("Tick one answer.") if easy_read else N_("Tick one box.")

    def export_columns(self, words: Words) -> list[Column]:
        options = self.all_options()
        return [Column(self.id, self.title, "code", values={n: words.option(o) for n, o in enumerate(options, start=1)},
                       codes={o.code: n for n, o in enumerate(options, start=1)})]

    def export_cell(self, column: Column, value: Any) -> Any:
        return column.codes.get(value)

    def recode_groups(self) -> list[tuple[str, dict[int, int], dict[int, str]]]:
        """Each recode step as its label, the group of each option's number
        (as exported) and the groups' labels."""
        number = {o.code: n for n, o in enumerate(self.all_options(), start=1)}
        found = []
        for step in self.recode:
            groups = {number[code]: g for g, group in enumerate(step.groups.values(), start=1) for code in group.codes}
            found.append((step.label, groups, {g: group.label for g, group in enumerate(step.groups.values(), start=1)}))
        return found

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


class SingleChoice(Choice):
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


class MultipleChoice(Choice):
    """Checkboxes: any number of answers, with an optional "None of these"."""

    chooses: ClassVar[Literal["one", "many"] | None] = "many"
    MESSAGES: ClassVar[dict[str, str]] = {
        **Choice.MESSAGES,
        "required": N_("Select at least one answer"),
        "exclusive": N_("Select “%(option)s” on its own, or choose only from the other answers"),
    }

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

    def message_params(self, error: FieldError, words: Words) -> dict[str, Any]:
        if error.key == "exclusive":
            option = self.label_for(error.params["code"])
            return {"option": words.option(option) if option else ""}
        return super().message_params(error, words)

    def instruction(self, easy_read: bool, read_aloud: bool) -> str:
        if read_aloud:
            return N_("Choose all that apply.")
        return N_("Tick all the answers that are true for you.") if easy_read else N_("Tick all that apply.")

    def export_columns(self, words: Words) -> list[Column]:
        return [Column(f"{self.id}__{o.code}", f"{self.title} – {words.option(o)}", "flag",
                       values={0: "Not selected", 1: "Selected"}, option=o.code)
                for o in self.all_options()]

    def export_cell(self, column: Column, value: Any) -> Any:
        return 1 if column.option in value else 0

    def recode_groups(self) -> list[tuple[str, dict[int, int], dict[int, str]]]:
        return []  # one flag per option: there are no codes to group

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
