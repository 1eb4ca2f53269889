"""How a response was collected: its mode, recorded on every response and
exported as a column, with the words people read for each code."""

from __future__ import annotations

from collections.abc import Callable

from .i18n import gettext as _

#: Code → label. "online" is a respondent answering by themselves.
MODES: dict[str, Callable[[], str]] = {
    "online": lambda: _("Online, by the respondent"),
    "in_person": lambda: _("In person"),
    "phone": lambda: _("By phone"),
    "video_call": lambda: _("By video call"),
    "bsl_interpreter": lambda: _("With a BSL interpreter"),
    "paper": lambda: _("Transcribed from a paper form"),
    "alternative_format": lambda: _("Transcribed from an alternative-format document"),
}

#: Modes a worker can choose; the rest are set by the system.
ASSISTED_MODES = tuple(code for code in MODES if code != "online")

#: Modes typed up from a returned form: they open on the one-page transcription form.
TRANSCRIBED = frozenset({"paper", "alternative_format"})


def mode_label(code: str) -> str:
    return MODES[code]() if code in MODES else code


#: The formats a respondent can choose to answer in, as people read them.
FORMAT_LABELS: dict[str, Callable[[], str]] = {
    "standard": lambda: _("Standard"),
    "easy_read": lambda: _("Easy Read"),
    "bsl": lambda: _("British Sign Language (BSL)"),
}

FORMATS = ("standard", "bsl", "easy_read")


def format_label(code: str) -> str:
    return FORMAT_LABELS[code]() if code in FORMAT_LABELS else code
