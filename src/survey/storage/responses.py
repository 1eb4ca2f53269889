"""Saving and reading responses: every query the respondent journey makes."""

from __future__ import annotations

import datetime as dt
import logging
import json
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

# The table of stored answers is ``Answer`` here; the core's answer value goes by another name.
from ..questionnaire.answer import Answer as AnswerValue
from . import reads, writes
from .engine import is_postgres
from .sealing import seal, unseal
from .tables import Answer, Draft, QuestionnaireVersion, Response, ReviewDecision

log = logging.getLogger("survey")

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"


class VersionConflict(Exception):
    """A bank's version was published before with different questions."""


@dataclass(frozen=True)
class ResponseRecord:
    id: uuid.UUID
    questionnaire_id: str
    questionnaire_version: str
    status: str
    reference: str | None
    mode: str
    language: str
    format: str
    entered_by: uuid.UUID | None = None
    organisation: str | None = None
    paper_reference: str | None = None
    route: str = "open"
    started_at: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    #: Space-separated: the questions the respondent answered on their own (a private section).
    self_completed: str = ""
    #: The private section the device is handed over for, "" when it is not.
    handover: str = ""
    handover_token: str | None = None
    review: str = ""
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return self.status == SUBMITTED

    @property
    def answered_privately(self) -> frozenset[str]:
        return frozenset(self.self_completed.split())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


async def publish(questionnaire_id: str, version: str, content_hash: str, definition: str) -> bool:
    """Record a bank version as served. Returns True when it is new.

    The same version with other content is refused: responses are tied to a
    version, and their meaning must not change under them.
    """
    existing = (
        await QuestionnaireVersion.select(QuestionnaireVersion.content_hash)
        .where((QuestionnaireVersion.questionnaire_id == questionnaire_id) & (QuestionnaireVersion.version == version))
        .first()
    )
    if existing:
        if existing["content_hash"] != content_hash:
            raise VersionConflict(
                f"version {version} of {questionnaire_id!r} was already published with different content; "
                "give the edited bank a new version"
            )
        return False
    await QuestionnaireVersion.insert(
        QuestionnaireVersion(
            questionnaire_id=questionnaire_id,
            version=version,
            content_hash=content_hash,
            definition=definition,
            published_at=_now(),
        )
    ).on_conflict(action="DO NOTHING")
    return True


async def definition(questionnaire_id: str, version: str) -> str | None:
    row = (
        await QuestionnaireVersion.select(QuestionnaireVersion.definition)
        .where((QuestionnaireVersion.questionnaire_id == questionnaire_id) & (QuestionnaireVersion.version == version))
        .first()
    )
    return row["definition"] if row else None


async def start(
    questionnaire_id: str,
    version: str,
    resume_code_hash: str,
    *,
    mode: str = "online",
    language: str = "en",
    format: str = "standard",
    entered_by: uuid.UUID | None = None,
    organisation: str | None = None,
    consent_at: dt.datetime | None = None,
    paper_reference: str | None = None,
    route: str = "open",
) -> uuid.UUID:
    response_id = uuid.uuid4()
    now = _now()
    await Response.insert(
        Response(
            id=response_id,
            questionnaire_id=questionnaire_id,
            questionnaire_version=version,
            status=IN_PROGRESS,
            resume_code_hash=resume_code_hash,
            mode=mode,
            language=language,
            format=format,
            entered_by=entered_by,
            organisation=organisation,
            consent_at=consent_at,
            paper_reference=paper_reference,
            route=route,
            started_at=now,
            updated_at=now,
        )
    )
    return response_id


_FIELDS = (
    Response.id,
    Response.questionnaire_id,
    Response.questionnaire_version,
    Response.status,
    Response.reference,
    Response.mode,
    Response.language,
    Response.format,
    Response.entered_by,
    Response.organisation,
    Response.paper_reference,
    Response.route,
    Response.started_at,
    Response.submitted_at,
    Response.self_completed,
    Response.handover,
    Response.handover_token,
    Response.review,
)


async def _record(row: dict[str, Any] | None) -> ResponseRecord | None:
    if row is None:
        return None
    answers = await Answer.select(Answer.question_id, Answer.value).where(Answer.response == row["id"])
    return ResponseRecord(
        **{key: row[key] for key in ResponseRecord.__dataclass_fields__ if key != "answers"},
        answers={a["question_id"]: unseal(json.loads(a["value"])) for a in answers},
    )


_COLUMNS = ", ".join(column._meta.db_column_name for column in _FIELDS)


def _uuid(value: Any) -> uuid.UUID | None:
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _time(value: Any) -> dt.datetime | None:
    return value if value is None or isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)


async def get(response_id: uuid.UUID) -> ResponseRecord | None:
    """A response and its answers: read on every page, so read directly."""
    reader = reads.reader_for(Response._meta.db)
    if reader is None:
        return await _record(await Response.select(*_FIELDS).where(Response.id == response_id).first())
    key = response_id if is_postgres(Response._meta.db) else str(response_id)
    rows, answers = await reader.fetch_all([
        (f"SELECT {_COLUMNS} FROM response WHERE id = ?", [key]),
        ("SELECT question_id, value FROM answer WHERE response = ?", [key]),
    ])
    if not rows:
        # Rare (a stale cookie, a deleted response): make sure on a fresh
        # connection before sending someone back to the start.
        found = await _record(await Response.select(*_FIELDS).where(Response.id == response_id).first())
        if found is not None:
            log.warning("the read connection missed response %s; read it afresh", response_id)
        return found
    row = dict(zip((column._meta.name for column in _FIELDS), rows[0]))
    return ResponseRecord(
        **{name: row[name] for name in ResponseRecord.__dataclass_fields__ if name != "answers"}
        | {"id": _uuid(row["id"]), "entered_by": _uuid(row["entered_by"]),
           "started_at": _time(row["started_at"]), "submitted_at": _time(row["submitted_at"])},
        answers={question_id: unseal(json.loads(value)) for question_id, value in answers},
    )


async def find_by_resume_code(questionnaire_id: str, code_hash: str) -> ResponseRecord | None:
    row = (
        await Response.select(*_FIELDS)
        .where((Response.resume_code_hash == code_hash) & (Response.questionnaire_id == questionnaire_id))
        .first()
    )
    return await _record(row)


async def set_format(response_id: uuid.UUID, format: str) -> None:
    """Record the format the person chose (standard, bsl...) for the whole response."""
    await Response.update({Response.format: format}).where(Response.id == response_id)


async def replace_resume_code(response_id: uuid.UUID, code_hash: str) -> None:
    await Response.update({Response.resume_code_hash: code_hash}).where(Response.id == response_id)


async def discard_unanswered(response_id: uuid.UUID) -> None:
    """Remove a response just started that nobody will answer (one statement:
    no transaction to upgrade, so it never waits on another writer's lock)."""
    await Response.delete().where((Response.id == response_id) & (Response.status == IN_PROGRESS))


async def delete_in_progress(response_id: uuid.UUID) -> list[str] | None:
    """Delete an unfinished response and its answers; return the files of the
    BSL videos it held (for the caller to remove), or None if there was nothing to delete."""
    async with Response._meta.db.transaction():
        found = await Response.exists().where((Response.id == response_id) & (Response.status == IN_PROGRESS))
        if not found:
            return None
        rows = await Answer.select(Answer.video).where((Answer.response == response_id) & Answer.video.is_not_null())
        await Answer.delete().where(Answer.response == response_id)
        await Response.delete().where(Response.id == response_id)
    return [row["video"] for row in rows]


async def save_answer(
    response_id: uuid.UUID, question_id: str, answer: AnswerValue, drop: Collection[str] = (), sealed: bool = False,
) -> None:
    """Save one answer and drop answers to pages the route no longer reaches,
    together. ``sealed`` answers (free text) are encrypted before they are stored."""
    await save_answers(response_id, {question_id: answer}, drop, {question_id} if sealed else ())


async def save_answers(
    response_id: uuid.UUID, answers: Mapping[str, AnswerValue], drop: Collection[str] = (), sealed: Collection[str] = (),
) -> None:
    """Save answers and drop answers to pages the route no longer reaches,
    all together; a worker's draft of a page is done with once its answer is saved.
    The file of a BSL video answer is kept beside it, to find without opening the answer."""
    now = _now()
    stored = {}
    for question_id, answer in answers.items():
        value = answer.stored()
        stored[question_id] = json.dumps(seal(value) if question_id in sealed and value is not None else value)
    videos = {question_id: answer.video_file for question_id, answer in answers.items() if answer.video_file}
    writer = writes.writer_for(Answer._meta.db)
    if writer is None:
        raise RuntimeError("the database is not open: answers are saved through storage.open_engine's writer")
    await writer.write(_saving_sql(response_id, stored, drop, now, videos))


def _saving_sql(
    response_id: uuid.UUID, stored: dict[str, str], drop: Collection[str], now: dt.datetime, videos: Mapping[str, str]
) -> list[tuple[str, list[Any]]]:
    """``save_answers`` as plain statements, run together by the writer."""
    statements: list[tuple[str, list[Any]]] = [
        ("INSERT INTO answer (response, question_id, value, updated_at, video) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (response, question_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
         "video = excluded.video",
         [response_id, question_id, value, now, videos.get(question_id)])
        for question_id, value in stored.items()
    ]
    if stored:
        statements.append((f"DELETE FROM draft WHERE response = ? AND page_id IN ({', '.join('?' * len(stored))})",
                           [response_id, *stored]))
    if drop:
        statements.append((f"DELETE FROM answer WHERE response = ? AND question_id IN ({', '.join('?' * len(drop))})",
                           [response_id, *drop]))
    statements.append(("UPDATE response SET updated_at = ? WHERE id = ?", [now, response_id]))
    return statements


async def videos_held() -> set[str]:
    """The file of every BSL video answer still held by an answer."""
    return {row["video"] for row in await Answer.select(Answer.video).where(Answer.video.is_not_null())}


async def submit(response_id: uuid.UUID, reference: str, language: str | None = None, review: str = "") -> str:
    """Mark a response submitted, in ``language`` when given (the one it was
    sent in, whatever it started in), in the review state ``review`` (an
    assisted response's); a second submit changes nothing and returns the
    first reference. One a supervisor returned keeps the reference it had."""
    now = _now()
    values = {Response.status: SUBMITTED, Response.reference: reference, Response.submitted_at: now, Response.updated_at: now,
              Response.review: review}
    if language:
        values[Response.language] = language
    unsent = (Response.id == response_id) & (Response.status == IN_PROGRESS)
    updated = await Response.update(values).where(unsent & Response.reference.is_null()).returning(Response.reference)
    if not updated:
        del values[Response.reference]
        updated = await Response.update(values).where(unsent).returning(Response.reference)
    if updated:
        return updated[0]["reference"]
    row = await Response.select(Response.reference).where(Response.id == response_id).first()
    if row is None or row["reference"] is None:
        raise LookupError(f"no response {response_id}")
    return row["reference"]


async def count(questionnaire_id: str, status: str | None = None) -> int:
    query = Response.count().where(Response.questionnaire_id == questionnaire_id)
    if status:
        query = query.where(Response.status == status)
    return await query


async def sealed_answers(after: int | None = None, size: int = 500) -> list[tuple[int, dict[str, str]]]:
    """Sealed answers in batches (by row id), for re-sealing with a new key."""
    query = Answer.select(Answer.id, Answer.value).where(Answer.value.like('{"sealed"%')).order_by(Answer.id).limit(size)
    if after is not None:
        query = query.where(Answer.id > after)
    return [(row["id"], json.loads(row["value"])) for row in await query]


async def replace_sealed(answer_id: int, value: dict[str, str]) -> None:
    await Answer.update({Answer.value: json.dumps(value)}).where(Answer.id == answer_id)


async def sent_before(cutoff: dt.datetime) -> int:
    return await Response.count().where((Response.status == SUBMITTED) & (Response.submitted_at < cutoff))


async def purge_sent_before(cutoff: dt.datetime) -> tuple[int, list[str]]:
    """Delete sent responses older than ``cutoff``, with their answers.
    Returns how many, and the files of the BSL videos they held (for the caller to remove)."""
    videos: list[str] = []
    async with Response._meta.db.transaction():
        rows = await Response.select(Response.id).where((Response.status == SUBMITTED) & (Response.submitted_at < cutoff))
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            held = await Answer.select(Answer.video).where(Answer.response.is_in(chunk) & Answer.video.is_not_null())
            videos += [row["video"] for row in held]
            await Answer.delete().where(Answer.response.is_in(chunk))
            await Draft.delete().where(Draft.response.is_in(chunk))
            await ReviewDecision.delete().where(ReviewDecision.response.is_in(chunk))
            await Response.delete().where(Response.id.is_in(chunk))
    return len(ids), videos
