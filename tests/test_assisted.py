"""Assisted entry over HTTP, as a browser without JavaScript: signing in,
entering a response for someone, who may open what, drafts, the audit log,
paper transcription and printable formats. The database is a real SQLite file;
accounts are made with the real ``survey user add`` command."""

from __future__ import annotations

import sqlite3

import pytest

from litestar.testing import TestClient

from conftest import FIXTURES
from staff import PASSWORD, add_user, sign_in
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"


@pytest.fixture
def site(tmp_path):
    database = f"sqlite:///{tmp_path}/web.db"
    add_user(database, "worker@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "other@example.org", "worker")
    add_user(database, "analyst@example.org", "analyst")
    add_user(database, "admin@example.org", "admin")
    with running_app(tmp_path, BANKS, database_url=database, signin_attempts=3) as client:
        client.db_path = tmp_path / "web.db"
        yield client


def new_visitor(site) -> Visitor:
    """Another browser on the same running site: its own cookies. (Not entered
    as a context manager: the site's start-up has run once already.)"""
    return Visitor(TestClient(site.app, base_url="https://testserver.local"))


def start_response(visitor: Visitor, mode="in_person", fmt="standard", bank="all-types") -> str:
    visitor.get(f"/assist/new/{bank}")
    visitor.post(data={"mode": mode, "format": fmt, "organisation": "Deaf Futures", "consent": "yes"})
    return visitor.path


def audit_actions(site) -> list[tuple[str, str]]:
    with sqlite3.connect(site.db_path) as db:
        return db.execute("SELECT actor, action FROM audit_event ORDER BY id").fetchall()


def test_staff_pages_ask_to_sign_in_and_come_back(site):
    visitor = Visitor(site)
    visitor.get("/assist/new")
    assert visitor.path == "/sign-in" and visitor.h1() == "Sign in"
    sign_in(visitor, "worker@example.org", next_url="/assist/new")
    assert visitor.path == "/assist/new"
    cookie = site.cookies.jar
    staff = next(c for c in cookie if c.name == "survey_staff")
    assert staff.secure and staff.has_nonstandard_attr("HttpOnly") and staff.expires is None


def test_a_worker_enters_a_whole_response_in_easy_read(site):
    visitor = Visitor(site)
    sign_in(visitor, "worker@example.org")
    visitor.get("/assist/new/all-types")
    visitor.post(data={"mode": "in_person", "format": "easy_read", "organisation": "Deaf Futures"})
    assert visitor.errors() == [("#consent", "Confirm that the respondent agreed to take part, after you read them the script")]
    assert visitor.soup.select_one("#consent-script").get_text(" ", strip=True).startswith("I would like to ask you some questions")
    visitor.post(data={"mode": "in_person", "format": "easy_read", "organisation": "Deaf Futures", "consent": "yes"})
    assert "/q/intro_page" in visitor.path
    base = visitor.path.rsplit("/q/", 1)[0]
    assert "survey-easy-read" in visitor.soup.html["class"]
    visitor.post(data={})
    banner = visitor.soup.select_one(".survey-assisted-banner").get_text(" ", strip=True)
    assert "You are entering answers for a respondent" in banner and "In person" in banner and "Easy Read" in banner
    visitor.post(data={"colour": "red"})
    visitor.post(data={"likes": "tea"})
    visitor.post(data={"_declined": "yes"})  # agree: the respondent chose not to answer
    visitor.post(data={"name_of_pet": "Rex", "_declined": "yes"})
    assert visitor.errors() == [("#name_of_pet-declined", "Clear the answer, or do not select that the respondent chose not to answer")]
    visitor.post(data={"name_of_pet": "Rex"})
    visitor.post(data={"story": "In my own words."})
    visitor.post(data={"count": "2"})
    visitor.post(data={"when-day": "5", "when-month": "3", "when-year": "2024"})
    assert visitor.path == f"{base}/check"
    answers = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in zip(visitor.soup.select(".govuk-summary-list__key"), visitor.soup.select(".govuk-summary-list__value"))}
    assert "The respondent chose not to answer" in answers.values()
    visitor.post(data={})
    assert visitor.path == f"{base}/done" and visitor.h1().startswith("Response sent")
    reference = visitor.soup.select_one(".survey-code").get_text(strip=True)
    with sqlite3.connect(site.db_path) as db:
        row = db.execute(
            "SELECT r.mode, r.format, r.organisation, r.status, r.reference, r.consent_at IS NOT NULL, a.email "
            "FROM response r JOIN account a ON a.id = r.entered_by"
        ).fetchone()
        declined = db.execute("SELECT value FROM answer WHERE question_id = 'agree'").fetchone()
    assert row == ("in_person", "easy_read", "Deaf Futures", "submitted", reference, 1, "worker@example.org")
    assert declined == ('{"declined": true}',)
    actions = [action for actor, action in audit_actions(site) if actor == "worker@example.org"]
    assert actions[:2] == ["sign_in", "response_started"]
    assert actions.count("answer_saved") == 7 and actions[-1] == "response_submitted"
    visitor.get("/assist")
    assert "Sent" in visitor.soup.select_one("table").get_text() and reference in visitor.soup.select_one("table").get_text()


def test_only_the_worker_who_entered_a_response_can_open_it(site):
    worker = Visitor(site)
    sign_in(worker, "worker@example.org")
    page = start_response(worker)
    other = new_visitor(site)
    sign_in(other, "other@example.org")
    other.get(page)
    assert other.response.status_code == 403
    assert other.h1() == "You cannot open this response"
    other.get("/assist")
    assert "You have no responses in progress." in other.soup.get_text()
    # Nor through the respondent's own pages.
    stranger = new_visitor(site)
    stranger.get("/s/all-types/check")
    assert stranger.path == "/s/all-types"


def test_an_analyst_cannot_open_worker_pages(site):
    analyst = Visitor(site)
    sign_in(analyst, "analyst@example.org")
    for path in ("/assist", "/assist/new/all-types", "/assist/formats/all-types", "/admin/audit"):
        analyst.get(path)
        assert analyst.response.status_code == 403, path
        assert analyst.h1() == "You do not have access to this page"
        assert "analyst@example.org" in analyst.soup.select_one("main").get_text()


def test_wrong_passwords_are_limited_per_account_and_audited(site):
    visitor = Visitor(site)
    for _ in range(3):
        visitor.get("/sign-in")
        visitor.post(data={"email": "worker@example.org", "password": "wrong wrong wrong", "next": "/account"})
        assert visitor.errors() == [("#email", "Enter the email address and password of your account")]
    visitor.get("/sign-in")
    visitor.post(data={"email": "worker@example.org", "password": PASSWORD, "next": "/account"})
    assert visitor.response.status_code == 429
    assert "Wait 5 minutes" in visitor.errors()[0][1]
    # Another account from the same address is not held up by it.
    sign_in(visitor, "other@example.org")
    assert visitor.path == "/account"
    actions = [(actor, action) for actor, action in audit_actions(site) if action.startswith("sign_in")]
    assert actions == [("worker@example.org", "sign_in_failed")] * 3 + [("worker@example.org", "sign_in_refused"), ("other@example.org", "sign_in")]


def test_an_idle_worker_is_signed_out_and_keeps_what_they_typed(site):
    visitor = Visitor(site)
    sign_in(visitor, "worker@example.org")
    page = start_response(visitor)
    visitor.post(data={})  # past the content page
    question = visitor.path
    with sqlite3.connect(site.db_path) as db:
        db.execute("UPDATE staff_session SET last_seen_at = '2000-01-01 00:00:00.000000+00:00'")
    visitor.post(data={"colour": "blue"})
    assert visitor.path == "/sign-in"
    assert "You were signed out because you had not done anything for 30 minutes." in visitor.soup.get_text()
    sign_in(visitor, "worker@example.org", next_url=question)
    assert visitor.path == question
    assert visitor.soup.select_one("input[name=colour][value=blue]").has_attr("checked")
    assert "This is what you had typed when you were signed out" in visitor.soup.get_text()
    visitor.post(data={"colour": "blue"})
    with sqlite3.connect(site.db_path) as db:
        assert db.execute("SELECT count(*) FROM draft").fetchone() == (0,)
        assert db.execute("SELECT value FROM answer WHERE question_id = 'colour'").fetchone() == ('"blue"',)
    assert ("worker@example.org", "draft_saved") in audit_actions(site)
    assert page


def test_the_page_timer_can_keep_a_draft_and_sign_out(site):
    """What staff.js does when time runs out: post the form to ?draft=true."""
    visitor = Visitor(site)
    sign_in(visitor, "worker@example.org")
    start_response(visitor)
    visitor.post(data={})
    question = visitor.path
    visitor.post(f"{question}?draft=true", data={"colour": "green"})
    assert visitor.path == "/sign-in"
    visitor.get(question)
    assert visitor.path == "/sign-in"  # really signed out


def test_paper_transcription_checks_every_question_on_one_page(site):
    visitor = Visitor(site)
    sign_in(visitor, "worker@example.org")
    start_response(visitor, mode="paper")
    assert visitor.path.endswith("/paper") and visitor.h1() == "Type up a returned form"
    assert [h.get_text(strip=True) for h in visitor.soup.select("main h2")][:2] == ["Assisted entry", "Which colour?"]
    visitor.post(data={"colour": "red", "count": "lots"})
    targets = [target for target, _ in visitor.errors()]
    assert "#likes" in targets and "#count" in targets and "#colour" not in targets
    # One long page: each line of the summary names its question, numbered as on paper.
    messages = [text for _, text in visitor.errors()]
    assert messages[0].startswith("Question 2, Which do you like?: ") and len(set(messages)) == len(messages)
    assert visitor.soup.select_one("input[name=colour][value=red]").has_attr("checked")
    visitor.post(data={
        "colour": "red", "likes": "tea", "agree-declined": "yes", "name_of_pet": "Rex", "story": "Fine.",
        "count": "2", "when-day": "5", "when-month": "3", "when-year": "2024",
    })
    assert visitor.path.endswith("/check")
    assert "The respondent chose not to answer" in visitor.soup.get_text()
    assert ("worker@example.org", "answers_transcribed") in audit_actions(site)


def test_an_admin_reassigns_an_unfinished_response(site):
    worker = Visitor(site)
    sign_in(worker, "worker@example.org")
    page = start_response(worker)
    admin = new_visitor(site)
    sign_in(admin, "admin@example.org")
    admin.get("/admin/responses")
    options = {o.get_text(strip=True): o["value"] for o in admin.soup.select("select[name=worker] option")}
    admin.post(data={"worker": options["other@example.org"]})
    other = new_visitor(site)
    sign_in(other, "other@example.org")
    other.get(page)
    assert other.response.status_code == 200 and other.path == page
    worker.get(page)
    assert worker.response.status_code == 403
    admin.get("/admin/audit?action=response_reassigned")
    assert "other@example.org" in admin.soup.select_one("table").get_text()


def test_a_disabled_account_is_signed_out_at_once(site):
    worker = Visitor(site)
    sign_in(worker, "worker@example.org")
    admin = new_visitor(site)
    sign_in(admin, "admin@example.org")
    admin.get("/admin/users")
    row = next(tr for tr in admin.soup.select("tbody tr") if "worker@example.org" in tr.get_text())
    admin.post(row.select_one("form[action$='/status']")["action"], data={"disabled": "yes"})
    worker.get("/assist")
    assert worker.path == "/sign-in"
    sign_in(worker, "worker@example.org")
    assert worker.path == "/sign-in" and worker.errors()


def test_workers_get_printable_formats_with_a_reference_box(site):
    visitor = Visitor(site)
    sign_in(visitor, "worker@example.org")
    visitor.get("/assist/formats/all-types")
    links = [a["href"] for a in visitor.soup.select("main li a[href^='/assist/formats/']")]
    assert links == [f"/assist/formats/all-types/{kind}" for kind in ("large-print", "easy-read", "plain-text")]
    # Each is named as its download is (and as ``survey formats`` writes it).
    named = [span.get_text(strip=True) for span in visitor.soup.select("main li .govuk-hint")]
    assert named == ["(all-types-large-print.html)", "(all-types-easy-read.html)", "(all-types-plain-text.md)"]
    assert site.get(links[2]).headers["content-disposition"] == 'attachment; filename="all-types-plain-text.md"'
    visitor.get(links[0])
    assert "For office use. Form reference:" in visitor.soup.get_text()
    policy = visitor.response.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-") and "unsafe" not in policy
    assert visitor.soup.select("h3")[1].get_text(strip=True).startswith("1. Which colour?")
    response = site.get(links[2])
    assert response.headers["content-type"].startswith("text/markdown")
    assert "### Question 1: Which colour?" in response.text
    assert ("worker@example.org", "formats_downloaded") in audit_actions(site)


def test_sign_in_never_sends_people_to_another_site(site):
    visitor = Visitor(site)
    visitor.get("/sign-in?next=//evil.example/")
    assert visitor.soup.select_one("input[name=next]")["value"] == "/account"


def test_an_admin_closes_a_survey_and_nobody_can_start_it(site):
    admin = Visitor(site)
    sign_in(admin, "admin@example.org")
    admin.get("/admin/questionnaires")
    action = "/admin/questionnaires/all-types"
    admin.post(action, data={"opens": "2026-02-30", "closes": ""})
    assert admin.response.status_code == 400
    assert admin.errors() == [("#opens-all-types", "Enter the date as year, month and day, for example 2027-03-01")]
    admin.post(action, data={"opens": "2026-03-01", "closes": "2026-02-01"})
    assert admin.errors() == [("#closes-all-types", "The closing date must be the same as or after the opening date")]
    admin.post(action, data={"opens": "2020-01-01", "closes": "2021-12-31"})
    card = next(c for c in admin.soup.select(".survey-card") if "all-types" in c.select_one("form")["action"])
    assert "This survey closed on 1 Jan 2022, 00:00" in card.get_text()
    respondent = new_visitor(site)
    respondent.get("/s/all-types")
    assert "This survey closed on" in respondent.soup.select_one("#survey-closed").get_text()
    assert not respondent.soup.select("main form[action='/s/all-types/start']")
    respondent.get("/display")  # a page with a form, for a valid token
    respondent.post("/s/all-types/start", data={})
    assert respondent.path == "/s/all-types"  # sent back to the page that says it is closed
    with sqlite3.connect(site.db_path) as db:
        assert db.execute("SELECT count(*) FROM response").fetchone() == (0,)
    worker = new_visitor(site)
    sign_in(worker, "worker@example.org")
    worker.get("/assist/new/all-types")
    assert worker.response.status_code == 409 and worker.h1() == "This survey is not open"
    admin.post(action, data={"opens": "", "closes": ""})
    respondent.get("/s/all-types")
    assert respondent.soup.select("main form[action='/s/all-types/start']")
    assert ("admin@example.org", "questionnaire_dates_set") in audit_actions(site)


def test_the_worker_watches_a_signed_answer_that_is_stored_encrypted(site):
    clip = (BANKS / "media" / "all-types" / "clip.mp4").read_bytes()
    visitor = Visitor(site)
    sign_in(visitor, "worker@example.org")
    start_response(visitor, fmt="bsl")
    base = visitor.path.rsplit("/q/", 1)[0]
    for answer in [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": "Rex"}]:
        visitor.post(data=answer)
    assert visitor.path.endswith("/q/story")
    site.post(f"{base}/q/story", data={"_csrf_token": visitor.csrf(), "story": ""},
              files={"story-bsl": ("answer.mp4", clip, "video/mp4")})
    stored = next((site.db_path.parent / "data" / "uploads").iterdir())
    assert clip[:64] not in stored.read_bytes()  # encrypted at rest
    whole = site.get(f"{base}/video/story")
    assert whole.status_code == 200 and whole.content == clip
    assert "no-store" in whole.headers["cache-control"]
    part = site.get(f"{base}/video/story", headers={"Range": "bytes=100-1099", "Accept-Encoding": "gzip"})
    assert part.status_code == 206 and part.content == clip[100:1100]
    # Never compressed: the byte range and its length are of the video itself.
    assert "content-encoding" not in part.headers and part.headers["content-length"] == "1000"
    assert part.headers["content-range"] == f"bytes 100-1099/{len(clip)}"
    other = new_visitor(site)
    sign_in(other, "other@example.org")
    assert other.client.get(f"{base}/video/story").status_code == 403


def test_out_of_range_admin_input_is_a_clear_error_not_a_server_error(site):
    admin = Visitor(site)
    sign_in(admin, "admin@example.org")
    admin.get("/admin/questionnaires")
    action = next(f["action"] for f in admin.soup.select("main form") if f["action"].endswith("/all-types"))
    admin.post(action, data={"opens": "", "closes": "9999-12-31"})
    assert admin.response.status_code == 400
    assert admin.errors() == [("#closes-all-types", "Enter a date between 2000 and 2999")]
    audit = site.get("/admin/audit?before=99999999999999999999999")
    assert audit.status_code == 400
    assert site.get("/admin/audit?before=2147483647").status_code == 200


def test_the_details_page_keeps_the_language_switcher_apart_from_the_respondents_language(tmp_path):
    """The page's "Which language is the respondent using?" once took the name the
    header's language links use, leaving an empty switcher of separators."""
    from conftest import SAMPLE_DIR

    database = f"sqlite:///{tmp_path}/web.db"
    add_user(database, "worker@example.org", "worker", organisation="Deaf Futures")
    with running_app(tmp_path, SAMPLE_DIR, database_url=database) as client:
        worker = Visitor(client)
        sign_in(worker, "worker@example.org")
        soup = worker.get("/assist/new/london-safety-and-trust")
        switcher = [item.get_text(strip=True) for item in soup.select(".govuk-language-navigation__list-item")]
        assert switcher == ["English", "Cymraeg", "العربية"]
        choices = [label.get_text(strip=True) for label in soup.select("input[name=language] + label")]
        assert choices == ["English", "Cymraeg", "العربية"]


def test_a_worker_hands_the_rest_to_the_respondent_who_finishes_alone(site, tmp_path):
    import csv

    from conftest import run_async
    from survey.export.run import Options, export
    from survey.questionnaire import load_file
    from survey.storage import close_engine, open_engine

    worker = Visitor(site)
    sign_in(worker, "worker@example.org")
    start_response(worker, mode="phone", bank="routing")
    worker.post(data={"happened": "no"})
    question = worker.path
    assert worker.soup.select_one("#finish-alone")["href"].endswith("/finish-alone")
    worker.get(worker.soup.select_one("#finish-alone")["href"])
    assert "The 1 answer given so far is kept." in worker.soup.get_text()
    worker.post()
    code = worker.soup.select_one(".govuk-panel__body strong").get_text(strip=True)
    assert worker.h1() == "Handed over to the respondent" and len(code) == 14
    # Theirs now: the worker can no longer open it, nor does it stay in the list.
    assert worker.request("GET", question).status_code == 404
    worker.get("/assist")
    assert "In progress" not in worker.soup.get_text()

    respondent = new_visitor(site)
    respondent.get("/s/routing/resume")
    respondent.post(data={"code": code})
    assert respondent.path == "/s/routing/q/rating"  # where the worker stopped
    respondent.post(data={"rating": "good"})
    respondent.post(data={"secret": "no"})
    respondent.post()
    assert respondent.path == "/s/routing/done"
    assert ("worker@example.org", "response_handed_to_respondent") in audit_actions(site)

    async def exported():
        engine = await open_engine(f"sqlite:///{site.db_path}")
        try:
            return await export(load_file(BANKS / "routing.json").questionnaire, tmp_path / "out", Options(formats=("csv",)))
        finally:
            await close_engine(engine)

    run_async(exported())
    with (tmp_path / "out" / "routing.csv").open(encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    # Both modes are kept: the worker's, and that it was finished online (a lone row's mode is suppressed as a key).
    assert row["finished_mode"] == "online"
    with sqlite3.connect(site.db_path) as db:
        assert db.execute("SELECT mode, finished_mode, entered_by FROM response").fetchall() == [("phone", "online", None)]


def test_an_admin_changes_roles_on_the_users_page_and_the_change_holds_at_once(site):
    admin = new_visitor(site)
    sign_in(admin, "admin@example.org")
    worker = new_visitor(site)
    sign_in(worker, "worker@example.org")
    assert worker.request("GET", "/analyst").status_code == 403
    admin.get("/admin/users")
    row = next(tr for tr in admin.soup.select("tbody tr") if "worker@example.org" in tr.get_text())
    roles_form = row.select_one("form[action$='/roles']")["action"]
    admin.post(roles_form, data={})
    assert admin.response.status_code == 400
    assert admin.errors()[0][1] == "Select at least one role for worker@example.org, or disable the account"
    admin.post(roles_form, data={"roles": ["worker", "analyst"]})
    assert admin.path == "/admin/users"
    # Signed out by the change: the new role holds from the next sign-in.
    assert worker.request("GET", "/analyst", follow_redirects=False).headers["location"].startswith("/sign-in")
    sign_in(worker, "worker@example.org")
    assert worker.request("GET", "/analyst").status_code == 200
    own = next(tr for tr in admin.soup.select("tbody tr") if "admin@example.org" in tr.get_text())
    admin.post(own.select_one("form[action$='/roles']")["action"], data={"roles": ["worker"]})
    assert admin.errors()[0][1] == "You cannot take away your own admin role: ask another admin"
    assert ("admin@example.org", "user_roles_set") in audit_actions(site)
