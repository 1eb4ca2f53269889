"""Fieldwork on a sampled survey, on both databases: an admin assigns a wave's
cases by borough or one by one; a worker sees only their own, with the
address; each visit or call they record sets the case's AAPOR outcome and
its history; the interview they start answers for the case and, once sent,
completes it."""

from __future__ import annotations

import json

from conftest import on_engine
from staff import add_user, sign_in
from survey.storage import audit
from survey.storage.tables import Response, SampleCase
from test_samples import BANKS, KEY, SECRET, sample_file, survey
from web_client import Visitor, running_app


def dispositions(database: str) -> dict[str, str | None]:
    rows = on_engine(database, lambda: SampleCase.select(SampleCase.reference, SampleCase.disposition))
    return {row["reference"]: row["disposition"] for row in rows}


def outcome_shown(visitor: Visitor) -> str:
    rows = {row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in visitor.soup.select("main dl .govuk-summary-list__row")}
    return rows["Outcome so far"]


def test_assigned_cases_are_worked_recorded_and_answered(database, tmp_path):
    # Boroughs in turn: R00000 Camden, R00001 Hackney, R00002 Sutton, R00003 Camden.
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 4)))
    add_user(database, "admin@example.org", "admin")
    add_user(database, "sam@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "kim@example.org", "worker", organisation="Inclusion London")
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        admin = Visitor(client, own_cookies=True)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/questionnaires/routing/sample")
        workers = {o.get_text(strip=True): o["value"] for o in admin.soup.select("#assign-worker option") if o["value"]}
        assert set(workers) == {"sam@example.org (Deaf Futures)", "kim@example.org (Inclusion London)"}
        assert [o.get_text(strip=True) for o in admin.soup.select("#assign-borough option")][1:] == ["Camden", "Hackney", "Sutton"]
        assign = "/admin/questionnaires/routing/sample/assign"
        admin.post(assign, data={"wave": "1", "worker": ""})
        assert admin.errors() == [("#assign-borough", "Select a borough, or enter the reference of one case"),
                                  ("#assign-worker", "Select the community worker")]
        admin.post(assign, data={"wave": "1", "borough": "camden", "worker": workers["sam@example.org (Deaf Futures)"]})
        assert admin.soup.select_one("#assigned").get_text(strip=True) == "2 cases assigned to sam@example.org."
        admin.post(assign, data={"wave": "1", "reference": "NOPE", "worker": workers["kim@example.org (Inclusion London)"]})
        assert admin.errors() == [("#assign-reference", "Wave 1 has no case with that reference")]
        admin.post(assign, data={"wave": "1", "reference": "R00001", "worker": workers["kim@example.org (Inclusion London)"]})
        assert admin.soup.select_one("#assigned").get_text(strip=True) == "1 case assigned to kim@example.org."

        sam = Visitor(client, own_cookies=True)
        sign_in(sam, "sam@example.org")
        sam.get("/assist")
        assert sam.soup.select_one("#cases-link").get_text(strip=True) == "2 cases from a random sample are assigned to you"
        sam.get("/assist/cases")
        assert [a.get_text(" ", strip=True) for a in sam.soup.select("#cases a")] == ["Case R00000", "Case R00003"]
        first = sam.soup.select_one("#cases a")["href"]
        kim = Visitor(client, own_cookies=True)
        sign_in(kim, "kim@example.org")
        assert kim.request("GET", first).status_code == 404  # someone else's case: not even that it exists
        kim.get("/assist/cases")
        assert [a.get_text(" ", strip=True) for a in kim.soup.select("#cases a")] == ["Case R00001"]

        sam.get(first)
        assert "0 Long Lane" in sam.soup.select_one("main dl").get_text(" ", strip=True)  # the address, opened for its worker
        sam.post(f"{first}/attempt", data={})
        assert sam.errors() == [("#how", "Select how you tried to reach them"), ("#outcome", "Select what happened")]
        sam.post(f"{first}/attempt", data={"how": "visit", "outcome": "no_answer"})
        assert "Your visit or call is recorded." in sam.soup.get_text()
        assert outcome_shown(sam) == "2.20 No contact: nobody reached at the address"
        sam.post(f"{first}/attempt", data={"how": "phone", "outcome": "appointment"})
        assert outcome_shown(sam) == "2.20 No contact: nobody reached at the address"  # an appointment says nothing final yet
        history = [[cell.get_text(strip=True) for cell in row.select("td")[1:]] for row in sam.soup.select("main table tbody tr")]
        assert history == [["Phone call", "Appointment made"], ["Visit to the address", "No answer: nobody reached"]]

        # The interview answers for the case.
        sam.get(f"{first}/start")
        sam.post(data={"mode": "in_person", "format": "standard", "consent": "yes"})
        assert sam.path.startswith("/assist/") and sam.path.endswith("/q/happened")
        sam.post(data={"happened": "no"})
        sam.post(data={"rating": "good"})
        sam.post(data={"secret": "no"})
        sam.post()
        assert sam.path.endswith("/done")
        sam.get(first)
        assert outcome_shown(sam) == "1.1 Complete: answers sent"
        assert not sam.soup.select("main a.govuk-button")  # sent: nothing more to start

        # A refusal on the next case.
        sam.get("/assist/cases")
        second = sam.soup.select("#cases a")[1]["href"]
        sam.post(f"{second}/attempt", data={"how": "visit", "outcome": "refused"})
        assert outcome_shown(sam) == "2.11 Refused"
    assert dispositions(database) == {"R00000": "1.1", "R00001": None, "R00002": None, "R00003": "2.11"}
    response = on_engine(database, lambda: Response.select(Response.route, Response.mode).first())
    assert response == {"route": "sample", "mode": "in_person"}
    events = on_engine(database, lambda: audit.search(action="case_attempt_recorded"))
    assert [(e.detail["reference"], e.detail["outcome"], e.detail["disposition"]) for e in events] == [
        ("R00003", "refused", "2.11"), ("R00000", "appointment", None), ("R00000", "no_answer", "2.20")]
    assigned = on_engine(database, lambda: audit.search(action="cases_assigned"))
    assert sorted(e.detail["cases"] for e in assigned) == [1, 2]
    assert json.loads(survey(database, "sample", "status", "routing", "--format", "json").stdout)["waves"][0]["dispositions"] == {
        "1.1": 1, "2.11": 1, "3.19": 2}
