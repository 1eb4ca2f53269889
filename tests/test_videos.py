"""Videos of people signing are never left behind: a replaced video, one sent
with a page that was sent back, one whose answer routing dropped, and every
video of a response whose answers are deleted, go from the disk in the same
step; files no answer holds are swept at start and by ``survey purge``; one
response cannot fill the disk with video."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import FIXTURES, ROOT, SAMPLE_DIR, SAMPLE_ID
from staff import cli_env
from survey.questionnaire import load_file
from synthetic import walk_to
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"
CLIP = BANKS / "media" / "all-types" / "clip.mp4"


def on_disk(tmp_path) -> set[str]:
    folder = tmp_path / "data" / "uploads"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def held(tmp_path) -> set[str]:
    with sqlite3.connect(tmp_path / "web.db") as db:
        return {row[0] for row in db.execute("SELECT video FROM answer WHERE video IS NOT NULL")}


def to_page(v: Visitor, page: str) -> None:
    v.get("/s/all-types")
    v.post()
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}]:
        v.post(data=answer)
    assert v.path == "/s/all-types/q/name_of_pet"
    if page == "story":
        v.post(data={"name_of_pet": "Rex"})
    assert v.path == f"/s/all-types/q/{page}"


def send_video(client, v: Visitor, page: str, **fields):
    return client.post(f"/s/all-types/q/{page}", data={"_csrf_token": v.csrf(), page: "", **fields},
                       files={f"{page}-bsl": ("answer.mp4", CLIP.read_bytes(), "video/mp4")}, follow_redirects=True)


@pytest.fixture
def client(tmp_path):
    with running_app(tmp_path, BANKS) as client:
        yield client


def test_a_replaced_video_is_removed_and_sending_the_page_again_keeps_the_one_there(client, tmp_path):
    v = Visitor(client)
    to_page(v, "story")
    send_video(client, v, "story")
    first = on_disk(tmp_path)
    assert len(first) == 1 and held(tmp_path) == first
    v.get("/s/all-types/q/story")
    send_video(client, v, "story")
    second = on_disk(tmp_path)
    assert len(second) == 1 and second != first, "the replaced video is gone"
    assert held(tmp_path) == second
    # The page sent again with no new video: "Upload another video only if you want to replace it".
    v.get("/s/all-types/q/story")
    v.post(data={"story": "and some words"})
    assert v.path == "/s/all-types/q/count"
    assert on_disk(tmp_path) == second == held(tmp_path)


def test_a_video_sent_with_a_page_that_is_sent_back_is_not_kept(client, tmp_path):
    v = Visitor(client)
    to_page(v, "story")
    reply = send_video(client, v, "story", story="x" * 60)  # over the question's 50 characters
    assert reply.url.path == "/s/all-types/q/story" and "Error:" in reply.text
    assert on_disk(tmp_path) == set()


def test_three_uploads_then_delete_my_answers_leaves_no_video(client, tmp_path):
    v = Visitor(client)
    to_page(v, "name_of_pet")
    send_video(client, v, "name_of_pet")
    v.get("/s/all-types/q/name_of_pet")
    send_video(client, v, "name_of_pet")
    v.get("/s/all-types/q/story")
    send_video(client, v, "story")
    assert len(on_disk(tmp_path)) == 2
    v.get("/s/all-types/delete")
    v.post()
    assert v.path == "/s/all-types/deleted"
    assert on_disk(tmp_path) == set()


def test_a_video_whose_answer_routing_drops_goes_with_it(tmp_path):
    sample = load_file(SAMPLE_DIR / f"{SAMPLE_ID}.json").questionnaire
    with running_app(tmp_path, SAMPLE_DIR) as client:
        v = Visitor(client)
        v.get(f"/s/{SAMPLE_ID}")
        v.post()
        token = v.csrf()
        walk_to(client, sample, token, "not_reported_why", {"hate_in_person": "yes", "hate_reported": ["no_one"]})
        reply = client.post(f"/s/{SAMPLE_ID}/q/not_reported_why", data={"_csrf_token": token, "not_reported_why": ""},
                            files={"not_reported_why-bsl": ("a.mp4", CLIP.read_bytes(), "video/mp4")}, follow_redirects=False)
        assert reply.status_code == 303 and len(on_disk(tmp_path)) == 1
        # Reported after all: the question about why not is off the route, and its video goes.
        changed = client.post(f"/s/{SAMPLE_ID}/q/hate_reported", data={"_csrf_token": token, "hate_reported": "police"},
                              follow_redirects=False)
        assert changed.status_code == 303
    assert on_disk(tmp_path) == set() and held(tmp_path) == set()


def test_one_response_cannot_keep_more_video_than_its_share(tmp_path):
    size = CLIP.stat().st_size
    with running_app(tmp_path, BANKS, max_response_video_bytes=size + size // 2) as client:
        v = Visitor(client)
        to_page(v, "name_of_pet")
        assert send_video(client, v, "name_of_pet").url.path == "/s/all-types/q/story"
        refused = Visitor(client)
        refused._read(send_video(client, v, "story"))
        assert refused.errors() == [("#story-bsl", "The selected video must be smaller than "
                                     f"{size // 2 / 1024:.0f} KB: that is what is left of the video we can keep for one response")]
        assert len(on_disk(tmp_path)) == 1
        # Replacing the first video is always possible: its own share comes back.
        v.get("/s/all-types/q/name_of_pet")
        assert send_video(client, v, "name_of_pet").url.path == "/s/all-types/q/story"
        assert len(on_disk(tmp_path)) == 1


def test_files_no_answer_holds_are_swept_at_start_and_by_purge(tmp_path):
    with running_app(tmp_path, BANKS) as client:
        v = Visitor(client)
        to_page(v, "story")
        send_video(client, v, "story")
    kept = on_disk(tmp_path)
    folder = tmp_path / "data" / "uploads"
    old = time.time() - 2 * 3600
    for name in ("left-by-a-crash.mp4", "another.webm"):
        (folder / name).write_bytes(b"signing")
        os.utime(folder / name, (old, old))
    (folder / "arriving-now.mp4").write_bytes(b"still uploading")
    with running_app(tmp_path, BANKS):
        pass
    assert on_disk(tmp_path) == kept | {"arriving-now.mp4"}, "old orphans swept at start; held and fresh files kept"
    os.utime(folder / "arriving-now.mp4", (old, old))
    done = subprocess.run([sys.executable, "-m", "survey", "purge", "--yes"], capture_output=True, text=True, cwd=ROOT,
                          env={**cli_env(f"sqlite:///{tmp_path}/web.db"), "SURVEY_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    assert on_disk(tmp_path) == kept
