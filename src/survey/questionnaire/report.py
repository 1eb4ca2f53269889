"""The assessment as a commissioner or an author reads it: plain text for the
terminal, JSON for tools, and an accessible HTML report."""

from __future__ import annotations

import json
from html import escape

from .check import Finding, Summary


def text(results: list[tuple[str, str, list[Finding], Summary]]) -> str:
    lines = []
    for file, title, findings, summary in results:
        over = f" ({summary.over_warning_limit})" if summary.over_warning_limit else ""
        verdict = "PASSED" if summary.passed else f"FAILED{over}"
        lines.append(f"{file}: {verdict}: {title}: {summary.errors} errors, {summary.warnings} warnings")
        lines.extend(f"  {finding}" for finding in findings)
    return "\n".join(lines)


def as_json(results: list[tuple[str, str, list[Finding], Summary]]) -> str:
    return json.dumps(
        [
            {"file": file, "title": title, "passed": summary.passed, "errors": summary.errors,
             "warnings": summary.warnings, "findings": [f.as_dict() for f in findings]}
            for file, title, findings, summary in results
        ],
        indent=2,
        ensure_ascii=False,
    )


def html(results: list[tuple[str, str, list[Finding], Summary]]) -> str:
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Accessibility assessment of question banks</title>",
        "<style>body{font:1.1875rem/1.5 system-ui,sans-serif;margin:1rem auto;max-width:60rem;padding:0 1rem;color:#0b0c0c;"
        "overflow-wrap:anywhere}@media (max-width:40em){table{font-size:.875rem}}"
        "table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{text-align:start;vertical-align:top;padding:.25rem;"
        "border-bottom:1px solid #6f777b;overflow-wrap:anywhere;word-break:break-word;hyphens:auto}.error{color:#ca3535;font-weight:700}"
        "caption{text-align:start;font-weight:700;padding:.5rem 0}</style></head><body><main>",
        "<h1>Accessibility assessment of question banks</h1>",
    ]
    for file, title, findings, summary in results:
        verdict = "Passed" if summary.passed else "Failed"
        parts.append(f"<h2>{escape(title)}</h2><p>{escape(file)}</p>")
        parts.append(f"<p><strong>{verdict}</strong>: {summary.errors} errors and {summary.warnings} warnings.</p>")
        if not findings:
            continue
        parts.append(f"<table><caption>Findings for {escape(title)}</caption><thead><tr>"
                     '<th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Rule</th>'
                     '<th scope="col">What is wrong</th><th scope="col">How to fix it</th></tr></thead><tbody>')
        for f in findings:
            parts.append(f'<tr><td class="{f.severity}">{escape(f.severity)}</td><td><code>{escape(f.path)}</code></td>'
                         f"<td>{escape(f.rule)}</td><td>{escape(f.message)}</td><td>{escape(f.fix)}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
