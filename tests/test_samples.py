"""A sampled survey end to end, on both databases: a wave imported or drawn
with the command, access codes opening one response each (resumed on another
browser, refused politely once sent), the case's outcome set by the answers or
recorded by hand, and the response rates counted."""

from __future__ import annotations

import asyncio
import re
import csv
import datetime as dt
import json
import uuid
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, on_engine, run_async
from staff import cli_env
from survey.services.access_codes import code_for
from survey.storage import audit
from survey.storage.tables import Response, Sample
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"
SECRET = "a secret shared by the app and the commands in these tests"
#: The sealing key the app and the commands share (their data folders may differ).
KEY = "0bmZ0nqZ5Gb1Z4zQ2Wm3J6yHc0n9dHq7Zk3mJ2x5Vws="
BOROUGHS = ["Camden", "Hackney", "Sutton"]


def survey(database: str, *args: str, ok: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = cli_env(database, SURVEY_SECRET_KEY=SECRET, SURVEY_QUESTIONNAIRES=str(BANKS), **{"SURVEY_ENCRYPTION_KEYS": KEY, **(env or {})})
    done = subprocess.run([sys.executable, "-m", "survey", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def sample_file(path, count: int, bad_line: int | None = None, field: str = "", value: str = ""):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["reference", "address_line_1", "town", "postcode", "borough", "probability"])
        writer.writeheader()
        for n in range(count):
            row = {"reference": f"R{n:05d}", "address_line_1": f"{n} Long Lane", "town": "London", "postcode": "SE1 4PU",
                   "borough": BOROUGHS[n % 3], "probability": "0.002"}
            if bad_line == n + 2:
                row[field] = value
            writer.writerow(row)
    return path


def codes(database: str, tmp_path, wave: int | None = None) -> dict[str, str]:
    out = tmp_path / "codes.csv"
    survey(database, "sample", "codes", "routing", "--out", str(out), *(["--wave", str(wave)] if wave else []))
    with out.open(newline="", encoding="utf-8") as handle:
        return {row["reference"]: row["access_code"] for row in csv.DictReader(handle)}


def status(database: str) -> dict:
    return json.loads(survey(database, "sample", "status", "routing", "--format", "json").stdout)


def test_a_wave_of_2000_cases_is_imported_and_counted(database, tmp_path):
    done = survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 2000)))
    assert done.stdout.splitlines()[0] == "imported wave 1 of routing: 2000 cases"
    assert "survey sample access routing both" in done.stdout
    wave = status(database)["waves"][0]
    assert (wave["wave"], wave["cases"], wave["dispositions"]) == (1, 2000, {"3.19": 2000})
    assert [s["cases"] for s in wave["strata"]] == [667, 667, 666]
    # The codes file holds every case once, each code different, grouped for reading.
    found = codes(database, tmp_path)
    assert len(found) == 2000 and len(set(found.values())) == 2000
    assert all(len(code) == 19 and code.count("-") == 3 for code in found.values())
    # A second import of the same wave number is refused, and changes nothing.
    again = survey(database, "sample", "import", "routing", str(tmp_path / "wave.csv"), "--wave", "1", ok=False)
    assert again.returncode == 1 and "wave 1 of routing has been imported already" in again.stderr
    assert status(database)["waves"][0]["cases"] == 2000


@pytest.mark.parametrize("field, value, said", [
    ("reference", "R00003", "wave.csv: line 1501, reference: 'R00003' is on line 5 already"),
    ("borough", "Atlantis", "wave.csv: line 1501, borough: 'Atlantis' is not a London borough"),
    ("probability", "2", "wave.csv: line 1501, probability: 2 is not more than 0 and at most 1"),
])
def test_a_bad_file_is_refused_with_its_line_and_field_and_nothing_is_imported(database, tmp_path, field, value, said):
    done = survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 2000, 1501, field, value)), ok=False)
    assert done.returncode == 1
    assert said in done.stderr
    assert done.stderr.strip().endswith("Error: nothing was imported: correct the file and run the command again")
    refused = survey(database, "sample", "status", "routing", ok=False)
    assert "routing has no sample yet" in refused.stderr


def test_a_missing_column_and_a_file_too_large_are_refused(database, tmp_path):
    path = tmp_path / "wave.csv"
    path.write_text("reference,address_line_1,postcode,probability\nR1,1 Lane,SE1 4PU,0.1\n", encoding="utf-8")
    done = survey(database, "sample", "import", "routing", str(path), ok=False)
    assert "wave.csv: line 1, borough: this column is missing from the first line" in done.stderr
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024 ** 3)
    done = survey(database, "sample", "import", "routing", str(huge), ok=False)
    assert "huge.csv: the file: is 2,048 MB, more than the 50 MB a file may be" in done.stderr


def test_the_same_seed_draws_the_same_cases(database, tmp_path):
    frame = tmp_path / "frame.csv"
    with frame.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "address_line_1", "postcode", "borough"])
        writer.writerows([f"F{n}", f"{n} Road", "E1 6AN", BOROUGHS[n % 7 % 3]] for n in range(50_000))
    first = survey(database, "sample", "draw", "routing", "--frame", str(frame), "--size", "600", "--seed", "12")
    assert first.stdout.splitlines()[0] == "drew wave 1 of routing: 600 cases from 50000 addresses in 3 strata (seed 12)"
    survey(database, "sample", "draw", "routing", "--frame", str(frame), "--size", "600", "--seed", "12")
    survey(database, "sample", "draw", "routing", "--frame", str(frame), "--size", "600", "--seed", "13")
    waves = [set(codes(database, tmp_path, wave)) for wave in (1, 2, 3)]
    assert waves[0] == waves[1] and waves[0] != waves[2]
    short = survey(database, "sample", "draw", "routing", "--frame", str(frame), "--allocation", "30000-per-stratum", "--seed", "1", ok=False)
    assert "Error: stratum 'camden' has " in short.stderr and "fewer than the 30000 to be drawn from it" in short.stderr


def another_browser(client) -> Visitor:
    """A visitor with none of the cookies the last one had."""
    client.cookies.clear()
    return Visitor(client)


def enter_code(visitor: Visitor, code: str):
    visitor.get("/s/routing/code")
    return visitor.post(data={"access_code": code})


def test_an_access_code_opens_one_response_resumed_anywhere_until_sent(database, tmp_path):
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 3)))
    found = codes(database, tmp_path)
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        assert client.get("/s/routing/code").status_code == 404  # codes do nothing until the survey takes them
        survey(database, "sample", "access", "routing", "both")
        client.app.state.schedule._read_at = float("-inf")  # as a running server would within 30 s
        first = Visitor(client)
        # Typed as people type: small letters, O for 0 and l for 1, spaces.
        typed = found["R00000"].lower().replace("0", "O").replace("1", "l").replace("-", " ")
        enter_code(first, typed)
        assert first.path == "/s/routing/q/happened"
        saved = first.get("/s/routing/save").get_text(" ", strip=True)
        assert "enter the access code from your letter again" in saved and not first.soup.select("#resume-code")
        first.get("/s/routing/q/happened")
        first.post(data={"happened": "no"})
        assert first.path == "/s/routing/q/rating"
        # Another browser with the same code carries on from there, with no resume code.
        second = another_browser(client)
        enter_code(second, found["R00000"])
        assert second.path == "/s/routing/q/rating"
        assert status(database)["waves"][0]["dispositions"] == {"2.12": 1, "3.19": 2}  # 1 of 3 questions: a break-off
        second.post(data={"rating": "good"})
        assert status(database)["waves"][0]["dispositions"] == {"1.2": 1, "3.19": 2}  # 2 of 3: a partial
        second.post(data={"secret": "no"})
        assert second.path == "/s/routing/check"
        second.post()
        assert second.path == "/s/routing/done"
        assert status(database)["waves"][0]["dispositions"] == {"1.1": 1, "3.19": 2}
        # Used again once sent: a polite page, never the answers or a second response.
        third = another_browser(client)
        enter_code(third, found["R00000"])
        assert third.h1() == "You have already answered this survey"
        assert "Did it happen" not in third.soup.get_text()
        assert status(database)["waves"][0]["dispositions"] == {"1.1": 1, "3.19": 2}
        # A code with one character wrong is caught by its check character; an unknown code is not found.
        wrong = found["R00001"][:-1] + ("2" if found["R00001"][-1] != "2" else "3")
        enter_code(third, wrong)
        assert third.errors() == [("#access_code", "Check the access code: one of the letters or numbers is not the same as on your letter")]
        enter_code(third, "")
        assert third.errors() == [("#access_code", "Enter the access code from your letter")]
        other_secret = code_for("another secret", uuid.uuid4())
        enter_code(third, other_secret)
        assert third.errors() == [("#access_code", "We could not find that access code. Check it against your letter and try again")]
        assert third.soup.select_one("#access_code")["value"] == other_secret  # what was typed is kept


def test_a_sample_only_survey_starts_only_with_a_code_and_the_open_link_is_recorded_apart(database, tmp_path):
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 2)))
    found = codes(database, tmp_path)
    survey(database, "sample", "access", "routing", "sample")
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        visitor = Visitor(client)
        soup = visitor.get("/s/routing")
        assert soup.select_one("#access-heading").get_text(strip=True) == "Start with the code from your letter"
        assert not soup.select("button.govuk-button--start")
        visitor.post("/s/routing/start", data={})
        assert visitor.path == "/s/routing/code"  # no response without a code
        enter_code(visitor, found["R00001"])
        assert visitor.path == "/s/routing/q/happened"
        survey(database, "sample", "access", "routing", "both")
        client.app.state.schedule._read_at = float("-inf")
        open_link = another_browser(client)
        open_link.get("/s/routing")
        assert open_link.soup.select_one("#access-heading").get_text(strip=True) == "If we sent you a letter"
        open_link.post("/s/routing/start", data={})
        assert open_link.path == "/s/routing/q/happened"
    routes = _routes(database)
    assert sorted(routes) == ["open", "sample"]


def _routes(database: str) -> list[str]:
    return [row["route"] for row in on_engine(database, lambda: Response.select(Response.route))]


def test_outcomes_recorded_by_hand_are_audited_and_the_rates_follow(database, tmp_path):
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 10)))
    done = survey(database, "sample", "record", "routing", "R00001", "2.11", "--wave", "1", "--how", "refused on the doorstep")
    assert done.stdout.strip() == "wave 1 case R00001: 2.11 Refused"
    survey(database, "sample", "record", "routing", "R00002", "4.60", "--wave", "1", "--how", "letter returned: empty")
    survey(database, "sample", "record", "routing", "R00003", "3.30", "--wave", "1", "--how", "letter returned")
    refused = survey(database, "sample", "record", "routing", "R00004", "1.1", "--wave", "1", "--how", "said so", ok=False)
    assert "1.1 is set by the survey itself, from the answers, not recorded by hand" in refused.stderr
    unknown = survey(database, "sample", "record", "routing", "R99999", "2.11", "--wave", "1", "--how", "x", ok=False)
    assert "wave 1 of routing has no case 'R99999'" in unknown.stderr
    wave = status(database)["waves"][0]
    assert wave["dispositions"] == {"2.11": 1, "3.19": 7, "3.30": 1, "4.60": 1}
    # e = eligible / known = 1 / 2; RR3 = 0 / (1 + 0.5 * 8); REF2 = 1 / 5
    assert wave["e"] == 0.5 and wave["rates"]["REF2"] == pytest.approx(0.2)
    given = json.loads(survey(database, "sample", "status", "routing", "--format", "json", "--e", "1").stdout)["waves"][0]
    assert given["e"] == 1 and given["rates"]["REF2"] == pytest.approx(1 / 9)
    events = on_engine(database, lambda: audit.search(action="case_outcome_recorded"))
    assert [(e.actor, e.detail["reference"], e.detail["disposition"], e.detail["how"]) for e in reversed(events)] == [
        ("command line", "R00001", "2.11", "refused on the doorstep"),
        ("command line", "R00002", "4.60", "letter returned: empty"),
        ("command line", "R00003", "3.30", "letter returned"),
    ]


def test_the_same_code_typed_at_once_opens_one_response(database, tmp_path):
    from survey.app import create_app
    from survey.settings import Settings
    from web_client import concurrent_client

    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 1)))
    survey(database, "sample", "access", "routing", "sample")
    code = codes(database, tmp_path)["R00000"]
    app = create_app(Settings(database_url=database, questionnaires_dir=BANKS, data_dir=tmp_path / "data", secret_key=SECRET, encryption_keys=KEY))

    async def main():
        async with concurrent_client(app) as client:
            token = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/s/routing/code")).text).group(1)
            return await asyncio.gather(*(client.post("/s/routing/code", data={"access_code": code, "_csrf_token": token})
                                          for _ in range(8)))  # under the limit of 10 attempts counted at once

    replies = run_async(main())
    assert {r.status_code for r in replies} == {303}
    assert {r.headers["location"] for r in replies} == {"/s/routing/q/happened"}
    assert _routes(database) == ["sample"]  # one response, however many arrived at once
    assert status(database)["waves"][0]["dispositions"] == {"2.12": 1}


def test_wrong_codes_are_counted_across_workers(database, tmp_path):
    from survey.app import create_app
    from survey.settings import Settings
    from web_client import concurrent_client

    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 1)))
    survey(database, "sample", "access", "routing", "sample")
    settings = Settings(database_url=database, questionnaires_dir=BANKS, data_dir=tmp_path / "data", secret_key=SECRET, encryption_keys=KEY)
    guesses = [code_for("a guesser's secret", uuid.uuid4()) for _ in range(30)]  # well formed, never issued

    async def main():
        async with concurrent_client(create_app(settings)) as one, concurrent_client(create_app(settings)) as two:
            replies = []
            for n, guess in enumerate(guesses):
                client = (one, two)[n % 2]
                token = re.search(r'name="_csrf_token" value="([^"]+)"', (await client.get("/s/routing/code")).text).group(1)
                replies.append(await client.post("/s/routing/code", data={"access_code": guess, "_csrf_token": token}))
            return replies

    replies = run_async(main())
    assert sum("We could not find that access code" in r.text for r in replies) == 10, "10 codes per address, whichever worker"
    assert sum(r.status_code == 429 and "You have tried too many codes" in r.text for r in replies) == 20


def test_guessing_a_live_access_code_takes_a_botnet_a_million_years():
    from survey.services import access_codes
    from survey.services.codes import ALPHABET
    from survey.settings import Settings

    settings = Settings()
    guesses_per_day_per_address = settings.resume_attempts * 24 * 3600 / settings.resume_window_seconds
    addresses = 100_000
    live_codes = 1_000_000  # far more letters than any wave sends
    space = len(ALPHABET) ** (access_codes.LENGTH - 1)  # the last character is a check
    years = space / live_codes / (guesses_per_day_per_address * addresses) / 365
    assert years > 1_000_000, f"{years:,.0f} years"  # the figure in the README


def test_admins_see_the_rates_record_outcomes_and_choose_who_may_answer(database, tmp_path):
    from staff import add_user, sign_in

    add_user(database, "admin@example.org", "admin")
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 4)))
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        soup = admin.get("/admin/questionnaires/routing/sample")
        rates = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in soup.select("table")[0].select("tbody tr")}
        assert rates["RR1"] == "0.0%" and len(rates) == 16
        assert soup.select_one("#access-open").has_attr("checked")
        # Sent with the outcome and how missing: both named, what was typed kept.
        admin.post("/admin/questionnaires/routing/sample/outcome", data={"wave": "1", "reference": "R00001", "disposition": "", "how": ""})
        assert admin.response.status_code == 400
        assert admin.errors() == [("#disposition", "Select the outcome"),
                                  ("#how", "Enter how you found out, for example “letter returned” or “refused on the doorstep”")]
        assert admin.soup.select_one("#reference")["value"] == "R00001"
        admin.post("/admin/questionnaires/routing/sample/outcome", data={"wave": "1", "reference": "NOPE", "disposition": "2.11", "how": "phone"})
        assert admin.errors() == [("#reference", "Wave 1 has no case with that reference")]
        admin.post("/admin/questionnaires/routing/sample/outcome",
                   data={"wave": "1", "reference": "R00001", "disposition": "4.60", "how": "letter returned: empty"})
        assert admin.path == "/admin/questionnaires/routing/sample"
        assert admin.soup.select_one(".govuk-notification-banner__heading").get_text(strip=True) == "Outcome recorded for case R00001."
        outcomes = {row.select("td")[0].get_text(strip=True): row.select("td")[2].get_text(strip=True)
                    for row in admin.soup.select("table")[1].select("tbody tr")}
        assert outcomes == {"3.19": "3", "4.60": "1"}
        # Who may answer: only with a code, then the start page asks for one.
        admin.post("/admin/questionnaires/routing/sample/access", data={"access": "sample"})
        assert admin.soup.select_one("#access-sample").has_attr("checked")
        start = another_browser(client)
        start.get("/s/routing")
        assert start.soup.select_one("#access-heading").get_text(strip=True) == "Start with the code from your letter"
    events = on_engine(database, lambda: audit.search(action="case_outcome_recorded"))
    assert [(e.actor, e.detail["disposition"], e.detail["was"]) for e in events] == [("admin@example.org", "4.60", None)]
    assert on_engine(database, lambda: audit.search(action="questionnaire_access_set"))[0].detail == {"access": "sample"}


def test_access_codes_cannot_open_a_survey_without_a_sample(database, tmp_path):
    from staff import add_user, sign_in

    add_user(database, "admin@example.org", "admin")
    refused = survey(database, "sample", "access", "routing", "both", ok=False)
    assert "routing has no sample yet: import or draw a wave first" in refused.stderr
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/questionnaires/routing/sample")
        assert admin.soup.select_one("h2#wave-1") is None
        admin.post("/admin/questionnaires/routing/sample/access", data={"access": "both"})
        assert admin.errors() == [("#access-open", "Import or draw a sample before access codes can open this survey")]


def test_addresses_are_purged_with_the_retention_period_and_resealed_with_a_new_key(database, tmp_path):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 3)), env={"SURVEY_ENCRYPTION_KEYS": old})
    survey(database, "keys", "rotate", env={"SURVEY_ENCRYPTION_KEYS": f"{new},{old}"})
    out = tmp_path / "codes.csv"
    done = survey(database, "sample", "codes", "routing", "--out", str(out), env={"SURVEY_ENCRYPTION_KEYS": new})
    assert done.stdout.startswith("wrote 3 cases") and "1 Long Lane" in out.read_text()
    # A wave made longer ago than the retention period keeps its cases and outcomes, not their addresses.
    on_engine(database, lambda: Sample.update({Sample.created_at: dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)}).where(Sample.wave == 1))
    purged = survey(database, "purge", "--yes", env={"SURVEY_ENCRYPTION_KEYS": new})
    assert "forgot the addresses of 3 sampled cases in waves older than 730 days" in purged.stdout
    done = survey(database, "sample", "codes", "routing", "--out", str(out), env={"SURVEY_ENCRYPTION_KEYS": new})
    assert "wrote 0 cases" in done.stdout and "3 addresses were purged after the retention period" in done.stdout
    assert status(database)["waves"][0]["cases"] == 3
    assert on_engine(database, lambda: audit.search(action="responses_purged"))[0].detail["sample_addresses"] == 3


def test_a_letters_qr_code_fills_in_the_code_and_its_bsl_link_opens_the_survey_in_bsl(database, tmp_path):
    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 1)))
    survey(database, "sample", "access", "routing", "both")
    code = codes(database, tmp_path)["R00000"]
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        visitor = Visitor(client)
        soup = visitor.get(f"/s/routing/code?code={code.replace('-', '').lower()}")
        assert soup.select_one("#access_code")["value"] == code  # filled in, grouped; nothing opened yet
        assert _routes(database) == []
        assert visitor.get("/s/routing/code?code=not-a-code").select_one("#access_code")["value"] == ""
        visitor.post(data={"access_code": code})
        assert visitor.path == "/s/routing/q/happened"
        # The letter's BSL address: the start page in BSL, and it stays chosen.
        viewer = another_browser(client)
        viewer.get("/s/all-types?format=bsl")
        assert "Each page starts with a video in BSL." in viewer.soup.select_one(".survey-bsl-choice").get_text(" ", strip=True)
        viewer.get("/s/all-types")
        assert "Each page starts with a video in BSL." in viewer.soup.select_one(".survey-bsl-choice").get_text(" ", strip=True)
        # A format the bank does not offer is ignored.
        assert another_browser(client).get("/s/routing?format=bsl").select_one(".survey-bsl-choice") is None


def test_someone_else_at_an_address_gets_a_private_code_of_their_own(database, tmp_path):
    from staff import add_user, sign_in

    survey(database, "sample", "import", "routing", str(sample_file(tmp_path / "wave.csv", 2)))
    survey(database, "sample", "access", "routing", "sample")
    done = survey(database, "sample", "add-person", "routing", "R00000", "--wave", "1")
    first = done.stdout.splitlines()[0]
    assert first.startswith("wave 1 case R00000+2: a private code for another person at R00000's address: ")
    their_code = first.rsplit(" ", 1)[1]
    found = codes(database, tmp_path)
    assert found["R00000+2"] == their_code and found["R00000+2"] != found["R00000"]
    add_user(database, "admin@example.org", "admin")
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        # Each person's code opens their own response: neither sees the other's answers.
        one = Visitor(client)
        enter_code(one, found["R00000"])
        one.post(data={"happened": "no"})
        other = another_browser(client)
        enter_code(other, their_code)
        assert other.path == "/s/routing/q/happened"
        admin = another_browser(client)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/questionnaires/routing/sample")
        admin.post("/admin/questionnaires/routing/sample/person", data={"wave": "1", "reference": "NOPE"})
        assert admin.errors() == [("#person-reference", "Wave 1 has no case with that reference, or its address has been deleted")]
        assert admin.soup.select_one("#person-reference")["value"] == "NOPE" and admin.soup.select_one("#reference")["value"] == ""
        admin.post("/admin/questionnaires/routing/sample/person", data={"wave": "1", "reference": "R00000"})
        banner = admin.soup.select_one(".govuk-notification-banner__heading").get_text(strip=True)
        assert banner == "Case R00000+3 added, with its own private access code."
        assert admin.soup.select_one(".govuk-notification-banner__link")["href"].endswith("reference=R00000%2B3")
    assert status(database)["waves"][0]["cases"] == 4
    assert [e.detail["reference"] for e in on_engine(database, lambda: audit.search(action="case_person_added"))] == ["R00000+3", "R00000+2"]


def test_the_methodology_page_gives_the_samples_response_rate(database, tmp_path):
    from staff import publish_results

    survey(database, "sample", "import", "all-types", str(sample_file(tmp_path / "wave.csv", 10)))
    survey(database, "sample", "record", "all-types", "R00001", "4.60", "--wave", "1", "--how", "letter returned: empty")
    publish_results(database, "all-types", BANKS)
    with running_app(tmp_path, BANKS, database_url=database, secret_key=SECRET, encryption_keys=KEY) as client:
        soup = Visitor(client).get("/results/all-types/methodology")
        headings = [h.get_text(strip=True) for h in soup.select("main h2")]
        assert headings[2] == "The sample", headings
        text = soup.select_one("main").get_text(" ", strip=True)
        # 10 cases, none answered; one vacant: e = 0 / 1 known, so RR3 has no one of unknown eligibility counted.
        assert "Wave 1: we wrote to 10 addresses chosen at random. So far 0% of them have answered" in text
        assert "count answers from the sample alone, weighted by each address’s chance of being chosen" in text
        assert "The sample" not in Visitor(client).get("/results/all-types").get_text()
