"""Storage on a real SQLite file and a real PostgreSQL server, through the same code."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from conftest import run_async
from survey.questionnaire.answer import Answer
from survey.storage import close_engine, migrate, open_engine, responses
from survey.storage.engine import DatabaseURLError, create_engine, sqlite_path
from survey.storage.migrations import MIGRATIONS


def each_database(test):
    """Run an async test body against a fresh, migrated database of each kind."""

    def wrapper(database_url):
        async def main():
            engine = await open_engine(database_url)
            try:
                assert await migrate(engine) == [name for name, _ in MIGRATIONS]
                await test(engine)
            finally:
                await close_engine(engine)

        run_async(main())

    wrapper.__name__, wrapper.__doc__ = test.__name__, test.__doc__
    return wrapper


@each_database
async def test_migrations_apply_once(database):
    assert await migrate(database) == []


@each_database
async def test_a_version_is_published_once_and_never_changed(database):
    assert await responses.publish("bank", "1", "a" * 64, '{"x": 1}') is True
    assert await responses.publish("bank", "1", "a" * 64, '{"x": 1}') is False
    with pytest.raises(responses.VersionConflict, match="give the edited bank a new version"):
        await responses.publish("bank", "1", "b" * 64, '{"x": 2}')
    assert await responses.definition("bank", "1") == '{"x": 1}'
    assert await responses.publish("bank", "2", "b" * 64, '{"x": 2}') is True


@each_database
async def test_answers_are_saved_replaced_and_dropped(database):
    rid = await responses.start("bank", "1", "h" * 64)
    await responses.save_answer(rid, "text", Answer("hello"))
    await responses.save_answer(rid, "number", Answer(3))
    await responses.save_answer(rid, "many", Answer(["a", "b"]))
    await responses.save_answer(rid, "blank", Answer(None))
    record = await responses.get(rid)
    assert record.answers == {"text": "hello", "number": 3, "many": ["a", "b"], "blank": None}
    assert (record.status, record.mode, record.language, record.format) == ("in_progress", "online", "en", "standard")

    await responses.save_answer(rid, "text", Answer("changed"), drop={"many", "number"})
    assert (await responses.get(rid)).answers == {"text": "changed", "blank": None}


@each_database
async def test_values_keep_their_types(database):
    rid = await responses.start("bank", "1", "t" * 64)
    values = {"s": "3", "n": 3, "b": True, "l": ["1"], "u": "ünïcödé ✓ — “quotes”"}
    for qid, value in values.items():
        await responses.save_answer(rid, qid, Answer(value))
    assert (await responses.get(rid)).answers == values


@each_database
async def test_resume_code_finds_only_its_own_response(database):
    mine = await responses.start("bank", "1", "1" * 64)
    await responses.start("bank", "1", "2" * 64)
    assert (await responses.find_by_resume_code("bank", "1" * 64)).id == mine
    assert await responses.find_by_resume_code("other-bank", "1" * 64) is None
    assert await responses.find_by_resume_code("bank", "3" * 64) is None


@each_database
async def test_submitting_twice_keeps_the_first_reference(database):
    rid = await responses.start("bank", "1", "s" * 64)
    assert await responses.submit(rid, "AAAAA-11111") == "AAAAA-11111"
    assert await responses.submit(rid, "BBBBB-22222") == "AAAAA-11111"
    record = await responses.get(rid)
    assert record.submitted and record.reference == "AAAAA-11111"
    assert await responses.count("bank", "submitted") == 1


@each_database
async def test_concurrent_saves_to_one_response_keep_every_answer(database):
    rid = await responses.start("bank", "1", "c" * 64)
    await asyncio.gather(*(responses.save_answer(rid, f"q{i}", Answer(i)) for i in range(20)))
    assert (await responses.get(rid)).answers == {f"q{i}": i for i in range(20)}


def test_sqlite_answers_saved_at_once_share_a_commit_and_fail_alone(tmp_path):
    """On SQLite, answers that arrive while one is being committed go into the
    next transaction together; one that cannot be saved (its response has
    gone) fails alone, and every other one is saved."""
    import sqlite3

    from survey.storage import writes

    async def main():
        engine = await open_engine(f"sqlite:///{tmp_path}/group.db")
        try:
            await migrate(engine)
            writer = writes.writer_for(engine)
            groups: list[int] = []
            real = writer._sqlite.run

            def counted(jobs):
                groups.append(len(jobs))
                return real(jobs)

            writer._sqlite.run = counted
            rids = [await responses.start("bank", "1", f"{n:064d}") for n in range(30)]
            gone = uuid.uuid4()
            outcomes = await asyncio.gather(
                *(responses.save_answer(rid, "q", Answer(n)) for n, rid in enumerate(rids)),
                responses.save_answer(gone, "q", Answer("lost")),
                return_exceptions=True,
            )
            assert all(outcome is None for outcome in outcomes[:30]), outcomes
            assert isinstance(outcomes[30], sqlite3.IntegrityError)
            assert [(await responses.get(rid)).answers for rid in rids] == [{"q": n} for n in range(30)]
            assert sum(groups) == 31 and len(groups) < 31 and max(groups) > 1, groups
        finally:
            await close_engine(engine)

    run_async(main())


def test_sqlite_runs_in_wal_mode(tmp_path):
    async def journal_mode():
        engine = await open_engine(f"sqlite:///{tmp_path}/wal.db")
        return (await engine.run_ddl("PRAGMA journal_mode"))[0]["journal_mode"]

    assert run_async(journal_mode()) == "wal"


@each_database
async def test_an_unknown_response_is_none(database):
    assert await responses.get(uuid.uuid4()) is None


def test_database_urls(tmp_path):
    assert str(sqlite_path("sqlite:///data/survey.db")) == "data/survey.db"
    assert str(sqlite_path("sqlite:////abs/x.db")) == "/abs/x.db"
    with pytest.raises(DatabaseURLError, match="must start with sqlite:/// or postgresql://"):
        create_engine("mysql://x")
    with pytest.raises(DatabaseURLError):
        sqlite_path("sqlite://")


def test_an_engine_left_open_does_not_keep_the_process_alive(tmp_path):
    """The read connection's thread ends with the interpreter: a command or a
    test that forgets to close its engine still exits."""
    import subprocess
    import sys

    script = (
        "import asyncio, sys; from survey.storage import open_engine, migrate\n"
        "async def main():\n"
        "    engine = await open_engine(f'sqlite:///{sys.argv[1]}')\n"
        "    await migrate(engine)\n"
        "asyncio.run(main()); print('done')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "open.db")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "done", done.stderr
