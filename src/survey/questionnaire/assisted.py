"""What a bank says about responses a community worker enters for someone.

Assisted interviews are checked the way interviewer surveys check them: a
supervisor reads what was entered and accepts it or returns it to the worker.
A bank chooses whether its assisted responses wait for that before they count."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Assisted(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    review: Literal["required", "optional"] = Field(
        default="optional",
        description='"required": a response a worker entered reaches the export and the public results only once a '
        'supervisor has accepted it. "optional": it counts once sent; supervisors may still read it and return it.',
    )
