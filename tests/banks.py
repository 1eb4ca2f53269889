"""Small question banks built in code, for tests of the core."""

from __future__ import annotations

import copy
import json
from typing import Any

BASE: dict[str, Any] = {
    "id": "test-bank",
    "version": "1",
    "title": "Test survey",
    "organisation": "Test organisation",
    "intro": {"summary": "A survey for tests.", "duration_minutes": 2, "privacy": ["Kept safe."]},
    "contact": {"email": "help@example.org"},
    "sections": [],
}


def bank(*sections: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["sections"] = list(sections)
    data.update(fields)
    return data


def section(sid: str, *questions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": sid, "title": sid.replace("_", " ").title(), "questions": list(questions), **fields}


def radio(qid: str, *codes: str, **fields: Any) -> dict[str, Any]:
    return {"id": qid, "type": "single_choice", "title": f"{qid}?", "options": [{"code": c, "label": c.title()} for c in codes], **fields}


def text(bank_data: dict[str, Any]) -> str:
    return json.dumps(bank_data)
