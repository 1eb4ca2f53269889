"""Queries for responses entered by community workers on a respondent's behalf."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from .responses import IN_PROGRESS, SUBMITTED
from .sealing import seal, unseal
from .tables import Account, Answer, Draft, Response


@dataclass(frozen=True)
class Entered:
    """One line in a worker's list of responses."""

    id: uuid.UUID
    questionnaire_id: str
    status: str
    mode: str
    format: str
    reference: str | None
    paper_reference: str | None
    entered_by: uuid.UUID | None
    entered_by_email: str | None
    started_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    answers: int


_COLUMNS = (
    Response.id,
    Response.questionnaire_id,
    Response.status,
    Response.mode,
    Response.format,
    Response.reference,
    Response.paper_reference,
    Response.entered_by,
    Response.started_at,
    Response.updated_at,
    Response.submitted_at,
)


async def _entered(rows: list[dict[str, Any]]) -> list[Entered]:
    ids = [row["id"] for row in rows]
    counts: dict[Any, int] = {}
    if ids:
        for row in await Answer.select(Answer.response).where(Answer.response.is_in(ids)):
            counts[row["response"]] = counts.get(row["response"], 0) + 1
    workers = {row["entered_by"] for row in rows if row["entered_by"]}
    emails = {}
    if workers:
        emails = {a["id"]: a["email"] for a in await Account.select(Account.id, Account.email).where(Account.id.is_in(list(workers)))}
    return [
        Entered(**row, entered_by_email=emails.get(row["entered_by"]), answers=counts.get(row["id"], 0))
        for row in rows
    ]


async def entered_by(account_id: uuid.UUID, submitted_since: dt.datetime) -> list[Entered]:
    """A worker's responses: every unfinished one, and those sent since the cut-off."""
    rows = await (
        Response.select(*_COLUMNS)
        .where(Response.entered_by == account_id)
        .where((Response.status == IN_PROGRESS) | ((Response.status == SUBMITTED) & (Response.submitted_at >= submitted_since)))
        .order_by(Response.updated_at, ascending=False)
    )
    return await _entered(rows)


async def unfinished() -> list[Entered]:
    """Every unfinished assisted response, for admins to reassign."""
    rows = await (
        Response.select(*_COLUMNS)
        .where(Response.entered_by.is_not_null() & (Response.status == IN_PROGRESS))
        .order_by(Response.updated_at, ascending=False)
    )
    return await _entered(rows)


async def reassign(response_id: uuid.UUID, account_id: uuid.UUID) -> bool:
    updated = await (
        Response.update({Response.entered_by: account_id})
        .where((Response.id == response_id) & Response.entered_by.is_not_null() & (Response.status == IN_PROGRESS))
        .returning(Response.id)
    )
    return bool(updated)


async def take_over(response_id: uuid.UUID, account_id: uuid.UUID, mode: str, format_: str, language: str,
                    organisation: str | None, consent_at: dt.datetime) -> bool:
    """A respondent's own unsent response, carried on by a worker (they asked
    for help): from now on it is reached only through the worker's pages."""
    updated = await (
        Response.update({Response.entered_by: account_id, Response.mode: mode, Response.format: format_,
                         Response.language: language, Response.organisation: organisation, Response.consent_at: consent_at})
        .where((Response.id == response_id) & Response.entered_by.is_null() & (Response.status == IN_PROGRESS))
        .returning(Response.id)
    )
    return bool(updated)


async def hand_to_respondent(response_id: uuid.UUID, account_id: uuid.UUID, code_hash: str | None) -> bool:
    """The rest of a worker's unsent response, for the respondent to finish
    alone (with a new resume code, or their access code): from now on it is
    theirs, and no longer the worker's."""
    values: dict[Any, Any] = {Response.entered_by: None, Response.finished_mode: "online"}
    if code_hash is not None:
        values[Response.resume_code_hash] = code_hash
    updated = await (
        Response.update(values)
        .where((Response.id == response_id) & (Response.entered_by == account_id) & (Response.status == IN_PROGRESS))
        .returning(Response.id)
    )
    return bool(updated)


async def save_draft(response_id: uuid.UUID, page_id: str, form: dict[str, list[str]]) -> None:
    await Draft.insert(
        # Sealed: a draft holds whatever was typed, free text included.
        Draft(response=response_id, page_id=page_id, form=json.dumps(seal(form)), saved_at=dt.datetime.now(dt.timezone.utc))
    ).on_conflict(target=(Draft.response, Draft.page_id), action="DO UPDATE", values=[Draft.form, Draft.saved_at])


async def draft(response_id: uuid.UUID, page_id: str) -> dict[str, list[str]] | None:
    row = await Draft.select(Draft.form).where((Draft.response == response_id) & (Draft.page_id == page_id)).first()
    return unseal(json.loads(row["form"])) if row else None
