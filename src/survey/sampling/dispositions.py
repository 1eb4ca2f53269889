"""Case outcomes as the AAPOR Standard Definitions code them, and the groups
the outcome rates count them in.

The codes are those of the Standard Definitions' tables for in-person
household and mail surveys, the ways a sampled London address is reached.
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Marks words for translation; the layer above says them."""
    return message


@dataclass(frozen=True)
class Disposition:
    code: str
    words: str
    #: Who sets it: "app" (from the response itself) or "staff" (recorded by hand).
    set_by: str = "staff"

    @property
    def group(self) -> str:
        """The outcome-rate group: I, P, R, NC, O, UH (unknown if an eligible
        household), UO (unknown, other) or NE (not eligible)."""
        if self.code == "1.1":
            return "I"
        if self.code.startswith("1."):
            return "P"
        if self.code.startswith("2.1"):
            return "R"
        if self.code.startswith("2.2"):
            return "NC"
        if self.code.startswith("2."):
            return "O"
        if self.code.startswith("3.1"):
            return "UH"
        if self.code.startswith("3."):
            return "UO"
        return "NE"


DISPOSITIONS: dict[str, Disposition] = {
    d.code: d
    for d in (
        Disposition("1.1", N_("Complete: answers sent"), "app"),
        Disposition("1.2", N_("Partial: at least half the questions answered, not sent"), "app"),
        Disposition("2.11", N_("Refused")),
        Disposition("2.12", N_("Broke off: started, then stopped before half the questions"), "app"),
        Disposition("2.20", N_("No contact: nobody reached at the address")),
        Disposition("2.21", N_("The person was away for the whole fieldwork period")),
        Disposition("2.31", N_("The person has died")),
        Disposition("2.32", N_("Could not take part, even with the support offered")),
        Disposition("2.33", N_("Could not take part in any language offered")),
        Disposition("2.35", N_("Other reason for not taking part")),
        Disposition("3.11", N_("Letter not sent")),
        Disposition("3.19", N_("Nothing heard back"), "app"),
        Disposition("3.20", N_("Letter delivered: not known whether anyone eligible lives there")),
        Disposition("3.30", N_("Letter returned undelivered")),
        Disposition("4.10", N_("Not eligible: moved out of London")),
        Disposition("4.50", N_("Not eligible: not a residential address")),
        Disposition("4.60", N_("Not eligible: vacant")),
        Disposition("4.70", N_("Not eligible: nobody aged 16 or over lives there")),
    )
}

#: What staff may record by hand: the app alone says whether answers came back.
RECORDABLE = tuple(code for code, d in DISPOSITIONS.items() if d.set_by == "staff")

#: Share of a response's questions (on its route) answered for a partial, not a break-off.
PARTIAL_SHARE = 0.5


def from_response(sent: bool, answered: int, on_route: int) -> str | None:
    """What a case's response says of it: None when there is no response to go by."""
    if sent:
        return "1.1"
    if on_route and answered / on_route >= PARTIAL_SHARE:
        return "1.2"
    return "2.12"


def outcome(recorded: str | None, response: str | None) -> str:
    """A case's disposition: answers sent or started outrank what was recorded
    by hand (a refusal on the doorstep, then answers online, is a complete),
    except that a break-off keeps a refusal or an ineligibility recorded since."""
    if response in ("1.1", "1.2"):
        return response
    if recorded:
        return recorded
    return response or "3.19"
