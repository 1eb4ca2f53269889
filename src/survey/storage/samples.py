"""Samples, their cases and the cases' outcomes: every query about them."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .sealing import reseal, seal, unseal
from .tables import Answer, Sample, SampleCase

_BATCH = 500


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class NewCase:
    id: uuid.UUID
    reference: str
    borough: str
    stratum: str
    probability: float
    address: dict[str, str]
    code_hash: str
    language: str | None = None
    format_need: str | None = None


@dataclass(frozen=True)
class CaseRecord:
    id: uuid.UUID
    questionnaire_id: str
    wave: int
    reference: str
    borough: str
    stratum: str
    probability: float
    language: str | None
    format_need: str | None
    response_id: uuid.UUID | None
    disposition: str | None


class WaveExists(Exception):
    pass


async def waves(questionnaire_id: str) -> list[dict[str, Any]]:
    """Each wave: its number, when it was made, where from, and how many cases."""
    rows = await Sample.select(Sample.id, Sample.wave, Sample.detail, Sample.created_at).where(
        Sample.questionnaire_id == questionnaire_id
    ).order_by(Sample.wave)
    counts = {
        row["sample"]: row["count"]
        for row in await SampleCase.raw(
            "SELECT sample, COUNT(*) AS count FROM sample_case WHERE sample IN "
            "(SELECT id FROM sample WHERE questionnaire_id = {}) GROUP BY sample",
            questionnaire_id,
        )
    }
    return [
        {"wave": row["wave"], "created_at": row["created_at"], "detail": json.loads(row["detail"]), "cases": counts.get(row["id"], 0)}
        for row in rows
    ]


async def has_sample(questionnaire_id: str) -> bool:
    return await Sample.exists().where(Sample.questionnaire_id == questionnaire_id)


async def add_wave(questionnaire_id: str, wave: int | None, detail: dict[str, Any], cases: Sequence[NewCase]) -> int:
    """Add a wave and all its cases in one transaction; its number."""
    async with Sample._meta.db.transaction():
        last = await Sample.select(Sample.wave).where(Sample.questionnaire_id == questionnaire_id).order_by(
            Sample.wave, ascending=False
        ).first()
        number = wave if wave is not None else (last["wave"] + 1 if last else 1)
        if await Sample.exists().where((Sample.questionnaire_id == questionnaire_id) & (Sample.wave == number)):
            raise WaveExists(f"wave {number} of {questionnaire_id} has been imported already")
        inserted = await Sample.insert(
            Sample(questionnaire_id=questionnaire_id, wave=number, detail=json.dumps(detail, sort_keys=True), created_at=_now())
        ).returning(Sample.id)
        sample_id = inserted[0]["id"]
        for start in range(0, len(cases), _BATCH):
            await SampleCase.insert(
                *(
                    SampleCase(
                        id=case.id,
                        sample=sample_id,
                        reference=case.reference,
                        borough=case.borough,
                        stratum=case.stratum,
                        probability=case.probability,
                        language=case.language,
                        format_need=case.format_need,
                        address=json.dumps(seal(case.address)),
                        code_hash=case.code_hash,
                    )
                    for case in cases[start : start + _BATCH]
                )
            )
    return number


CASE_FIELDS = (
    SampleCase.id, SampleCase.sample.questionnaire_id, SampleCase.sample.wave, SampleCase.reference, SampleCase.borough,
    SampleCase.stratum, SampleCase.probability, SampleCase.language, SampleCase.format_need, SampleCase.response_id,
    SampleCase.disposition,
)


def case_record(row: dict[str, Any]) -> CaseRecord:
    return CaseRecord(
        id=row["id"] if isinstance(row["id"], uuid.UUID) else uuid.UUID(str(row["id"])),
        questionnaire_id=row["sample.questionnaire_id"],
        wave=row["sample.wave"],
        reference=row["reference"],
        borough=row["borough"],
        stratum=row["stratum"],
        probability=row["probability"],
        language=row["language"],
        format_need=row["format_need"],
        response_id=None if row["response_id"] is None else uuid.UUID(str(row["response_id"])),
        disposition=row["disposition"],
    )


async def find_by_code(questionnaire_id: str, code_hash: str) -> CaseRecord | None:
    row = await SampleCase.select(*CASE_FIELDS).where(
        (SampleCase.code_hash == code_hash) & (SampleCase.sample.questionnaire_id == questionnaire_id)
    ).first()
    return case_record(row) if row else None


async def find(questionnaire_id: str, wave: int, reference: str) -> CaseRecord | None:
    row = await SampleCase.select(*CASE_FIELDS).where(
        (SampleCase.sample.questionnaire_id == questionnaire_id) & (SampleCase.sample.wave == wave) & (SampleCase.reference == reference)
    ).first()
    return case_record(row) if row else None


async def of_response(response_id: uuid.UUID) -> CaseRecord | None:
    row = await SampleCase.select(*CASE_FIELDS).where(SampleCase.response_id == response_id).first()
    return case_record(row) if row else None


async def claim(case_id: uuid.UUID, response_id: uuid.UUID, replacing: uuid.UUID | None = None) -> uuid.UUID:
    """Tie a response to a case, in one statement, so two people typing the
    same code at once share one response: the case's response afterwards.
    ``replacing`` is the response the case held before, since deleted by the
    respondent (None if it never had one)."""
    held = SampleCase.response_id.is_null() if replacing is None else SampleCase.response_id == replacing
    won = await SampleCase.update({SampleCase.response_id: response_id}).where((SampleCase.id == case_id) & held).returning(
        SampleCase.response_id
    )
    if won:
        return response_id
    row = await SampleCase.select(SampleCase.response_id).where(SampleCase.id == case_id).first()
    if row is None or row["response_id"] is None:
        raise LookupError(f"no case {case_id}")
    return uuid.UUID(str(row["response_id"]))


async def mark_complete(response_id: uuid.UUID) -> None:
    """The case whose response was just sent is complete (AAPOR 1.1)."""
    await SampleCase.update(
        {
            SampleCase.disposition: "1.1",
            SampleCase.disposition_at: _now(),
            SampleCase.disposition_by: "respondent",
            SampleCase.disposition_how: "answers sent",
        }
    ).where(SampleCase.response_id == response_id)


async def record_disposition(case_id: uuid.UUID, code: str, actor: str, how: str) -> None:
    await SampleCase.update(
        {SampleCase.disposition: code, SampleCase.disposition_at: _now(), SampleCase.disposition_by: actor, SampleCase.disposition_how: how}
    ).where(SampleCase.id == case_id)


@dataclass(frozen=True)
class CaseOutcome:
    """What the response-rate count needs of one case."""

    case_id: uuid.UUID
    wave: int
    stratum: str
    disposition: str | None
    response_id: uuid.UUID | None
    response_status: str | None
    response_version: str | None
    mode: str | None


async def outcomes(questionnaire_id: str) -> list[CaseOutcome]:
    rows = await SampleCase.raw(
        "SELECT c.id AS case_id, s.wave AS wave, c.stratum AS stratum, c.disposition AS disposition, c.response_id AS response_id, "
        "r.status AS status, r.questionnaire_version AS version, r.mode AS mode "
        "FROM sample_case c JOIN sample s ON s.id = c.sample LEFT JOIN response r ON r.id = c.response_id "
        "WHERE s.questionnaire_id = {}",
        questionnaire_id,
    )
    return [
        CaseOutcome(
            uuid.UUID(str(row["case_id"])), row["wave"], row["stratum"], row["disposition"],
            None if row["response_id"] is None else uuid.UUID(str(row["response_id"])),
            row["status"], row["version"], row["mode"],
        )
        for row in rows
    ]


async def answers_of(response_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
    """The answers of unsent responses, to tell a partial from a break-off."""
    ids = list(response_ids)
    found: dict[uuid.UUID, dict[str, Any]] = {rid: {} for rid in ids}
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        for row in await Answer.select(Answer.response, Answer.question_id, Answer.value).where(Answer.response.is_in(chunk)):
            rid = row["response"] if isinstance(row["response"], uuid.UUID) else uuid.UUID(str(row["response"]))
            found[rid][row["question_id"]] = unseal(json.loads(row["value"]))
    return found


async def for_letters(questionnaire_id: str, wave: int | None = None) -> list[tuple[CaseRecord, dict[str, str] | None]]:
    """Each case with its address opened (None once purged), in reference order."""
    query = SampleCase.select(*CASE_FIELDS, SampleCase.address).where(SampleCase.sample.questionnaire_id == questionnaire_id)
    if wave is not None:
        query = query.where(SampleCase.sample.wave == wave)
    rows = await query.order_by(SampleCase.sample.wave).order_by(SampleCase.reference)
    return [(case_record(row), unseal(json.loads(row["address"])) if row["address"] else None) for row in rows]


async def purge_addresses(before: dt.datetime) -> int:
    """Forget the addresses of waves made before ``before``; how many were forgotten."""
    old = Sample.select(Sample.id).where(Sample.created_at < before)
    purged = await SampleCase.update({SampleCase.address: None}).where(
        SampleCase.sample.is_in(old) & SampleCase.address.is_not_null()
    ).returning(SampleCase.id)
    return len(purged)



async def reseal_addresses() -> int:
    """Seal every kept address again with the newest key; how many."""
    done = 0
    rows = await SampleCase.select(SampleCase.id, SampleCase.address).where(SampleCase.address.is_not_null())
    for row in rows:
        await SampleCase.update({SampleCase.address: json.dumps(reseal(json.loads(row["address"])))}).where(SampleCase.id == row["id"])
        done += 1
    return done


async def versions_in_sample(questionnaire_id: str) -> list[str]:
    """The bank versions the sample's responses were started on."""
    rows = await SampleCase.raw(
        "SELECT DISTINCT r.questionnaire_version AS version FROM sample_case c JOIN sample s ON s.id = c.sample "
        "JOIN response r ON r.id = c.response_id WHERE s.questionnaire_id = {}",
        questionnaire_id,
    )
    return sorted(row["version"] for row in rows)


async def add_person(case_id: uuid.UUID, new_id: uuid.UUID, code_hash: str) -> str | None:
    """A case for someone else at a case's address, who asked for a private
    code: the same address, stratum and probability (everyone aged 16 or over
    at a sampled address is invited), referenced "<reference>-<n>". Its
    reference, or None when the address is gone (purged) or there is no such case."""
    async with SampleCase._meta.db.transaction():
        row = await SampleCase.select(
            SampleCase.sample, SampleCase.reference, SampleCase.borough, SampleCase.stratum, SampleCase.probability,
            SampleCase.language, SampleCase.format_need, SampleCase.address,
        ).where(SampleCase.id == case_id).first()
        if row is None or row["address"] is None:
            return None
        base = row["reference"].split("+")[0]
        taken = {r["reference"] for r in await SampleCase.select(SampleCase.reference).where(
            (SampleCase.sample == row["sample"]) & SampleCase.reference.like(f"{base}+%"))}
        number = 2
        while f"{base}+{number}" in taken:
            number += 1
        reference = f"{base}+{number}"
        await SampleCase.insert(SampleCase(
            id=new_id, sample=row["sample"], reference=reference, borough=row["borough"], stratum=row["stratum"],
            probability=row["probability"], language=row["language"], format_need=row["format_need"],
            address=json.dumps(reseal(json.loads(row["address"]))), code_hash=code_hash,
        ))
    return reference
