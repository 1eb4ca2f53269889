"""The answer saved when a respondent, helped by a worker, chose not to answer.

It is an answer (the journey moves on, and a required question is satisfied)
that matches no routing condition and no option, and exports as its own
missing-value code, distinct from a question never asked.
"""

from __future__ import annotations

from typing import Any

DECLINED: dict[str, bool] = {"declined": True}


def is_declined(value: Any) -> bool:
    return isinstance(value, dict) and value.get("declined") is True
