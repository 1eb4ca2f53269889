"""Structure rules: long lists need a way out, sensitive questions need a way
not to answer, and complex questions need a hint."""

from __future__ import annotations

from ..findings import ERROR, WARNING, Finding
from ..schema import Questionnaire
from .common import ignored, pages

MANY_OPTIONS = 7
_WAY_OUT = ("none", "other", "something_else", "no_one", "any_other")


def findings(q: Questionnaire) -> list[Finding]:
    out: list[Finding] = []
    for path, page in pages(q):
        if not page.collects_answer:
            continue

        def add(rule: str, severity: str, message: str, fix: str) -> None:
            if not ignored(page, rule):
                out.append(Finding(path, rule, severity, message, fix))

        if page.chooses:
            options = page.all_options()
            escape = page.extra_options() or any(o.code.startswith(_WAY_OUT) or o.code.endswith("other") for o in options)
            if len(options) > MANY_OPTIONS and not escape:
                add("st-many-options", WARNING, f"{len(options)} answers and no 'None', 'Other' or 'Prefer not to say'.",
                    "Add a way out for people whose answer is not listed.")
        if page.sensitive and page.required:
            dont_know = q.assessment.dont_know_is_a_way_out and page.offers_dont_know
            if not page.has_way_out and not dont_know:
                add("st-sensitive-required", ERROR, "A sensitive question must be answered, with no 'Prefer not to say'.",
                    "Add prefer_not_to_say, or make the question optional"
                    + (", or say the bank counts \"Don't know\" as a way out (assessment.dont_know_is_a_way_out)."
                       if page.offers_dont_know else "."))
        if page.complex and not page.hint:
            add("st-complex-no-hint", WARNING, "The question is marked complex but has no hint.", "Add a hint that helps people answer.")
    return out
