"""Anonymised export: every format opens with its reader and keeps its
labels; planted personal details never leave; k-anonymity holds over the
quasi-identifiers, even for a respondent with a rare combination; two
versions export their own columns; the command and the analyst page audit
each export, and only analysts may download."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pyreadstat
import pytest

import disclosure_check
import synthetic
from conftest import FIXTURES, ROOT, SAMPLE_DIR, run_async
from staff import add_staff, signed_in_as
from survey.export.run import Options, export
from survey.export.variables import META, SUPPRESSED
from survey.questionnaire import load_file
from survey.storage import close_engine, migrate, open_engine, responses
from web_client import running_app

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
PII = ("07700 900123", "sam.jones@example.com", "SW1A 1AA", "QQ 12 34 56 C", "AB12 CDE", "12/03/1985", "7946 0001", "example.org/me")
#: One respondent nobody else resembles: the only one of their group in their borough.
RARE = {"borough": "city_of_london", "ethnic_group": "other", "ethnic_other": "arab", "age_band": "75_over",
        "religion": "sikh", "sex": "male", "sexual_orientation": "bisexual", "long_term_condition": "yes"}


def seeded(database_url: str, count: int = 300) -> None:
    async def main():
        engine = await open_engine(database_url)
        try:
            await migrate(engine)
            rng = random.Random(7)
            many = [synthetic.answers_for(SAMPLE, rng, free_text_pii=0.5) for _ in range(count)]
            many.append(synthetic.answers_for(SAMPLE, rng, fixed=RARE))
            signed = synthetic.answers_for(SAMPLE, rng)
            signed["main_language"] = "other"
            signed = synthetic.answers_for(SAMPLE, rng, fixed={**signed, "main_language_other": {"bsl_video": {"file": "x.mp4", "type": "video/mp4", "bytes": 9}}})
            many.append(signed)
            await synthetic.insert(SAMPLE, many)
            await synthetic.release_free_text(SAMPLE)
        finally:
            await close_engine(engine)

    run_async(main())


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    work = tmp_path_factory.mktemp("export")
    url = f"sqlite:///{work}/export.db"
    seeded(url)

    async def main():
        engine = await open_engine(url)
        try:
            return await export(SAMPLE, work / "out", Options(include_free_text=True), work / "redactions.json")
        finally:
            await close_engine(engine)

    outcome = run_async(main())
    return work, outcome


def csv_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "london-safety-and-trust.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_file_is_written_and_the_log_stays_outside(exported):
    work, outcome = exported
    assert sorted(p.name for p in (work / "out").iterdir()) == [
        "codebook.json", "codebook.md", "london-safety-and-trust.csv", "london-safety-and-trust.dta", "london-safety-and-trust.parquet",
        "london-safety-and-trust.sav", "risk.json", "risk.md",
    ]
    assert outcome.rows == 302
    log = work / "redactions.json"
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert {entry["tag"] for entry in entries} >= {"phone number", "email address", "postcode"}


def test_csv_has_one_row_per_response_and_no_identifiers(exported):
    work, _ = exported
    rows = csv_rows(work / "out")
    assert len(rows) == 302
    header = list(rows[0])
    assert header[: len(META)] == list(META)
    assert "hate_strands__race" in header and "hate_strands" not in header
    # A month, a quarter or a year (or suppressed), never a timestamp.
    assert all(re.fullmatch(r"\d{4}(-\d{2}|-Q[1-4])?|-9", r["submission_month"]) for r in rows)
    with sqlite3.connect(work / "export.db") as db:
        keys = {row[0].replace("-", "") for row in db.execute("SELECT id FROM response")}
        codes = {row[0] for row in db.execute("SELECT resume_code_hash FROM response")}
    assert not ({r["response_id"] for r in rows} & (keys | codes))
    assert len({r["response_id"] for r in rows}) == 302


def test_planted_personal_details_never_leave_in_any_format(exported):
    work, _ = exported
    folder = work / "out"
    texts = [(folder / name).read_text(encoding="utf-8") for name in ("london-safety-and-trust.csv", "codebook.json", "codebook.md", "risk.md")]
    frame, _ = pyreadstat.read_sav(str(folder / "london-safety-and-trust.sav"))
    texts.append(frame.to_csv())
    texts.append(pq.read_table(folder / "london-safety-and-trust.parquet").to_pandas().to_csv())
    texts.append(pyreadstat.read_dta(str(folder / "london-safety-and-trust.dta"))[0].to_csv())
    for text in texts:
        for detail in PII:
            assert detail not in text
    assert any("[phone number]" in r["not_reported_why"] for r in csv_rows(folder))


def test_k_anonymity_holds_even_for_a_rare_respondent(exported):
    work, outcome = exported
    rows = csv_rows(work / "out")
    keys = outcome.risk["quasi_identifiers"]
    assert {"borough", "ethnic_group", "age_band", "religion", "mode", "format", "language", "submission_month"} <= set(keys)
    assert disclosure_check.smallest_class(rows, keys) >= 5 and outcome.risk["k_achieved"] >= 5
    assert outcome.risk["at_risk_before"]  # there was something to protect
    # The codebook says what was done to the borough: recoded to sub-regions
    # with their labels, or some cells suppressed.
    labels = json.loads((work / "out" / "codebook.json").read_text())
    borough = next(v for v in labels["variables"] if v["name"] == "borough")
    if borough["recoded"]:
        assert borough["recoded"] == "33 boroughs to 5 London Plan sub-regions"
        assert "City of London" not in borough["values"].values() and "Central London" in borough["values"].values()
    else:
        assert borough["suppressed"] > 0 and "City of London" in borough["values"].values()


def test_spss_and_parquet_carry_labels_and_missing_codes(exported):
    work, _ = exported
    frame, meta = pyreadstat.read_sav(str(work / "out" / "london-safety-and-trust.sav"), user_missing=True)
    assert len(frame) == 302
    assert meta.column_names_to_labels["police_job"].startswith("Taking everything into account")
    assert meta.variable_value_labels["police_job"][1.0] == "Excellent"
    assert meta.variable_value_labels["police_job"][-1.0] == "Not asked: the route skipped this question"
    assert meta.missing_ranges["police_job"] == [{"lo": -9.0, "hi": -1.0}]
    # Measurement levels from the question type, not "unknown".
    assert meta.variable_measure["police_job"] == "nominal" and meta.variable_measure["hate_times"] == "scale"
    assert meta.variable_measure["hate_strands__race"] == "nominal" and meta.variable_measure["mode"] == "nominal"
    table = pq.read_table(work / "out" / "london-safety-and-trust.parquet")
    assert table.num_rows == 302
    field = table.schema.field("police_job")
    assert field.metadata[b"label"].decode().startswith("Taking everything into account")
    assert json.loads(field.metadata[b"values"])["1"] == "Excellent"
    assert "-9" in json.loads(table.schema.metadata[b"missing_codes"])


def test_the_codebook_and_risk_report_explain_the_export(exported):
    work, outcome = exported
    codebook = json.loads((work / "out" / "codebook.json").read_text())
    strands = next(v for v in codebook["variables"] if v["name"] == "hate_strands__race")
    assert strands["routing"] and "hate_in_person" in strands["routing"]
    assert 0 < strands["base"] < 302
    assert outcome.risk["bsl_videos"] == 1
    risk = (work / "out" / "risk.md").read_text()
    assert "k achieved" in risk and "BSL video answers held back: 1" in risk and "l-diversity" in risk
    diversity = outcome.risk["l_diversity"]["hate_in_person"]
    assert diversity["suppressed"] == 0  # the sample sets no l_diversity: counted, not enforced
    # Checked against the intruder's own count: the export's groups are never
    # larger than what an intruder could match, so it never says fewer people are exposed.
    rows = csv_rows(work / "out")
    l_values = disclosure_check.l_of(rows, outcome.risk["quasi_identifiers"],
                                     lambda row: None if row["hate_in_person"].startswith("-") else row["hate_in_person"])
    assert 1 <= diversity["l"] <= int(l_values[l_values > 0].min())
    assert diversity["disclosed"] >= int((l_values == 1).sum())
    assert "people whose answer can be read off" in risk and "Information lost" in risk


def _two_versions(folder: Path) -> tuple:
    source = json.loads((FIXTURES / "banks" / "routing.json").read_text())
    older = load_file(FIXTURES / "banks" / "routing.json").questionnaire
    newer_json = {**source, "version": "3"}
    newer_json["sections"][0]["questions"].append(
        {"id": "extra", "type": "yes_no", "title": "Is this a new question?"}
    )
    (folder / "routing.json").write_text(json.dumps(newer_json))
    newer = load_file(folder / "routing.json").questionnaire
    return older, newer


def test_two_versions_export_their_own_columns(tmp_path, database_url):
    older, newer = _two_versions(tmp_path)
    url = database_url

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            for q in (older, newer):
                await responses.publish(q.id, q.version, q.version, q.model_dump_json())
            rng = random.Random(3)
            await synthetic.insert(older, [synthetic.answers_for(older, rng) for _ in range(12)])
            await synthetic.insert(newer, [synthetic.answers_for(newer, rng) for _ in range(8)])
            first = await export(older, tmp_path / "v-old", Options(formats=("csv",)))
            second = await export(newer, tmp_path / "v-new", Options(formats=("csv",)))
            return first, second
        finally:
            await close_engine(engine)

    first, second = run_async(main())
    assert (first.rows, second.rows) == (12, 8)
    old_rows = list(csv.DictReader((tmp_path / "v-old" / "routing.csv").open()))
    new_rows = list(csv.DictReader((tmp_path / "v-new" / "routing.csv").open()))
    assert "extra" not in old_rows[0] and "extra" in new_rows[0]
    assert {r["questionnaire_version"] for r in old_rows} == {older.version}
    assert {r["extra"] for r in new_rows} <= {"1", "2"}


def test_the_export_command_writes_files_and_an_audit_row(tmp_path):
    url = f"sqlite:///{tmp_path}/cli.db"
    seeded(url, count=40)
    env = {**os.environ, "SURVEY_DATABASE_URL": url, "SURVEY_DATA_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "survey", "export", "london-safety-and-trust", "--format", "csv", "--out", str(tmp_path / "out"), "--k", "3"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "exported 42 responses" in run.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir())[0] == "codebook.json"
    with sqlite3.connect(tmp_path / "cli.db") as db:
        actor, action, detail = db.execute("SELECT actor, action, detail FROM audit_event WHERE action = 'export'").fetchone()
    assert (actor, action) == ("command line", "export")
    assert json.loads(detail)["rows"] == 42 and json.loads(detail)["k"] == 3
    missing = subprocess.run(
        [sys.executable, "-m", "survey", "export", "london-safety-and-trust", "--version", "0.0.1", "--format", "csv", "--out", str(tmp_path / "x")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert missing.returncode == 1 and "no questionnaire 'london-safety-and-trust' version 0.0.1" in missing.stderr


def test_only_analysts_download_and_each_download_is_audited(tmp_path):
    url = f"sqlite:///{tmp_path}/web.db"
    seeded(url, count=30)
    add_staff(url, "analyst", "worker")
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        analyst = signed_in_as(client, "analyst")
        analyst.get("/analyst")
        assert "32" in analyst.soup.select_one("table").get_text()
        response = client.post("/analyst/export", data={
            "questionnaire": "london-safety-and-trust", "version": SAMPLE.version, "format": "all", "k": "5",
            "_csrf_token": analyst.csrf(),
        })
        assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert f"london-safety-and-trust-{SAMPLE.version}/london-safety-and-trust.sav" in names
        assert not any("redaction" in name for name in names)
        client.cookies.clear()
        worker = signed_in_as(client, "worker")
        worker.get("/analyst")
        assert worker.response.status_code == 403
    with sqlite3.connect(tmp_path / "web.db") as db:
        assert db.execute("SELECT actor FROM audit_event WHERE action = 'export'").fetchall() == [("analyst@example.org",)]


def test_quasi_identifiers_stay_exact_when_a_value_needs_four_bytes():
    """Keys are held in two bytes while they fit: a value that does not
    widens them all, rather than being cut to one that matches another."""
    from survey.export.disclosure import Anonymiser
    from survey.export.keys import QuestionKey

    anonymiser = Anonymiser([QuestionKey("n", ["n"], [])], k=2)
    anonymiser.add_batch([np.array([1, 1, 2])])
    anonymiser.add_batch([np.array([70_000, 70_000 + 2**16, 2])])  # the same in two bytes
    assert anonymiser.solve().at_risk_before == {1: 2}


def test_sensitive_answers_are_told_apart_in_two_bytes_the_same_in_every_batch():
    from survey.export.disclosure import Distinct

    held = Distinct()
    held.add(np.array([2**40, 7, 7]))
    held.add(np.array([7, 2**40, -9, -1]))
    assert [part.dtype for part in held.parts] == [np.uint16, np.uint16]
    values = held.values()
    assert values[0] == values[4] and values[1] == values[2] == values[3] and values[0] != values[1]
    assert values[5] == values[6] == 0  # suppressed and not asked: no real answer


def test_batches_read_a_range_of_an_index_not_a_sort_of_every_response(exported, monkeypatch):
    """Each batch continues along the response_submitted index: sorting every
    response for every batch would make a million-response export quadratic."""
    import contextlib
    import datetime as dt

    from survey.storage import exporting

    work, _ = exported
    seen: list[tuple[str, list]] = []
    real = exporting._connection

    @contextlib.asynccontextmanager
    async def recording():
        async with real() as fetch:
            async def wrapped(sql, params):
                seen.append((sql, list(params)))
                return await fetch(sql, params)

            yield wrapped

    monkeypatch.setattr(exporting, "_connection", recording)

    async def main():
        engine = await open_engine(f"sqlite:///{work}/export.db")
        try:
            until = dt.datetime.now(dt.timezone.utc)
            return [batch async for batch in exporting.batches(SAMPLE.id, SAMPLE.version, until, ["borough", "age_band"], size=100)]
        finally:
            await close_engine(engine)

    batches = run_async(main())
    # Two halves of the ids, read at once: 302 responses, each once, in batches of at most 100.
    assert sum(len(batch) for batch in batches) == 302 and max(len(batch) for batch in batches) == 100
    with sqlite3.connect(work / "export.db") as db:
        stored = {
            (borough, age): n
            for borough, age, n in db.execute(
                "SELECT b.value, a.value, count(*) FROM answer b JOIN answer a ON a.response = b.response "
                "WHERE b.question_id = 'borough' AND a.question_id = 'age_band' GROUP BY 1, 2"
            )
        }
    read: dict[tuple, int] = {}
    for batch in batches:
        for pair in zip(*batch.answers):  # each response's answers, in the order asked
            read[pair] = read.get(pair, 0) + 1
    assert read == stored
    with sqlite3.connect(work / "export.db") as db:
        for sql, params in seen:
            plan = " ".join(str(row[-1]) for row in db.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert "USING INDEX response_submitted" in plan and "TEMP B-TREE" not in plan, plan


def test_csv_cells_that_a_spreadsheet_would_run_are_defused_and_other_formats_keep_them(tmp_path):
    """OWASP's CSV injection rule: a cell starting =, +, -, @, tab or CR gets a
    leading apostrophe in the CSV only; SPSS and Parquet keep what was typed."""
    typed = ["=cmd|' /C calc'!A0", '=HYPERLINK("x","Click me")', "+1 done", "-it was bad", "@SUM(A1)", "\tindented", "fine = ok"]
    url = f"sqlite:///{tmp_path}/formula.db"

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            rng = random.Random(3)
            fixed = {"hate_in_person": "yes", "hate_reported": ["no_one"]}
            many = [synthetic.answers_for(SAMPLE, rng, fixed={**fixed, "not_reported_why": text}) for text in typed]
            await synthetic.insert(SAMPLE, many)
            await synthetic.release_free_text(SAMPLE)
            return await export(SAMPLE, tmp_path / "out", Options(include_free_text=True, k=1))
        finally:
            await close_engine(engine)

    run_async(main())
    folder = tmp_path / "out"
    cells = sorted(r["not_reported_why"] for r in csv_rows(folder))
    expected = sorted(text if text.startswith("fine") else "'" + text for text in typed)
    assert cells == expected
    frame, _ = pyreadstat.read_sav(str(folder / "london-safety-and-trust.sav"))
    assert sorted(frame["not_reported_why"]) == sorted(typed)
    assert sorted(pq.read_table(folder / "london-safety-and-trust.parquet").column("not_reported_why").to_pylist()) == sorted(typed)
    # Numbers are never touched: missing codes such as -1 stay numbers.
    assert any(r["police_satisfaction"] == "-1" for r in csv_rows(folder))
    assert "apostrophe" in json.loads((folder / "codebook.json").read_text())["csv_text_cells"]
    assert "Text in the CSV file" in (folder / "codebook.md").read_text()


def test_a_number_that_can_be_negative_gets_missing_codes_below_its_range(tmp_path):
    """A temperature of -3 is an answer, not "optional left blank": the
    question's own missing codes sit below its least value, in every format."""
    source = json.loads((FIXTURES / "banks" / "all-types.json").read_text())
    for section in source["sections"]:
        for question in section["questions"]:
            if question["id"] == "count":
                question.update(min=-20, max=10)
    (tmp_path / "bank.json").write_text(json.dumps(source))
    bank = load_file(tmp_path / "bank.json").questionnaire
    rng = random.Random(2)
    many = [synthetic.answers_for(bank, rng, fixed={"count": value}) for value in (-3, -1, -9, 4, 4, 4)]
    synthetic.exported(tmp_path, bank, many, Options(k=2))
    with (tmp_path / "out" / f"{bank.id}.csv").open(encoding="utf-8") as handle:
        counts = sorted(int(float(row["count"])) for row in csv.DictReader(handle))
    assert counts == [-9, -3, -1, 4, 4, 4], "negative answers are kept as answers"
    frame, meta = pyreadstat.read_sav(str(tmp_path / "out" / f"{bank.id}.sav"), user_missing=True)
    assert meta.missing_ranges["count"] == [{"lo": -29.0, "hi": -21.0}]
    assert meta.variable_value_labels["count"][-21.0].startswith("Not asked")
    assert meta.missing_ranges["colour"] == [{"lo": -9.0, "hi": -1.0}]  # others keep the usual codes
    codebook = json.loads((tmp_path / "out" / "codebook.json").read_text())
    count = next(v for v in codebook["variables"] if v["name"] == "count")
    assert count["missing_codes"]["-21"].startswith("Not asked") and count["base"] == 6
    field = pq.read_table(tmp_path / "out" / f"{bank.id}.parquet").schema.field("count")
    assert "-29" in json.loads(field.metadata[b"missing_codes"])


@pytest.mark.parametrize("typed, said", [
    ({"k": "1"}, [("#k-london-safety-and-trust", "Enter a whole number from 2 to 100 for k")]),
    ({"since-day": "27", "since-month": "3"}, [("#since-year-london-safety-and-trust", "The date must include a year")]),
    ({"since-day": "31", "since-month": "2", "since-year": "2026"}, [("#since-day-london-safety-and-trust", "The date must be a real date, like 27 3 2026")]),
])
def test_a_mistake_in_the_export_form_keeps_the_form_as_it_was_sent(tmp_path, typed, said):
    url = f"sqlite:///{tmp_path}/web.db"
    add_staff(url, "analyst")
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        analyst = signed_in_as(client, "analyst")
        analyst.get("/analyst")
        form = {"questionnaire": "london-safety-and-trust", "version": SAMPLE.version, "format": "csv", "k": "5",
                "include_free_text": "yes", **typed}
        analyst.post("/analyst/export", data=form)
        assert analyst.response.status_code == 400
        assert analyst.errors() == said
        card = analyst.soup.select_one("form[action='/analyst/export']")
        assert card is not None  # the form is there again, not only the summary
        for name, value in typed.items():
            assert analyst.soup.select_one(f"#{name}-london-safety-and-trust")["value"] == value  # as typed
        assert analyst.soup.select_one("#format-london-safety-and-trust option[selected]")["value"] == "csv"
        assert analyst.soup.select_one("#free-text-london-safety-and-trust").has_attr("checked")
        target = said[0][0].lstrip("#")
        inline = analyst.soup.select_one(".govuk-form-group--error .govuk-error-message")
        assert inline is not None and said[0][1] in inline.get_text()
        assert analyst.soup.select_one(f"#{target}") is not None  # the summary's link leads to a box on the page


def test_stata_round_trips_with_labels_and_the_same_values_as_the_csv(exported):
    work, _ = exported
    frame, meta = pyreadstat.read_dta(str(work / "out" / "london-safety-and-trust.dta"))
    rows = csv_rows(work / "out")
    assert len(frame) == len(rows) == 302
    # Names too long for the Stata file are cut, and the codebook says to what.
    codebook = json.loads((work / "out" / "codebook.json").read_text())
    in_stata = [v.get("stata_name", v["name"]) for v in codebook["variables"]]
    assert list(frame.columns) == [dict(zip([v["name"] for v in codebook["variables"]], in_stata))[name] for name in rows[0]]
    assert "hate_reported__third_party_c" in frame.columns
    assert max(map(len, frame.columns)) <= 28 and len(set(frame.columns)) == len(frame.columns)
    assert meta.column_names_to_labels["police_job"].startswith("Taking everything into account")
    labels = meta.variable_to_label["police_job"]
    assert meta.value_labels[labels][1] == "Excellent" and meta.value_labels[labels][-1] == "Not asked: the route skipped this question"
    # Every numeric cell as in the CSV, and every text one.
    assert [int(v) for v in frame["police_job"]] == [int(r["police_job"]) for r in rows]
    assert list(frame["response_id"]) == [r["response_id"] for r in rows]
    codebook = (work / "out" / "codebook.md").read_text(encoding="utf-8")
    assert "Stata (`.dta`)" in codebook and "arrow::read_parquet()" in codebook
    assert not list((work / "out").glob(".*.arrow"))  # the spill is gone


def test_names_too_long_for_stata_are_cut_without_two_the_same():
    from survey.export.writers import stata_names

    long = "a" * 40
    found = stata_names(["x", long, long[:33] + "b", "a" * 28])
    assert found["x"] == "x" and found["a" * 28] == "a" * 28
    assert len(set(found.values())) == 4 and all(len(v) <= 28 for v in found.values())


def test_every_export_says_what_made_it_and_from_what(exported):
    import hashlib
    import subprocess
    from importlib import metadata

    from conftest import ROOT
    from survey.questionnaire.loader import canonical

    work, outcome = exported
    codebook = json.loads((work / "out" / "codebook.json").read_text())
    risk = json.loads((work / "out" / "risk.json").read_text())
    made = codebook["provenance"]
    assert risk["provenance"] == made
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    assert made["software"] == {"name": "survey", "version": metadata.version("survey"),
                                "commit": head.stdout.strip() if head.returncode == 0 else None}
    assert made["questionnaire"] == {"id": SAMPLE.id, "version": SAMPLE.version,
                                     "content_sha256": hashlib.sha256(canonical(SAMPLE).encode()).hexdigest()}
    assert made["parameters"]["k"] == SAMPLE.disclosure.k and made["parameters"]["free_text"] == "included, as released by reviewers"
    assert made["parameters"]["recodings"] == outcome.risk["recodings"] and made["responses"] == outcome.rows == 302
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", made["made_at"])
    for name in ("codebook.md", "risk.md"):
        text = (work / "out" / name).read_text(encoding="utf-8")
        assert "## Provenance" in text and made["questionnaire"]["content_sha256"] in text and "302 responses sent before" in text


def test_a_build_without_git_names_its_commit_from_the_environment(monkeypatch):
    from survey.export import provenance

    monkeypatch.setenv(provenance.COMMIT_VARIABLE, "0123456789abcdef0123456789abcdef01234567")
    assert provenance.software()["commit"] == "0123456789abcdef0123456789abcdef01234567"
