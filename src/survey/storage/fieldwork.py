"""Fieldwork on sampled cases: which worker each case is assigned to, and
each contact attempt they record."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from .samples import CASE_FIELDS, CaseRecord, case_record
from .sealing import unseal
from .tables import ContactAttempt, Sample, SampleCase


@dataclass(frozen=True)
class Attempt:
    at: dt.datetime
    how: str
    outcome: str
    worker: uuid.UUID


async def assign_borough(questionnaire_id: str, wave: int, borough: str, worker: uuid.UUID) -> int:
    """Assign every case of a wave in a borough to a worker; how many."""
    sample = await Sample.select(Sample.id).where((Sample.questionnaire_id == questionnaire_id) & (Sample.wave == wave)).first()
    if sample is None:
        return 0
    done = await (
        SampleCase.update({SampleCase.assigned_to: worker})
        .where((SampleCase.sample == sample["id"]) & (SampleCase.borough == borough))
        .returning(SampleCase.id)
    )
    return len(done)


async def assign(case_id: uuid.UUID, worker: uuid.UUID) -> None:
    await SampleCase.update({SampleCase.assigned_to: worker}).where(SampleCase.id == case_id)


async def boroughs(questionnaire_id: str) -> list[str]:
    rows = await SampleCase.select(SampleCase.borough).where(SampleCase.sample.questionnaire_id == questionnaire_id).distinct()
    return sorted(row["borough"] for row in rows)


async def cases_of(worker: uuid.UUID) -> list[CaseRecord]:
    rows = await (
        SampleCase.select(*CASE_FIELDS).where(SampleCase.assigned_to == worker)
        .order_by(SampleCase.sample.questionnaire_id).order_by(SampleCase.sample.wave).order_by(SampleCase.reference)
    )
    return [case_record(row) for row in rows]


async def case_of(case_id: uuid.UUID, worker: uuid.UUID) -> tuple[CaseRecord, dict[str, str] | None] | None:
    """The case with its address opened, if it is assigned to this worker."""
    row = await SampleCase.select(*CASE_FIELDS, SampleCase.address).where(
        (SampleCase.id == case_id) & (SampleCase.assigned_to == worker)
    ).first()
    if row is None:
        return None
    return case_record(row), unseal(json.loads(row["address"])) if row["address"] else None


async def add_attempt(case_id: uuid.UUID, worker: uuid.UUID, at: dt.datetime, how: str, outcome: str) -> None:
    await ContactAttempt.insert(ContactAttempt(case=case_id, worker=worker, at=at, how=how, outcome=outcome))


async def attempts(case_id: uuid.UUID) -> list[Attempt]:
    rows = await ContactAttempt.select(ContactAttempt.at, ContactAttempt.how, ContactAttempt.outcome, ContactAttempt.worker).where(
        ContactAttempt.case == case_id
    ).order_by(ContactAttempt.at, ascending=False)
    return [Attempt(row["at"], row["how"], row["outcome"],
                    row["worker"] if isinstance(row["worker"], uuid.UUID) else uuid.UUID(str(row["worker"]))) for row in rows]


async def link_response(case_id: uuid.UUID, response_id: uuid.UUID) -> bool:
    """A response a worker starts for the case is its response (unless the case has one already)."""
    done = await SampleCase.update({SampleCase.response_id: response_id}).where(
        (SampleCase.id == case_id) & SampleCase.response_id.is_null()
    ).returning(SampleCase.id)
    return bool(done)
