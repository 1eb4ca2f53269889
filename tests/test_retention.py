"""Purging sent responses after the retention period: from the command and
the admin page, each with an audit row; newer and unfinished responses stay."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys

import synthetic
from conftest import ROOT, SAMPLE_DIR, run_async
from staff import add_user, sign_in
from survey.questionnaire import load_file
from survey.storage import close_engine, migrate, open_engine, responses
from web_client import Visitor, running_app

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire


def seed(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/keep.db"

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            rng = random.Random(5)
            await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(6)])
            await responses.start(SAMPLE.id, SAMPLE.version, "unfinished")
        finally:
            await close_engine(engine)

    run_async(main())
    with sqlite3.connect(tmp_path / "keep.db") as db:
        ids = [row[0] for row in db.execute("SELECT id FROM response WHERE status = 'submitted' ORDER BY id LIMIT 4")]
        db.executemany("UPDATE response SET submitted_at = '2020-01-01 00:00:00.000000+00:00' WHERE id = ?", [(i,) for i in ids])
    return url


def counts(path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as db:
        return (
            db.execute("SELECT count(*) FROM response WHERE status = 'submitted'").fetchone()[0],
            db.execute("SELECT count(*) FROM response WHERE status = 'in_progress'").fetchone()[0],
            db.execute("SELECT count(*) FROM answer WHERE response NOT IN (SELECT id FROM response)").fetchone()[0],
        )


def test_the_purge_command_deletes_only_old_sent_responses(tmp_path):
    url = seed(tmp_path)
    env = {**os.environ, "SURVEY_DATABASE_URL": url, "SURVEY_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "survey", "purge", "--yes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "deleted 4 sent responses older than 730 days"
    assert counts(tmp_path / "keep.db") == (2, 1, 0)  # no answer left behind
    with sqlite3.connect(tmp_path / "keep.db") as db:
        assert db.execute("SELECT actor, detail FROM audit_event WHERE action = 'responses_purged'").fetchone()[0] == "command line"
    again = subprocess.run([sys.executable, "-m", "survey", "purge", "--yes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert again.stdout.strip() == "no sent responses are older than 730 days"


def test_an_admin_purges_old_responses_after_confirming(tmp_path):
    url = seed(tmp_path)
    add_user(url, "admin@example.org", "admin")
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/retention")
        assert "4 sent responses are older than that." in admin.soup.get_text()
        admin.post(data={})
        assert admin.response.status_code == 400
        assert admin.errors() == [("#confirm", "Select that you understand the responses will be deleted for good")]
        admin.post(data={"confirm": "yes"})
        assert "4 responses deleted." in admin.soup.get_text()
    assert counts(tmp_path / "keep.db") == (2, 1, 0)
    with sqlite3.connect(tmp_path / "keep.db") as db:
        assert db.execute("SELECT actor FROM audit_event WHERE action = 'responses_purged'").fetchone() == ("admin@example.org",)


def test_the_app_purges_by_itself_once_per_period_however_many_workers(tmp_path):
    """Two apps on one database, each told to purge every 2 seconds: the old
    responses go without anyone asking, audited once by the scheduled purge;
    newer and unfinished ones stay. Waits on the purge, not on the clock."""
    import time

    url = seed(tmp_path)
    with running_app(tmp_path, SAMPLE_DIR, database_url=url, purge_every_seconds=2) as first, \
            running_app(tmp_path / "second", SAMPLE_DIR, database_url=url, purge_every_seconds=2) as second:
        admin_page = Visitor(first).get("/healthz")
        assert admin_page is not None and Visitor(second).get("/healthz") is not None
        deadline = time.monotonic() + 120  # a bound for a stuck purge, not the thing waited for
        while counts(tmp_path / "keep.db")[0] != 2:
            assert time.monotonic() < deadline, "the scheduled purge never ran"
            time.sleep(0.2)
    assert counts(tmp_path / "keep.db") == (2, 1, 0)
    with sqlite3.connect(tmp_path / "keep.db") as db:
        purges = db.execute("SELECT actor, detail FROM audit_event WHERE action = 'responses_purged'").fetchall()
    assert [actor for actor, _ in purges] == ["scheduled purge"]
    assert '"responses": 4' in purges[0][1]


def test_the_retention_page_says_whether_the_app_purges_by_itself(tmp_path):
    url = seed(tmp_path)
    add_user(url, "admin@example.org", "admin")
    for every, said in ((86400, "The service deletes them by itself every 24 hours"), (0, "The service does not delete them by itself")):
        with running_app(tmp_path, SAMPLE_DIR, database_url=url, purge_every_seconds=every) as client:
            admin = Visitor(client)
            sign_in(admin, "admin@example.org")
            assert said in admin.get("/admin/retention").get_text(" ", strip=True)
