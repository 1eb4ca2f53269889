"""Handing the device to the respondent for a private section of an assisted
interview, and supervisors' review of assisted responses, over HTTP as a
browser without JavaScript, on a real SQLite file with accounts made by the
real ``survey user add`` command."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3

import pytest

from conftest import FIXTURES, run_async
from staff import add_user, sign_in
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"


def _site(tmp_path, banks):
    database = f"sqlite:///{tmp_path}/web.db"
    add_user(database, "worker@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "supervisor@example.org", "worker", "supervisor", organisation="Deaf Futures")
    add_user(database, "elsewhere@example.org", "supervisor", organisation="Safer London Together")
    add_user(database, "admin@example.org", "admin")
    return running_app(tmp_path, banks, database_url=database)


@pytest.fixture
def site(tmp_path):
    with _site(tmp_path, BANKS) as client:
        client.db_path = tmp_path / "web.db"
        yield client


@pytest.fixture
def reviewed_site(tmp_path):
    """The routing bank, requiring review of assisted responses before they count."""
    banks = tmp_path / "banks"
    shutil.copytree(BANKS, banks)
    data = json.loads((banks / "routing.json").read_text())
    data["assisted"] = {"review": "required"}
    (banks / "routing.json").write_text(json.dumps(data))
    with _site(tmp_path, banks) as client:
        client.db_path = tmp_path / "web.db"
        client.banks = banks
        yield client


def _visitor(site) -> Visitor:
    from litestar.testing import TestClient

    return Visitor(TestClient(site.app, base_url="https://testserver.local"))


def _interview_to_private_section(worker: Visitor) -> str:
    """Sign in, start an interview with a BSL interpreter and answer up to the private section: its base."""
    sign_in(worker, "worker@example.org")
    worker.get("/assist/new/routing")
    worker.post(data={"mode": "bsl_interpreter", "format": "standard", "organisation": "Deaf Futures", "consent": "yes"})
    base = worker.path.rsplit("/q/", 1)[0]
    worker.post(data={"happened": "no"})
    worker.post(data={"rating": "good"})
    assert worker.path == f"{base}/q/secret"
    return base


def _rows(db_path, sql, *args):
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, args).fetchall()


def _export(db_path, banks, out):
    from survey.export.run import Options, export
    from survey.questionnaire import load_file
    from survey.storage import close_engine, open_engine

    async def run():
        engine = await open_engine(f"sqlite:///{db_path}")
        try:
            return await export(load_file(banks / "routing.json").questionnaire, out, Options(formats=("csv",)))
        finally:
            await close_engine(engine)

    run_async(run())
    with (out / "routing.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_respondent_answers_the_private_section_alone_and_the_worker_never_sees_it(site, tmp_path):
    device = _visitor(site)
    base = _interview_to_private_section(device)
    rid = base.rsplit("/", 1)[1]
    offer = device.soup.select_one(f"form[action='{base}/hand-over?page=secret']")
    assert offer is not None and "without you seeing their answers" in device.soup.select_one(".govuk-inset-text").get_text()

    device.post(offer["action"])
    # The respondent's own journey now: no worker banner, and the worker is signed out.
    assert device.path == f"/private/{rid}/" or device.path == f"/private/{rid}"
    assert device.h1() == "Questions to answer on your own"
    assert device.soup.select_one(".survey-assisted-banner") is None
    assert device.request("GET", "/assist", follow_redirects=False).headers["location"].startswith("/sign-in")
    device.get(device.soup.select_one("a.govuk-button--start")["href"])
    assert device.path == f"/private/{rid}/q/secret"
    assert device.soup.select_one(".survey-assisted-banner") is None
    assert device.soup.select_one("input[name='_declined']") is None  # the worker's control, not theirs
    assert device.soup.find("a", string="Give the device back")["href"] == f"/private/{rid}/hand-back"
    # Only this section: any other page of the response gives the device back instead.
    device.get(f"/private/{rid}/q/happened")
    assert device.path == f"/private/{rid}/hand-back"
    device.get(f"/private/{rid}/q/secret")
    device.post(data={"secret": "yes"})
    assert device.path == f"/private/{rid}/hand-back" and device.h1() == "Give the device back"
    assert "You have answered the questions in this part." in device.soup.get_text()
    device.post()
    assert device.path == "/sign-in" and "The respondent has handed the device back." in device.soup.get_text()
    # Handed back: the device cannot open the private pages again.
    assert device.request("GET", f"/private/{rid}/q/secret").status_code == 404

    device.post(data={"email": "worker@example.org", "password": "correct horse battery staple",
                      "next": device.soup.find("input", attrs={"name": "next"})["value"]})
    assert device.path == f"{base}/check"
    row = next(r for r in device.soup.select(".govuk-summary-list__row") if "Anything else?" in r.get_text())
    assert row.select_one(".govuk-summary-list__value").get_text(strip=True) == "Answered privately by the respondent"
    assert row.select_one("a") is None and "govuk-summary-list__row--no-actions" in row["class"]
    device.get(f"{base}/q/secret")
    assert device.h1() == "The respondent answered this question on their own"
    assert "secret" not in str(device.soup.select("input")) and 'value="yes"' not in device.response.text
    # The worker cannot overwrite it by posting to the page either.
    device.post(f"{base}/q/secret", data={"secret": "no"})
    assert _rows(site.db_path, "SELECT self_completed, handover FROM response") == [("secret", "")]
    device.get(f"{base}/check")
    device.post(f"{base}/check")
    assert device.path == f"{base}/done"

    actions = _rows(site.db_path, "SELECT actor, action FROM audit_event ORDER BY id")
    assert ("worker@example.org", "device_handed_to_respondent") in actions
    assert ("respondent", "device_handed_back") in actions
    # The export marks the self-completed questions (a lone row's mode is suppressed there as a key).
    assert [r["self_completed"] for r in _export(site.db_path, BANKS, tmp_path / "out")] == ["secret"]
    assert _rows(site.db_path, "SELECT mode FROM response") == [("bsl_interpreter",)]


def test_signing_in_without_the_device_handed_back_ends_the_respondents_part(site):
    device = _visitor(site)
    base = _interview_to_private_section(device)
    rid = base.rsplit("/", 1)[1]
    device.post(f"{base}/hand-over?page=secret")
    sign_in(device, "worker@example.org", next_url=f"{base}/continue")
    assert device.path == f"{base}/q/secret"
    assert _rows(site.db_path, "SELECT handover, handover_token FROM response") == [("", None)]
    assert ("worker@example.org", "device_taken_back") in _rows(site.db_path, "SELECT actor, action FROM audit_event")
    assert device.request("GET", f"/private/{rid}/").status_code == 404


def test_the_device_is_handed_over_only_on_a_private_section_of_the_workers_own_response(site):
    device = _visitor(site)
    base = _interview_to_private_section(device)
    device.get(f"{base}/q/rating")
    assert device.soup.select_one("form[action*='hand-over']") is None
    assert device.request("POST", f"{base}/hand-over?page=rating", data={"_csrf_token": device.csrf()}).status_code == 404
    other = _visitor(site)
    sign_in(other, "supervisor@example.org")
    assert other.request("POST", f"{base}/hand-over?page=secret", data={"_csrf_token": other.csrf()}).status_code == 403
    # A browser that was never handed the device cannot open the private pages.
    stranger = _visitor(site)
    device.post(f"{base}/hand-over?page=secret")
    assert stranger.request("GET", f"/private/{base.rsplit('/', 1)[1]}/q/secret").status_code == 404


def test_a_supervisor_returns_a_held_response_and_accepts_it_once_sent_again(reviewed_site, tmp_path):
    site = reviewed_site
    device = _visitor(site)
    base = _interview_to_private_section(device)
    device.post(data={"secret": "no"})
    device.post(f"{base}/check")
    reference = device.soup.select_one(".govuk-panel__body strong").get_text(strip=True)
    assert _rows(site.db_path, "SELECT review FROM response") == [("held",)]
    # Held: it does not count until accepted.
    assert _export(site.db_path, site.banks, tmp_path / "before") == []

    elsewhere = _visitor(site)
    sign_in(elsewhere, "elsewhere@example.org")
    elsewhere.get("/supervise")
    assert "There are no responses waiting for review." in elsewhere.soup.get_text()
    rid = base.rsplit("/", 1)[1]
    assert elsewhere.request("GET", f"/supervise/{rid}").status_code == 404

    supervisor = _visitor(site)
    sign_in(supervisor, "supervisor@example.org")
    supervisor.get("/supervise")
    link = supervisor.soup.select_one("#for-review tbody a")
    assert reference in link.get_text() and "Not counted until accepted" in supervisor.soup.select_one("#for-review").get_text()
    supervisor.get(link["href"])
    typed = {row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.select("td")]
             for table in supervisor.soup.select("table") for row in table.select("tbody tr")}
    assert typed["Did it happen?"] == ["No", "worker@example.org"]
    assert typed["Anything else?"] == ["No", "worker@example.org"]  # the worker typed it: not handed over this time
    assert "With a BSL interpreter" in supervisor.soup.get_text()

    supervisor.post(f"/supervise/{rid}/return", data={"comment": "  "})
    assert supervisor.response.status_code == 400
    assert supervisor.errors() == [("#comment", "Enter what the worker needs to check or change")]
    supervisor.post(f"/supervise/{rid}/return", data={"comment": "Check the rating with the respondent"})
    assert supervisor.path == "/supervise" and "Response returned to its worker" in supervisor.soup.get_text()
    assert _rows(site.db_path, "SELECT status, review FROM response") == [("in_progress", "")]

    device.get("/assist")
    assert "Returned to you" in device.soup.get_text() and "Check the rating with the respondent" in device.soup.get_text()
    device.get(f"{base}/continue")
    device.post(f"{base}/check")
    assert device.soup.select_one(".govuk-panel__body strong").get_text(strip=True) == reference  # the same reference
    supervisor.get(f"/supervise/{rid}")
    supervisor.post(f"/supervise/{rid}/accept")
    assert "Response accepted" in supervisor.soup.get_text()
    assert supervisor.request("POST", f"/supervise/{rid}/accept", data={"_csrf_token": supervisor.csrf()}).status_code == 404
    assert [r["response_id"] != "" for r in _export(site.db_path, site.banks, tmp_path / "after")] == [True]
    actions = _rows(site.db_path, "SELECT actor, action FROM audit_event ORDER BY id")
    assert ("supervisor@example.org", "response_returned") in actions and ("supervisor@example.org", "response_accepted") in actions
    # The comment is sealed at rest, not in the clear.
    assert b"Check the rating" not in site.db_path.read_bytes()
    assert _rows(site.db_path, "SELECT decision FROM review_decision ORDER BY id") == [("returned",), ("accepted",)]


def test_the_retention_purge_deletes_a_response_with_its_review(reviewed_site):
    import datetime as dt

    from survey.storage import close_engine, open_engine, responses

    site = reviewed_site
    device = _visitor(site)
    base = _interview_to_private_section(device)
    device.post(data={"secret": "no"})
    device.post(f"{base}/check")
    supervisor = _visitor(site)
    sign_in(supervisor, "supervisor@example.org")
    supervisor.post(f"/supervise/{base.rsplit('/', 1)[1]}/return", data={"comment": "Ask again"})
    device.post(f"{base}/check")
    assert _rows(site.db_path, "SELECT count(*) FROM review_decision") == [(1,)]

    async def purge():
        engine = await open_engine(f"sqlite:///{site.db_path}")
        try:
            return await responses.purge_sent_before(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1))
        finally:
            await close_engine(engine)

    assert run_async(purge())[0] == 1
    assert _rows(site.db_path, "SELECT count(*) FROM review_decision") == [(0,)]


def test_nobody_reviews_their_own_response_and_workers_cannot_review(reviewed_site):
    site = reviewed_site
    supervisor = _visitor(site)
    sign_in(supervisor, "supervisor@example.org")
    supervisor.get("/assist/new/routing")
    supervisor.post(data={"mode": "phone", "format": "standard", "organisation": "Deaf Futures", "consent": "yes"})
    base = supervisor.path.rsplit("/q/", 1)[0]
    for data in ({"happened": "no"}, {"rating": "bad"}, {"secret": "no"}):
        supervisor.post(data=data)
    supervisor.post(f"{base}/check")
    supervisor.get("/supervise")
    assert "There are no responses waiting for review." in supervisor.soup.get_text()
    worker = _visitor(site)
    sign_in(worker, "worker@example.org")
    assert worker.request("GET", "/supervise").status_code == 403
    admin = _visitor(site)
    sign_in(admin, "admin@example.org")
    admin.get("/supervise")
    assert len(admin.soup.select("#for-review tbody tr")) == 1


def test_a_deaf_respondent_asks_for_a_bsl_call_and_their_interview_is_handed_over_reviewed_and_exported(database, tmp_path):
    """The issue's whole journey, with JavaScript off, on both databases."""
    import datetime as dt

    import icalendar

    from conftest import on_engine
    from survey.export.run import Options, export
    from survey.questionnaire import load_file
    from survey.storage.tables import Response

    banks = tmp_path / "banks"
    shutil.copytree(BANKS, banks)
    data = json.loads((banks / "routing.json").read_text())
    data["assisted"] = {"review": "required"}
    data["help"] = {"ways": {"bsl_video_call": {"organisations": ["Deaf Futures"]},
                             "phone_call": {"organisations": ["Safer London Together"]}}}
    (banks / "routing.json").write_text(json.dumps(data))
    add_user(database, "worker@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "elsewhere@example.org", "worker", organisation="Safer London Together")
    add_user(database, "supervisor@example.org", "supervisor", organisation="Deaf Futures")
    with running_app(tmp_path, banks, database_url=database) as client:
        respondent = Visitor(client, own_cookies=True)
        respondent.get("/s/routing")
        respondent.get(respondent.soup.select_one("#get-help-link")["href"])
        respondent.post(data={"way": "bsl_video_call"})
        respondent.post(data={"way": "bsl_video_call", "email": "sam@example.com", "when": ["mornings"]})
        reference = respondent.soup.select_one(".govuk-panel__body strong").get_text(strip=True)

        elsewhere = Visitor(client, own_cookies=True)
        sign_in(elsewhere, "elsewhere@example.org")
        elsewhere.get("/assist/help")
        assert reference not in elsewhere.soup.get_text()  # not this organisation's queue

        worker = Visitor(client, own_cookies=True)
        sign_in(worker, "worker@example.org")
        worker.get("/assist/help")
        request_url = worker.soup.select_one("#waiting a")["href"]
        assert worker.soup.select_one("#waiting a").get_text(strip=True) == reference
        worker.post(f"{request_url}/claim")
        worker.get(worker.soup.select_one("#book-appointment")["href"])
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        worker.post(data={"help": worker.soup.select_one("input[name=help]")["value"], "date-day": str(tomorrow.day),
                          "date-month": str(tomorrow.month), "date-year": str(tomorrow.year), "time": "10:30", "minutes": "60",
                          "mode": "bsl_interpreter", "interpreter": "bsl", "interpreter_name": "Jo Signer", "place": "Video link"})
        assert worker.path == "/assist/appointments", worker.errors()
        ics = worker.request("GET", worker.soup.select_one("#week a[download]")["href"])
        event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
        assert reference in str(event["summary"]) and "sam@example.com" not in ics.text

        worker.get(f"{request_url}/start")
        assert worker.soup.select_one("input[name=mode][value=bsl_interpreter]").has_attr("checked")
        worker.post(data={"mode": "bsl_interpreter", "format": "standard", "organisation": "Deaf Futures", "consent": "yes"})
        assert "/q/" in worker.path, worker.errors()
        base = worker.path.rsplit("/q/", 1)[0]
        worker.post(data={"happened": "yes"})
        worker.post(data={"details": "A man shouted at me"})
        worker.post(data={"rating": "bad"})
        assert worker.path == f"{base}/q/secret"
        # The device goes to the respondent for the private section, and comes back.
        worker.post(f"{base}/hand-over?page=secret")
        worker.get(worker.soup.select_one("a.govuk-button--start")["href"])
        worker.post(data={"secret": "yes"})
        worker.post()
        worker.post(data={"email": "worker@example.org", "password": "correct horse battery staple",
                          "next": worker.soup.find("input", attrs={"name": "next"})["value"]})
        assert worker.path == f"{base}/check"
        assert "Answered privately by the respondent" in worker.soup.get_text()
        worker.post(f"{base}/check")
        assert worker.path == f"{base}/done"

        supervisor = Visitor(client, own_cookies=True)
        sign_in(supervisor, "supervisor@example.org")
        supervisor.get("/supervise")
        supervisor.get(supervisor.soup.select_one("#for-review tbody a")["href"])
        typed = {row.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in row.select("td")]
                 for row in supervisor.soup.select("tbody tr")}
        assert typed["What happened?"] == ["A man shouted at me", "worker@example.org"]
        assert typed["Anything else?"] == ["Not shown: answered privately", "The respondent, on their own"]
        rid = supervisor.path.rsplit("/", 1)[1]
        held = on_engine(database, lambda: Response.select(Response.review, Response.self_completed).first())
        assert held == {"review": "held", "self_completed": "secret"}
        supervisor.post(f"/supervise/{rid}/accept")
        assert "Response accepted" in supervisor.soup.get_text()

    questionnaire = load_file(banks / "routing.json").questionnaire

    async def exported():
        await export(questionnaire, tmp_path / "out", Options(formats=("csv",), k=1))

    on_engine(database, exported)
    with (tmp_path / "out" / "routing.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["mode"], r["format"], r["self_completed"], r["secret"]) for r in rows] == [("bsl_interpreter", "standard", "secret", "1")]  # yes_no: 1 is yes
