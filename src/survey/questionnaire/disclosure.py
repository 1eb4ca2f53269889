"""What a bank says about disclosure control on export: how to coarsen its
quasi-identifiers (recoding hierarchies), which matter most, which words to
redact from free text, and the k to reach."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .identifiers import Code, QuestionId, Text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecodeGroup(_Strict):
    label: Text
    codes: list[Code] = Field(min_length=1, description="The option codes this group takes in.")


class RecodeStep(_Strict):
    """One step coarser: every option code belongs to exactly one group."""

    label: Text = Field(description='What the step does, for the risk report: "33 boroughs to 5 sub-regions".')
    groups: dict[Code, RecodeGroup] = Field(min_length=1)


class Disclosure(_Strict):
    k: int = Field(default=5, ge=2, le=100, description="Each combination of quasi-identifiers is shared by at least k people.")
    importance: list[QuestionId] = Field(
        default_factory=list,
        description="Quasi-identifiers, most important to analysts first: the last are coarsened and suppressed first.",
    )
    redact: list[Text] = Field(
        default_factory=list,
        description="Names and other words to replace with [name] in exported free text.",
    )
