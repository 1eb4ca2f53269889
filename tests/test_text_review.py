"""A person reads free text before it is released: the review queue shows
each answer as written and as it would be released, redactions marked; an
analyst releases, edits or withholds it (each decision audited, never the
words); an export holds only released text; a form left incomplete gets
the GOV.UK error summary; workers cannot see the queue."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
import zipfile

from conftest import SAMPLE_DIR, run_async
from staff import add_staff, signed_in_as
import synthetic
from survey.questionnaire import load_file
from survey.storage import close_engine, migrate, open_engine, reviews
from web_client import running_app

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
Q = SAMPLE.id
TEXTS = [
    "Ring me on 07700 900123, I was scared",
    "Oluwaseun at the centre said they would not listen",
    "It happened near 12 Acacia Avenue and I told nobody",
    "I did not think anyone would care",
]


def _unreported(seed: int, texts: list[str]) -> list[dict]:
    """Respondents who reported a hate crime to no one, each saying why in one of ``texts``."""
    rng = random.Random(seed)
    fixed = {"hate_in_person": "yes", "hate_reported": ["no_one"], "main_language": "english"}
    return [synthetic.answers_for(SAMPLE, rng, fixed={**fixed, "not_reported_why": text}) for text in texts]


def _seed(url: str) -> None:
    async def main():
        engine = await open_engine(url)
        try:
            await migrate(engine)
            await synthetic.insert(SAMPLE, _unreported(4, [*TEXTS, ""]))  # the last has nothing to read
        finally:
            await close_engine(engine)

    run_async(main())


def _items(visitor) -> list[dict]:
    found = []
    for form in visitor.soup.select("form[action$='/free-text']"):
        texts = form.select("p.survey-free-text")
        found.append({
            "response": form.find("input", attrs={"name": "response"})["value"],
            "question": form.find("input", attrs={"name": "question"})["value"],
            "written": texts[0].get_text(),
            "released": texts[1].get_text(),
            "marks": [mark.get_text() for mark in texts[1].select("mark")],
        })
    return found


def _decide(visitor, item: dict, **fields) -> None:
    visitor.post(f"/analyst/{Q}/free-text", data={"response": item["response"], "question": item["question"], **fields})


def test_a_reviewer_reads_each_answer_and_only_released_text_leaves(tmp_path):
    url = f"sqlite:///{tmp_path}/web.db"
    _seed(url)
    add_staff(url, "analyst", "worker", "admin")
    with running_app(tmp_path, SAMPLE_DIR, database_url=url) as client:
        analyst = signed_in_as(client, "analyst")
        analyst.get("/analyst")
        assert analyst.soup.find("a", href=f"/analyst/{Q}/free-text")
        analyst.get(f"/analyst/{Q}/free-text")
        assert analyst.response.status_code == 200
        items = _items(analyst)
        by_text = {item["written"]: item for item in items}
        assert set(by_text) == set(TEXTS), "every answer with words is waiting, the empty one is not"
        phone = by_text[TEXTS[0]]
        assert phone["marks"] == ["[phone number]"] and "07700" not in phone["released"]
        assert by_text[TEXTS[1]]["marks"] == ["[name]"] and by_text[TEXTS[2]]["marks"] == ["[address]"]
        assert by_text[TEXTS[3]]["marks"] == []

        # Nothing chosen: the GOV.UK error summary, linked to the radios, and the answer still there.
        _decide(analyst, phone)
        assert analyst.response.status_code == 400 and analyst.soup.title.get_text().startswith("Error:")
        link = analyst.soup.select_one(".govuk-error-summary a")
        assert link.get_text() == "Choose whether to release this answer"
        assert analyst.soup.find(id=link["href"][1:]).get("name") == "decision"
        # "Edited" with nothing typed.
        _decide(analyst, phone, decision="edited", text="  ")
        assert analyst.response.status_code == 400
        link = analyst.soup.select_one(".govuk-error-summary a")
        assert analyst.soup.find(id=link["href"][1:]).name == "textarea"

        _decide(analyst, phone, decision="released")
        assert analyst.response.status_code == 200 and "Answer released." in analyst.soup.get_text()
        _decide(analyst, by_text[TEXTS[1]], decision="edited", text="Someone at the centre said they would not listen")
        _decide(analyst, by_text[TEXTS[2]], decision="withheld")
        # TEXTS[3] is never read.
        summary = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in analyst.soup.select("table tbody tr")}
        assert summary == {"Waiting to be read": "1", "Released as shown": "1", "Released as edited": "1", "Withheld": "1"}
        assert [item["written"] for item in _items(analyst)] == [TEXTS[3]]

        response = client.post("/analyst/export", data={
            "questionnaire": Q, "version": SAMPLE.version, "format": "csv", "k": "2", "include_free_text": "yes",
            "_csrf_token": analyst.csrf(),
        })
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        released = sorted(row["not_reported_why"] for row in csv.DictReader(io.StringIO(archive.read(name).decode())))
        assert released == sorted(["Ring me on [phone number], I was scared",
                                   "Someone at the centre said they would not listen", "-7", "-7", "-3"])
        risk = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("risk.json"))))
        assert risk["free_text_review"] == {"released": 1, "edited": 1, "held_back": 2}

        client.cookies.clear()
        worker = signed_in_as(client, "worker")
        worker.get(f"/analyst/{Q}/free-text")
        assert worker.response.status_code == 403
        client.cookies.clear()
        admin = signed_in_as(client, "admin")
        admin.get(f"/analyst/{Q}/free-text")
        assert admin.response.status_code == 200
        assert admin.soup.select_one(".govuk-back-link")["href"] == "/admin/questionnaires"  # admins have no analyst page
    with sqlite3.connect(tmp_path / "web.db") as db:
        events = db.execute("SELECT actor, detail FROM audit_event WHERE action = 'free_text_reviewed'").fetchall()
    assert sorted(json.loads(detail)["decision"] for _, detail in events) == ["edited", "released", "withheld"]
    assert all(actor == "analyst@example.org" for actor, _ in events)
    assert not any(word in detail for _, detail in events for word in ("Oluwaseun", "07700", "Acacia", "centre"))


def test_decisions_are_kept_on_both_databases_and_a_second_decision_replaces_the_first(database_url):
    async def main():
        engine = await open_engine(database_url)
        try:
            await migrate(engine)
            await synthetic.insert(SAMPLE, _unreported(9, TEXTS[:2]))
            [first, second] = await reviews.waiting(Q, ["not_reported_why"])
            await reviews.decide(first.response_id, first.question_id, "withheld", None, None)
            await reviews.decide(first.response_id, first.question_id, "edited", "my words", None)
            await reviews.decide(second.response_id, second.question_id, "released", None, None)
            return await reviews.tally(Q, ["not_reported_why"]), await reviews.waiting(Q, ["not_reported_why"])
        finally:
            await close_engine(engine)

    counts, left = run_async(main())
    assert counts == {"waiting": 0, "released": 1, "edited": 1, "withheld": 0} and left == []
