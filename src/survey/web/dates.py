"""Dates people type in the GOV.UK pattern: day, month and year in three
boxes, read into a date or into the message that says what is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..services.i18n import gettext as _

PARTS = ("day", "month", "year")


def read_date(form: Mapping[str, str], name: str) -> tuple[dt.date | None, str | None, str | None]:
    """The date in ``name``-day, -month and -year (None when all are empty),
    or the message and the box it belongs to."""
    parts = [(form.get(f"{name}-{part}") or "").strip() for part in PARTS]
    if not any(parts):
        return None, None, None
    missing = next((part for part, typed in zip(PARTS, parts) if not typed), None)
    if missing:
        return None, _("The date must include a %(part)s", part={"day": _("day"), "month": _("month"), "year": _("year")}[missing]), missing
    if not all(typed.isdigit() for typed in parts) or len(parts[2]) != 4:
        return None, _("The date must be a real date, with the year in 4 numbers, like 27 3 2026"), "day"
    try:
        return dt.date(int(parts[2]), int(parts[1]), int(parts[0])), None, None
    except ValueError:
        return None, _("The date must be a real date, like 27 3 2026"), "day"
