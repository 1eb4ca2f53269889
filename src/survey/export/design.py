"""The export's columns for how a response came in: through the probability
sample or the open link, with the sample's design (wave, stratum, design
weight), and the integrity flags of open-link responses.

The stratum is a key (an intruder may know which borough someone lives in);
the design weight follows from it whenever strata are sampled at different
rates, so wherever disclosure control suppresses a stratum, the design weight
beside it is suppressed too. Open-link responses have no stratum (like
"not asked", never suppressed), so the route can be told from it anyway."""

from __future__ import annotations

from typing import Any

from ..questionnaire.integrity import FLAGS
from ..storage.exporting import Batch
from .variables import NOT_ASKED, SUPPRESSED

#: Only in the export of a questionnaire with a sample.
SAMPLE_COLUMNS = ("route", "wave", "stratum", "design_weight")
FLAG_COLUMNS = tuple(f"flag_{name}" for name in FLAGS)
NUMERIC = {"wave", "design_weight", *FLAG_COLUMNS}

LABELS = {
    "route": "How the respondent came to the survey: sample (an access code from a letter to a sampled address) or open (the open link)",
    "wave": "The sample's wave (-1 for the open link)",
    "stratum": "The sampling stratum of the case (empty for the open link)",
    "design_weight": "Design weight: 1 / the case's probability of selection (-1 for the open link, which has none)",
    **{f"flag_{name}": f"Integrity flag: {meaning} (1 yes, 0 no; -1 not checked: sent by a worker or with an access code)"
       for name, meaning in FLAGS.items()},
}

NOTES = {
    "stratum": "A key for disclosure control. Where a stratum is suppressed (-9), the design weight in the same row is "
               "suppressed too, since the weight would tell the stratum.",
    "design_weight": "Multiply by the raking weight for estimates from the sample; the published results do this. "
                     "Suppressed (-9) wherever the stratum is.",
    **{name: "Worked out when the response was sent, never shown to the respondent. Only responses sent online through "
             "the open link are checked." for name in FLAG_COLUMNS},
}


def names(sampled: bool) -> tuple[str, ...]:
    return (SAMPLE_COLUMNS if sampled else ()) + FLAG_COLUMNS


def columns(batch: Batch, sampled: bool) -> dict[str, list[Any]]:
    """This batch's cells of these columns."""
    found: dict[str, list[Any]] = {}
    if sampled:
        found["route"] = list(batch.route)
        found["wave"] = [NOT_ASKED if wave is None else wave for wave in batch.wave]
        found["stratum"] = [stratum or "" for stratum in batch.stratum]
        found["design_weight"] = [1 / p if p else NOT_ASKED for p in batch.probability]
    checked = [route == "open" and mode == "online" for route, mode in zip(batch.route, batch.mode)]
    for name in FLAGS:
        found[f"flag_{name}"] = [int(name in flags.split(",")) if ok else NOT_ASKED for flags, ok in zip(batch.flags, checked)]
    return found


def follow_suppression(data: dict[str, list[Any]]) -> None:
    """The design weight suppressed wherever disclosure control suppressed the stratum."""
    if "stratum" not in data:
        return
    hidden = str(SUPPRESSED)
    weights = data["design_weight"]
    for row, stratum in enumerate(data["stratum"]):
        if stratum == hidden:
            weights[row] = SUPPRESSED
