"""What a bank says about disclosure control on export: how to coarsen its
quasi-identifiers (recoding hierarchies), which matter most, which words to
redact from free text, the k to reach and the l-diversity to keep, and which
of the columns the export adds are not keys (with why)."""

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


#: Columns every export adds, each a key (quasi-identifier) unless the bank says why not, most
#: important first: the stratum (a sampled questionnaire's only) first, as its design weight goes with it.
EXPORT_KEYS = ("stratum", "mode", "format", "language", "organisation", "submission_month")


class Disclosure(_Strict):
    k: int = Field(default=5, ge=2, le=100, description="Each combination of quasi-identifiers is shared by at least k people.")
    importance: list[QuestionId] = Field(
        default_factory=list,
        description="Quasi-identifiers, most important to analysts first: the last are coarsened and suppressed first. "
        "Questions flagged quasi_identifier, and the columns the export adds (" + ", ".join(EXPORT_KEYS) + "); "
        "any left out come after, the export's columns last.",
    )
    not_keys: dict[str, Text] = Field(
        default_factory=dict,
        description="Columns the export adds that are not keys, each with the reason (shown in the codebook): "
        "say who could know this about a respondent, and why that is nobody. One of " + ", ".join(EXPORT_KEYS) + ".",
    )
    l_diversity: int | None = Field(
        default=None, ge=2, le=20,
        description="Every respondent's answer to a sensitive question is one of at least this many different answers "
        "among the people their released keys match; met by suppressing more keys and, last, the answer itself. "
        "Unset: the risk report says how many people's sensitive answers can be read off.",
    )
    redact: list[Text] = Field(
        default_factory=list,
        description="Names and other words to replace with [name] in exported free text.",
    )
