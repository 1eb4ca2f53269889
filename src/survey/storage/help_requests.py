"""Requests for help to answer: kept with their contact details sealed, in the
queues of the organisations the bank names, claimed by one worker at a time."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from . import appointments
from .sealing import reseal, seal, unseal
from .tables import HelpRequest

WAITING, CLAIMED, HANDLED = "waiting", "claimed", "handled"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Request:
    id: uuid.UUID
    questionnaire_id: str
    reference: str
    way: str
    organisations: tuple[str, ...]
    language: str
    format: str
    response_id: uuid.UUID | None
    status: str
    claimed_by: uuid.UUID | None
    created_at: dt.datetime
    handled_at: dt.datetime | None
    outcome: str | None


_FIELDS = (
    HelpRequest.id, HelpRequest.questionnaire_id, HelpRequest.reference, HelpRequest.way, HelpRequest.organisations,
    HelpRequest.language, HelpRequest.format, HelpRequest.response_id, HelpRequest.status, HelpRequest.claimed_by,
    HelpRequest.created_at, HelpRequest.handled_at, HelpRequest.outcome,
)


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _request(row: dict[str, Any]) -> Request:
    return Request(
        _uuid(row["id"]), row["questionnaire_id"], row["reference"], row["way"], tuple(json.loads(row["organisations"])),
        row["language"], row["format"], _uuid(row["response_id"]), row["status"], _uuid(row["claimed_by"]),
        row["created_at"], row["handled_at"], row["outcome"],
    )


async def add(questionnaire_id: str, reference: str, way: str, organisations: list[str], details: dict[str, Any],
              language: str, format_: str, response_id: uuid.UUID | None) -> uuid.UUID:
    request_id = uuid.uuid4()
    await HelpRequest.insert(HelpRequest(
        id=request_id, questionnaire_id=questionnaire_id, reference=reference, way=way,
        organisations=json.dumps(organisations, ensure_ascii=False), details=json.dumps(seal(details)),
        language=language, format=format_, response_id=response_id, status=WAITING, created_at=_now(),
    ))
    return request_id


async def get(request_id: uuid.UUID) -> Request | None:
    row = await HelpRequest.select(*_FIELDS).where(HelpRequest.id == request_id).first()
    return _request(row) if row else None


async def details(request_id: uuid.UUID) -> dict[str, Any]:
    """The contact details, opened."""
    row = await HelpRequest.select(HelpRequest.details).where(HelpRequest.id == request_id).first()
    return unseal(json.loads(row["details"])) if row else {}


async def for_organisation(organisation: str, worker: uuid.UUID) -> list[Request]:
    """The queue an organisation's worker sees: requests waiting for any of
    its workers, and their own, newest first. Organisations are matched in
    Python: a request may name several, kept as a JSON list."""
    rows = await (
        HelpRequest.select(*_FIELDS)
        .where((HelpRequest.status == WAITING) | (HelpRequest.claimed_by == worker))
        .order_by(HelpRequest.created_at, ascending=False)
    )
    found = [_request(row) for row in rows]
    return [r for r in found if r.claimed_by == worker or organisation in r.organisations]


async def claim(request_id: uuid.UUID, worker: uuid.UUID) -> bool:
    """Claim a waiting request, in one statement: two workers at once cannot both have it."""
    done = await (
        HelpRequest.update({HelpRequest.status: CLAIMED, HelpRequest.claimed_by: worker, HelpRequest.claimed_at: _now()})
        .where((HelpRequest.id == request_id) & (HelpRequest.status == WAITING))
        .returning(HelpRequest.id)
    )
    return bool(done)


async def release(request_id: uuid.UUID, worker: uuid.UUID) -> bool:
    done = await (
        HelpRequest.update({HelpRequest.status: WAITING, HelpRequest.claimed_by: None, HelpRequest.claimed_at: None})
        .where((HelpRequest.id == request_id) & (HelpRequest.claimed_by == worker) & (HelpRequest.status == CLAIMED))
        .returning(HelpRequest.id)
    )
    return bool(done)


async def handle(request_id: uuid.UUID, worker: uuid.UUID, outcome: str) -> bool:
    done = await (
        HelpRequest.update({HelpRequest.status: HANDLED, HelpRequest.handled_at: _now(), HelpRequest.outcome: outcome})
        .where((HelpRequest.id == request_id) & (HelpRequest.claimed_by == worker) & (HelpRequest.status == CLAIMED))
        .returning(HelpRequest.id)
    )
    return bool(done)


async def link_response(request_id: uuid.UUID, response_id: uuid.UUID) -> None:
    await HelpRequest.update({HelpRequest.response_id: response_id}).where(HelpRequest.id == request_id)


async def purge_handled_before(cutoff: dt.datetime) -> int:
    """Delete requests handled before ``cutoff``, contact details and all."""
    gone = await HelpRequest.delete().where((HelpRequest.status == HANDLED) & (HelpRequest.handled_at < cutoff)).returning(HelpRequest.id)
    await appointments.delete_for_requests([_uuid(row["id"]) for row in gone])
    return len(gone)


async def reseal_all() -> int:
    """Seal every request's contact details again with the newest key; how many."""
    rows = await HelpRequest.select(HelpRequest.id, HelpRequest.details)
    for row in rows:
        await HelpRequest.update({HelpRequest.details: json.dumps(reseal(json.loads(row["details"])))}).where(HelpRequest.id == row["id"])
    return len(rows)

