"""Display options people set without JavaScript: text size, colours, spacing,
font and motion. Kept in a cookie and applied as classes on <html>, so every
page is served already looking the way the person asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from litestar import Request

COOKIE = "survey_display"
YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Appearance:
    """Each field's first allowed value is the default."""

    text: str = "standard"
    colours: str = "device"
    spacing: str = "standard"
    font: str = "standard"
    motion: str = "device"

    ALLOWED = {
        "text": ("standard", "150", "200"),
        "colours": ("device", "light", "dark", "contrast"),
        "spacing": ("standard", "more"),
        "font": ("standard", "dyslexia"),
        "motion": ("device", "reduce"),
    }

    @classmethod
    def from_cookie(cls, value: str | None) -> Appearance:
        chosen: dict[str, str] = {}
        for item in (value or "").split("."):
            key, _, choice = item.partition("-")
            if choice in cls.ALLOWED.get(key, ()):
                chosen[key] = choice
        return cls(**chosen)

    @classmethod
    def from_form(cls, form: Mapping[str, list[str]]) -> Appearance:
        chosen = {}
        for key, allowed in cls.ALLOWED.items():
            values = form.get(key) or [allowed[0]]
            if len(values) != 1 or values[0] not in allowed:
                raise ValueError(f"display option {key}")
            chosen[key] = values[0]
        return cls(**chosen)

    def cookie_value(self) -> str:
        return ".".join(f"{f.name}-{getattr(self, f.name)}" for f in fields(self))

    def html_classes(self) -> str:
        return " ".join(f"survey-{f.name}-{getattr(self, f.name)}" for f in fields(self))


def current(request: Request[Any, Any, Any]) -> Appearance:
    return Appearance.from_cookie(request.cookies.get(COOKIE))
