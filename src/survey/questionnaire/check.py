"""The accessibility assessment of a question bank: findings an author can act on.

Each finding names the JSON path, the rule, its severity and a suggested fix.
The rules live in ``rules/``, one module per concern.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import ERROR, WARNING, Finding
from .rules import bsl, easy_read, plain_english, structure, ways

__all__ = ["ERROR", "WARNING", "Finding", "Summary", "assess", "summarise"]


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    max_warnings: int | None

    @property
    def passed(self) -> bool:
        return self.errors == 0 and (self.max_warnings is None or self.warnings <= self.max_warnings)

    @property
    def over_warning_limit(self) -> str:
        """The warnings over ``--max-warnings``, in words ("" when within it):
        errors are counted in the verdict's line already, a limit is not."""
        if self.max_warnings is not None and self.warnings > self.max_warnings:
            return f"{self.warnings} warnings, more than --max-warnings {self.max_warnings}"
        return ""


def summarise(findings: list[Finding], max_warnings: int | None = None) -> Summary:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return Summary(errors, len(findings) - errors, max_warnings)


def assess(questionnaire, media_dir, pictures: set[str] | None = None) -> list[Finding]:
    """Every finding for one bank: Easy Read, plain English, structure, words for each way of answering, and BSL."""
    return [
        *easy_read.findings(questionnaire, pictures),
        *plain_english.findings(questionnaire),
        *structure.findings(questionnaire),
        *ways.findings(questionnaire),
        *bsl.bsl_findings(questionnaire, media_dir),
    ]
