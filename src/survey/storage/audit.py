"""The audit log: who did what, when, to which object. Only ever appended to."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from .tables import AuditEvent

#: The actor recorded for changes made with the ``survey`` command.
COMMAND_LINE = "command line"


@dataclass(frozen=True)
class Event:
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    detail: dict[str, Any]


async def record(
    action: str,
    actor: str,
    actor_id: uuid.UUID | None = None,
    object_type: str = "",
    object_id: str = "",
    **detail: Any,
) -> None:
    await AuditEvent.insert(
        AuditEvent(
            at=dt.datetime.now(dt.timezone.utc),
            actor_id=actor_id,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=json.dumps(detail, sort_keys=True, default=str),
        )
    )


async def search(
    *,
    actor: str | None = None,
    action: str | None = None,
    object_id: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> list[Event]:
    """Newest first. ``before_id`` pages back through older events."""
    query = AuditEvent.select().order_by(AuditEvent.id, ascending=False).limit(limit)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    if since:
        query = query.where(AuditEvent.at >= since)
    if until:
        query = query.where(AuditEvent.at < until)
    if before_id:
        query = query.where(AuditEvent.id < before_id)
    rows = await query
    return [
        Event(
            id=row["id"],
            at=row["at"],
            actor=row["actor"],
            action=row["action"],
            object_type=row["object_type"],
            object_id=row["object_id"],
            detail=json.loads(row["detail"]),
        )
        for row in rows
    ]
