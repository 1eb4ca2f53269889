"""Schema migrations, applied in order on start, each exactly once.

Piccolo's own migration runner finds its engine through ``PICCOLO_CONF`` when
it is imported, which does not fit a database chosen by SURVEY_DATABASE_URL at
run time (nor tests that use SQLite and PostgreSQL in one process). So this
small runner applies an ordered list of steps written with Piccolo's query
builder, recording each in ``survey_migration`` inside the same transaction.
Several workers may start at once: on PostgreSQL an advisory lock, on SQLite
an immediate transaction, lets one apply while the others wait.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import TransactionType

from piccolo.columns import UUID, Text, Timestamptz, Varchar

# The table of stored answers is ``Answer`` here; the core's answer value goes by another name.
from ..questionnaire.answer import Answer as AnswerValue
from .engine import is_postgres
from .sealing import unseal

from .tables import (
    Account, Answer, Appointment, AuditEvent, ContactAttempt, Draft, HelpRequest, NetworkSighting, QuestionnaireSchedule, QuestionnaireVersion, Response, ResultsPublication, ReviewDecision, Sample, SampleCase,
    StaffSession, SurveyMigration, TextReview, Throttle,
)

Step = Callable[[Engine], Awaitable[None]]


async def _initial(db: Engine) -> None:
    for table in (QuestionnaireVersion, Response, Answer):
        await table.create_table(if_not_exists=True)
    await db.run_ddl(
        "CREATE UNIQUE INDEX IF NOT EXISTS questionnaire_version_key "
        "ON questionnaire_version (questionnaire_id, version)"
    )
    # One answer per question per response; saving again replaces it.
    await db.run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS answer_key ON answer (response, question_id)")


async def _throttle(db: Engine) -> None:
    await Throttle.create_table(if_not_exists=True)


async def _columns(db: Engine, table: str) -> set[str]:
    if is_postgres(db):
        rows = await db.run_ddl(
            "SELECT column_name AS name FROM information_schema.columns "
            f"WHERE table_schema = current_schema() AND table_name = '{table}'"
        )
    else:
        rows = await db.run_ddl(f"PRAGMA table_info({table})")
    return {row["name"] for row in rows}


async def _assisted_entry(db: Engine) -> None:
    # A database made by this version's 0001 has these columns already
    # (create_table uses today's table class); an older one gains them here.
    present = await _columns(db, "response")
    added = {
        "entered_by": UUID(null=True, default=None),
        "organisation": Varchar(length=200, null=True, default=None),
        "consent_at": Timestamptz(null=True, default=None),
        "paper_reference": Varchar(length=50, null=True, default=None),
    }
    for name, column in added.items():
        if name not in present:
            await Response.alter().add_column(name, column)
    for table in (Account, StaffSession, AuditEvent, Draft):
        await table.create_table(if_not_exists=True)
    await db.run_ddl("CREATE INDEX IF NOT EXISTS response_entered_by ON response (entered_by)")
    await db.run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS draft_key ON draft (response, page_id)")
    # The audit log is append-only in the database itself, not just by habit.
    if is_postgres(db):
        await db.run_ddl(
            "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_event is append-only'; END; $$ LANGUAGE plpgsql"
        )
        await db.run_ddl(
            "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()"
        )
        await db.run_ddl(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            await db.run_ddl(
                f"CREATE TRIGGER IF NOT EXISTS audit_event_no_{event.lower()} BEFORE {event} ON audit_event "
                "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
            )


async def _schedule(db: Engine) -> None:
    await QuestionnaireSchedule.create_table(if_not_exists=True)


async def _results(db: Engine) -> None:
    await ResultsPublication.create_table(if_not_exists=True)


async def _submitted_in_order(db: Engine) -> None:
    # Exports and results read one questionnaire version's submitted responses
    # in id order, a batch at a time: a range of this index, not a sort of
    # every response per batch.
    await db.run_ddl(
        "CREATE INDEX IF NOT EXISTS response_submitted ON response (questionnaire_id, questionnaire_version, status, id)"
    )


async def _answer_video(db: Engine) -> None:
    if "video" not in await _columns(db, "answer"):
        await Answer.alter().add_column("video", Varchar(length=100, null=True, default=None))
    # Videos already held are noted from their answers (free text is sealed: opened here once).
    for row in await Answer.select(Answer.id, Answer.value).where(Answer.value.like('{"sealed"%')):
        video = AnswerValue.of(unseal(json.loads(row["value"]))).video_file
        if video:
            await Answer.update({Answer.video: video}).where(Answer.id == row["id"])
    await db.run_ddl("CREATE INDEX IF NOT EXISTS answer_video ON answer (video) WHERE video IS NOT NULL")


async def _text_review(db: Engine) -> None:
    await TextReview.create_table(if_not_exists=True)
    await db.run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS text_review_key ON text_review (response, question_id)")


async def _samples(db: Engine) -> None:
    if "route" not in await _columns(db, "response"):
        await Response.alter().add_column("route", Varchar(length=10, default="open"))
    if "access" not in await _columns(db, "questionnaire_schedule"):
        await QuestionnaireSchedule.alter().add_column("access", Varchar(length=10, default="open"))
    await Sample.create_table(if_not_exists=True)
    await SampleCase.create_table(if_not_exists=True)
    await db.run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS sample_wave ON sample (questionnaire_id, wave)")
    await db.run_ddl("CREATE UNIQUE INDEX IF NOT EXISTS sample_case_reference ON sample_case (sample, reference)")


async def _integrity(db: Engine) -> None:
    present = await _columns(db, "response")
    if "flags" not in present:
        await Response.alter().add_column("flags", Varchar(length=40, default=""))
    if "fingerprint" not in present:
        await Response.alter().add_column("fingerprint", Varchar(length=64, null=True, default=None))
    await db.run_ddl("CREATE INDEX IF NOT EXISTS response_fingerprint ON response (fingerprint)")
    await NetworkSighting.create_table(if_not_exists=True)


async def _help_requests(db: Engine) -> None:
    await HelpRequest.create_table(if_not_exists=True)


async def _fieldwork(db: Engine) -> None:
    if "assigned_to" not in await _columns(db, "sample_case"):
        await SampleCase.alter().add_column("assigned_to", UUID(null=True, default=None))
    await db.run_ddl("CREATE INDEX IF NOT EXISTS sample_case_assigned_to ON sample_case (assigned_to)")
    await ContactAttempt.create_table(if_not_exists=True)
    await Appointment.create_table(if_not_exists=True)


async def _finished_alone(db: Engine) -> None:
    if "finished_mode" not in await _columns(db, "response"):
        await Response.alter().add_column("finished_mode", Varchar(length=30, null=True, default=None))


async def _private_and_review(db: Engine) -> None:
    present = await _columns(db, "response")
    for name, column in (("self_completed", Text(default="")), ("handover", Varchar(length=100, default="")),
                         ("handover_token", Varchar(length=64, null=True, default=None)), ("review", Varchar(length=10, default=""))):
        if name not in present:
            await Response.alter().add_column(name, column)
    await db.run_ddl("CREATE INDEX IF NOT EXISTS response_review ON response (review) WHERE review IN ('held', 'waiting')")
    await ReviewDecision.create_table(if_not_exists=True)


MIGRATIONS: tuple[tuple[str, Step], ...] = (
    ("0001_initial", _initial),
    ("0002_throttle", _throttle),
    ("0003_assisted_entry", _assisted_entry),
    ("0004_schedule", _schedule),
    ("0005_results", _results),
    ("0006_submitted_in_order", _submitted_in_order),
    ("0007_answer_video", _answer_video),
    ("0008_text_review", _text_review),
    ("0009_samples", _samples),
    ("0010_integrity", _integrity),
    ("0011_help_requests", _help_requests),
    ("0012_fieldwork", _fieldwork),
    ("0013_finished_alone", _finished_alone),
    ("0014_private_and_review", _private_and_review),
)

_LOCK_ID = 7_715_402_311  # any constant: names this app's migration lock


async def migrate(db: Engine) -> list[str]:
    """Apply every migration not yet applied; return the ids applied now."""
    if is_postgres(db):
        # Two workers creating the table at once can both pass IF NOT EXISTS
        # and collide in the catalogue: take the lock for this step too.
        async with db.transaction():
            await db.run_ddl(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
            await SurveyMigration.create_table(if_not_exists=True)
    else:
        await SurveyMigration.create_table(if_not_exists=True)
    applied_now: list[str] = []
    for migration_id, step in MIGRATIONS:
        postgres = is_postgres(db)
        transaction = db.transaction() if postgres else db.transaction(transaction_type=TransactionType.immediate)
        async with transaction:
            if postgres:
                await db.run_ddl(f"SELECT pg_advisory_xact_lock({_LOCK_ID})")
            if await SurveyMigration.exists().where(SurveyMigration.id == migration_id):
                continue
            await step(db)
            await SurveyMigration.insert(SurveyMigration(id=migration_id))
            applied_now.append(migration_id)
    return applied_now
