"""The authorisation matrix: every route, as every kind of visitor (anonymous,
a respondent with a response, the worker who entered a response, another
worker, an analyst, an admin), gives the expected kind of answer. A test
fails when a route is missing from the matrix."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from litestar.testing import TestClient

from conftest import FIXTURES, ROOT
from staff import add_user, cli_env, publish_results, sign_in
from web_client import Visitor, running_app

#: The sealing key of the world's app (its request for help is sealed with it).
KEY = "0bmZ0nqZ5Gb1Z4zQ2Wm3J6yHc0n9dHq7Zk3mJ2x5Vws="
#: The supervisor is of the worker's organisation, and only a supervisor.
ROLES = ("anonymous", "respondent", "worker", "other_worker", "analyst", "admin", "supervisor")
OK, SIGN_IN, DENIED, MISSING = "ok", "sign in", "denied", "not found"
PUBLIC = (OK,) * 7
STAFF_ANY = (SIGN_IN, SIGN_IN, OK, OK, OK, OK, OK)
WORKERS = (SIGN_IN, SIGN_IN, OK, OK, DENIED, DENIED, DENIED)
OWNER = (SIGN_IN, SIGN_IN, OK, DENIED, DENIED, DENIED, DENIED)
ADMINS = (SIGN_IN, SIGN_IN, DENIED, DENIED, DENIED, OK, DENIED)
ANALYSTS = (SIGN_IN, SIGN_IN, DENIED, DENIED, OK, DENIED, DENIED)
REVIEWERS = (SIGN_IN, SIGN_IN, DENIED, DENIED, OK, OK, DENIED)
HOLDER = (SIGN_IN, SIGN_IN, OK, MISSING, DENIED, DENIED, DENIED)
SUPERVISORS = (SIGN_IN, SIGN_IN, DENIED, DENIED, DENIED, OK, OK)
#: Only the device a worker handed over may open a private section: nobody here holds it.
NOBODY = (MISSING,) * 7


def category(response) -> str:
    if response.status_code == 403:
        return DENIED
    if response.status_code == 404:
        return MISSING
    if 300 <= response.status_code < 400 and response.headers.get("location", "").startswith("/sign-in"):
        return SIGN_IN
    # Anything else is an answer the visitor was allowed to get: a page, a
    # redirect onwards, a form's own validation (400), or "being prepared,
    # try again later" (503 with Retry-After, for the open data).
    if response.status_code == 503 and "retry-after" in response.headers:
        return OK
    return OK if response.status_code < 500 else f"error {response.status_code}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("authz")
    url = f"sqlite:///{tmp}/web.db"
    for email, roles in [("worker@example.org", ["worker"]), ("other@example.org", ["worker"]),
                         ("analyst@example.org", ["analyst"]), ("admin@example.org", ["admin"]),
                         ("supervisor@example.org", ["supervisor"])]:
        add_user(url, email, *roles, organisation="Test organisation" if email in ("worker@example.org", "supervisor@example.org") else None)
    publish_results(url, "all-types", FIXTURES / "banks")
    # The routing bank takes access codes too, so the code pages are there to ask for.
    wave = tmp / "wave.csv"
    wave.write_text("reference,address_line_1,postcode,borough,probability\nR1,1 Lane,SE1 4PU,Camden,0.1\n", encoding="utf-8")
    for command in (["import", "routing", str(wave)], ["access", "routing", "both"]):
        done = subprocess.run([sys.executable, "-m", "survey", "sample", *command], cwd=ROOT, capture_output=True, text=True,
                              env=cli_env(url, SURVEY_QUESTIONNAIRES=str(FIXTURES / "banks"), SURVEY_ENCRYPTION_KEYS=KEY))
        assert done.returncode == 0, done.stderr
    with running_app(tmp, FIXTURES / "banks", database_url=url, encryption_keys=KEY) as first:
        clients = {"anonymous": first}
        for role in ROLES[1:]:
            clients[role] = TestClient(first.app, base_url="https://testserver.local")
        respondent = Visitor(clients["respondent"])
        respondent.get("/s/all-types")
        respondent.post("/s/all-types/start", data={})
        for role, email in [("worker", "worker@example.org"), ("other_worker", "other@example.org"),
                            ("analyst", "analyst@example.org"), ("admin", "admin@example.org"),
                            ("supervisor", "supervisor@example.org")]:
            sign_in(Visitor(clients[role]), email)
        worker = Visitor(clients["worker"])
        worker.get("/assist/new/all-types")
        worker.post(data={"mode": "in_person", "format": "standard", "consent": "yes"})
        response_id = worker.path.split("/")[2]
        # A request for help, to the worker's organisation, which the worker has claimed.
        asking = Visitor(first)
        asking.get("/s/all-types/help/contact?way=phone_call")
        asking.post(data={"way": "phone_call", "phone": "020 7946 0000"})
        assert asking.path == "/s/all-types/help/sent"
        with sqlite3.connect(tmp / "web.db") as db:
            other_id = db.execute("SELECT id FROM account WHERE email = 'other@example.org'").fetchone()[0]
            help_id = db.execute("SELECT id FROM help_request").fetchone()[0]
            # The routing wave's case, assigned to the worker.
            worker_id = db.execute("SELECT id FROM account WHERE email = 'worker@example.org'").fetchone()[0]
            db.execute("UPDATE sample_case SET assigned_to = ?", (worker_id,))
            case_id = db.execute("SELECT id FROM sample_case").fetchone()[0]
        # An appointment the worker booked for the case.
        worker.get(f"/assist/appointments/new?case={case_id}")
        worker.post(data={"case": str(case_id), "date-day": "1", "date-month": "1", "date-year": "2100", "time": "10:00",
                          "mode": "phone", "interpreter": "none", "minutes": "60"})
        assert worker.path == "/assist/appointments", worker.errors()
        with sqlite3.connect(tmp / "web.db") as db:
            appointment_id = db.execute("SELECT id FROM appointment").fetchone()[0]
        worker.post(f"/assist/help/{help_id}/claim", data={})
        # Two responses the worker sent, for review; and one whose private section another
        # browser of the worker's holds, handed over to the respondent.
        device = Visitor(TestClient(first.app, base_url="https://testserver.local"))
        sign_in(device, "worker@example.org")
        ids = []
        for answers in ([{"happened": "no"}, {"rating": "good"}, {"secret": "no"}],) * 2 + ([{"happened": "no"}, {"rating": "good"}],):
            device.get("/assist/new/routing")
            device.post(data={"mode": "phone", "format": "standard", "consent": "yes"})
            ids.append(device.path.split("/")[2])
            for data in answers:
                device.post(data=data)
        for sent in ids[:2]:
            device.post(f"/assist/{sent}/check", data={})
        device.post(f"/assist/{ids[2]}/hand-over?page=secret", data={})
        assert device.path == f"/private/{ids[2]}", device.path
        home = Visitor(first).get("/")
        css = home.select_one("link[rel=stylesheet][href*=survey]")["href"]
        media = next(p for p in (FIXTURES / "banks" / "media" / "all-types").rglob("*") if p.is_file())
        tokens = {}
        for role, client in clients.items():
            page = Visitor(client)
            page.get("/display")
            tokens[role] = page.csrf()
        yield clients, tokens, {
            "R": response_id, "S": ids[0], "S2": ids[1], "P": ids[2], "OTHER": other_id, "CSS": css, "H": help_id, "C": case_id, "A": appointment_id,
            "MEDIA": "/media/all-types/2.3/" + str(media.relative_to(FIXTURES / "banks" / "media" / "all-types")),
        }


#: (method, route as the app names it, path to request, form, expected for each role in ROLES)
MATRIX = [
    ("GET", "/", "/", None, PUBLIC),
    ("GET", "/accessibility", "/accessibility", None, PUBLIC),
    ("GET", "/privacy", "/privacy", None, PUBLIC),
    ("GET", "/cookies", "/cookies", None, PUBLIC),
    ("GET", "/display", "/display", None, PUBLIC),
    ("POST", "/display", "/display", {}, PUBLIC),
    ("GET", "/healthz", "/healthz", None, PUBLIC),
    ("GET", "/static/{digest:str}/{name:path}", "{CSS}", None, PUBLIC),
    ("GET", "/media/{questionnaire_id:str}/{version:str}/{name:path}", "{MEDIA}", None, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}", "/s/all-types", None, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/code", "/s/routing/code", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/code", "/s/routing/code", {"access_code": ""}, PUBLIC),
    ("GET", "/admin/questionnaires/{questionnaire_id:str}/sample", "/admin/questionnaires/routing/sample", None, ADMINS),
    ("GET", "/admin/questionnaires/{questionnaire_id:str}/sample/letters", "/admin/questionnaires/routing/sample/letters?wave=9",
     None, ADMINS),
    ("POST", "/admin/questionnaires/{questionnaire_id:str}/sample/access", "/admin/questionnaires/routing/sample/access",
     {"access": "both"}, ADMINS),
    ("POST", "/admin/questionnaires/{questionnaire_id:str}/sample/person", "/admin/questionnaires/routing/sample/person",
     {"wave": "1", "reference": "NOPE"}, ADMINS),
    ("POST", "/admin/questionnaires/{questionnaire_id:str}/sample/outcome", "/admin/questionnaires/routing/sample/outcome",
     {"wave": "1", "reference": "R1", "disposition": "2.11", "how": "refused"}, ADMINS),
    ("POST", "/s/{questionnaire_id:str}/start", "/s/routing/start", {}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/q/{page_id:str}", "/s/all-types/q/colour", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/q/{page_id:str}", "/s/all-types/q/intro_page", {}, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/q/{page_id:str}/count", "/s/all-types/q/story/count", {"story": "x"}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/check", "/s/all-types/check", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/check", "/s/all-types/check", {}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/done", "/s/all-types/done", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/format/{name:str}", "/s/all-types/format/standard", {}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/save", "/s/all-types/save", None, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/resume", "/s/all-types/resume", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/resume", "/s/all-types/resume", {"code": ""}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/delete", "/s/all-types/delete", None, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/deleted", "/s/all-types/deleted", None, PUBLIC),
    ("GET", "/sign-in", "/sign-in", None, PUBLIC),
    ("POST", "/sign-in", "/sign-in", {}, PUBLIC),
    ("GET", "/signed-out", "/signed-out", None, PUBLIC),
    ("GET", "/account", "/account", None, STAFF_ANY),
    ("POST", "/keep-alive", "/keep-alive", {}, STAFF_ANY),
    ("GET", "/assist", "/assist", None, WORKERS),
    ("GET", "/assist/new", "/assist/new", None, WORKERS),
    ("GET", "/assist/new/{questionnaire_id:str}", "/assist/new/all-types", None, WORKERS),
    ("POST", "/assist/new/{questionnaire_id:str}", "/assist/new/all-types", {}, WORKERS),
    ("GET", "/assist/formats/{questionnaire_id:str}", "/assist/formats/all-types", None, WORKERS),
    ("GET", "/assist/formats/{questionnaire_id:str}/{kind:str}", "/assist/formats/all-types/plain-text", None, WORKERS),
    ("GET", "/assist/{response_id:uuid}/continue", "/assist/{R}/continue", None, OWNER),
    ("GET", "/assist/{response_id:uuid}/q/{page_id:str}", "/assist/{R}/q/intro_page", None, OWNER),
    ("POST", "/assist/{response_id:uuid}/q/{page_id:str}", "/assist/{R}/q/intro_page", {}, OWNER),
    ("GET", "/assist/{response_id:uuid}/check", "/assist/{R}/check", None, OWNER),
    ("POST", "/assist/{response_id:uuid}/check", "/assist/{R}/check", {}, OWNER),
    ("GET", "/assist/{response_id:uuid}/done", "/assist/{R}/done", None, OWNER),
    ("POST", "/assist/{response_id:uuid}/format/{name:str}", "/assist/{R}/format/standard", {}, OWNER),
    ("GET", "/assist/{response_id:uuid}/paper", "/assist/{R}/paper", None, OWNER),
    ("POST", "/assist/{response_id:uuid}/paper", "/assist/{R}/paper", {}, OWNER),
    # The worker may ask; there is no video to give, so: not found.
    ("GET", "/assist/{response_id:uuid}/video/{question_id:str}", "/assist/{R}/video/story",
     None, (SIGN_IN, SIGN_IN, MISSING, DENIED, DENIED, DENIED, DENIED)),
    ("GET", "/s/{questionnaire_id:str}/help", "/s/all-types/help", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/help", "/s/all-types/help", {}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/help/contact", "/s/all-types/help/contact?way=phone_call", None, PUBLIC),
    ("POST", "/s/{questionnaire_id:str}/help/contact", "/s/all-types/help/contact", {"way": "phone_call"}, PUBLIC),
    ("GET", "/s/{questionnaire_id:str}/help/sent", "/s/all-types/help/sent", None, PUBLIC),
    ("GET", "/assist/help", "/assist/help", None, WORKERS),
    # The worker holds it; another worker (of no organisation that takes it) is not told it exists.
    ("GET", "/assist/help/{request_id:uuid}", "/assist/help/{H}", None, HOLDER),
    ("POST", "/assist/help/{request_id:uuid}/claim", "/assist/help/{H}/claim", {}, HOLDER),
    ("GET", "/assist/help/{request_id:uuid}/start", "/assist/help/{H}/start", None, HOLDER),
    ("POST", "/assist/help/{request_id:uuid}/start", "/assist/help/{H}/start", {}, HOLDER),
    ("POST", "/assist/help/{request_id:uuid}/handled", "/assist/help/{H}/handled", {}, HOLDER),
    ("POST", "/assist/help/{request_id:uuid}/release", "/assist/help/{H}/release", {}, HOLDER),
    ("GET", "/assist/cases", "/assist/cases", None, WORKERS),
    ("GET", "/assist/cases/{case_id:uuid}", "/assist/cases/{C}", None, HOLDER),
    ("POST", "/assist/cases/{case_id:uuid}/attempt", "/assist/cases/{C}/attempt", {}, HOLDER),
    ("GET", "/assist/cases/{case_id:uuid}/start", "/assist/cases/{C}/start", None, HOLDER),
    ("POST", "/assist/cases/{case_id:uuid}/start", "/assist/cases/{C}/start", {}, HOLDER),
    ("GET", "/assist/appointments", "/assist/appointments", None, WORKERS),
    ("GET", "/assist/appointments/calendar.ics", "/assist/appointments/calendar.ics", None, WORKERS),
    ("GET", "/assist/appointments/new", "/assist/appointments/new?case={C}", None, HOLDER),
    # Without a case or request the worker holds, there is nothing to book for.
    ("POST", "/assist/appointments/new", "/assist/appointments/new", {}, (SIGN_IN, SIGN_IN, MISSING, MISSING, DENIED, DENIED, DENIED)),
    ("GET", "/assist/appointments/{appointment_id:uuid}/calendar.ics", "/assist/appointments/{A}/calendar.ics", None, HOLDER),
    ("POST", "/assist/appointments/{appointment_id:uuid}/cancel", "/assist/appointments/{A}/cancel", {}, HOLDER),
    ("POST", "/admin/questionnaires/{questionnaire_id:str}/sample/assign", "/admin/questionnaires/routing/sample/assign",
     {"wave": "1"}, ADMINS),
    ("GET", "/admin", "/admin", None, ADMINS),
    ("GET", "/admin/users", "/admin/users", None, ADMINS),
    ("POST", "/admin/users/{account_id:uuid}/status", "/admin/users/{OTHER}/status", {}, ADMINS),
    # No role ticked: refused with a message, and nothing changed.
    ("POST", "/admin/users/{account_id:uuid}/roles", "/admin/users/{OTHER}/roles", {}, ADMINS),
    ("GET", "/admin/questionnaires", "/admin/questionnaires", None, ADMINS),
    ("POST", "/admin/questionnaires/{questionnaire_id:str}", "/admin/questionnaires/routing", {}, ADMINS),
    ("GET", "/admin/responses", "/admin/responses", None, ADMINS),
    ("POST", "/admin/responses/{response_id:uuid}/reassign", "/admin/responses/{R}/reassign", {}, ADMINS),
    ("GET", "/admin/audit", "/admin/audit", None, ADMINS),
    ("GET", "/admin/retention", "/admin/retention", None, ADMINS),
    ("POST", "/admin/retention", "/admin/retention", {}, ADMINS),
    ("GET", "/analyst", "/analyst", None, ANALYSTS),
    ("GET", "/results", "/results", None, PUBLIC),
    ("GET", "/results/{questionnaire_id:str}", "/results/all-types", None, PUBLIC),
    ("GET", "/results/{questionnaire_id:str}/questions/{question_id:str}", "/results/all-types/questions/colour", None, PUBLIC),
    ("GET", "/results/{questionnaire_id:str}/questions/{question_id:str}/table.csv", "/results/all-types/questions/likes/table.csv", None, PUBLIC),
    ("GET", "/results/{questionnaire_id:str}/differences", "/results/all-types/differences", None, PUBLIC),
    ("GET", "/results/{questionnaire_id:str}/methodology", "/results/all-types/methodology", None, PUBLIC),
    ("GET", "/results/{questionnaire_id:str}/open-data.zip", "/results/all-types/open-data.zip", None, PUBLIC),
    # Results not published: not found, for everyone.
    ("GET", "/results/{questionnaire_id:str}", "/results/routing", None, (MISSING,) * 7),
    ("POST", "/admin/questionnaires/{questionnaire_id:str}/results", "/admin/questionnaires/routing/results", {}, ADMINS),
    ("POST", "/analyst/export", "/analyst/export", {"questionnaire": "all-types", "format": "csv"}, ANALYSTS),
    ("GET", "/analyst/{questionnaire_id:str}/free-text", "/analyst/all-types/free-text", None, REVIEWERS),
    ("POST", "/analyst/{questionnaire_id:str}/free-text", "/analyst/all-types/free-text", {}, REVIEWERS),
    # All-types has no private section: nothing to hand over, even for the worker.
    ("POST", "/assist/{response_id:uuid}/hand-over", "/assist/{R}/hand-over?page=colour", {},
     (SIGN_IN, SIGN_IN, MISSING, DENIED, DENIED, DENIED, DENIED)),
    ("GET", "/private/{response_id:uuid}", "/private/{P}", None, NOBODY),
    ("GET", "/private/{response_id:uuid}/q/{page_id:str}", "/private/{P}/q/secret", None, NOBODY),
    ("POST", "/private/{response_id:uuid}/q/{page_id:str}", "/private/{P}/q/secret", {"secret": "yes"}, NOBODY),
    ("GET", "/private/{response_id:uuid}/check", "/private/{P}/check", None, NOBODY),
    ("GET", "/private/{response_id:uuid}/hand-back", "/private/{P}/hand-back", None, NOBODY),
    ("POST", "/private/{response_id:uuid}/hand-back", "/private/{P}/hand-back", {}, NOBODY),
    ("POST", "/private/{response_id:uuid}/format/{name:str}", "/private/{P}/format/standard", {}, NOBODY),
    ("GET", "/supervise", "/supervise", None, SUPERVISORS),
    ("GET", "/supervise/{response_id:uuid}", "/supervise/{S}", None, SUPERVISORS),
    # No comment: the form's own error, and the response stays where it was.
    ("POST", "/supervise/{response_id:uuid}/return", "/supervise/{S}/return", {"comment": ""}, SUPERVISORS),
    # The admin accepts it first; then it is no longer waiting for the supervisor.
    ("POST", "/supervise/{response_id:uuid}/accept", "/supervise/{S2}/accept", {},
     (SIGN_IN, SIGN_IN, DENIED, DENIED, DENIED, OK, MISSING)),
    # Nobody reviews an unsent response.
    ("GET", "/supervise/{response_id:uuid}", "/supervise/{R}", None, (SIGN_IN, SIGN_IN, DENIED, DENIED, DENIED, MISSING, MISSING)),
    ("GET", "/assist/{response_id:uuid}/finish-alone", "/assist/{R}/finish-alone", None, OWNER),
    # Handed over, the response is the respondent's: another worker is then not even told it exists.
    ("POST", "/assist/{response_id:uuid}/finish-alone", "/assist/{R}/finish-alone", {}, HOLDER),
    # Last: signing out ends the sessions the rows above use.
    ("POST", "/s/{questionnaire_id:str}/delete", "/s/all-types/delete", {}, PUBLIC),
    ("POST", "/sign-out", "/sign-out", {}, STAFF_ANY),
]


def test_every_route_is_in_the_matrix():
    from survey.app import create_app
    from survey.settings import Settings

    app = create_app(Settings(questionnaires_dir=FIXTURES / "banks", data_dir=FIXTURES / "unused"))
    routes = {(m, r.path) for r in app.routes for m in getattr(r, "methods", set()) if m not in ("HEAD", "OPTIONS")}
    assert routes - {(m, r) for m, r, *_ in MATRIX} == set(), "add each new route to MATRIX"


def test_each_role_gets_what_it_should_on_every_route(world):
    from survey.storage import sealing

    sealing.configure([KEY])  # the world's key: each test starts with a fresh one
    clients, tokens, names = world
    wrong = []
    for method, _route, path, form, expected in MATRIX:
        url = path.format(**names)
        for role, want in zip(ROLES, expected):
            client = clients[role]
            if method == "GET":
                response = client.get(url, follow_redirects=False)
            else:
                response = client.post(url, data={**form, "_csrf_token": tokens[role]}, follow_redirects=False)
            got = category(response)
            if got != want:
                wrong.append(f"{method} {url} as {role}: {got} ({response.status_code}), expected {want}")
    assert not wrong, "\n".join(wrong)
