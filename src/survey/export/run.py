"""One export: one read of the submitted responses of one questionnaire
version, a batch at a time (worked out, quasi-identifiers noted, kept on
disk); then disclosure control decided and every batch written to each
file; then the codebook, the risk report and, separately, the redaction log."""

from __future__ import annotations

import ctypes
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo


from ..questionnaire import Questionnaire
from ..questionnaire.answer import Answer
from ..storage import exporting, reviews, samples
from . import design
from .disclosure import Anonymiser
from .keys import keys as export_keys
from .report import write_codebook, write_risk
from .scrub import Scrubber
from .spill import Spill
from .variables import ABSENT, META, META_LABELS, MISSING, NOT_ASKED, SUPPRESSED, WITHHELD, Variable, as_numbers, by_question, plan
from .provenance import provenance
from .writers import WRITERS, Columns, stata_names

#: The files an export can write.
FILE_FORMATS = ("csv", "sav", "dta", "parquet")
CSV_TEXT_NOTE = (
    "In the CSV file only, a text cell that starts with =, +, -, @, a tab or a carriage return has an apostrophe "
    "put before it, so that a spreadsheet shows it as typed instead of running it as a formula. "
    "The SPSS and Parquet files hold the text exactly as it was typed."
)
LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...] = FILE_FORMATS
    k: int | None = None
    include_free_text: bool = False
    since: dt.date | None = None


@dataclass
class Outcome:
    rows: int
    files: list[Path] = field(default_factory=list)
    risk: dict[str, Any] = field(default_factory=dict)


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


class _LondonMonths:
    """The London month a response was sent in, as YYYY-MM."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], str] = {}

    def __call__(self, sent: dt.datetime) -> str:
        # London is never more than an hour from UTC: from the 2nd to the 27th
        # of a UTC month, London is in the same month, so it is looked up.
        if sent.utcoffset() == dt.timedelta(0) and 2 <= sent.day <= 27:
            key = (sent.year, sent.month)
            if key not in self._known:
                self._known[key] = sent.astimezone(LONDON).strftime("%Y-%m")
            return self._known[key]
        return sent.astimezone(LONDON).strftime("%Y-%m")


def _reviewed(column: list[Any], decisions: tuple[str | None, ...], counts: dict[str, int]) -> list[Any]:
    """Free text as a reviewer released it (their edit, if they made one);
    ``WITHHELD`` where nobody has read it yet or it was withheld."""
    found: list[Any] = []
    for value, decision in zip(column, decisions):
        if type(value) is not str:  # a missing code: nothing to review
            found.append(value)
            continue
        out, edited = reviews.released(decision)
        if not out:
            counts["held_back"] += 1
            found.append(WITHHELD)
        else:
            counts["edited" if edited is not None else "released"] += 1
            found.append(edited if edited is not None else value)
    return found


def _redacted(column: list[Any], ids: list[str], name: str, scrub: Scrubber, log: Any) -> tuple[list[str], int]:
    """A free-text column with what could identify someone replaced by tags
    (each replacement written to the private log, if any), and how many."""
    cleaned: list[str] = []
    count = 0
    for number, value in enumerate(column):
        if type(value) is not str:  # a missing code, kept as one: "not asked" is not "withheld"
            cleaned.append(str(value))
            continue
        text, found = scrub(value)
        cleaned.append(text)
        count += len(found)
        if log is not None:
            for item in found:
                log.write(json.dumps({"response_id": ids[number], "variable": name, "tag": item.tag, "text": item.text},
                                     ensure_ascii=False) + "\n")
    return cleaned, count


def _return_freed_memory() -> None:
    """Hand freed working memory back to the system between the stages (the
    k-anonymity pass, the writers): glibc and Arrow keep it for the process
    otherwise, and each stage would start where the last one peaked."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


async def export(
    questionnaire: Questionnaire,
    out: Path,
    options: Options,
    redaction_log: Path | None = None,
) -> Outcome:
    out.mkdir(parents=True, exist_ok=True)
    layout = plan(questionnaire, options.include_free_text)
    variables = layout.variables
    sampled = await samples.has_sample(questionnaire.id)
    meta = (*META, *design.names(sampled))
    keys = export_keys(questionnaire, variables, meta)
    k = options.k or questionnaire.disclosure.k
    sensitive = _sensitive(variables)
    anonymiser = Anonymiser(keys, k, questionnaire.disclosure.l_diversity, list(sensitive))
    until = dt.datetime.now(dt.timezone.utc)
    since = dt.datetime.combine(options.since, dt.time(), tzinfo=LONDON) if options.since else None

    scrub = Scrubber(questionnaire.disclosure.redact)
    text_variables = [v for v in variables if v.kind == "text"]
    base = {v.name: 0 for v in variables}
    redactions = bsl_videos = 0
    log = _private_log(redaction_log) if redaction_log is not None and options.include_free_text else None
    questions = by_question(variables, exporting.decode_answer)
    # Free text is sealed: opened once, for its cells and to count BSL videos
    # (also in free text left out of the export).
    free_text = [q.id for q in questionnaire.questions() if q.free_text]
    month = _LondonMonths()
    asked = list(dict.fromkeys([*(question.question_id for question in questions), *free_text]))
    # Free text leaves only once a reviewer has read it: their decisions come with each batch.
    reviewed = list(dict.fromkeys(v.question.id for v in text_variables))
    asked += [exporting.REVIEW + qid for qid in reviewed]
    text_counts = {"released": 0, "edited": 0, "held_back": 0}

    with Spill(out) as spill:
        # The one read: each batch worked out (a list per column), its
        # quasi-identifiers noted for disclosure control, then kept on disk.
        rows = 0
        async for batch in exporting.batches(questionnaire.id, questionnaire.version, until, asked, since):
            count = len(batch)
            texts = dict(zip(asked, batch.answers))
            opened = {qid: [exporting.decode_answer(text) if text is not None else ABSENT for text in texts[qid]] for qid in free_text}
            bsl_videos += sum(Answer.of(value).video is not None for values in opened.values() for value in values)
            # Fresh random export ids: 16 bytes each, from one read of the system's source.
            fresh = os.urandom(16 * count).hex()
            data: dict[str, list[Any]] = {
                "response_id": [fresh[32 * n : 32 * n + 32] for n in range(count)],
                "questionnaire_version": [questionnaire.version] * count,
                "mode": list(batch.mode),
                "format": list(batch.format),
                "language": list(batch.language),
                "organisation": [organisation or "" for organisation in batch.organisation],
                "submission_month": list(map(month, batch.submitted_at)),
                "finished_mode": [finished or "" for finished in batch.finished_mode],
                "self_completed": list(batch.self_completed),
                **design.columns(batch, sampled),
            }
            for question in questions:
                qid = question.question_id
                made = question.columns_of_values(opened[qid]) if qid in opened else question.columns(texts[qid])
                for variable, column in zip(question.variables, made):
                    data[variable.name] = column
                    base[variable.name] += count - column.count(variable.code(NOT_ASKED))
            anonymiser.add_batch(
                [key.numbers([data[name] for name in key.variables]) for key in keys],
                {qid: as_numbers([v.internal(data[v.name]) for v in parts]) for qid, parts in sensitive.items()},
            )
            for variable in text_variables:
                data[variable.name] = _reviewed(data[variable.name], texts[exporting.REVIEW + variable.question.id], text_counts)
                data[variable.name], found = _redacted(data[variable.name], data["response_id"], variable.name, scrub, log)
                redactions += found
            spill.add(data)
            rows += count
        if log is not None:
            log.close()
        _return_freed_memory()
        result = anonymiser.solve()
        _return_freed_memory()
        recoded = anonymiser.recoded_labels()

        values = {v.name: (recoded[v.name][1] if v.name in recoded else None) or v.values for v in variables if v.values}
        columns = Columns(
            names=[*meta, *(v.name for v in variables)],
            labels={**META_LABELS, **design.LABELS, **{v.name: v.label for v in variables}},
            values=values,
            numeric={v.name for v in variables if v.numeric} | (design.NUMERIC & set(meta)),
            coded_text=set(meta) - design.NUMERIC | {v.name for v in text_variables},
            measures={"design_weight": "scale", **{v.name: v.measure for v in variables}},
            missing={v.name: v.missing for v in variables if v.missing},
        )
        writers = [WRITERS[fmt](out / f"{questionnaire.id}.{WRITERS[fmt].suffix}", columns) for fmt in options.formats]
        # Then each batch again, from disk, recoded and suppressed, to every file.
        index = 0
        for data in spill:
            anonymiser.apply_batch(index, data, {qid: [(v.name, v.code(SUPPRESSED)) for v in parts] for qid, parts in sensitive.items()})
            design.follow_suppression(data)
            for writer in writers:
                writer.write_batch(data)
            index += len(data["response_id"])
        for writer in writers:
            writer.close()
        del writers
    _return_freed_memory()

    key_names = {name for key in keys for name in key.variables}
    made = provenance(questionnaire, k=k, include_free_text=options.include_free_text, since=options.since, until=until,
                      recodings={name: step for name, (step, _) in recoded.items()}, rows=rows)
    codebook = {
        "provenance": made,
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "rows": rows,
        "missing_codes": {str(code): label for code, label in MISSING.items()},
        "variables": [
            {"name": name, "label": columns.labels[name], "type": "number" if name in design.NUMERIC else "text",
             "base": None, "routing": None, "values": {},
             "key": name in key_names, "not_key_because": questionnaire.disclosure.not_keys.get(name),
             "recoded": recoded[name][0] if name in recoded else None, "suppressed": result.suppressed_cells.get(name, 0),
             **({"notes": [design.NOTES[name]]} if name in design.NOTES else {})}
            for name in meta
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
                "key": v.name in key_names,
                "recoded": recoded[v.name][0] if v.name in recoded else None,
                "suppressed": result.suppressed_cells.get(v.name, 0),
                "missing_codes": {str(v.code(code)): label for code, label in MISSING.items()} if v.missing else None,
                "notes": v.notes,
            }
            for v in variables
        ],
        "excluded": [{"question": qid, "reason": reason} for qid, reason in layout.excluded],
        "csv_text_cells": CSV_TEXT_NOTE,
    }
    # A name too long for Stata is cut there: the codebook says to what.
    in_stata = stata_names(columns.names)
    for variable in codebook["variables"]:
        if in_stata.get(variable["name"], variable["name"]) != variable["name"]:
            variable["stata_name"] = in_stata[variable["name"]]
    write_codebook(out, codebook)
    risk = {
        "provenance": made,
        "questionnaire": questionnaire.id,
        "version": questionnaire.version,
        "records_before": rows,
        "records_after": rows,
        "variables_before": len(questionnaire.questions()),
        "variables_after": len(columns.names),
        "quasi_identifiers": [key.name for key in keys],
        "k": k,
        "k_achieved": result.k_achieved,
        "at_risk_before": {str(size): count for size, count in result.at_risk_before.items()},
        "recodings": {name: step for name, (step, _) in recoded.items()},
        "suppressed_cells": result.suppressed_cells,
        "information_loss": result.information_loss,
        "l_diversity_required": questionnaire.disclosure.l_diversity,
        "l_diversity": result.l_diversity,
        "bsl_videos": bsl_videos,
        "redactions": redactions,
        "free_text_review": text_counts if text_variables else None,
    }
    write_risk(out, risk)
    files = sorted(out.iterdir())
    return Outcome(rows, files, risk)
