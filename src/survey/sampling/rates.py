"""AAPOR outcome rates (Standard Definitions, 2023): response, cooperation,
refusal and contact rates from the counts of cases in each group.

I complete, P partial, R refusal and break-off, NC non-contact, O other,
UH and UO unknown eligibility, NE not eligible. ``e`` is the share of cases
of unknown eligibility taken to be eligible; by default the proportional
("CASRO") estimate: eligible among the cases whose eligibility is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .dispositions import DISPOSITIONS

GROUPS = ("I", "P", "R", "NC", "O", "UH", "UO", "NE")
RATE_NAMES = (
    "RR1", "RR2", "RR3", "RR4", "RR5", "RR6",
    "COOP1", "COOP2", "COOP3", "COOP4",
    "REF1", "REF2", "REF3",
    "CON1", "CON2", "CON3",
)


@dataclass(frozen=True)
class Counts:
    I: int = 0
    P: int = 0
    R: int = 0
    NC: int = 0
    O: int = 0
    UH: int = 0
    UO: int = 0
    NE: int = 0

    @classmethod
    def of(cls, dispositions: Iterable[str]) -> "Counts":
        """Counts from cases' disposition codes."""
        totals = dict.fromkeys(GROUPS, 0)
        for code in dispositions:
            totals[DISPOSITIONS[code].group] += 1
        return cls(**totals)

    @classmethod
    def by_code(cls, counts: Mapping[str, int]) -> "Counts":
        totals = dict.fromkeys(GROUPS, 0)
        for code, n in counts.items():
            totals[DISPOSITIONS[code].group] += n
        return cls(**totals)

    @property
    def total(self) -> int:
        return sum(getattr(self, group) for group in GROUPS)

    def proportional_e(self) -> float | None:
        """Eligible among cases of known eligibility; None when none is known."""
        eligible = self.I + self.P + self.R + self.NC + self.O
        known = eligible + self.NE
        return eligible / known if known else None


def _share(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def rates(counts: Counts, e: float | None = None) -> dict[str, float | None]:
    """Every rate, as a share between 0 and 1 (None where the denominator is 0).
    ``e`` defaults to the proportional estimate (1 when no eligibility is known)."""
    if e is None:
        e = counts.proportional_e()
        e = 1.0 if e is None else e
    if not 0 <= e <= 1:
        raise ValueError("e must be between 0 and 1")
    c = counts
    interviews = c.I + c.P
    unknown = c.UH + c.UO
    eligible_non = c.R + c.NC + c.O
    all_cases = interviews + eligible_non + unknown
    estimated = interviews + eligible_non + e * unknown
    known = interviews + eligible_non
    contacted = interviews + c.R + c.O
    return {
        "RR1": _share(c.I, all_cases),
        "RR2": _share(interviews, all_cases),
        "RR3": _share(c.I, estimated),
        "RR4": _share(interviews, estimated),
        "RR5": _share(c.I, known),
        "RR6": _share(interviews, known),
        "COOP1": _share(c.I, interviews + c.R + c.O),
        "COOP2": _share(interviews, interviews + c.R + c.O),
        "COOP3": _share(c.I, interviews + c.R),
        "COOP4": _share(interviews, interviews + c.R),
        "REF1": _share(c.R, all_cases),
        "REF2": _share(c.R, estimated),
        "REF3": _share(c.R, known),
        "CON1": _share(contacted, contacted + c.NC + unknown),
        "CON2": _share(contacted, contacted + c.NC + e * unknown),
        "CON3": _share(contacted, contacted + c.NC),
    }
