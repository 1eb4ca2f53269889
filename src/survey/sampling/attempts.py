"""A worker's contact attempts on a sampled case, and the AAPOR outcome each
kind of attempt records (none for an appointment made: the case is still
open). Answers sent or half given always count over these, as over any
outcome recorded by hand."""

from __future__ import annotations

#: How a worker tried to reach the case.
HOWS = ("visit", "phone", "video_call", "text_relay", "letter", "email")

#: What came of it, and the disposition it records (None: none yet).
OUTCOMES: dict[str, str | None] = {
    "no_answer": "2.20",
    "appointment": None,
    "refused": "2.11",
    "could_not_take_part": "2.32",
    "moved_out": "4.10",
    "vacant": "4.60",
    "not_residential": "4.50",
    "nobody_16": "4.70",
    "other": "2.35",
}
