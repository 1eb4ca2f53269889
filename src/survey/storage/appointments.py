"""Appointments: a worker's, with a sampled case or a request for help."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from .sealing import reseal, seal, unseal
from .tables import Appointment as AppointmentRow


@dataclass(frozen=True)
class Appointment:
    id: uuid.UUID
    worker: uuid.UUID
    case_id: uuid.UUID | None
    help_request_id: uuid.UUID | None
    reference: str
    questionnaire_id: str
    starts_at: dt.datetime
    minutes: int
    mode: str
    place: str | None
    interpreter: str
    interpreter_language: str | None
    interpreter_name: str | None

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _appointment(row: dict[str, Any]) -> Appointment:
    return Appointment(
        _uuid(row["id"]), _uuid(row["worker"]), _uuid(row["case_id"]), _uuid(row["help_request_id"]), row["reference"],
        row["questionnaire_id"], row["starts_at"], row["minutes"], row["mode"],
        unseal(json.loads(row["place"])) if row["place"] else None,
        row["interpreter"], row["interpreter_language"], row["interpreter_name"],
    )


async def book(worker: uuid.UUID, *, case_id: uuid.UUID | None, help_request_id: uuid.UUID | None, reference: str,
               questionnaire_id: str, starts_at: dt.datetime, minutes: int, mode: str, place: str | None, interpreter: str,
               interpreter_language: str | None, interpreter_name: str | None) -> uuid.UUID:
    appointment_id = uuid.uuid4()
    await AppointmentRow.insert(AppointmentRow(
        id=appointment_id, worker=worker, case_id=case_id, help_request_id=help_request_id, reference=reference,
        questionnaire_id=questionnaire_id, starts_at=starts_at, minutes=minutes, mode=mode,
        place=json.dumps(seal(place)) if place else None, interpreter=interpreter, interpreter_language=interpreter_language,
        interpreter_name=interpreter_name, created_at=dt.datetime.now(dt.timezone.utc),
    ))
    return appointment_id


async def of_worker(worker: uuid.UUID, since: dt.datetime | None = None, until: dt.datetime | None = None) -> list[Appointment]:
    query = AppointmentRow.select().where((AppointmentRow.worker == worker) & (AppointmentRow.cancelled == False))  # noqa: E712
    if since is not None:
        query = query.where(AppointmentRow.starts_at >= since)
    if until is not None:
        query = query.where(AppointmentRow.starts_at < until)
    return [_appointment(row) for row in await query.order_by(AppointmentRow.starts_at)]


async def get(appointment_id: uuid.UUID, worker: uuid.UUID) -> Appointment | None:
    row = await AppointmentRow.select().where(
        (AppointmentRow.id == appointment_id) & (AppointmentRow.worker == worker) & (AppointmentRow.cancelled == False)  # noqa: E712
    ).first()
    return _appointment(row) if row else None


async def for_case(case_id: uuid.UUID) -> list[Appointment]:
    rows = await AppointmentRow.select().where(
        ((AppointmentRow.case_id == case_id) | (AppointmentRow.help_request_id == case_id)) & (AppointmentRow.cancelled == False)  # noqa: E712
    ).order_by(AppointmentRow.starts_at)
    return [_appointment(row) for row in rows]


async def cancel(appointment_id: uuid.UUID, worker: uuid.UUID) -> bool:
    done = await AppointmentRow.update({AppointmentRow.cancelled: True}).where(
        (AppointmentRow.id == appointment_id) & (AppointmentRow.worker == worker)
    ).returning(AppointmentRow.id)
    return bool(done)


async def reseal_all() -> int:
    rows = await AppointmentRow.select(AppointmentRow.id, AppointmentRow.place).where(AppointmentRow.place.is_not_null())
    for row in rows:
        await AppointmentRow.update({AppointmentRow.place: json.dumps(reseal(json.loads(row["place"])))}).where(AppointmentRow.id == row["id"])
    return len(rows)


async def forget_places_before(before: dt.datetime) -> None:
    """Where appointments that took place before ``before`` were: not kept past the retention period."""
    await AppointmentRow.update({AppointmentRow.place: None}).where(
        AppointmentRow.place.is_not_null() & (AppointmentRow.starts_at < before)
    )


async def delete_for_requests(request_ids: list[uuid.UUID]) -> None:
    if request_ids:
        await AppointmentRow.delete().where(AppointmentRow.help_request_id.is_in(request_ids))

