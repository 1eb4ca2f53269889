"""What the encrypted session cookie remembers: which response is this browser's.

Per questionnaire: the response id, the resume code (shown again on the
"Save and come back later" page; the database holds only its hash), the
format chosen before a response exists (BSL or standard), and, once answers
are sent, only their reference: a sent response is never opened again from
this browser. And whether this is a shared or public computer, for which the
cookie lasts only until the browser closes. And, while a worker has handed the
device to the respondent for a private section, the token that lets it answer.
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
        "sent": dict(session.get("sent", {})),
        "help": dict(session.get("help", {})),
        "private": dict(session.get("private", {})),
        **({"shared": True} if session.get("shared") else {}),
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
    data["sent"].pop(questionnaire_id, None)
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


def sent(request: Request[Any, Any, Any], questionnaire_id: str, reference: str, version: str, fmt: str) -> None:
    """Answers sent: this browser keeps their reference (for the confirmation
    page), never the response, so the next person here cannot open it."""
    data = _data(request)
    data["responses"].pop(questionnaire_id, None)
    data["codes"].pop(questionnaire_id, None)
    data["sent"][questionnaire_id] = {"reference": reference, "version": version, "format": fmt}
    request.set_session(data)


def sent_response(request: Request[Any, Any, Any], questionnaire_id: str) -> dict[str, str] | None:
    found = _data(request)["sent"].get(questionnaire_id)
    return found if isinstance(found, dict) and {"reference", "version", "format"} <= set(found) else None


def share_computer(request: Request[Any, Any, Any]) -> None:
    """A shared or public computer: the cookie ends when the browser closes."""
    data = _data(request)
    data["shared"] = True
    request.set_session(data)


def on_shared_computer(request: Request[Any, Any, Any]) -> bool:
    return bool(_data(request).get("shared"))


def asked_for_help(request: Request[Any, Any, Any], questionnaire_id: str, reference: str, way: str, answers: bool) -> None:
    """A request for help sent: its reference, for the page that says what happens next."""
    data = _data(request)
    data["help"][questionnaire_id] = {"reference": reference, "way": way, "answers": answers}
    request.set_session(data)


def help_asked(request: Request[Any, Any, Any], questionnaire_id: str) -> dict[str, Any] | None:
    found = _data(request)["help"].get(questionnaire_id)
    return found if isinstance(found, dict) and {"reference", "way", "answers"} <= set(found) else None



def hold_device(request: Request[Any, Any, Any], response_id: uuid.UUID, token: str) -> None:
    """A worker handed this device to the respondent for a private section:
    the token lets it answer that section (the database holds its hash)."""
    data = _data(request)
    data["private"] = {str(response_id): token}
    request.set_session(data)


def device_token(request: Request[Any, Any, Any], response_id: uuid.UUID) -> str | None:
    return _data(request)["private"].get(str(response_id))


def give_device_back(request: Request[Any, Any, Any], response_id: uuid.UUID) -> None:
    data = _data(request)
    data["private"].pop(str(response_id), None)
    request.set_session(data)
