"""Asking for help to answer, on both databases, with JavaScript off: the
link on every respondent page; the least contact detail each way needs, with
errors in the summary and beside each field; the request sealed, in the queue
of the organisations the bank names and no other; claimed by one worker, who
alone sees how to reach them and carries on from the answers already given;
then done, and deleted with its contact details after the retention period."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SAMPLE_DIR, on_engine
from staff import add_user, sign_in
from survey.services import retention
from survey.storage import audit
from survey.storage.tables import HelpRequest, Response
from web_client import Visitor, running_app

BANK = "london-safety-and-trust"


def browser(client) -> Visitor:
    """Someone else, on another device: cookies of their own."""
    return Visitor(client, own_cookies=True)


def started(client) -> Visitor:
    visitor = browser(client)
    visitor.get(f"/s/{BANK}")
    visitor.post(f"/s/{BANK}/start", data={})
    assert visitor.path == f"/s/{BANK}/q/police_job"
    return visitor


def help_link(visitor: Visitor) -> str:
    link = visitor.soup.select_one("aside.survey-help #get-help-link")
    assert link is not None, f"no help link on {visitor.path}"
    return link["href"]


def test_a_bsl_video_call_goes_to_its_organisation_alone_and_a_worker_carries_on_from_the_answers(database, tmp_path):
    add_user(database, "deaf@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "colleague@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "other@example.org", "worker", organisation="Inclusion London")
    with running_app(tmp_path, SAMPLE_DIR, database_url=database) as client:
        respondent = started(client)
        assert help_link(respondent) == f"/s/{BANK}/help"
        respondent.post(data={"police_job": "good"})
        assert respondent.path == f"/s/{BANK}/q/relied_on"
        for path in (f"/s/{BANK}", f"/s/{BANK}/save?return=relied_on"):
            respondent.get(path)
            assert help_link(respondent) == f"/s/{BANK}/help"
        respondent.get(f"/s/{BANK}/help")
        assert respondent.h1() == "How would you like to answer?"
        assert "The answers you have given so far are kept." in respondent.soup.select_one("#way-hint").get_text()
        respondent.post(data={})
        assert respondent.response.status_code == 400
        assert respondent.errors() == [("#way", "Select how you would like to answer")]
        respondent.post(data={"way": "bsl_video_call"})
        assert respondent.path == f"/s/{BANK}/help/contact"
        fields = {tag["name"] for tag in respondent.soup.select("main form input, main form textarea") if tag.get("type") != "hidden"}
        assert fields == {"name", "email", "when", "notes"}  # no phone, no address: a video call needs neither
        respondent.post(data={"way": "bsl_video_call", "email": "not an address"})
        assert respondent.errors() == [("#email", "Enter an email address in the right format, like name@example.com")]
        assert respondent.soup.select_one("#email-error").get_text(" ", strip=True) == "Error: Enter an email address in the right format, like name@example.com"
        assert respondent.soup.select_one("#email")["value"] == "not an address"  # what was typed is kept
        respondent.post(data={"way": "bsl_video_call", "email": "sam@example.com", "when": ["mornings", "weekends"], "name": "Sam"})
        assert respondent.path == f"/s/{BANK}/help/sent"
        reference = respondent.soup.select_one(".govuk-panel__body strong").get_text(strip=True)
        assert reference.startswith("H")
        said = respondent.soup.select_one("main").get_text(" ", strip=True)
        assert "A community worker from Deaf Futures will contact you" in said and "The answers you have given so far are kept" in said

        # Sealed at rest: the database holds no address in the clear.
        rows = on_engine(database, lambda: HelpRequest.select(HelpRequest.details, HelpRequest.organisations))
        assert len(rows) == 1 and "sam@example.com" not in json.dumps(rows) and json.loads(rows[0]["organisations"]) == ["Deaf Futures"]

        other = browser(client)
        sign_in(other, "other@example.org")
        other.get("/assist/help")
        assert reference not in other.soup.get_text()
        request_url = f"/assist/help/{on_engine(database, lambda: HelpRequest.select(HelpRequest.id).first())['id']}"
        assert other.request("GET", request_url).status_code == 404  # another organisation: not even that it exists

        worker = browser(client)
        sign_in(worker, "deaf@example.org")
        worker.get("/assist/help")
        assert [a.get_text(strip=True) for a in worker.soup.select("#waiting a")] == [reference]
        worker.get(request_url)
        assert "sam@example.com" not in worker.soup.get_text()  # not until it is claimed
        worker.post(f"{request_url}/claim")
        page_text = worker.soup.select_one("main").get_text(" ", strip=True)
        assert "sam@example.com" in page_text and "Weekday mornings, Weekends" in page_text and "1 answer, kept" in page_text

        colleague = browser(client)
        sign_in(colleague, "colleague@example.org")
        colleague.get("/assist/help")
        assert reference not in colleague.soup.get_text()  # claimed: nobody else takes it
        assert colleague.request("GET", request_url).status_code == 404

        worker.get(f"{request_url}/start")
        assert worker.soup.select_one("input[name=mode][value=bsl_interpreter]").has_attr("checked")
        assert worker.soup.select_one("input[name=format][value=bsl]").has_attr("checked")
        worker.post(data={"mode": "bsl_interpreter", "format": "bsl", "language": "en", "organisation": "Deaf Futures"})
        assert worker.errors() == [("#consent", "Confirm that the respondent agreed to take part, after you read them the script")]
        worker.post(data={"mode": "bsl_interpreter", "format": "bsl", "language": "en", "organisation": "Deaf Futures", "consent": "yes"})
        # The worker carries on where the respondent stopped, on the same response.
        assert worker.path.endswith("/q/relied_on") and worker.path.startswith("/assist/")
        record = on_engine(database, lambda: Response.select(Response.mode, Response.entered_by, Response.organisation).first())
        assert record["mode"] == "bsl_interpreter" and record["entered_by"] is not None and record["organisation"] == "Deaf Futures"
        assert on_engine(database, lambda: Response.count()) == 1
        respondent.get(f"/s/{BANK}/q/relied_on")
        assert respondent.path == f"/s/{BANK}"  # the respondent's browser no longer opens it

        worker.get(request_url)
        worker.post(f"{request_url}/handled", data={})
        assert worker.errors() == [("#outcome", "Select what happened")]
        worker.post(f"{request_url}/handled", data={"outcome": "answered"})
        assert worker.path == "/assist/help"
        assert f"Request {reference} is done" in worker.soup.select_one(".govuk-notification-banner").get_text()

    def purge_after_the_period():
        return retention.purge_help_requests(-1, "admin@example.org")  # as if the period were over

    # Another request, still waiting, outlives the purge of handled ones.
    with running_app(tmp_path, SAMPLE_DIR, database_url=database) as client:
        visitor = started(client)
        visitor.get(f"/s/{BANK}/help/contact?way=phone_call")
        visitor.post(data={"way": "phone_call", "phone": "020 7946 0000"})
        assert visitor.path == f"/s/{BANK}/help/sent"
    assert on_engine(database, purge_after_the_period) == 1
    left = on_engine(database, lambda: HelpRequest.select(HelpRequest.way, HelpRequest.status))
    assert left == [{"way": "phone_call", "status": "waiting"}]
    actions = [e.action for e in on_engine(database, lambda: audit.search())]
    for action in ("help_requested", "help_claimed", "response_taken_over", "help_handled", "help_requests_purged"):
        assert action in actions, action


@pytest.mark.parametrize("way, fields, data, said", [
    ("phone_call", {"name", "phone", "when", "notes"}, {"phone": "12345"}, [("#phone", "Enter a phone number, like 020 7946 0000 or 07700 900 982")]),
    ("paper_large_print", {"name", "address", "postcode", "when", "notes"}, {"address": "1 High Street, London", "postcode": "NOT A CODE"},
     [("#postcode", "Enter a real postcode, like SW1A 2AA")]),
    ("home_visit", {"name", "phone", "address", "postcode", "when", "notes"}, {},
     [("#phone", "Enter a phone number, like 020 7946 0000 or 07700 900 982"), ("#address", "Enter the address to send it to"),
      ("#postcode", "Enter a postcode, like SW1A 2AA")]),
])
def test_each_way_asks_for_the_least_it_needs(tmp_path, way, fields, data, said):
    with running_app(tmp_path, SAMPLE_DIR) as client:
        visitor = Visitor(client)
        visitor.get(f"/s/{BANK}/help/contact?way={way}")
        shown = {tag["name"] for tag in visitor.soup.select("main form input, main form textarea") if tag.get("type") != "hidden"}
        assert shown == fields
        visitor.post(data={"way": way, **data})
        assert visitor.response.status_code == 400
        assert visitor.errors() == said
        for target, _message in said:
            assert visitor.soup.select_one(f"{target}-error") is not None


def test_a_request_without_answers_starts_a_new_response_for_it(tmp_path):
    database = f"sqlite:///{tmp_path}/web.db"
    add_user(database, "worker@example.org", "worker", organisation="Safer London Together")
    with running_app(tmp_path, SAMPLE_DIR) as client:
        visitor = Visitor(client)
        visitor.get(f"/s/{BANK}/help/contact?way=arabic")
        visitor.post(data={"way": "arabic", "phone": "07700 900982"})
        assert "The answers you have given so far" not in visitor.soup.get_text()
        worker = browser(client)
        sign_in(worker, "worker@example.org")
        worker.get("/assist/help")
        worker.get(worker.soup.select_one("#waiting a")["href"])
        worker.post(worker.soup.select_one("main form[method=post]")["action"])
        assert "07700 900982" in worker.soup.get_text()
        worker.get(worker.soup.select_one("a.govuk-button")["href"])
        assert worker.soup.select_one("input[name=language][value=ar]").has_attr("checked")
        worker.post(data={"mode": "phone", "format": "standard", "language": "ar", "organisation": "", "consent": "yes"})
        assert worker.path.endswith("/q/police_job")
    rows = on_engine(database, lambda: HelpRequest.select(HelpRequest.response_id))
    assert rows[0]["response_id"] is not None


def test_a_bank_that_names_nobody_offers_no_help_page(tmp_path):
    with running_app(tmp_path, FIXTURES / "banks") as client:
        assert client.get("/s/routing/help").status_code == 404
        visitor = Visitor(client)
        visitor.get("/s/routing")
        assert visitor.soup.select_one("#get-help-link") is None


def test_one_address_cannot_flood_the_queues(tmp_path):
    with running_app(tmp_path, SAMPLE_DIR, help_requests_per_hour=2) as client:
        visitor = Visitor(client)
        for n in range(3):
            visitor.get(f"/s/{BANK}/help/contact?way=phone_call")
            visitor.post(data={"way": "phone_call", "phone": "020 7946 0000"})
        assert visitor.response.status_code == 429
        assert visitor.errors()[0][1].startswith("Several requests for help have been sent from here in the last hour")
        assert visitor.soup.select_one("#phone")["value"] == "020 7946 0000"  # what was typed is kept
    assert on_engine(f"sqlite:///{tmp_path}/web.db", lambda: HelpRequest.count()) == 2

