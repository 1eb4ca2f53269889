"""A long list to choose one answer from (boroughs, countries, languages).

Shown as a select box, which works in every browser and with every assistive
technology without JavaScript; where scripts run, it becomes GOV.UK's
accessible autocomplete, which narrows the list as the person types. Its
answers are one option's code, like radios: read, checked, exported and
counted the same way."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Option
from .choice import SingleChoice


class Select(SingleChoice):
    """One answer from a long list."""

    type: Literal["select"]  # type: ignore[assignment]
    options: list[Option] = Field(min_length=2)
