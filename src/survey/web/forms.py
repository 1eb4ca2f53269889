"""Reading a submitted form: every value of every field, and where a form says it came from."""

from __future__ import annotations

from typing import Any

from .render import BadForm


def form_values(data: Any) -> dict[str, list[str]]:
    return {key: data.getall(key) for key in data.keys()}


def return_to(form: dict[str, list[str]]) -> str | None:
    """The page a format form came from (checked by the caller before use)."""
    if set(form) - {"return", "_csrf_token"}:
        raise BadForm("unexpected fields")
    value = (form.get("return") or [""])[0]
    return value if value and len(value) <= 500 else None
