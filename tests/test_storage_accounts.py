"""Accounts, sessions, the audit log and assisted responses, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from conftest import run_async
from survey.services import passwords
from survey.questionnaire import answer
from survey.storage import accounts, assisted, audit, close_engine, migrate, open_engine, responses
from survey.storage.migrations import MIGRATIONS
from survey.storage.tables import Answer, AuditEvent


def on_database(database_url, body):
    async def main():
        engine = await open_engine(database_url)
        try:
            await migrate(engine)
            await body(engine)
        finally:
            await close_engine(engine)

    run_async(main())


def test_accounts_hold_roles_and_a_hash_never_the_password(database_url):
    async def body(engine):
        made = await accounts.add(" Worker@Example.org ", passwords.hash_password("correct horse battery"), ["worker", "analyst"], "Deaf Futures")
        assert made.email == "worker@example.org"
        assert made.roles == {"worker", "analyst"} and not made.has("admin")
        found = await accounts.by_email("WORKER@example.org")
        assert found == made
        assert "correct horse" not in found.password_hash
        assert passwords.verify(found.password_hash, "correct horse battery")
        assert not passwords.verify(found.password_hash, "correct horse battery!")
        with pytest.raises(accounts.AccountExists):
            await accounts.add("worker@example.org", "x", ["worker"])
        with pytest.raises(ValueError, match="unknown role 'owner'"):
            await accounts.add("other@example.org", "x", ["owner"])

    on_database(database_url, body)


def test_disabling_an_account_ends_its_sessions(database_url):
    async def body(engine):
        made = await accounts.add("w@example.org", "hash", ["worker"])
        await accounts.open_session(made.id, "token-hash")
        assert (await accounts.session("token-hash")).account.id == made.id
        await accounts.set_disabled("w@example.org")
        assert await accounts.session("token-hash") is None
        assert (await accounts.by_email("w@example.org")).disabled

    on_database(database_url, body)


def test_the_audit_log_is_append_only_in_the_database(database_url):
    async def body(engine):
        await audit.record("sign_in", "a@example.org", object_type="account", object_id="a")
        await audit.record("export", "b@example.org", object_type="questionnaire", object_id="q", rows=3)
        events = await audit.search()
        assert [e.action for e in events] == ["export", "sign_in"]  # newest first
        assert events[0].detail == {"rows": 3}
        assert [e.action for e in await audit.search(actor="a@example.org")] == ["sign_in"]
        with pytest.raises(Exception, match="append-only"):
            await AuditEvent.update({AuditEvent.action: "nothing"}).where(AuditEvent.id == events[0].id)
        with pytest.raises(Exception, match="append-only"):
            await AuditEvent.delete().where(AuditEvent.id == events[0].id)
        assert len(await audit.search()) == 2

    on_database(database_url, body)


def test_a_worker_lists_their_own_responses_and_recent_sent_ones(database_url):
    async def body(engine):
        mine = await accounts.add("mine@example.org", "h", ["worker"])
        theirs = await accounts.add("theirs@example.org", "h", ["worker"])
        now = dt.datetime.now(dt.timezone.utc)
        kept = await responses.start("q", "1", "hash-1", mode="phone", entered_by=mine.id, organisation="Org", consent_at=now)
        sent = await responses.start("q", "1", "hash-2", mode="in_person", entered_by=mine.id)
        other = await responses.start("q", "1", "hash-3", entered_by=theirs.id)
        await responses.start("q", "1", "hash-4")  # online, nobody's
        await responses.save_answer(kept, "a", answer.DECLINED)
        await responses.submit(sent, "REF")
        listed = await assisted.entered_by(mine.id, now - dt.timedelta(hours=1))
        assert {e.id for e in listed} == {kept, sent}
        assert next(e for e in listed if e.id == kept).answers == 1
        assert [e.id for e in await assisted.entered_by(mine.id, now + dt.timedelta(hours=1))] == [kept]
        record = await responses.get(kept)
        assert (record.mode, record.organisation, record.entered_by) == ("phone", "Org", mine.id)
        assert record.answers == {"a": answer.DECLINED.stored()}
        assert {e.id for e in await assisted.unfinished()} == {kept, other}
        assert await assisted.reassign(other, mine.id)
        assert not await assisted.reassign(sent, theirs.id)  # sent responses stay where they are
        assert (await responses.get(other)).entered_by == mine.id

    on_database(database_url, body)


def test_a_draft_is_kept_until_its_answer_is_saved(database_url):
    async def body(engine):
        rid = await responses.start("q", "1", "hash-1", entered_by=uuid.uuid4())
        await assisted.save_draft(rid, "story", {"story": ["half a sentence"]})
        await assisted.save_draft(rid, "story", {"story": ["half a sentence, then more"]})
        assert await assisted.draft(rid, "story") == {"story": ["half a sentence, then more"]}
        await responses.save_answer(rid, "story", answer.Answer("the whole story"))
        assert await assisted.draft(rid, "story") is None

    on_database(database_url, body)


def test_a_database_from_before_assisted_entry_is_upgraded_in_place(tmp_path):
    """A response table made before 0003 gains the new columns and keeps its rows."""
    url = f"sqlite:///{tmp_path}/old.db"

    async def main():
        engine = await open_engine(url)
        try:
            await engine.run_ddl(
                "CREATE TABLE response (id VARCHAR(36) PRIMARY KEY, questionnaire_id VARCHAR(100), "
                "questionnaire_version VARCHAR(50), status VARCHAR(20), resume_code_hash VARCHAR(64) UNIQUE, "
                "reference VARCHAR(20), mode VARCHAR(30), language VARCHAR(20), format VARCHAR(20), "
                "started_at TIMESTAMP, updated_at TIMESTAMP, submitted_at TIMESTAMP)"
            )
            rid = uuid.uuid4()
            await engine.run_ddl(
                f"INSERT INTO response VALUES ('{rid}', 'q', '1', 'in_progress', 'h', NULL, 'online', 'en', "
                "'standard', '2026-01-01 00:00:00', '2026-01-01 00:00:00', NULL)"
            )
            await Answer.create_table()  # unchanged since 0001
            await engine.run_ddl("CREATE TABLE survey_migration (id VARCHAR(100) PRIMARY KEY, applied_at TIMESTAMP)")
            await engine.run_ddl(
                "INSERT INTO survey_migration VALUES ('0001_initial', '2026-01-01'), ('0002_throttle', '2026-01-01')"
            )
            applied = await migrate(engine)
            assert applied == [name for name, _ in MIGRATIONS if name not in ("0001_initial", "0002_throttle")]
            record = await responses.get(rid)
            assert record is not None and record.entered_by is None and record.organisation is None
        finally:
            await close_engine(engine)

    run_async(main())
