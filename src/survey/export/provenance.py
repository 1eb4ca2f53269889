"""Where an export came from, so an analyst can say exactly what a published
figure rests on: the software (its version, and commit when known), the
bank's version and content hash, the export's settings, how many responses,
and when it was made."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from ..questionnaire import Questionnaire
from ..questionnaire.loader import canonical

#: Set where the code has no git history (a container image): the commit it was built from.
COMMIT_VARIABLE = "SURVEY_COMMIT"


def software() -> dict[str, str | None]:
    return {"name": "survey", "version": metadata.version("survey"), "commit": _commit()}


def _commit() -> str | None:
    if os.environ.get(COMMIT_VARIABLE):
        return os.environ[COMMIT_VARIABLE].strip()
    here = Path(__file__).resolve().parent
    try:
        done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and len(commit) == 40 else None


def provenance(questionnaire: Questionnaire, *, k: int, include_free_text: bool, since: dt.date | None,
               until: dt.datetime, recodings: dict[str, str], rows: int) -> dict[str, Any]:
    return {
        "software": software(),
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version,
                          "content_sha256": hashlib.sha256(canonical(questionnaire).encode()).hexdigest()},
        "parameters": {"k": k, "free_text": "included, as released by reviewers" if include_free_text else "left out",
                       "sent_from": since.isoformat() if since else None,
                       "sent_before": until.astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
                       "recodings": recodings},
        "responses": rows,
        "made_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def lines(found: dict[str, Any]) -> list[str]:
    """The provenance as a Markdown section."""
    made = found["software"]
    parameters = found["parameters"]
    return [
        "## Provenance",
        "",
        f"- Made by {made['name']} {made['version']}" + (f" (commit `{made['commit']}`)" if made["commit"] else "")
        + f" at {found['made_at']}.",
        f"- Questionnaire `{found['questionnaire']['id']}` version {found['questionnaire']['version']}, "
        f"content SHA-256 `{found['questionnaire']['content_sha256']}`.",
        f"- {found['responses']} responses sent before {parameters['sent_before']}"
        + (f", from {parameters['sent_from']}" if parameters["sent_from"] else "") + ".",
        f"- k = {parameters['k']}; free text {parameters['free_text']}; recoding applied: "
        + ("; ".join(f"`{name}` {step}" for name, step in parameters["recodings"].items()) or "none") + ".",
        "",
    ]
