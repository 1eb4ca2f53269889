"""The codebook and the risk report, each as JSON for tools and Markdown for people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .provenance import lines as provenance_lines
from .variables import MISSING


def write_codebook(folder: Path, codebook: dict[str, Any]) -> None:
    (folder / "codebook.json").write_text(json.dumps(codebook, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        f"# Codebook: {codebook['title']}",
        "",
        f"Questionnaire `{codebook['questionnaire']}` version {codebook['version']}: {codebook['rows']} submitted responses, "
        "one row each. Every column is numeric except the text ones; the same codes are used in the CSV, SPSS, Stata and Parquet files.",
        "",
        *provenance_lines(codebook["provenance"]),
        "## Reading the files",
        "",
        "- SPSS (`.sav`): variable and value labels, and the missing-value codes below declared as missing.",
        "- Stata (`.dta`): variable and value labels. Stata has no labelled missing values of its own, so the codes below are "
        "ordinary labelled values: turn them into missing with `mvdecode` before you analyse (the codes are below, and a "
        "variable with codes of its own lists them under it).",
        "- R: read the Parquet file with `arrow::read_parquet()`; each column's label, value labels and missing codes are in its "
        "field metadata (`label`, `values`, `missing_codes`). Python: `pandas.read_parquet()` or `pyarrow`.",
        "- CSV: the codes as numbers; this codebook gives their labels.",
        "",
        "## Missing-value codes",
        "",
        "| code | meaning |",
        "|---|---|",
        *[f"| {code} | {label} |" for code, label in MISSING.items()],
        "",
        "## Text in the CSV file",
        "",
        codebook["csv_text_cells"],
        "",
        "## Variables",
        "",
    ]
    for variable in codebook["variables"]:
        lines += [f"### `{variable['name']}`", "", variable["label"], "", f"- Type: {variable['type']}"]
        if variable.get("stata_name"):
            lines.append(f"- In the Stata file (names of at most 28 characters): `{variable['stata_name']}`")
        if variable.get("base") is not None:
            lines.append(f"- Base (respondents asked): {variable['base']}")
        if variable.get("routing"):
            lines.append(f"- Asked only if {variable['routing']}")
        if variable.get("key"):
            lines.append("- A key (quasi-identifier): checked for k-anonymity, and suppressed where it would single someone out")
        if variable.get("not_key_because"):
            lines.append(f"- Not a key, because: {variable['not_key_because']}")
        if variable.get("recoded"):
            lines.append(f"- Recoded for disclosure control: {variable['recoded']}")
        if variable.get("missing_codes"):
            lines.append("- Its own missing-value codes, below every answer it can have: "
                         + "; ".join(f"{code} {label.lower()}" for code, label in variable["missing_codes"].items()))
        if variable.get("suppressed"):
            lines.append(f"- Values suppressed for disclosure control: {variable['suppressed']}")
        for note in variable.get("notes", []):
            lines.append(f"- {note}")
        if variable.get("values"):
            lines += ["", "| code | label |", "|---|---|", *[f"| {c} | {label} |" for c, label in variable["values"].items()]]
        lines.append("")
    if codebook["excluded"]:
        lines += ["## Left out", "", *[f"- `{item['question']}`: {item['reason']}" for item in codebook["excluded"]], ""]
    (folder / "codebook.md").write_text("\n".join(lines), encoding="utf-8")


def write_risk(folder: Path, risk: dict[str, Any]) -> None:
    (folder / "risk.json").write_text(json.dumps(risk, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        f"# Disclosure risk report: {risk['questionnaire']} version {risk['version']}",
        "",
        *provenance_lines(risk["provenance"]),
        f"- Records: {risk['records_before']} before, {risk['records_after']} after (no record is dropped).",
        f"- Variables: {risk['variables_before']} possible, {risk['variables_after']} exported.",
        f"- Keys (quasi-identifiers) checked, most important first: {', '.join(risk['quasi_identifiers']) or 'none'}. "
        "The export's own columns (how, in which format and language, by whom and when a response was collected) "
        "are keys unless the questionnaire says why not.",
        f"- k required: {risk['k']}; k achieved: {risk['k_achieved']} "
        "(every combination of keys in the file is shared by at least this many respondents; "
        "a suppressed value counts as matching any value that was asked: whether a question was asked "
        "can be told from the route, so \"not asked\" is never suppressed and never matches an answer).",
        f"- BSL video answers held back: {risk['bsl_videos']}.",
        f"- Free-text replacements: {risk['redactions']}.",
        *([f"- Free-text answers released after a reviewer read them: {risk['free_text_review']['released']} as redacted, "
           f"{risk['free_text_review']['edited']} as the reviewer edited them; held back (not yet read, or withheld): "
           f"{risk['free_text_review']['held_back']}."] if risk.get("free_text_review") else []),
        "",
        "## Respondents at risk before disclosure control",
        "",
    ]
    if risk["at_risk_before"]:
        lines += ["| shared their combination with | respondents |", "|---|---|"]
        lines += [f"| {int(size) - 1} others | {count} |" for size, count in risk["at_risk_before"].items()]
    else:
        lines.append("None: every combination was already shared by at least k respondents.")
    lines += ["", "## Recoding applied", ""]
    lines += [f"- `{name}`: {step}" for name, step in risk["recodings"].items()] or ["None."]
    lines += ["", "## Cells suppressed, by variable", ""]
    suppressed = {name: count for name, count in risk["suppressed_cells"].items() if count}
    lines += [f"- `{name}`: {count}" for name, count in suppressed.items()] or ["None."]
    loss = risk["information_loss"]
    lines += ["", "## Information lost", "",
              f"- Key cells suppressed: {loss['cells_suppressed']} "
              f"(records with every key suppressed: {loss['whole_records_suppressed']}).",
              f"- Recoding, counted as the cells it would take to lose the same information (by entropy): "
              f"{loss['cells_recoded_equivalent']}.",
              "- The recoding kept is the one with the least of the two together.",
              *[f"- `{name}`: {item['from']} categories merged into {item['to']}." for name, item in loss["categories_merged"].items()],
              *[f"- `{name}`: {count} sensitive answers suppressed for l-diversity." for name, count in loss["sensitive_answers_suppressed"].items()]]
    required = risk.get("l_diversity_required")
    lines += ["", "## l-diversity of sensitive variables", "",
              "For each person who gave a real answer (not \"not asked\", declined or left blank): how many different "
              "real answers the people their released keys match gave. Where that is 1, an intruder who knows the "
              "person's keys can read their answer off.",
              f"Required: {required if required else 'not set for this questionnaire, so counted but not enforced'}.", "",
              "| variable | smallest l | people whose answer can be read off | answers suppressed |", "|---|---|---|---|"]
    lines += [f"| `{name}` | {item['l']} | {item['disclosed']} | {item['suppressed']} |" for name, item in risk["l_diversity"].items()]
    (folder / "risk.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
