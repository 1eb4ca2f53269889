"""What the encrypted session cookie remembers: which response is this browser's.

Per questionnaire: the response id, the resume code (shown again on the
"Save and come back later" page; the database holds only its hash), and the
format chosen before a response exists (BSL or standard).
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request


def _data(request: Request[Any, Any, Any]) -> dict[str, Any]:
    session = request.session if request.scope.get("session") else {}
    return {
        "responses": dict(session.get("responses", {})),
        "codes": dict(session.get("codes", {})),
        "formats": dict(session.get("formats", {})),
    }


def response_id(request: Request[Any, Any, Any], questionnaire_id: str) -> uuid.UUID | None:
    value = _data(request)["responses"].get(questionnaire_id)
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def resume_code(request: Request[Any, Any, Any], questionnaire_id: str) -> str | None:
    return _data(request)["codes"].get(questionnaire_id)


def remember(request: Request[Any, Any, Any], questionnaire_id: str, rid: uuid.UUID, code: str | None) -> None:
    data = _data(request)
    data["responses"][questionnaire_id] = str(rid)
    if code:
        data["codes"][questionnaire_id] = code
    else:
        data["codes"].pop(questionnaire_id, None)
    request.set_session(data)


def chosen_format(request: Request[Any, Any, Any], questionnaire_id: str) -> str | None:
    return _data(request)["formats"].get(questionnaire_id)


def choose_format(request: Request[Any, Any, Any], questionnaire_id: str, fmt: str) -> None:
    data = _data(request)
    data["formats"][questionnaire_id] = fmt
    request.set_session(data)


def forget(request: Request[Any, Any, Any], questionnaire_id: str) -> None:
    data = _data(request)
    data["responses"].pop(questionnaire_id, None)
    data["codes"].pop(questionnaire_id, None)
    request.set_session(data)
