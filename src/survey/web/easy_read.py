"""Showing a page in Easy Read: its Easy Read heading, ideas with pictures
(tied to the inputs as their hint) and answers with pictures."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from ..services.i18n import gettext as _
from ..questionnaire.questions import Page

#: Easy Read words and pictures for the answers the interface supplies.
_STANDARD = {
    "yes": (lambda: _("Yes"), "yes"),
    "no": (lambda: _("No"), "no"),
    "dont_know": (lambda: _("I do not know"), "not-sure"),
    "prefer_not_to_say": (lambda: _("I do not want to say"), "private"),
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def easy_read_markup(text: str) -> Markup:
    """Escape, then show **key words** in bold (Easy Read uses bold, never italics)."""
    return Markup(_BOLD.sub(r"<strong>\1</strong>", str(escape(text))))


def plain(text: str) -> str:
    """The words without the bold markers, for titles and accessible names."""
    return text.replace("**", "")


def labels_and_pictures(page: Page) -> tuple[dict[str, str], dict[str, str]]:
    labels: dict[str, str] = {}
    pictures: dict[str, str] = {}
    for option in page.all_options():
        if option.standard and option.code in _STANDARD:
            label, picture = _STANDARD[option.code]
            labels[option.code], pictures[option.code] = label(), picture
    if page.easy_read:
        for code, text in page.easy_read.options.items():
            labels[code] = text.text
            if text.picture:
                pictures[code] = text.picture
    return labels, pictures


def easy_read_page(page: Page) -> tuple[Page, dict[str, Any]]:
    """The page to render, and what to add to its state, in Easy Read."""
    if page.easy_read is None:
        return page, {}
    er = page.easy_read
    update: dict[str, Any] = {"title": er.title}
    if page.collects_answer:
        # The ideas are the hint: tied to every input by aria-describedby.
        update["hint"] = " ".join(idea.text for idea in er.ideas) or None
    labels, pictures = labels_and_pictures(page)
    return page.model_copy(update=update), {"ideas": er.ideas, "labels": labels, "pictures": pictures}
