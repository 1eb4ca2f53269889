"""What a bank says about the integrity checks on open-link responses.

An open link never turns anyone away: no CAPTCHA, no email, no time limit.
Instead each response sent online through it may carry flags, kept beside it
and never shown to the respondent, that analysts can count, export and, if the
bank says so, leave out of the public results."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: Every flag, with what it means (for the codebook, the admin page and the methodology page).
FLAGS = {
    "fast": "sent unusually fast: under the bank's share of the usual time an answer took",
    "duplicate": "the same answers as another response sent within the hour before it",
    "network": "more responses than the bank allows from one network address within an hour",
}


class Integrity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fast_share: float = Field(
        default=0.33, gt=0, lt=1,
        description="A response is flagged as fast when its time per answer is under this share of the median time per "
        "answer of the last responses sent through the open link (at least 20 of them; with fewer, under 2 seconds an answer).",
    )
    responses_per_address: int = Field(
        default=10, ge=2, le=1000,
        description="A response is flagged when more than this many responses were sent from its network address within "
        "the hour. Libraries, day centres and community events share one address: set it with them in mind.",
    )
    duplicate_minimum: int = Field(
        default=5, ge=1,
        description="Responses with fewer answers than this are never flagged as duplicates: short answers are often the same.",
    )
    exclude_from_results: bool = Field(
        default=False,
        description="Leave flagged responses out of the public results (the methodology page says so). They are always exported, with their flags.",
    )
