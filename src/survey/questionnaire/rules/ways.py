"""Words that fit each way of answering: "Exit this page" and "your code"
belong to the web pages. Read aloud by a community worker, or printed on a
paper form, they mean nothing, so the bank should say those parts again in
words that fit (``intro.assisted``, ``intro.printed``, a page's ``printed``)."""

from __future__ import annotations

import re

from ..findings import WARNING, Finding
from ..schema import Questionnaire
from .common import ignored, pages

#: What only someone answering on the web has.
ONLINE_ONLY = re.compile(r"exit this page|\byour code\b|\bclick\b", re.IGNORECASE)


def _mentions(paragraphs: list[str]) -> list[tuple[int, str]]:
    return [(n, found.group(0)) for n, text in enumerate(paragraphs) if (found := ONLINE_ONLY.search(text))]


def findings(q: Questionnaire) -> list[Finding]:
    out: list[Finding] = []
    intro = q.intro
    for part in ("body", "privacy"):
        for n, words in _mentions(getattr(intro, part)):
            path = f"$.intro.{part}[{n}]"
            if part == "privacy" and not (intro.assisted and intro.assisted.privacy is not None):
                out.append(Finding(path, "wy-assisted-intro", WARNING,
                                   f"“{words}” is read to someone answering with a community worker, who has no such thing.",
                                   "Give intro.assisted.privacy: the same paragraphs in words for an interview."))
            own = intro.printed and getattr(intro.printed, part) is not None
            if not own:
                out.append(Finding(path, "wy-printed-intro", WARNING, f"“{words}” is printed on the paper versions, where it means nothing.",
                                   f"Give intro.printed.{part}: the same paragraphs in words for paper."))
    for path, page in pages(q):
        # Pages that only tell (content pages) are printed as they are, unless they say otherwise.
        if page.collects_answer or page.printed is not None or ignored(page, "wy-printed-page"):
            continue
        for n, words in _mentions(page.body):
            out.append(Finding(f"{path}.body[{n}]", "wy-printed-page", WARNING, f"“{words}” is printed on the paper versions, where it means nothing.",
                               "Give the page a printed.body: its paragraphs in words for paper."))
    return out
