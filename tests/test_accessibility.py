"""Every page state in the catalogue, checked in Debian's Chromium:
axe-core, the Nu HTML Checker, keyboard focus and order, target size,
forced colours, reflow at 200% and 400% zoom, WCAG text spacing, and the
security headers every page must carry."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import time
import urllib.request
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser

import a11y_checks as checks
from catalogue import SERVER_ERROR, STATES, State
from conftest import ROOT, SAMPLE_DIR, free_port, start_server
from survey.web.security import is_printable, printable_policy

pytestmark = pytest.mark.browser

VNU_JAR = ROOT / "tests" / "js" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def broken_server(tmp_path_factory, banks_dir):
    """A server whose database has lost a table: every save fails."""
    work = tmp_path_factory.mktemp("broken")
    server = start_server(work, questionnaires=banks_dir)
    with sqlite3.connect(work / "survey.db") as db:
        db.execute("DROP TABLE response")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def html_checker():
    """The Nu HTML Checker as a local web service, started once for the session."""
    if not VNU_JAR.exists():
        pytest.fail(f"{VNU_JAR} is missing: scripts/test installs it from npm")
    port = free_port()
    process = subprocess.Popen(
        ["java", "-Xss8m", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("the Nu HTML Checker did not start")

    def check(html: str) -> list[dict]:
        request = urllib.request.Request(url, data=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["messages"]

    yield check
    process.terminate()
    process.wait(timeout=10)


REQUIRED_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def visit(browser: Browser, server, state: State):
    context = browser.new_context(bypass_csp=True)  # the checks inject styles and scripts
    if state.display:
        context.add_cookies([{"name": "survey_display", "value": state.display, "url": server.url}])
    page = context.new_page()
    documents: list = []
    page.on("response", lambda r: documents.append(r) if r.request.resource_type == "document" else None)
    state.reach(page, server.url)
    page.wait_for_load_state("load")
    return context, page, documents[-1]


def run_checks(page, html: str, html_checker, headers: dict[str, str] | None = None) -> list[str]:
    failures = checks.axe(page)
    required = dict(REQUIRED_HEADERS)
    if is_printable(urlparse(page.url).path):
        required["content-security-policy"] = printable_policy(html)  # a self-contained file: see security.py
    for name, value in required.items():
        if headers is not None and headers.get(name) != value:
            failures.append(f"security header {name}: {headers.get(name)!r}, expected {value!r}")
    for message in html_checker(html):
        if message["type"] == "error":
            failures.append(f"HTML validity: line {message.get('lastLine')}: {message['message']}")
    failures += checks.tab_order(page)
    failures += checks.focus(page)
    failures += checks.forced_colours(page)
    failures += checks.fonts(page)
    failures += checks.charts(page)
    failures += checks.layout(page)
    failures += checks.reflow(page)
    return failures


@pytest.mark.parametrize("state", STATES, ids=lambda s: s.name)
def test_page_state_passes_every_check(browser, catalogue_server, html_checker, state):
    context, page, document = visit(browser, catalogue_server, state)
    try:
        failures = run_checks(page, document.text(), html_checker, document.all_headers())
    finally:
        context.close()
    assert not failures, f"{state.name} ({page.url}):\n" + "\n".join(f"- {f}" for f in failures)


def test_server_error_page_passes_every_check(browser, broken_server, html_checker):
    def reach(page, base):
        page.goto(f"{base}/s/routing")
        with page.expect_navigation():
            page.get_by_role("button", name="Start now").click()

    state = State(SERVER_ERROR.name, SERVER_ERROR.route, reach)
    context, page, document = visit(browser, broken_server, state)
    html = document.text()
    try:
        assert page.get_by_role("heading", level=1).inner_text() == "Sorry, there is a problem with the service"
        assert "Traceback" not in html and "sqlite" not in html.lower()
        failures = run_checks(page, html, html_checker, document.all_headers())
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_every_page_route_is_in_the_catalogue(tmp_path):
    from survey.app import create_app
    from survey.settings import Settings

    app = create_app(Settings(questionnaires_dir=SAMPLE_DIR, data_dir=tmp_path))
    # Files, health and a choice that only redirects: none renders a page.
    not_pages = {
        "/static/{digest:str}/{name:path}",
        "/media/{questionnaire_id:str}/{version:str}/{name:path}",
        "/healthz",
        "/s/{questionnaire_id:str}/format/{name:str}",
        "/assist/{response_id:uuid}/format/{name:str}",
        "/assist/{response_id:uuid}/continue",
        # Only a redirect: the respondent's part has no check page; it ends by giving the device back.
        "/private/{response_id:uuid}/check",
        # A worker watching a respondent's signed answer: a video file.
        "/assist/{response_id:uuid}/video/{question_id:str}",
        # Results as downloads: a CSV file and a zip.
        "/results/{questionnaire_id:str}/questions/{question_id:str}/table.csv",
        "/results/{questionnaire_id:str}/open-data.zip",
        # A wave's letters: a zip (the letters themselves are checked in test_letters).
        "/admin/questionnaires/{questionnaire_id:str}/sample/letters",
        # Calendar files (checked in test_appointments).
        "/assist/appointments/calendar.ics",
        "/assist/appointments/{appointment_id:uuid}/calendar.ics",
    }
    page_routes = {
        route.path for route in app.routes if "GET" in getattr(route, "methods", set()) and route.path not in not_pages
    }
    covered = {state.route for state in [*STATES, SERVER_ERROR]}
    assert page_routes - covered == set(), "add a state for each new page to tests/catalogue.py"
    assert {"400", "403", "404", "413", "500"} <= covered


def test_assessment_report_is_accessible(browser, html_checker, tmp_path):
    from test_cli import survey

    out = tmp_path / "report.html"
    assert survey("check", str(SAMPLE_DIR), "--format", "html", "--out", str(out)).returncode == 0
    html = out.read_text()
    errors = [m["message"] for m in html_checker(html) if m["type"] == "error"]
    assert errors == []
    context = browser.new_context()
    page = context.new_page()
    page.set_content(html)
    failures = checks.axe(page) + checks.reflow(page)
    context.close()
    assert failures == []
