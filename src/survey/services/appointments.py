"""Booking appointments for fieldwork: checking what the worker typed (the
GOV.UK date pattern, a time, how, where, which interpreter), and calendar
files that carry the case's reference and nothing else about the person."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import icalendar

from ..storage.appointments import Appointment
from .collection import mode_label
from .i18n import gettext as _

LONDON = ZoneInfo("Europe/London")
#: Modes an appointment can be in: a worker with the person, live.
MODES = ("in_person", "phone", "video_call", "bsl_interpreter")
INTERPRETERS: dict[str, Callable[[], str]] = {
    "none": lambda: _("No interpreter"),
    "bsl": lambda: _("A British Sign Language (BSL) interpreter is booked"),
    "language": lambda: _("An interpreter for another language is booked"),
}
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


@dataclass
class Booking:
    values: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _time(text: str) -> tuple[int, int] | None:
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59 or (not half and match.group(2) is None):
        return None
    return hour, minute


def check(form: Mapping[str, str], now: dt.datetime) -> Booking:
    """The booking, or each field's error (the first box of a date in error takes the link)."""
    found = Booking()
    parts = [form.get(f"date-{name}", "").strip() for name in ("day", "month", "year")]
    day: dt.date | None = None
    if not any(parts):
        found.errors["date-day"] = _("Enter the date of the appointment")
    elif not all(part.isdigit() for part in parts):
        first = next(name for name, part in zip(("day", "month", "year"), parts) if not part.isdigit())
        found.errors[f"date-{first}"] = _("The date of the appointment must include a day, month and year, as numbers")
    else:
        try:
            day = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            found.errors["date-day"] = _("The date of the appointment must be a real date")
    time = _time(form.get("time", ""))
    if time is None:
        found.errors["time"] = _("Enter the time as hours and minutes, like 14:30 or 2:30pm")
    if day is not None and time is not None:
        starts = dt.datetime(day.year, day.month, day.day, time[0], time[1], tzinfo=LONDON)
        if starts < now - dt.timedelta(hours=1):
            found.errors["date-day"] = _("The appointment must be in the future")
        found.values["starts_at"] = starts.astimezone(dt.timezone.utc)
    minutes = form.get("minutes", "").strip() or "60"
    if not minutes.isdigit() or not 10 <= int(minutes) <= 480:
        found.errors["minutes"] = _("Enter how long as a number of minutes, between 10 and 480")
    else:
        found.values["minutes"] = int(minutes)
    if form.get("mode") not in MODES:
        found.errors["mode"] = _("Select how the appointment takes place")
    else:
        found.values["mode"] = form["mode"]
    place = form.get("place", "").strip()
    if len(place) > 300:
        found.errors["place"] = _("Where must be 300 characters or fewer")
    found.values["place"] = place or None
    interpreter = form.get("interpreter", "none")
    if interpreter not in INTERPRETERS:
        found.errors["interpreter"] = _("Select whether an interpreter is booked")
    found.values["interpreter"] = interpreter
    language = form.get("interpreter_language", "").strip()
    if interpreter == "language" and not language:
        found.errors["interpreter_language"] = _("Enter the language the interpreter speaks")
    found.values["interpreter_language"] = language[:20] or None if interpreter == "language" else None
    name = form.get("interpreter_name", "").strip()
    if len(name) > 200:
        found.errors["interpreter_name"] = _("The interpreter’s name must be 200 characters or fewer")
    found.values["interpreter_name"] = name or None if interpreter != "none" else None
    return found


def summary(appointment: Appointment) -> str:
    """What a calendar shows: the reference and how, never who or where."""
    return _("Survey interview, %(reference)s: %(how)s", reference=appointment.reference, how=mode_label(appointment.mode))


def calendar(appointments: list[Appointment], name: str) -> bytes:
    """An iCalendar file of these appointments. No respondent detail beyond
    the case's reference: no address, no name, no phone number (a calendar
    is synced to phones and shared more than a case page)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//survey//fieldwork appointments//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.timezone.utc)
    for appointment in appointments:
        event = icalendar.Event()
        event.add("uid", f"{appointment.id}@survey")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at.astimezone(dt.timezone.utc))
        event.add("dtend", appointment.ends_at.astimezone(dt.timezone.utc))
        event.add("summary", summary(appointment))
        lines = [INTERPRETERS[appointment.interpreter]()]
        if appointment.interpreter_name:
            lines.append(_("Interpreter: %(name)s", name=appointment.interpreter_name))
        event.add("description", "\n".join(lines))
        cal.add_component(event)
    return cal.to_ical()
