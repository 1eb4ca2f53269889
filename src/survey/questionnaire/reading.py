"""Reading one page's form into an answer: the same for the respondent's
question page, a worker's assisted journey and the paper transcription form
(where every question of the bank is one page's worth of fields)."""

from __future__ import annotations

from dataclasses import dataclass

from .answer import DECLINED
from .questions import FieldError, FormData, Page, Parsed


@dataclass(frozen=True)
class Reading:
    parsed: Parsed
    #: Whether anything was typed or chosen on the page (a file chosen counts).
    typed: bool


def read_page(page: Page, form: FormData, *, declined: bool = False, file_chosen: bool = False) -> Reading:
    """The page's answer from its fields. ``declined``: a worker ticked "The
    respondent chose not to answer", which is the answer when nothing else
    was given, and an error beside one."""
    parsed = page.parse(form)
    typed = file_chosen or any(v.strip() for name in page.field_names() for v in form.get(name, ()))
    if declined and page.collects_answer:
        if typed:
            parsed = Parsed(errors=(FieldError("declined_and_answered", part="declined"),), shown=parsed.shown)
        else:
            parsed = Parsed(value=DECLINED.stored())
    return Reading(parsed, typed)
