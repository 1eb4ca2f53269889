"""Encryption at rest: free-text answers (and workers' drafts) are stored
sealed, choice answers stay plain, and keys rotate without losing anything."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, opened_file, run_async
from survey.questionnaire.answer import Answer
from survey.storage import close_engine, migrate, open_engine, responses, sealing
from survey.storage.sealing import SealError
from web_client import Visitor, running_app

KEY_A = "q0mDzqz1y2L8mK0l3yqk7p3lG1qzvK7h8n4wXcS9b5I="
KEY_B = "b6Xx4b3mWc9Jm7h0s2yQ1vT8rN5kL3pD6fG9jH2aZ0E="


def test_free_text_is_stored_sealed_and_read_back(tmp_path):
    with running_app(tmp_path, FIXTURES / "banks", encryption_keys=KEY_A) as client:
        visitor = Visitor(client)
        visitor.get("/s/all-types")
        visitor.post("/s/all-types/start", data={})
        for data in ({}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": "Rex"},
                     {"story": "Someone shouted at me near Tottenham Hale"}, {"count": "2"},
                     {"when-day": "5", "when-month": "3", "when-year": "2024"}):
            visitor.post(data=data)
        assert visitor.path.endswith("/check")
        assert "Someone shouted at me near Tottenham Hale" in visitor.soup.get_text()
    with sqlite3.connect(tmp_path / "web.db") as db:
        stored = dict(db.execute("SELECT question_id, value FROM answer").fetchall())
    assert json.loads(stored["colour"]) == "red"  # structured answers stay countable
    assert set(json.loads(stored["story"])) == {"sealed"} and set(json.loads(stored["name_of_pet"])) == {"sealed"}
    for path in tmp_path.glob("web.db*"):
        assert b"Tottenham" not in path.read_bytes()


def test_keys_rotate_and_an_old_key_can_then_go(tmp_path):
    url = f"sqlite:///{tmp_path}/rotate.db"

    async def save_and_read(keys, save=True):
        sealing.configure(keys)
        engine = await open_engine(url)
        try:
            await migrate(engine)
            if save:
                rid = await responses.start("q", "1", "hash")
                await responses.save_answer(rid, "story", Answer("in my own words"), sealed=True)
                return rid
            found = await responses.find_by_resume_code("q", "hash")
            return found.answers["story"]
        finally:
            await close_engine(engine)

    run_async(save_and_read([KEY_A]))
    (tmp_path / "uploads").mkdir()
    video = tmp_path / "uploads" / "answer.mp4"
    clip = os.urandom(sealing.FILE_CHUNK + 1000)  # two chunks
    with video.open("wb") as handle:
        writer = sealing.SealedWriter(handle)
        writer.write(clip)
        writer.close()
    env = {**os.environ, "SURVEY_DATABASE_URL": url, "SURVEY_DATA_DIR": str(tmp_path), "SURVEY_ENCRYPTION_KEYS": f"{KEY_B},{KEY_A}"}
    rotated = subprocess.run([sys.executable, "-m", "survey", "keys", "rotate"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert rotated.returncode == 0, rotated.stderr
    assert rotated.stdout.startswith("re-encrypted 1 answers and 1 videos")
    sealing.configure([KEY_B])
    assert opened_file(video) == clip
    assert run_async(save_and_read([KEY_B], save=False)) == "in my own words"
    with pytest.raises(SealError, match="cannot be decrypted"):
        run_async(save_and_read([KEY_A], save=False))
    made = subprocess.run([sys.executable, "-m", "survey", "keys", "new"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    sealing.configure([made.stdout.strip()])  # a real key


def test_a_malformed_key_is_a_clear_error():
    with pytest.raises(SealError, match="32 url-safe base64-encoded bytes"):
        sealing.configure(["not a key"])


def test_workers_starting_together_share_whole_keys(tmp_path):
    """Several processes creating the stored keys at the same moment all read
    the same, complete keys: never an empty or half-written file."""
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from survey.settings import Settings; "
        "s = Settings(data_dir=Path(sys.argv[1])).with_secret(); print(s.secret_key, s.encryption_keys)"
    )
    runs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "data")], stdout=subprocess.PIPE, text=True)
            for _ in range(8)]
    outputs = {run.communicate(timeout=60)[0].strip() for run in runs}
    assert len(outputs) == 1
    secret, key = outputs.pop().split()
    assert len(secret) == 64 and len(key) == 44
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["encryption.key", "secret.key"]


def test_an_answer_opened_once_is_not_opened_again_after_its_key_goes():
    """Opened answers are remembered (pages read the whole response each
    time), but not past a change of keys: a dropped key opens nothing."""
    before = sealing._cipher
    try:
        sealing.configure([KEY_A])
        sealed = sealing.seal("I was followed home")
        assert sealing.unseal(sealed) == sealing.unseal(sealed) == "I was followed home"
        assert sealing._opened.cache_info().hits >= 1
        sealing.configure([KEY_B])
        with pytest.raises(SealError):
            sealing.unseal(sealed)
        sealing.configure([KEY_B, KEY_A])
        assert sealing.unseal(sealed) == "I was followed home"
    finally:
        sealing._cipher = before
        sealing._opened.cache_clear()
