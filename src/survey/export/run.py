"""One export: two passes over the submitted responses of one questionnaire
version (collect quasi-identifiers; then anonymise and write each row),
then the codebook, the risk report and, separately, the redaction log."""

from __future__ import annotations

import datetime as dt
import json
import os
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from ..questionnaire import Questionnaire
from ..storage import exporting
from .disclosure import Anonymiser, quasi_identifiers
from .report import write_codebook, write_risk
from .scrub import Scrubber
from .variables import META, META_LABELS, MISSING, NOT_ASKED, Variable, as_number, plan, raw_value
from .writers import WRITERS, Columns

FORMATS = ("csv", "sav", "parquet")
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...] = FORMATS
    k: int | None = None
    include_free_text: bool = False
    since: dt.date | None = None


@dataclass
class Outcome:
    rows: int
    files: list[Path] = field(default_factory=list)
    risk: dict[str, Any] = field(default_factory=dict)


def _bsl_videos(answers: dict[str, Any]) -> int:
    return sum(1 for value in answers.values() if isinstance(value, dict) and "bsl_video" in value)


def _sensitive(variables: list[Variable]) -> dict[str, list[Variable]]:
    found: dict[str, list[Variable]] = {}
    for variable in variables:
        if variable.question.sensitive and not variable.question.quasi_identifier and variable.kind != "text":
            found.setdefault(variable.question.id, []).append(variable)
    return found


def _private_log(path: Path):
    """What was replaced, and where, one JSON object a line: for checking the
    redaction. Never in the export folder; readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8")


def _l_diversity(groups: np.ndarray, values: array) -> dict[str, int]:
    """The fewest different answers in any group, and how many groups gave one answer only."""
    if not len(values):
        return {"l": 0, "groups_with_one_value": 0}
    answers = np.frombuffer(values, dtype=np.int32).astype(np.int64)
    pairs = np.unique(groups.astype(np.int64) * (1 << 32) + (answers - np.iinfo(np.int32).min))
    per_group = np.bincount(pairs >> 32)
    per_group = per_group[per_group > 0]
    return {"l": int(per_group.min()), "groups_with_one_value": int((per_group == 1).sum())}


async def export(
    questionnaire: Questionnaire,
    out: Path,
    options: Options,
    redaction_log: Path | None = None,
) -> Outcome:
    out.mkdir(parents=True, exist_ok=True)
    layout = plan(questionnaire, options.include_free_text)
    variables = layout.variables
    qis = quasi_identifiers(questionnaire, variables)
    qi_variables = [v for qi in qis for v in qi.variables]
    k = options.k or questionnaire.disclosure.k
    anonymiser = Anonymiser(qis, k)
    until = dt.datetime.now(dt.timezone.utc)
    since = dt.datetime.combine(options.since, dt.time(), tzinfo=LONDON) if options.since else None

    def batches(questions=None):
        return exporting.batches(questionnaire.id, questionnaire.version, until, since, questions=questions)

    # Pass one: quasi-identifiers only.
    rows = 0
    async for batch in batches({v.question.id for v in qi_variables}):
        for response in batch:
            anonymiser.add({v.name: raw_value(v, response.answers) for v in qi_variables})
            rows += 1
    result = anonymiser.solve()
    recoded = anonymiser.recoded_labels()

    values = {v.name: recoded.get(v.name, ("", v.values))[1] for v in variables if v.values}
    columns = Columns(
        names=[*META, *(v.name for v in variables)],
        labels={**META_LABELS, **{v.name: v.label for v in variables}},
        values=values,
        numeric={v.name for v in variables if v.numeric},
    )
    writers = [WRITERS[fmt](out / f"{questionnaire.id}.{WRITERS[fmt].suffix}", columns) for fmt in options.formats]
    scrub = Scrubber(questionnaire.disclosure.redact)
    text_variables = [v for v in variables if v.kind == "text"]
    sensitive = _sensitive(variables)
    sensitive_values = {qid: array("i") for qid in sensitive}
    base = {v.name: 0 for v in variables}
    redactions = bsl_videos = 0
    log = _private_log(redaction_log) if redaction_log is not None and options.include_free_text else None

    # Pass two: anonymise and write, row by row.
    index = 0
    async for batch in batches():
        # Fresh random export ids: 16 bytes each, from one read of the system's source.
        fresh = os.urandom(16 * len(batch)).hex()
        for number, response in enumerate(batch):
            bsl_videos += _bsl_videos(response.answers)
            row: dict[str, Any] = {
                "response_id": fresh[32 * number : 32 * number + 32],
                "questionnaire_version": questionnaire.version,
                "mode": response.mode,
                "format": response.format,
                "language": response.language,
                "organisation": response.organisation or "",
                "submission_month": response.submitted_at.astimezone(LONDON).strftime("%Y-%m"),
            }
            for variable in variables:
                value = raw_value(variable, response.answers)
                row[variable.name] = value
                if value != NOT_ASKED:
                    base[variable.name] += 1
            anonymiser.apply(index, row)
            for variable in text_variables:
                if isinstance(row[variable.name], str):
                    row[variable.name], found = scrub(row[variable.name])
                    redactions += len(found)
                    if log is not None:
                        for item in found:
                            log.write(json.dumps({"response_id": row["response_id"], "variable": variable.name,
                                                  "tag": item.tag, "text": item.text}, ensure_ascii=False) + "\n")
                else:
                    row[variable.name] = ""
            for qid, parts in sensitive.items():
                sensitive_values[qid].append(as_number([row[v.name] for v in parts]))
            for writer in writers:
                writer.write(row)
            index += 1
    for writer in writers:
        writer.close()
    if log is not None:
        log.close()
    if index != rows:
        raise RuntimeError(f"responses changed during the export ({rows} then {index}): run it again")

    codebook = {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "rows": rows,
        "missing_codes": {str(code): label for code, label in MISSING.items()},
        "variables": [
            {"name": name, "label": META_LABELS[name], "type": "text", "base": None, "routing": None, "values": {}}
            for name in META
        ] + [
            {
                "name": v.name,
                "label": v.label,
                "question": v.question.id,
                "type": {"code": "single choice (numeric codes)", "flag": "multiple choice option (1 selected, 0 not)",
                         "number": "number", "month": "year and month (YYYYMM)", "text": "free text (redacted)"}[v.kind],
                "base": base[v.name],
                "routing": v.routing,
                "values": {str(code): label for code, label in values.get(v.name, {}).items()},
                "recoded": recoded[v.name][0] if v.name in recoded else None,
                "suppressed": result.suppressed_cells.get(v.name, 0),
                "notes": v.notes,
            }
            for v in variables
        ],
        "excluded": [{"question": qid, "reason": reason} for qid, reason in layout.excluded],
    }
    write_codebook(out, codebook)
    risk = {
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "records_before": rows,
        "records_after": rows,
        "variables_before": len(questionnaire.questions()),
        "variables_after": len(columns.names),
        "quasi_identifiers": [qi.question.id for qi in qis],
        "k": k,
        "k_achieved": result.k_achieved,
        "at_risk_before": {str(size): count for size, count in result.at_risk_before.items()},
        "recodings": {name: step for name, (step, _) in recoded.items()},
        "suppressed_cells": result.suppressed_cells,
        "l_diversity": {qid: _l_diversity(anonymiser.groups, values) for qid, values in sensitive_values.items()},
        "bsl_videos": bsl_videos,
        "redactions": redactions,
    }
    write_risk(out, risk)
    files = sorted(out.iterdir())
    return Outcome(rows, files, risk)
