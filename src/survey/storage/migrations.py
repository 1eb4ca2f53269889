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

from collections.abc import Awaitable, Callable

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import TransactionType

from .engine import is_postgres
from .tables import Answer, QuestionnaireVersion, Response, SurveyMigration, Throttle

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


MIGRATIONS: tuple[tuple[str, Step], ...] = (("0001_initial", _initial), ("0002_throttle", _throttle))

_LOCK_ID = 7_715_402_311  # any constant: names this app's migration lock


async def migrate(db: Engine) -> list[str]:
    """Apply every migration not yet applied; return the ids applied now."""
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
