"""The documented backup and restore, on SQLite (online backup API, while
the data is in use) and PostgreSQL (pg_dump and pg_restore): a response sent
after the backup is gone after the restore; everything before it is back."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys

import pytest

import synthetic
from conftest import ROOT, SAMPLE_DIR, run_async
from survey.questionnaire import load_file
from survey.storage import close_engine, migrate, open_engine, responses

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire


def survey(*args: str, url: str, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SURVEY_DATABASE_URL": url, "SURVEY_DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "-m", "survey", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def on_database(url, work):
    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            return await work()
        finally:
            await close_engine(engine)

    return run_async(main())


def test_backup_then_restore_brings_back_what_was_saved(tmp_path, database_url):
    rng = random.Random(11)
    on_database(database_url, lambda: synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(5)]))
    made = survey("backup", str(tmp_path / "backup.dump"), url=database_url, tmp_path=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "backup.dump").stat().st_size > 0
    on_database(database_url, lambda: synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng)]))
    assert on_database(database_url, lambda: responses.count(SAMPLE.id)) == 6
    refused = survey("restore", str(tmp_path / "backup.dump"), url=database_url, tmp_path=tmp_path)
    assert refused.returncode == 1  # no confirmation given, nothing changed
    assert on_database(database_url, lambda: responses.count(SAMPLE.id)) == 6
    restored = survey("restore", "--yes", str(tmp_path / "backup.dump"), url=database_url, tmp_path=tmp_path)
    assert restored.returncode == 0, restored.stderr
    assert on_database(database_url, lambda: responses.count(SAMPLE.id)) == 5


def test_a_missing_database_is_a_clear_error(tmp_path):
    result = survey("backup", str(tmp_path / "x.db"), url=f"sqlite:///{tmp_path}/none.db", tmp_path=tmp_path)
    assert result.returncode == 1 and "there is no database at" in result.stderr


@pytest.mark.parametrize("made", ["garbage", "another app's database"])
def test_restoring_a_file_that_is_not_our_backup_says_so_and_changes_nothing(tmp_path, made):
    url = f"sqlite:///{tmp_path}/live.db"
    rng = random.Random(12)
    on_database(url, lambda: synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(3)]))
    wrong = tmp_path / "wrong.db"
    if made == "garbage":
        wrong.write_bytes(b"garbage " * 512)
    else:
        with sqlite3.connect(wrong) as other:
            other.execute("CREATE TABLE notes (text TEXT)")
    result = survey("restore", "--yes", str(wrong), url=url, tmp_path=tmp_path)
    assert result.returncode == 1
    expected = {
        "garbage": f"Error: {wrong} is not a backup made by survey backup (file is not a database): nothing was restored",
        "another app's database": f"Error: {wrong} is a SQLite database, but not a backup made by survey backup: nothing was restored",
    }[made]
    assert result.stderr.strip() == expected
    assert on_database(url, lambda: responses.count(SAMPLE.id)) == 3


def test_a_backup_is_restored_only_under_keys_that_open_it_and_export_names_a_missing_key(tmp_path, database_url):
    from survey.storage import sealing
    from survey.storage.tables import Answer

    made_with, other = sealing.new_key(), sealing.new_key()

    async def sealed_answer():
        sealing.configure([made_with])
        await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, random.Random(2))])
        # A free-text answer as the app keeps it: sealed with the key of the system it was given on.
        await Answer.update({Answer.value: json.dumps(sealing.seal("It happened near the station"))}).where(
            Answer.question_id == "police_job")

    on_database(database_url, sealed_answer)
    assert survey("backup", str(tmp_path / "backup.dump"), url=database_url, tmp_path=tmp_path).returncode == 0
    on_database(database_url, lambda: synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, random.Random(3))]))

    def restore(**env: str) -> subprocess.CompletedProcess:
        folder = tmp_path / env.pop("folder", "fresh")
        folder.mkdir(exist_ok=True)
        inherited = {key: value for key, value in os.environ.items() if key != "SURVEY_ENCRYPTION_KEYS"}
        full = {**inherited, "SURVEY_DATABASE_URL": database_url, "SURVEY_DATA_DIR": str(folder), **env}
        return subprocess.run([sys.executable, "-m", "survey", "restore", "--yes", str(tmp_path / "backup.dump")],
                              cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)

    # A fresh data folder has no key: refused, and none is made up.
    refused = restore()
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "holds encrypted answers, but no encryption key is set here" in refused.stderr
    assert not (tmp_path / "fresh" / "encryption.key").exists()
    wrong = restore(SURVEY_ENCRYPTION_KEYS=other, folder="wrong")
    assert wrong.returncode == 1 and "none of the keys in SURVEY_ENCRYPTION_KEYS" in wrong.stderr and "nothing was restored" in wrong.stderr
    assert on_database(database_url, lambda: responses.count(SAMPLE.id)) == 2  # nothing changed
    right = restore(SURVEY_ENCRYPTION_KEYS=f"{other},{made_with}", folder="right")
    assert right.returncode == 0, right.stderr
    assert on_database(database_url, lambda: responses.count(SAMPLE.id)) == 1

    # Exported under keys that cannot open it: one sentence, not a traceback.
    env = {**os.environ, "SURVEY_DATABASE_URL": database_url, "SURVEY_DATA_DIR": str(tmp_path / "wrong"), "SURVEY_ENCRYPTION_KEYS": other}
    failed = subprocess.run([sys.executable, "-m", "survey", "export", SAMPLE.id, "--format", "csv", "--out", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr
    assert "cannot be decrypted with SURVEY_ENCRYPTION_KEYS" in failed.stderr and "add the missing key" in failed.stderr
