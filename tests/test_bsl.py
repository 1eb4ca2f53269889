"""British Sign Language: media served for seeking, the BSL journey recorded on
the response, and answers signed on video, checked by their content."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from conftest import FIXTURES, opened_file
from survey.storage import sealing
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"
CLIP = BANKS / "media" / "all-types" / "clip.mp4"


@pytest.fixture
def client(tmp_path):
    with running_app(tmp_path, BANKS) as client:
        yield client


def database_rows(tmp_path, sql: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "web.db") as db:
        return db.execute(sql).fetchall()


def to_story(v: Visitor) -> None:
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": ""}]:
        v.post(data=answer)
    assert v.path.endswith("/q/story")


def test_start_page_offers_bsl_first_with_the_sign_language_symbol(client):
    v = Visitor(client)
    soup = v.get("/s/all-types")
    choice = soup.select_one(".survey-bsl-choice")
    assert choice.find("svg", class_="survey-bsl-icon")["aria-hidden"] == "true"
    form = v.format_form("British Sign Language (BSL)")
    assert form["action"] == "/s/all-types/format/bsl"
    assert form.find("input", attrs={"name": "return"})["value"] == "/s/all-types"
    # Before the page heading: found without reading English.
    assert str(soup).index("survey-bsl-choice") < str(soup).index("<h1")


def test_standard_journey_offers_each_question_in_a_disclosure(client):
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    v.post(data={})
    details = v.soup.select_one("details.survey-bsl-details")
    assert details.select_one("summary").get_text(strip=True) == "Watch this question in BSL"
    video = details.find("video")
    assert video.has_attr("controls") and video["preload"] == "none" and not video.has_attr("autoplay")
    assert video.find("track")["kind"] == "captions"
    assert [s["type"] for s in video.find_all("source")] == ["video/webm", "video/mp4"]
    assert "Placeholder" in details.select_one("figcaption").get_text()


def test_choosing_bsl_shows_video_first_and_is_recorded_on_the_response(client, tmp_path):
    v = Visitor(client)
    v.get("/s/all-types")
    v.choose_format("British Sign Language (BSL)")
    assert v.path == "/s/all-types"
    assert v.soup.select_one(".survey-bsl-choice button").get_text(strip=True) == "Stop showing BSL videos"
    assert v.soup.select_one("main video"), "the introduction is signed at the top"
    v.post()
    v.post(data={})
    assert v.soup.select_one("main > div video, main video") and not v.soup.select("details.survey-bsl-details")
    assert database_rows(tmp_path, "SELECT format FROM response") == [("bsl",)]
    # Switching back keeps the answers and changes the record.
    v.post(data={"colour": "blue"})
    assert v.path == "/s/all-types/q/likes"
    v.choose_format("Stop showing BSL videos")
    assert v.path == "/s/all-types/q/likes"
    assert database_rows(tmp_path, "SELECT format FROM response") == [("standard",)]
    v.get("/s/all-types/q/colour")
    assert v.soup.select_one("input[value=blue]").has_attr("checked")


def test_format_choice_refuses_unknown_formats_and_foreign_returns(client):
    v = Visitor(client)
    v.get("/s/all-types")
    v.post("/s/all-types/format/klingon", data={"return": "/s/all-types"})
    assert v.response.status_code == 404
    v.get("/s/all-types")
    v.post("/s/all-types/format/bsl", data={"return": "https://evil.example/"})
    assert v.path == "/s/all-types"


def test_a_link_from_another_site_cannot_change_the_format(client, tmp_path):
    """Choosing a format changes the response, so it is a form with a CSRF
    token: a plain link, or a form posted from elsewhere, changes nothing."""
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    assert client.get("/s/all-types/format/bsl?return=/s/all-types", follow_redirects=False).status_code == 405
    assert client.post("/s/all-types/format/bsl", data={"return": "/s/all-types"}, follow_redirects=False).status_code == 403
    assert database_rows(tmp_path, "SELECT format FROM response") == [("standard",)]


def test_media_is_served_with_ranges_and_long_cache(client):
    v = Visitor(client)
    v.get("/s/all-types")
    url = v.soup.select_one("main video source[type='video/mp4']")["src"]
    assert re.fullmatch(r"/media/all-types/[0-9a-f]+/clip\.mp4", url)
    whole = client.get(url, headers={"accept-encoding": "gzip"})
    size = CLIP.stat().st_size
    assert whole.status_code == 200 and whole.content == CLIP.read_bytes()
    assert whole.headers["content-type"] == "video/mp4"
    assert whole.headers["accept-ranges"] == "bytes"
    assert "content-encoding" not in whole.headers, "video is never recompressed"
    assert whole.headers["cache-control"] == "public, max-age=31536000, immutable"
    part = client.get(url, headers={"range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == CLIP.read_bytes()[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{size}"
    tail = client.get(url, headers={"range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == CLIP.read_bytes()[-10:]
    beyond = client.get(url, headers={"range": f"bytes={size + 5}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{size}"
    captions = client.get(url.replace("clip.mp4", "clip.vtt"))
    assert captions.headers["content-type"] == "text/vtt; charset=utf-8" and captions.text.startswith("WEBVTT")


@pytest.mark.parametrize(
    "path",
    ["/media/all-types/v/../../all-types.json", "/media/all-types/v/%2e%2e/%2e%2e/routing.json", "/media/all-types/v/nope.mp4",
     "/media/routing/v/..%2F..%2Fall-types%2Fclip.webm", "/media/all-types/v/clip.sh",
     # The bank's own folder only: ".." as the bank reaches every bank's media.
     "/media/%2e%2e/v/media/all-types/clip.mp4", "/media/./v/all-types/clip.mp4",
     # A NUL or a newline in the name: not found, not a server error.
     "/media/all-types/v/clip.mp4%00.png", "/media/all-types/v/clip%0a.mp4"],
)
def test_media_outside_a_banks_folder_or_of_unknown_type_is_not_served(client, path):
    assert client.get(path).status_code == 404


def test_a_real_video_answer_is_kept_privately_and_counts_as_answered(client, tmp_path):
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    to_story(v)
    form = v.soup.select_one("main form")
    assert form["enctype"] == "multipart/form-data"
    upload = v.soup.select_one("input#story-bsl")
    assert upload["type"] == "file" and upload["accept"] == "video/*" and upload["capture"] == "user"
    response = client.post(
        "/s/all-types/q/story",
        data={"_csrf_token": v.csrf(), "story": ""},
        files={"story-bsl": ("my answer.mp4", CLIP.read_bytes(), "video/mp4")},
        follow_redirects=True,
    )
    assert response.url.path == "/s/all-types/q/count", "a required question answered in BSL moves on"
    [(value,)] = database_rows(tmp_path, "SELECT value FROM answer WHERE question_id = 'story'")
    stored_value = json.loads(value)
    assert sealing.is_sealed(stored_value), "an answer in the person's own words is stored encrypted"
    saved = sealing.unseal(stored_value)["bsl_video"]
    assert saved["type"] == "video/mp4" and saved["bytes"] == CLIP.stat().st_size
    stored = tmp_path / "data" / "uploads" / saved["file"]
    assert stored.read_bytes()[:4] == sealing.FILE_MAGIC and CLIP.read_bytes()[:64] not in stored.read_bytes()
    assert opened_file(stored) == CLIP.read_bytes(), "kept encrypted, whole"
    assert re.fullmatch(r"[0-9a-f]{32}\.mp4", saved["file"]), "a random name, not the one sent"
    assert client.get(f"/media/all-types/v/{saved['file']}").status_code == 404
    v.get("/s/all-types/q/story")
    assert "You have already answered this in BSL" in v.soup.get_text()


def test_a_file_that_is_not_a_video_is_refused_and_nothing_is_lost(client, tmp_path):
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    to_story(v)
    response = client.post(
        "/s/all-types/q/story",
        data={"_csrf_token": v.csrf(), "story": "Typed words"},
        files={"story-bsl": ("answer.mp4", b"#!/bin/sh\necho this is not a video\n" * 10, "video/mp4")},
    )
    v._read(response)
    assert v.title().startswith("Error:")
    assert v.errors() == [("#story-bsl", "The selected file must be a video, such as MP4 or WebM")]
    assert v.soup.select_one("textarea#story").get_text() == "Typed words", "what was typed is kept"
    assert v.soup.select_one("#story-bsl")["aria-invalid"] == "true"
    assert database_rows(tmp_path, "SELECT question_id FROM answer ORDER BY question_id") == [
        ("agree",), ("colour",), ("likes",), ("name_of_pet",)
    ]
    assert not list((tmp_path / "data").glob("uploads/*")), "nothing kept from a refused file"


def test_an_over_size_video_is_refused_clearly(tmp_path):
    with running_app(tmp_path, BANKS, max_upload_bytes=4000) as client:
        v = Visitor(client)
        v.get("/s/all-types")
        v.post()
        to_story(v)
        response = client.post(
            "/s/all-types/q/story", data={"_csrf_token": v.csrf()},
            files={"story-bsl": ("big.mp4", CLIP.read_bytes(), "video/mp4")},
        )
        v._read(response)
        assert v.errors() == [("#story-bsl", "The selected video must be smaller than 4 KB")]
        assert not list((tmp_path / "data" / "uploads").glob("*"))
        huge = client.post(
            "/s/all-types/q/story", data={"_csrf_token": v.csrf()},
            files={"story-bsl": ("huge.mp4", CLIP.read_bytes() * 20, "video/mp4")},
        )
        assert huge.status_code == 413


def test_forms_stay_small_unless_they_carry_a_video(tmp_path):
    with running_app(tmp_path, BANKS, max_body_bytes=3000) as client:
        v = Visitor(client)
        v.get("/s/routing")
        v.post()
        response = client.post("/s/routing/q/happened", data={"_csrf_token": v.csrf(), "happened": "y" * 5000})
        assert response.status_code == 413


def test_option_and_error_clips_join_the_question_clip(client):
    v = Visitor(client)
    v.get("/s/routing")
    v.post()
    v.post(data={"happened": "no"})
    summaries = [s.get_text(strip=True) for s in v.soup.select("details.survey-bsl-details summary")]
    assert summaries == ["Watch this question in BSL", "Watch the answers to choose from in BSL"]
    v.post(data={})
    summaries = [s.get_text(strip=True) for s in v.soup.select("details.survey-bsl-details summary")]
    assert summaries[0] == "Watch what went wrong in BSL", "the signed error comes first"


def test_a_respondent_can_delete_unfinished_answers_and_videos(client, tmp_path):
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    to_story(v)
    client.post("/s/all-types/q/story", data={"_csrf_token": v.csrf()}, files={"story-bsl": ("a.mp4", CLIP.read_bytes(), "video/mp4")})
    assert len(list((tmp_path / "data" / "uploads").glob("*"))) == 1
    v.get("/s/all-types/save")
    code = v.soup.select_one("#resume-code").get_text(strip=True)
    v.get(v.soup.find("a", string="Delete my answers")["href"])
    assert v.h1() == "Are you sure you want to delete your answers?"
    v.post(data={})
    assert v.h1() == "Your answers have been deleted"
    assert database_rows(tmp_path, "SELECT COUNT(*) FROM response") == [(0,)]
    assert database_rows(tmp_path, "SELECT COUNT(*) FROM answer") == [(0,)]
    assert not list((tmp_path / "data" / "uploads").glob("*")), "the signed video is gone too"
    v.get("/s/all-types/resume")
    v.post(data={"code": code})
    assert "We could not find answers for that code" in v.errors()[0][1]
