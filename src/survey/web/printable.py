"""Printable alternative formats of a question bank: large print, Easy Read
and a plain-text document for screen readers, each with a reference box so a
returned form can be typed up (see ``paper``). Used by workers' pages and by
``survey formats``.

These are HTML, for the browser's "Save as PDF" or a screen reader; the
letters of a sampled survey are made as tagged PDF as well (``letters``).
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from ..services import i18n
from ..services.i18n import gettext as _
from ..questionnaire import Questionnaire
from ..services.wording import describe, option_label
from .easy_read import labels_and_pictures, plain

#: Kind → (file name, media type, title).
KINDS = {
    "large-print": ("large-print.html", "text/html; charset=utf-8"),
    "easy-read": ("easy-read.html", "text/html; charset=utf-8"),
    "plain-text": ("plain-text.md", "text/markdown; charset=utf-8"),
}


def file_name(questionnaire_id: str, kind: str) -> str:
    """The name of a printable file: the same on the workers' page, in the download and from ``survey formats``."""
    return f"{questionnaire_id}-{KINDS[kind][0]}"


def kind_title(kind: str) -> str:
    return {
        "large-print": _("Large print"),
        "easy-read": _("Easy Read"),
        "plain-text": _("Plain text, for screen readers"),
    }[kind]


def form_items(questionnaire: Questionnaire, easy_read: bool, typed: bool = False) -> list[dict[str, Any]]:
    """The form's sections and questions, numbered as printed."""
    questions = questionnaire.questions()
    numbers = {q.id: n for n, q in enumerate(questions, start=1)}
    sections = []
    for section in questionnaire.sections:
        items = []
        for page in section.questions:
            if not page.collects_answer:
                items.append({"content": True, "title": page.title, "body": page.printed_body()})
                continue
            er = page.easy_read if easy_read else None
            labels, pictures = labels_and_pictures(page) if easy_read else ({}, {})
            options = [
                {"code": o.code, "label": plain(labels.get(o.code) or option_label(o)), "picture": pictures.get(o.code)}
                for o in page.all_options()
            ]
            conditions = [c for c in (section.show_if, page.show_if) if c is not None]
            items.append(
                {
                    "content": False,
                    "number": numbers[page.id],
                    "title": plain(er.title) if er else page.title,
                    "optional": not page.required,
                    "hint": page.hint if not er else None,
                    "ideas": er.ideas if er else [],
                    "instruction": _(page.instruction(easy_read, typed)),
                    "options": options,
                    "lines": page.lines_on_paper,
                    "only_if": _(" and ").join(describe(c, questionnaire, numbers) for c in conditions) if conditions else None,
                }
            )
        sections.append({"title": section.title, "entries": items})
    return sections


def render(env: Environment, questionnaire: Questionnaire, kind: str) -> str:
    easy_read = kind == "easy-read" and questionnaire.easy_read is not None
    template = env.get_template("printable/plain-text.md" if kind == "plain-text" else "printable/form.html")
    return template.render(
        questionnaire=questionnaire,
        kind=kind,
        title=plain(questionnaire.easy_read.title) if easy_read and questionnaire.easy_read else questionnaire.title,
        easy_read=easy_read,
        sections=form_items(questionnaire, easy_read, typed=kind == "plain-text"),
        total=len(questionnaire.questions()),
        lang=i18n.current_language(),
        dir=i18n.text_direction(i18n.current_language()),
    )
