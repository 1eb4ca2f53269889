"""Public results pages over HTTP, read as a person (or a screen reader)
would: the tables' headers and cells, the sentence above them, the CSV."""

from __future__ import annotations

import csv
import io
import random
import re
import sqlite3
import zipfile

import pytest

import synthetic
from conftest import SAMPLE_DIR, run_async
from staff import add_user, publish_results, sign_in
from survey.questionnaire import load_file
from survey.questionnaire.conditions import evaluate
from survey.storage import close_engine, migrate, open_engine
from web_client import Visitor, running_app

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
Q = SAMPLE.id
BREAKDOWNS = [b.id for b in SAMPLE.results.breakdowns]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    work = tmp_path_factory.mktemp("results")
    url = f"sqlite:///{work}/results.db"
    rng = random.Random(11)
    answers = [synthetic.answers_for(SAMPLE, rng) for _ in range(400)]

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            await synthetic.insert(SAMPLE, answers)
        finally:
            await close_engine(engine)

    run_async(main())
    publish_results(url, Q, SAMPLE_DIR)
    with running_app(work, SAMPLE_DIR, database_url=url) as client:
        yield Visitor(client), answers


def read_tables(soup) -> dict[str, list[dict[str, str]]]:
    """Each table by its id, as rows of {column heading: cell text}."""
    found = {}
    for table in soup.select("table[id]"):
        headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        rows = []
        for tr in table.select("tbody tr"):
            cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            rows.append(dict(zip(headings, cells)))
        found[table["id"]] = rows
    return found


def number(text: str) -> int:
    return int(text.replace(",", ""))


def question_page(visitor: Visitor, question_id: str, *breakdowns: str):
    query = "&".join(f"{name}={value}" for name, value in zip(("by", "also"), breakdowns))
    soup = visitor.get(f"/results/{Q}/questions/{question_id}" + (f"?{query}" if query else ""))
    assert visitor.response.status_code == 200, visitor.response.text[:500]
    return soup


def test_the_index_and_overview_list_every_closed_question(site):
    visitor, _answers = site
    visitor.get("/results")
    assert [a["href"] for a in visitor.soup.select("main a[href^='/results/']")] == [f"/results/{Q}"]
    visitor.get(f"/results/{Q}")
    links = {a["href"].rsplit("/", 1)[-1] for a in visitor.soup.select(f"main a[href^='/results/{Q}/questions/']")}
    assert {"trust_met", "police_job", "hate_strands", "age_band"} <= links
    assert not links & set(SAMPLE.results.exclude)
    assert "About 400 people have answered this survey so far (rounded, like every count here)." in visitor.soup.get_text()


@pytest.mark.parametrize("question_id", ["trust_met", "hate_strands", "police_satisfaction", "sexual_orientation"])
def test_no_table_ever_shows_a_count_under_ten(site, question_id):
    visitor, _answers = site
    combinations = [()] + [(b,) for b in BREAKDOWNS] + [("disability", b) for b in BREAKDOWNS[1:]]
    hidden = 0
    for breakdowns in combinations:
        tables = read_tables(question_page(visitor, question_id, *breakdowns))
        for row in tables["table-counts"]:
            for heading, text in list(row.items())[max(1, len(breakdowns)):]:
                if text == "[c]":
                    hidden += 1
                else:
                    assert number(text) >= 10, f"{question_id} by {breakdowns}: {heading} shows {text}"
        group_columns = max(1, len(breakdowns))
        for counts, percents in zip(tables["table-counts"], tables["table-percent"]):
            if counts["Base"] == "[c]":
                assert set(list(percents.values())[group_columns:]) == {"[c]"}, "a percentage of a hidden base"
    assert hidden, "the crafted data should need some suppression"


def test_counts_are_the_true_counts_rounded_to_five(site):
    visitor, answers = site
    groups = SAMPLE.results.breakdowns[0].groups  # disability
    rows = {row["Disability"]: row for row in read_tables(question_page(visitor, "trust_met", "disability"))["table-counts"]}
    for code, group in groups.items():
        members = [a for a in answers if evaluate(group.when, a)]
        for option in SAMPLE.page("trust_met").all_options():
            true = sum(1 for a in members if a.get("trust_met") == option.code)
            shown = rows[group.label][option.label if not option.standard else "Don't know"]
            if shown != "[c]":
                assert number(shown) == int(true / 5 + 0.5) * 5
        assert number(rows[group.label]["Base"]) == int(sum(1 for a in members if "trust_met" in a) / 5 + 0.5) * 5


def test_the_summary_sentence_matches_the_table(site):
    visitor, _answers = site
    soup = question_page(visitor, "trust_met", "disability")
    sentence = soup.select_one("#results-summary").get_text(strip=True)
    rows = {row["Disability"]: row for row in read_tables(soup)["table-percent"]}
    match = re.match(r"(\d+)% of Disabled respondents said they trust the Metropolitan Police Service, "
                     r"compared with (\d+)% of non-Disabled respondents\.", sentence)
    assert match, sentence
    assert rows["Disabled"]["Agree"] == f"{match[1]}%" and rows["Not Disabled"]["Agree"] == f"{match[2]}%"
    # The chart says the same, and is described by the sentence.
    svg = soup.select_one("svg[role=img]")
    assert svg.find("desc").get_text().startswith(sentence[:40])
    bars = {label.get_text(): value.get_text() for label, value in
            zip(svg.select(".survey-chart__label"), svg.select(".survey-chart__value"))}
    assert bars["Disabled"] == f"{match[1]}%" and bars["Not Disabled"] == f"{match[2]}%"


def test_several_groups_name_the_highest_and_lowest(site):
    visitor, _answers = site
    soup = question_page(visitor, "police_job", "ethnic_group")
    sentence = soup.select_one("#results-summary").get_text(strip=True)
    rows = [row for row in read_tables(soup)["table-percent"] if row["Ethnic group"] not in ("All", "Not known")]
    shown = {row["Ethnic group"]: int(row["Good or excellent"][:-1]) for row in rows if row["Good or excellent"] != "[c]"}
    high = max(shown, key=shown.get)
    low = min(shown, key=shown.get)
    assert f"{shown[high]}% of respondents in the group “{high}”" in sentence
    assert f"compared with {shown[low]}% of respondents in the group “{low}”, the fewest" in sentence


def test_the_csv_download_matches_the_page(site):
    visitor, _answers = site
    soup = question_page(visitor, "trust_met", "disability", "ethnic_group")
    tables = read_tables(soup)
    href = soup.find("a", string=re.compile("Download this table"))["href"]
    response = visitor.client.get(href)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(tables["table-counts"]) > 10
    for line, counts, weighted, unweighted in zip(rows, tables["table-counts"], tables["table-percent"], tables["table-unweighted"]):
        assert (line["Disability"], line["Ethnic group"]) == (counts["Disability"], counts["Ethnic group"])
        for heading, text in counts.items():
            if heading not in ("Disability", "Ethnic group", "Base"):
                assert line[f"{heading}: count"] == text
        for heading, text in weighted.items():
            if heading not in ("Disability", "Ethnic group", "Base", "Effective base"):
                assert line[f"{heading}: weighted %"] == text
                assert line[f"{heading}: %"] == unweighted[heading]
        assert line["Base"] == counts["Base"] and line["Effective base"] == weighted["Effective base"]


def open_data(client):
    """The bundle, as a person would get it: while it is first being prepared
    a page says so (503, Retry-After), and the build carries on behind it."""
    first = client.get(f"/results/{Q}/open-data.zip")
    if first.status_code == 200:
        return first
    assert first.status_code == 503 and int(first.headers["retry-after"]) > 0
    assert "The open data is being prepared" in first.text
    with client.portal() as portal:  # the app's own event loop: wait there until the build is done
        portal.call(client.app.state.public_results.wait_for_builds)
    response = client.get(f"/results/{Q}/open-data.zip")
    assert response.status_code == 200, "built once, then served"
    return response


def test_the_open_data_bundle_holds_every_table_codebook_and_methodology(site):
    visitor, _answers = site
    response = open_data(visitor.client)
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"methodology.md", "codebook.json", "tables/trust_met.csv", "tables/trust_met__by__disability__by__ethnic_group.csv"} <= names
    single = visitor.client.get(f"/results/{Q}/questions/trust_met/table.csv?by=disability").text
    assert archive.read("tables/trust_met__by__disability.csv").decode() == single
    assert "[c]" in archive.read("methodology.md").decode()


def test_differences_show_gaps_with_confidence_intervals(site):
    visitor, _answers = site
    soup = visitor.get(f"/results/{Q}/differences?by=disability")
    assert visitor.response.status_code == 200
    captions = [c.get_text(" ", strip=True) for c in soup.select("caption")]
    assert any(c.startswith(SAMPLE.page("trust_met").title) for c in captions)
    checked = 0
    for row in soup.select("tbody tr"):
        cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
        if len(cells) < 4:
            continue
        gap = int(cells[1])  # whole points, like the percentages
        low, high = (int(x) for x in cells[2].split(" to "))
        assert low <= gap <= high
        if "Over the target" in cells[3]:
            assert gap >= 5
            assert ("but not significant" in cells[3]) == (low <= 0 <= high)
        else:
            assert "Within the target" in cells[3] and gap <= 5
        checked += 1
    assert checked
    assert soup.find(string=re.compile(r"\d+ comparisons? (is|are) made for this question"))


def test_a_breakdown_not_offered_is_a_clear_error(site):
    visitor, _answers = site
    visitor.get(f"/results/{Q}/questions/trust_met?by=favourite_colour")
    assert visitor.response.status_code == 400
    assert visitor.errors() == [("#by", "Select a way to break down the results from the list")]
    visitor.get(f"/results/{Q}/questions/trust_met?by=sex&also=sex")
    assert visitor.errors() == [("#also", "Select a second way to break down the results that is different from the first")]
    assert visitor.client.get(f"/results/{Q}/questions/not_a_question").status_code == 404
    assert visitor.client.get(f"/results/{Q}/questions/main_language_other").status_code == 404  # free text


def test_the_methodology_is_in_plain_english_and_easy_read(site):
    visitor, _answers = site
    soup = visitor.get(f"/results/{Q}/methodology")
    text = soup.get_text(" ", strip=True)
    assert "We never publish a count under 10, including zero" in text
    assert "Counts are rounded to the nearest 5" in text
    assert "raking" in text and "Census 2021" in text
    easy = soup.find(id="easy-read").find_next("ul")
    assert "If fewer than 10 people gave an answer, we do not show the number." in easy.get_text()


def test_an_admin_publishes_and_takes_down_results(tmp_path):
    url = f"sqlite:///{tmp_path}/publish.db"
    synthetic.seed(url, SAMPLE, 30)
    add_user(url, "admin@example.org", "admin")
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        anyone = client.get(f"/results/{Q}")
        assert anyone.status_code == 404
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/questionnaires")
        admin.post(f"/admin/questionnaires/{Q}/results", data={"public": "yes"})
        assert "Public" in admin.soup.get_text() and admin.soup.find("a", href=f"/results/{Q}")
        assert client.get(f"/results/{Q}").status_code == 200
        admin.post(f"/admin/questionnaires/{Q}/results", data={"public": "no"})
        assert client.get(f"/results/{Q}").status_code == 404
    with sqlite3.connect(tmp_path / "publish.db") as db:
        actions = [row[0] for row in db.execute("SELECT action FROM audit_event WHERE object_id = ? ORDER BY id", (Q,))]
    assert actions == ["results_published", "results_withdrawn"]


def test_the_overview_total_is_rounded_like_the_tables(tmp_path):
    url = f"sqlite:///{tmp_path}/results.db"
    rng = random.Random(3)

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(32)])
        finally:
            await close_engine(engine)

    run_async(main())
    publish_results(url, Q, SAMPLE_DIR)
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        text = Visitor(client).get(f"/results/{Q}").get_text(" ", strip=True)
    assert "About 30 people have answered this survey so far" in text and "32" not in text.split("answered")[0][-20:]


def test_differences_with_too_few_answers_say_so_once(tmp_path):
    url = f"sqlite:///{tmp_path}/results.db"
    rng = random.Random(4)

    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            await synthetic.insert(SAMPLE, [synthetic.answers_for(SAMPLE, rng) for _ in range(15)])
        finally:
            await close_engine(engine)

    run_async(main())
    publish_results(url, Q, SAMPLE_DIR)
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        soup = Visitor(client).get(f"/results/{Q}/differences?by={BREAKDOWNS[0]}")
    assert soup.select("main table") == []
    assert soup.select_one("#not-enough").get_text(strip=True) == (
        "There are not enough answers yet to compare these groups: a group’s percentage is shown only when at least "
        f"{SAMPLE.results.minimum_count} people in it have answered.")


def test_the_open_data_is_a_valid_frictionless_data_package_under_its_licence(site, tmp_path):
    import json

    import frictionless

    visitor, _answers = site
    archive = zipfile.ZipFile(io.BytesIO(open_data(visitor.client).content))
    archive.extractall(tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    tables = sorted(n for n in archive.namelist() if n.startswith("tables/"))
    assert sorted(r["path"] for r in package["resources"]) == tables
    assert package["licenses"] == [{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                                    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}]
    resource = next(r for r in package["resources"] if r["path"] == "tables/trust_met__by__disability.csv")
    assert resource["schema"]["missingValues"] == ["", "[c]"]
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    assert fields["Base"]["type"] == "integer" and fields["Disability"]["type"] == "string"
    assert any(f["type"] == "number" and f.get("unit") == "percent" for f in fields.values())
    # Every table read against its description: types, the hidden marker, the headers.
    for name in tables:
        header = next(csv.reader(io.StringIO(archive.read(name).decode())))
        assert len(set(header)) == len(header), (name, sorted(h for h in header if header.count(h) > 1))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:10]
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in readme and "## In Easy Read" in readme and "[c]" in readme
