"""Request bodies held to what their page takes, and question pages kept in
memory only when nobody's own words are in them: one anonymous visitor
cannot grow a worker's memory, and bad bodies are clear 400s, never 500s."""

from __future__ import annotations

import os
import re

import httpx
import pytest

from conftest import FIXTURES, SAMPLE_DIR, SAMPLE_ID, start_server
from survey.questionnaire import load_file
from synthetic import walk_to
from web_client import Visitor, running_app

SAMPLE = load_file(SAMPLE_DIR / f"{SAMPLE_ID}.json").questionnaire

BANKS = FIXTURES / "banks"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
CLIP = FIXTURES / "banks" / "media" / "all-types" / "clip.mp4"


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1])


def test_twenty_posts_of_fifty_megabytes_leave_a_workers_memory_where_it_was(tmp_path):
    """The tester's attack: a 50 MB answer to a free-text question that takes
    a video, posted as multipart, twenty times, each one different."""
    server = start_server(tmp_path, extra_env={"SURVEY_COOKIE_SECURE": "false"})
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            token = TOKEN.search(client.get(f"/s/{SAMPLE_ID}").text).group(1)
            client.post(f"/s/{SAMPLE_ID}/start", data={"_csrf_token": token})
            walk_to(client, SAMPLE, token, "not_reported_why", {"hate_in_person": "yes", "hate_reported": ["no_one"]})
            page = f"/s/{SAMPLE_ID}/q/not_reported_why"
            assert client.get(page).status_code == 200, "the route reaches the free-text question"
            # Warm up: the page once, and one refused post, before measuring.
            statuses = []

            def attack(n: int) -> None:
                body = {"_csrf_token": token, "not_reported_why": (f"{n:08d}" * 7_000_000)[:50_000_000]}
                try:
                    reply = client.post(page, files={"not_reported_why-bsl": ("", b"", "application/octet-stream")}, data=body)
                    statuses.append(reply.status_code)
                except httpx.TransportError:
                    statuses.append("closed")  # refused before the body was all sent

            attack(0)
            before = rss_kb(server.process.pid)
            for n in range(1, 21):
                attack(n)
            after = rss_kb(server.process.pid)
            assert client.get("/healthz").status_code == 200
        assert set(statuses) <= {413, "closed"}, statuses
        assert after - before < 8 * 1024, f"memory grew by {(after - before) / 1024:.0f} MB\n{server.output()[-2000:]}"
    finally:
        server.stop()


@pytest.fixture
def client(tmp_path):
    with running_app(tmp_path, BANKS) as client:
        yield client


def to_story(client) -> Visitor:
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": ""}]:
        v.post(data=answer)
    assert v.path == "/s/all-types/q/story"
    return v


def test_a_text_part_is_held_to_the_form_limit_even_beside_a_video(client):
    v = to_story(client)
    big = {"_csrf_token": v.csrf(), "story": "x" * 300 * 1024}
    reply = client.post(v.path, data=big, files={"story-bsl": ("clip.mp4", CLIP.read_bytes(), "video/mp4")})
    assert reply.status_code == 413
    assert "Your answer is too long to send" in reply.text


def test_a_file_is_refused_where_no_page_takes_one(client, tmp_path):
    v = to_story(client)
    token = v.csrf()
    # A page with no video field (a choice question), and a field that is not the page's video field.
    reply = client.post("/s/all-types/q/colour", data={"_csrf_token": token, "colour": "red"},
                        files={"colour-bsl": ("a.mp4", b"x" * 300 * 1024, "video/mp4")})
    assert reply.status_code == 413, "no large limit for a page without a video field"
    reply = client.post(v.path, data={"_csrf_token": token}, files={"other": ("a.mp4", CLIP.read_bytes(), "video/mp4")})
    assert reply.status_code == 400 and "could not read that form" in reply.text
    assert not (tmp_path / "data" / "uploads").exists() or not list((tmp_path / "data" / "uploads").iterdir())


def test_a_bank_without_bsl_takes_no_video_answers(client):
    v = Visitor(client)
    v.get("/s/routing")
    v.post()
    v.post(data={"happened": "yes"})
    assert v.path == "/s/routing/q/details"
    assert 'enctype="multipart/form-data"' not in str(v.soup) or not v.soup.select("input[type=file]")
    reply = client.post(v.path, data={"_csrf_token": v.csrf(), "details": "words"},
                        files={"details-bsl": ("clip.mp4", CLIP.read_bytes(), "video/mp4")})
    assert reply.status_code == 400


def test_text_that_is_not_utf8_is_a_clear_bad_request(client):
    v = to_story(client)
    boundary = "survey-test-boundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf_token\"\r\n\r\n{v.csrf()}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"story\"\r\n\r\n"
    ).encode() + b"\xff\xfe not text\r\n" + f"--{boundary}--\r\n".encode()
    reply = client.post(v.path, content=body, headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert reply.status_code == 400 and "could not read that form" in reply.text
    broken = client.post(v.path, content=b"--nope\r\n", headers={"content-type": "multipart/form-data; boundary=other"})
    assert broken.status_code in (400, 403)


def test_pages_with_errors_or_someones_own_words_are_never_kept(client):
    cache = client.app.state.page_cache
    v = to_story(client)
    kept = len(cache)
    for typed in ("first words", "second words"):
        v.post(data={"story": typed * 10})  # over its 50 characters: an error page with the words in it
        assert v.errors() and len(cache) == kept
    v.post(data={"story": "mine"})
    kept = len(cache)  # the next question's page, kept: nothing typed on it yet
    v.get("/s/all-types/q/story")
    assert "mine" in v.soup.find("textarea").get_text()
    assert len(cache) == kept, "a page showing a saved free-text answer is not kept"
    assert all("mine" not in page for page, _size in cache._pages.values())


def test_the_page_cache_is_bounded_by_bytes_as_well_as_pages():
    from jinja2 import DictLoader, Environment
    from litestar.response import Template

    from survey.web.page_cache import PageCache

    cache = PageCache(Environment(loader=DictLoader({"t.html": "{{ words }}"})), size=1000, max_bytes=64 * 1024)

    class Request:
        scope = {"state": {}}

    for n in range(200):
        cache.respond(Request(), Template(template_name="t.html", context={"words": f"{n}" + "x" * 1000}))
    each = next(iter(cache._pages.values()))[1]  # a page and its key: about 2 KB
    assert cache.bytes <= 64 * 1024 and len(cache) == 64 * 1024 // each
    assert sum(size for _page, size in cache._pages.values()) == cache.bytes


def test_a_newline_in_an_address_cannot_forge_a_log_line(client, caplog):
    boundary = "b"
    body = f'--{boundary}\r\nContent-Disposition: form-data; name="x"\r\n\r\n'.encode() + b"\xff\r\n--b--\r\n"
    with caplog.at_level("INFO", logger="survey"):
        reply = client.post("/s/routing%0a2026-12-02 INFO everything is fine/start", content=body,
                            headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert reply.status_code == 400
    logged = [r.getMessage() for r in caplog.records if r.name.startswith("survey")]
    assert any("refused a form on /s/routing%0A2026-12-02%20INFO" in line for line in logged), logged
    assert not any("\n" in line for line in logged)
