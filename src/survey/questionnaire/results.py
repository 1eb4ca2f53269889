"""What a bank says about its public results: the groups results are broken
down by, the population margins to weight to, and the one figure to sum up
each question in a sentence."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .conditions import Condition, leaves
from .identifiers import Code, HttpsUrl, QuestionId, Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Group(_Strict):
    label: Text = Field(description='The group\'s name in a table: "Disabled".')
    respondents: Text | None = Field(
        default=None, description='The group in a sentence: "Disabled respondents". Defaults to the label.'
    )
    when: Condition = Field(description="Who is in the group. A respondent is in the first group that matches.")


class Breakdown(_Strict):
    """A way to split respondents: by a question's answers (or one of its
    recode steps), or into groups defined by conditions on several answers."""

    id: QuestionId
    label: Text = Field(description='What the groups are: "Disability", "Ethnic group".')
    question: QuestionId | None = Field(default=None, description="Group by the answer to this single-choice question.")
    recode: int | None = Field(
        default=None, ge=1, description="Use this step (1 is the first) of the question's recode list instead of its options."
    )
    groups: dict[Code, Group] = Field(default_factory=dict, description="Groups defined by conditions, in order.")
    collection: Literal["mode", "format"] | None = Field(
        default=None,
        description='Group by how the answers were collected: "mode" (online, or each way a worker entered them) or '
        '"format" (standard, BSL, Easy Read), to see whether results differ by mode or format before pooling them.',
    )

    @model_validator(mode="after")
    def _one_source(self):
        if sum((self.question is not None, bool(self.groups), self.collection is not None)) != 1:
            raise ValueError("give one of question, groups or collection")
        if self.recode is not None and self.question is None:
            raise ValueError("recode needs question")
        return self


class Margin(_Strict):
    """A breakdown's share of the population, to weight results to."""

    breakdown: QuestionId
    source: Text = Field(description='Where the figures come from: "Census 2021, Londoners aged 16 and over".')
    shares: dict[Code, float] = Field(min_length=2, description="Each group's share of the population; they add up to 1.")

    @model_validator(mode="after")
    def _adds_up(self):
        if any(share <= 0 for share in self.shares.values()):
            raise ValueError("every share must be more than 0")
        if abs(sum(self.shares.values()) - 1) > 0.005:
            raise ValueError(f"shares add up to {sum(self.shares.values()):.3f}, not 1")
        return self


class Indicator(_Strict):
    """The answers that sum a question up, such as "strongly or tend to agree"."""

    label: Text = Field(description='A column heading: "Agree", "Good or excellent".')
    codes: list[Code] = Field(min_length=1)
    says: Text = Field(description='Follows "56% of Disabled respondents": "agree the Met is an organisation they can trust".')


class Licence(_Strict):
    """The licence the open data is published under (Frictionless's licence object)."""

    name: str = Field(default="OGL-UK-3.0", pattern=r"^[A-Za-z0-9.+-]{1,60}$", description="Its SPDX identifier.")
    title: Text = Field(default="Open Government Licence v3.0")
    path: HttpsUrl = Field(default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


class Results(_Strict):
    licence: Licence = Field(default_factory=Licence, description="The open data's licence: by default the Open Government Licence v3.0.")
    source: Literal["sample", "open_link", "both"] | None = Field(
        default=None,
        description="Which responses the published figures count: the probability sample, the open link, or both. "
        "Default: the sample alone when the questionnaire has one (with its design weights), else the open link.",
    )
    breakdowns: list[Breakdown] = Field(default_factory=list)
    margins: list[Margin] = Field(default_factory=list, description="Population margins for raking weights.")
    indicators: dict[QuestionId, Indicator] = Field(default_factory=dict)
    exclude: list[QuestionId] = Field(default_factory=list, description="Closed questions left out of public results.")
    gap_target: float = Field(
        default=5, gt=0, le=50, description="Gaps between groups larger than this many percentage points are highlighted."
    )
    rounding: int = Field(default=5, ge=1, le=10, description="Counts are shown rounded to the nearest multiple of this.")
    minimum_count: int = Field(default=10, ge=10, le=100, description="Counts below this are suppressed.")
    protection_width: int | None = Field(
        default=None, ge=1, le=100,
        description="Every hidden count under the minimum could be anything over a range at least this wide, "
        "given everything published (as tau-argus and sdcTable require). Default: the minimum count.",
    )

    @property
    def protection(self) -> int:
        return self.protection_width or self.minimum_count


def problems(results: Results, questions: dict) -> list[str]:
    """What in ``results`` names questions, codes or groups the bank does not
    have, each with its JSON path. ``questions`` maps ids to questions."""
    found: list[str] = []
    group_codes: dict[str, set[str]] = {}
    collected: set[str] = set()

    def choice(qid: str, path: str):
        question = questions.get(qid)
        if question is None:
            found.append(f"{path}: there is no question {qid!r}")
            return None
        if question.chooses is None:
            found.append(f"{path}: {qid!r} is not a choice question")
            return None
        return question

    for n, breakdown in enumerate(results.breakdowns):
        path = f"results.breakdowns[{n}]"
        if breakdown.id in group_codes:
            found.append(f"{path}.id: {breakdown.id!r} is used twice")
        if breakdown.question is not None:
            question = choice(breakdown.question, f"{path}.question")
            if question is None:
                continue
            if question.chooses == "many":
                found.append(f"{path}.question: {breakdown.question!r} is multiple choice; a respondent must be in one group")
                continue
            if breakdown.recode is not None:
                if breakdown.recode > len(question.recode):
                    found.append(f"{path}.recode: {breakdown.question!r} has {len(question.recode)} recode steps")
                    continue
                group_codes[breakdown.id] = set(question.recode[breakdown.recode - 1].groups)
            else:
                group_codes[breakdown.id] = question.codes()
        elif breakdown.collection is not None:
            collected.add(breakdown.id)
            group_codes[breakdown.id] = set()
        else:
            group_codes[breakdown.id] = set(breakdown.groups)
            for code, group in breakdown.groups.items():
                for where, leaf in leaves(group.when, f"{path}.groups.{code}.when"):
                    if leaf.question not in questions:
                        found.append(f"{where}.question: there is no question {leaf.question!r}")
    for n, margin in enumerate(results.margins):
        path = f"results.margins[{n}]"
        if margin.breakdown not in group_codes:
            found.append(f"{path}.breakdown: there is no breakdown {margin.breakdown!r}")
            continue
        if margin.breakdown in collected:
            found.append(f"{path}.breakdown: {margin.breakdown!r} groups by how answers were collected, "
                         "which has no share of the population to weight to")
            continue
        unknown = set(margin.shares) - group_codes[margin.breakdown]
        if unknown:
            found.append(f"{path}.shares: {sorted(unknown)} are not groups of {margin.breakdown!r}")
    for qid, indicator in results.indicators.items():
        question = choice(qid, f"results.indicators.{qid}")
        if question is not None and question.chooses == "many":
            found.append(f"results.indicators.{qid}: a summary figure adds answers up, so it needs a single-choice question")
        elif question is not None and set(indicator.codes) - question.codes():
            found.append(f"results.indicators.{qid}.codes: {sorted(set(indicator.codes) - question.codes())} are not options of {qid!r}")
    for n, qid in enumerate(results.exclude):
        if qid not in questions:
            found.append(f"results.exclude[{n}]: there is no question {qid!r}")
    return found
