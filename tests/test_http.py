"""The respondent journey over HTTP, as a browser without JavaScript meets it."""

from __future__ import annotations

import json
import logging
import re
import shutil

import httpx
from litestar.testing import TestClient
import pytest

from conftest import FIXTURES, SAMPLE_DIR
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"


@pytest.fixture
def client(tmp_path):
    with running_app(tmp_path, BANKS) as client:
        yield client


def started(client, bank="routing") -> Visitor:
    visitor = Visitor(client)
    visitor.get(f"/s/{bank}")
    visitor.post()
    return visitor


def test_home_lists_surveys(client):
    visitor = Visitor(client)
    soup = visitor.get("/")
    assert [a.get_text(strip=True) for a in soup.select("main li a")] == ["Every question type", "Routing survey"]


def test_start_page_says_what_people_need_before_starting(client):
    soup = Visitor(client).get("/s/all-types")
    main = soup.find("main").get_text(" ", strip=True)
    assert soup.find("h1").get_text(strip=True) == "Every question type"
    for words in ["It takes about 3 minutes", "Test organisation", "Test data only.", "another format", "British Sign Language", "Continue where you left off"]:
        assert words in main
    assert soup.select_one(".govuk-exit-this-page a")["href"] == "https://www.bbc.co.uk/weather"
    help_block = soup.select_one(".survey-help").get_text(" ", strip=True)
    assert "020 7946 0001" in help_block and "help@example.org" in help_block


@pytest.fixture(params=["sqlite", "postgres"])
def any_database_client(request, tmp_path):
    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_schema_url")
    with running_app(tmp_path, BANKS, database_url=url) as client:
        yield client


def test_every_question_type_answered_and_checked(any_database_client):
    client = any_database_client
    v = started(client, "all-types")
    assert v.path == "/s/all-types/q/intro_page"
    v.post(data={})
    assert v.soup.select_one(".survey-progress").get_text(strip=True) == "Question 1 of 7"
    v.post(data={"colour": "blue"})
    v.post(data={"likes": ["tea", "coffee"]})
    v.post(data={"agree": "prefer_not_to_say"})
    assert "(optional)" in v.h1()
    v.post(data={"name_of_pet": ""})
    v.post(data={"story": "Line one\r\nLine two"})
    v.post(data={"count": "7"})
    v.post(data={"when-day": "5", "when-month": "March", "when-year": "2024"})
    assert v.path == "/s/all-types/check"
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one(".govuk-summary-list__value").get_text("|", strip=True)
        for row in v.soup.select(".govuk-summary-list__row")
    }
    assert rows == {
        "Which colour?": "Blue",
        "Which do you like?": "Tea|Coffee",
        "Do you agree?": "Prefer not to say",
        "What is your pet called?": "Not answered",
        "Tell us more": "Line one\nLine two",
        "How many?": "7 times",
        "When did it happen?": "5 March 2024",
    }
    change = v.soup.select(".govuk-summary-list__actions a")[0]
    assert change.get_text(" ", strip=True) == "Change your answer to: Which colour?"
    v.post(data={})
    assert v.path == "/s/all-types/done"
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", v.soup.select_one(".govuk-panel__body strong").get_text())


@pytest.mark.parametrize(
    "page, data, target, message",
    [
        ("colour", {}, "#colour", "Select an answer"),
        ("colour", {"colour": "green"}, "#colour", "Select one of the answers shown"),
        ("likes", {"likes": ["tea", "none"]}, "#likes", "Select “None of these” on its own, or choose only from the other answers"),
        ("story", {"story": "x" * 60}, "#story", "Your answer must be 50 characters or fewer"),
        ("count", {"count": "2.5"}, "#count", "Enter a whole number, like 3"),
        ("count", {"count": "11"}, "#count", "Enter a number that is 10 or less"),
        ("when", {"when-day": "", "when-month": "", "when-year": ""}, "#when-day", "Enter a date"),
        ("when", {"when-day": "4", "when-month": "", "when-year": "2020"}, "#when-month", "The date must include a month"),
        ("when", {"when-day": "30", "when-month": "2", "when-year": "2020"}, "#when-day", "The date must be a real date"),
        ("when", {"when-day": "1", "when-month": "1", "when-year": "1999"}, "#when-day", "The date must be the same as or after 1 January 2000"),
    ],
)
def test_errors_follow_the_govuk_pattern(client, page, data, target, message):
    v = started(client, "all-types")
    answers = {"intro_page": {}, "colour": {"colour": "red"}, "likes": {"likes": "tea"}, "agree": {"agree": "yes"},
               "name_of_pet": {"name_of_pet": ""}, "story": {"story": "ok"}, "count": {"count": "1"}}
    for qid, answer in answers.items():
        if qid == page:
            break
        v.post(data=answer)
    assert v.path.endswith(f"/q/{page}")
    v.post(data=data)
    assert v.path.endswith(f"/q/{page}"), "stays on the page"
    assert v.title().startswith("Error: ")
    assert v.errors() == [(target, message)]
    summary = v.soup.select_one(".govuk-error-summary")
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert summary.select_one("[role=alert]")
    inline = v.soup.select_one(".govuk-error-message")
    assert inline.get_text(" ", strip=True) == f"Error: {message}"
    field = v.soup.select_one(target)
    assert field["aria-invalid"] == "true"
    assert inline["id"] in field["aria-describedby"].split()
    # Whatever was typed is put back so nothing is lost.
    for name, value in data.items():
        element = v.soup.find(attrs={"name": name})
        if element.name == "textarea":
            assert element.get_text() == value
        elif element.get("type") == "text":
            assert element.get("value", "") == value
        else:
            ticked = [e["value"] for e in v.soup.find_all(attrs={"name": name}) if e.has_attr("checked")]
            assert ticked == [c for c in (value if isinstance(value, list) else [value]) if c in {"tea", "none", "red"}]


def test_over_long_text_shows_how_many_characters_too_many(client):
    v = started(client, "all-types")
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": ""}]:
        v.post(data=answer)
    v.post(data={"story": "y" * 53})
    assert v.soup.select_one("#story-count").get_text(strip=True) == "You have 3 characters too many"
    # One message in sight, not two: the limit stays for screen readers, hidden from view.
    assert "govuk-visually-hidden" in v.soup.select_one("#story-info")["class"]
    assert v.soup.select_one("textarea#story").get_text() == "y" * 53
    assert v.soup.select_one("textarea#story")["aria-describedby"].split() == ["story-error", "story-info"]


def test_character_count_for_htmx_saves_nothing(client):
    v = started(client, "all-types")
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": ""}]:
        v.post(data=answer)
    response = client.post("/s/all-types/q/story/count", data={"story": "abc", "_csrf_token": v.csrf()})
    assert response.status_code == 200 and response.text == "You have 47 characters remaining"
    v.get("/s/all-types/q/story")
    assert v.soup.select_one("textarea#story").get_text() == ""


def test_unknown_fields_are_refused_and_saved_answers_kept(client):
    v = started(client)
    v.post(data={"happened": "yes"})
    v.post(data={"details": "A thing"})
    before = v.path
    v.post(data={"rating": "good", "is_admin": "1"})
    assert v.response.status_code == 400
    assert v.h1() == "Sorry, we could not read that form"
    v.get("/s/routing/q/details")
    assert v.soup.select_one("#details")["value"] == "A thing"
    v.get(before)
    assert not v.soup.select("input[checked]"), "the refused answer was not saved"


def test_a_body_over_the_limit_is_refused_clearly(tmp_path):
    with running_app(tmp_path, BANKS, max_body_bytes=2000) as client:
        v = started(client)
        v.post(data={"happened": "yes"})
        v.post(data={"details": "x" * 5000})
        assert v.response.status_code == 413
        assert v.h1() == "Your answer is too long to send"


def test_forms_without_the_csrf_token_are_refused(client):
    v = Visitor(client)
    v.get("/s/routing")
    v.post(data={}, csrf=False)
    assert v.response.status_code == 403
    assert v.h1() == "Sorry, we could not accept that form"


def test_routing_changes_and_change_links_return_to_check(client):
    v = started(client)
    v.post(data={"happened": "no"})
    assert v.path == "/s/routing/q/rating", "the follow-up is skipped"
    v.post(data={"rating": "good"})
    assert v.soup.select_one(".govuk-exit-this-page"), "sensitive sections offer Exit this page"
    v.post(data={"secret": "no"})
    assert v.path == "/s/routing/check"
    v.get("/s/routing/q/happened?change=1")
    assert v.soup.select_one(".govuk-back-link")["href"] == "/s/routing/check"
    v.post(data={"happened": "yes"})
    assert v.path == "/s/routing/q/details", "a newly reached question is asked"
    v.post(data={"details": "Something"})
    assert v.path == "/s/routing/check", "then back to check your answers"
    v.get("/s/routing/q/happened?change=1")
    v.post(data={"happened": "no"})
    assert v.path == "/s/routing/check"
    assert "Something" not in v.soup.find("main").get_text(), "answers to pages no longer reached are dropped"


def test_pages_ahead_of_the_first_unanswered_question_redirect_back(client):
    v = started(client)
    v.get("/s/routing/q/secret")
    assert v.path == "/s/routing/q/happened"
    v.get("/s/routing/check")
    assert v.path == "/s/routing/q/happened"


def test_question_pages_need_a_started_response(client):
    v = Visitor(client)
    v.get("/s/routing/q/happened")
    assert v.path == "/s/routing"


def test_not_found_pages(client):
    v = Visitor(client)
    v.get("/s/no-such-survey")
    assert v.response.status_code == 404 and v.h1() == "Page not found"
    started_visitor = started(client)
    started_visitor.get("/s/routing/q/no_such_question")
    assert started_visitor.response.status_code == 404


def test_save_and_resume_on_another_device(client, tmp_path):
    v = started(client)
    v.post(data={"happened": "yes"})
    v.post(data={"details": "Typed before saving"}, )
    v.post("/s/routing/q/rating?save=true", data={"rating": "bad"})
    assert v.path == "/s/routing/save"
    code = v.soup.select_one("#resume-code").get_text(strip=True)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert v.soup.find("a", string=re.compile("Continue answering now"))["href"] == "/s/routing/q/rating"
    v.get("/s/routing/save")
    assert v.soup.select_one("#resume-code").get_text(strip=True) == code, "the same code every time"

    other = Visitor(client.__class__(client.app, base_url="https://testserver.local"))
    with other.client:
        other.get("/s/routing")
        other.post("/s/routing/resume", data={"code": code.lower()})
        assert other.path == "/s/routing/q/secret", "picks up at the first unanswered question"
        other.get("/s/routing/q/details")
        assert other.soup.select_one("#details")["value"] == "Typed before saving"


def test_save_for_later_on_an_empty_page_asks_nothing(client):
    v = started(client)
    v.post("/s/routing/q/happened?save=true", data={})
    assert v.path == "/s/routing/save" and not v.errors()


@pytest.mark.parametrize(
    "typed, message",
    [("", "Enter your code"), ("12345", "Enter the code exactly as you were given it"), ("AAAA-BBBB-CCCC", "We could not find answers for that code")],
)
def test_resume_code_errors(client, typed, message):
    v = Visitor(client)
    v.get("/s/routing/resume")
    v.post(data={"code": typed})
    assert v.title().startswith("Error: ")
    assert v.errors()[0][0] == "#code" and v.errors()[0][1].startswith(message)


def test_a_sent_response_cannot_be_changed_or_sent_twice(client):
    v = started(client)
    for answer in [{"happened": "no"}, {"rating": "good"}, {"secret": "yes"}]:
        v.post(data=answer)
    token = v.csrf()
    v.post(data={})
    assert v.path == "/s/routing/done"
    reference = v.soup.select_one(".govuk-panel__body strong").get_text()
    again = client.post("/s/routing/check", data={"_csrf_token": token}, follow_redirects=True)
    assert again.url.path == "/s/routing/done" and reference in again.text
    v.get("/s/routing/q/happened")
    assert v.path == "/s/routing/done"
    changed = client.post("/s/routing/q/happened", data={"_csrf_token": token, "happened": "yes"}, follow_redirects=True)
    assert changed.url.path == "/s/routing/done"


def test_security_headers_on_pages_and_static_files(client):
    v = Visitor(client)
    v.get("/s/routing")
    headers = v.response.headers
    assert "default-src 'self'" in headers["content-security-policy"] and "unsafe-inline" not in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    cookies = ",".join(v.response.headers.get_list("set-cookie"))
    assert "Secure" in cookies and "HttpOnly" in cookies and "SameSite=lax" in cookies
    css = v.soup.find("link", rel="stylesheet")["href"]
    assert re.fullmatch(r"/static/[0-9a-f]{16}/govuk-frontend\.min\.css", css)
    static = client.get(css, headers={"accept-encoding": "gzip"})
    assert static.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert static.headers["content-encoding"] == "gzip"
    assert static.headers["content-type"].startswith("text/css")
    assert client.get("/static/0000/../../pyproject.toml").status_code == 404


def test_no_inline_script_or_style_in_any_page(client):
    v = started(client, "all-types")
    for _ in range(3):
        assert not v.soup.select("[style]") and not [s for s in v.soup.find_all("script") if s.string]
        v.post(data={"colour": "red"} if v.path.endswith("colour") else {})


def test_logs_hold_neither_answers_nor_resume_codes(client, caplog):
    caplog.set_level(logging.DEBUG)
    v = started(client)
    v.post(data={"happened": "yes"})
    v.post(data={"details": "a-very-private-answer", "stray": "x"})
    v.get("/s/routing/q/details")
    v.post(data={"details": "a-very-private-answer"})
    v.post("/s/routing/q/rating?save=true", data={"rating": "good"})
    code = v.soup.select_one("#resume-code").get_text(strip=True)
    logged = caplog.text
    assert "refused a form" in logged, "the refusal itself is logged"
    assert "a-very-private-answer" not in logged and code not in logged


def test_an_edited_bank_with_the_same_version_is_refused_at_start(tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(BANKS, banks)
    database = f"sqlite:///{tmp_path}/shared.db"
    with running_app(tmp_path, banks, database_url=database):
        pass
    data = json.loads((banks / "routing.json").read_text())
    data["sections"][0]["questions"][0]["title"] = "Did something happen?"
    (banks / "routing.json").write_text(json.dumps(data))
    with pytest.raises(BaseException) as caught:
        with running_app(tmp_path, banks, database_url=database):
            pass
    assert "version 2 of 'routing' was already published with different content" in repr(caught.value.exceptions if hasattr(caught.value, "exceptions") else caught.value)


def test_a_response_keeps_its_version_when_the_bank_moves_on(tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(BANKS, banks)
    database = f"sqlite:///{tmp_path}/shared.db"
    with running_app(tmp_path, banks, database_url=database) as client:
        v = started(client)
        v.post(data={"happened": "yes"})
        v.post("/s/routing/q/details?save=true", data={"details": "Old"})
        code = v.soup.select_one("#resume-code").get_text(strip=True)
    data = json.loads((banks / "routing.json").read_text())
    data["version"] = "3"
    data["sections"][0]["questions"][2]["title"] = "How was it, overall?"
    (banks / "routing.json").write_text(json.dumps(data))
    with running_app(tmp_path, banks, database_url=database) as client:
        v = Visitor(client)
        v.get("/s/routing")
        v.post("/s/routing/resume", data={"code": code})
        assert v.h1() == "How was it?", "the first version's wording"
        client.cookies.clear()
        fresh = started(client)
        fresh.post(data={"happened": "no"})
        assert fresh.h1() == "How was it, overall?", "new responses get version 3"


def test_guessing_resume_codes_is_throttled_per_address(tmp_path):
    with running_app(tmp_path, BANKS, resume_attempts=3, resume_window_seconds=600) as client:
        owner = started(client)
        owner.post("/s/routing/q/happened?save=true", data={"happened": "no"})
        code = owner.soup.select_one("#resume-code").get_text(strip=True)
        client.cookies.clear()
        v = Visitor(client)
        v.get("/s/routing/resume")
        for guess in ["AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC"]:
            v.post(data={"code": guess})
            assert v.response.status_code == 200 and "We could not find answers" in v.errors()[0][1]
        v.post(data={"code": code})
        assert v.response.status_code == 429, "even a right code waits once the limit is reached"
        assert v.errors() == [("#code", "You have tried too many codes. Wait 10 minutes, then try again")]


def test_a_burst_of_resume_codes_at_once_gets_no_more_guesses_than_the_limit(tmp_path):
    import asyncio

    from conftest import run_async
    from survey.app import create_app
    from survey.settings import Settings
    from web_client import concurrent_client

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path}/web.db", questionnaires_dir=BANKS, data_dir=tmp_path / "data"))

    async def main():
        async with concurrent_client(app) as client:
            token = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/s/routing/resume")).text).group(1)
            guesses = [f"{n:04d}-AAAA-AAAA".replace("0", "Z").replace("1", "Y") for n in range(80)]
            return await asyncio.gather(*(client.post("/s/routing/resume", data={"code": g, "_csrf_token": token}) for g in guesses))

    replies = run_async(main())
    looked_up = [r for r in replies if "We could not find answers" in r.text]
    assert len(looked_up) == 10, "the default limit is 10 codes per address"
    assert sum(r.status_code == 429 for r in replies) == 70


def test_an_attacker_at_the_limit_needs_longer_than_any_survey_lasts():
    from survey.services import codes
    from survey.settings import Settings

    settings = Settings()
    guesses_per_day_per_address = settings.resume_attempts * 24 * 3600 / settings.resume_window_seconds
    addresses = 100_000  # a large botnet
    live_codes = 1_000_000  # every Londoner who ever saved answers
    space = len(codes.ALPHABET) ** codes.RESUME_CODE_LENGTH
    days_to_expected_hit = space / live_codes / (guesses_per_day_per_address * addresses)
    assert days_to_expected_hit > 10 * 365, f"{days_to_expected_hit:.0f} days"


def _session_cookies(response) -> list[str]:
    return [value for value in response.headers.get_list("set-cookie") if value.startswith("survey_session")]


def test_the_session_cookie_is_sent_again_only_when_it_changes_or_is_a_day_old(client, monkeypatch):
    visitor = started(client)  # starting a response puts it in the session
    page = visitor.path
    assert client.get(page).status_code == 200
    # Reading a page changes nothing the cookie holds: the browser keeps its cookie.
    response = client.get(page)
    assert response.status_code == 200 and _session_cookies(response) == []
    # Choosing a format changes it: sent again, and the journey carries on with it.
    response = client.post("/s/routing/format/bsl", data={"return": page, "_csrf_token": visitor.csrf()}, follow_redirects=False)
    assert response.status_code == 303 and _session_cookies(response) and _session_cookies(response)[0].count("Max-Age=7776000") == 1
    assert client.get(page).status_code == 200
    # A day later the same cookie is sent again, so it lasts 90 days from the last visit.
    from survey.web import session_cookie

    later = session_cookie.time.time() + session_cookie.REFRESH_SECONDS + 60
    monkeypatch.setattr(session_cookie, "time", type("Later", (), {"time": staticmethod(lambda: later)}))
    response = client.get(page)
    assert response.status_code == 200 and len(_session_cookies(response)) == 1


class _Jar:
    """Two people on one test client: each with their own cookies."""

    def __init__(self, client):
        self.client, self.cookies = client, httpx.Cookies()

    def __enter__(self):
        self.client.cookies, self.cookies = self.cookies, self.client.cookies
        return self

    def __exit__(self, *exc):
        self.client.cookies, self.cookies = self.cookies, self.client.cookies


def test_a_kept_question_page_shows_each_person_their_own_answer_token_and_errors(client):
    """Question pages are rendered once and served again (web/page_cache.py):
    what differs between people and visits must still differ."""
    cache = client.app.state.page_cache
    other = _Jar(client)
    first = started(client, "all-types")
    first.post(data={})
    colour = first.path
    assert colour == "/s/all-types/q/colour"
    kept = len(cache)
    with other:  # someone else on the same question, nothing chosen: the kept page
        second = started(client, "all-types")
        second.post(data={})
        assert second.path == colour and len(cache) == kept
        second_token = second.csrf()
        assert second_token and second_token in client.cookies["survey_csrf"]
    assert first.csrf() != second_token and first.csrf() in client.cookies["survey_csrf"]
    # An answer shows as chosen to its owner only.
    first.post(data={"colour": "blue"})
    first.get(colour)
    assert first.soup.select_one("input[value=blue]").has_attr("checked")
    with other:
        second.get(colour)
        assert not second.soup.select("input[checked]")
        # Errors are the errors of this post.
        second.post(data={})
        assert second.errors() == [("#colour", "Select an answer")]
        second.post(data={"colour": "green"})
        assert second.errors() == [("#colour", "Select one of the answers shown")]
        second.get(colour)
        assert second.errors() == []


def test_a_kept_question_page_is_kept_per_language(tmp_path):
    with running_app(tmp_path, SAMPLE_DIR) as client:
        visitor = Visitor(client)
        visitor.get("/s/london-safety-and-trust?lang=cy")
        visitor.post()
        page = visitor.path
        welsh = visitor.h1()
        assert visitor.soup.html["lang"] == "cy"
        visitor.get(page + "?lang=en")
        assert visitor.soup.html["lang"] == "en" and visitor.h1() != welsh
        visitor.get(page + "?lang=cy")
        assert visitor.soup.html["lang"] == "cy" and visitor.h1() == welsh


def test_peoples_own_words_are_isolated_so_direction_overrides_stay_inside(client):
    """A right-to-left override typed into an answer must not reverse the page around it."""
    v = started(client, "all-types")
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": "\u202eteP"}, {"story": "fine"},
                   {"count": "2"}, {"when-day": "1", "when-month": "2", "when-year": "2020"}]:
        v.post(data=answer)
    assert v.path == "/s/all-types/check"
    answer = next(p for p in v.soup.select(".survey-answer") if "\u202e" in p.get_text())
    assert answer.find("bdi") and "\u202e" in answer.find("bdi").get_text(), "the words sit in their own <bdi>"


def _session_in_cookie(client) -> dict:
    """What the browser's session cookie holds, opened with the app's own key."""
    import hashlib

    from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig

    secret = client.app.state.settings.secret_key
    key = hashlib.sha256(b"survey-session:" + secret.encode()).digest()
    backend = ClientSideSessionBackend(CookieBackendConfig(secret=key))
    return backend.load_data([client.cookies["survey_session"].encode()])


def test_once_answers_are_sent_this_browser_can_no_longer_open_them(client):
    """A library computer: the next person must not reopen the last person's answers."""
    v = started(client)
    for answer in [{"happened": "yes"}, {"details": "my own words"}, {"rating": "good"}, {"secret": "yes"}]:
        v.post(data=answer)
    assert v.path == "/s/routing/check"
    v.post()
    assert v.path == "/s/routing/done"
    reference = v.soup.select_one(".survey-code").get_text(strip=True)
    for page in ("/s/routing/check", "/s/routing/q/details", "/s/routing/save"):
        v.get(page)
        assert v.path == "/s/routing/done" and "my own words" not in v.response.text
        assert v.soup.select_one(".survey-code").get_text(strip=True) == reference
    held = _session_in_cookie(client)
    assert "responses" in held and held["responses"] == {} and held["codes"] == {}, "neither the response nor its code is kept"
    assert held["sent"]["routing"]["reference"] == reference
    v.get("/s/routing")
    assert v.soup.select_one("main form button").get_text(strip=True) == "Start now", "nothing to continue"
    # The next person starts afresh, with nothing of the last person's.
    v.post()
    v.get("/s/routing/check")
    assert v.path == "/s/routing/q/happened"
    assert not v.soup.select("input[checked]")


def _session_set_cookie(response) -> str:
    return next(value for value in response.headers.get_list("set-cookie") if value.startswith("survey_session="))


def test_on_a_shared_computer_the_response_is_kept_only_until_the_browser_closes(client):
    v = Visitor(client)
    v.get("/s/routing")
    assert v.soup.select_one("input#shared")["type"] == "checkbox"
    assert "forget your answers when you close the browser" in v.soup.select_one("#shared-hint").get_text()
    reply = client.post("/s/routing/start", data={"_csrf_token": v.csrf(), "shared": "yes"}, follow_redirects=False)
    cookie = _session_set_cookie(reply).lower()
    assert "max-age" not in cookie and "expires" not in cookie, "a session cookie: gone when the browser closes"
    v.get("/s/routing/q/happened")
    reply = client.post("/s/routing/q/happened", data={"_csrf_token": v.csrf(), "happened": "no"}, follow_redirects=False)
    v.get("/s/routing/save")
    assert "this computer forgets your answers" in v.soup.select_one("#shared-computer").get_text()
    assert v.soup.select_one("#resume-code").get_text(strip=True), "the code still lets them come back"
    # Not ticked: the cookie lasts its 90 days as before.
    other = Visitor(TestClient(client.app, base_url="https://testserver.local"))
    other.get("/s/routing")
    reply = other.client.post("/s/routing/start", data={"_csrf_token": other.csrf()}, follow_redirects=False)
    assert "Max-Age=7776000" in _session_set_cookie(reply)
