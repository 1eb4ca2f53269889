"""Easy Read for respondents: chosen at the top of any page, the same answers
(same codes) shown in short sentences with pictures, recorded on the response."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import FIXTURES
from web_client import Visitor, running_app

BANKS = FIXTURES / "banks"


@pytest.fixture
def client(tmp_path):
    with running_app(tmp_path, BANKS) as client:
        yield client


def formats(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "web.db") as db:
        return db.execute("SELECT format FROM response").fetchall()


def test_easy_read_is_offered_at_the_top_of_the_start_page(client):
    v = Visitor(client)
    v.get("/s/all-types")
    form = v.format_form("Easy Read")
    assert form["action"] == "/s/all-types/format/easy_read"
    assert str(v.soup).index("Easy Read") < str(v.soup).index("<h1")
    v.choose_format("Easy Read")
    assert v.h1() == "Every kind of question"
    assert "survey-easy-read" in v.soup.html["class"]
    idea = v.soup.select_one(".survey-er-idea")
    picture = idea.find("svg")
    assert picture["role"] == "img" and picture["aria-label"] == "A question mark", "pictures are inline, named by their alt text"
    assert idea.find("strong").get_text() == "one", "key words in bold"


def test_question_in_easy_read_uses_the_same_codes_with_pictures_tied_as_the_hint(client, tmp_path):
    v = Visitor(client)
    v.get("/s/all-types")
    v.choose_format("Easy Read")
    v.post()
    v.post(data={})
    assert v.h1() == "Which colour do you like?"
    hint = v.soup.select_one("#colour-hint")
    assert "Choose one colour." in hint.get_text(" ", strip=True)
    first = v.soup.select_one("input#colour")
    assert "colour-hint" in first["aria-describedby"].split()
    labels = {i["value"]: v.soup.select_one(f"label[for={i['id']}]").get_text(" ", strip=True) for i in v.soup.select("input[name=colour]")}
    assert labels == {"red": "Red", "blue": "Blue", "dont_know": "I do not know", "prefer_not_to_say": "I do not want to say"}
    assert v.soup.select_one("label[for=colour] svg")["aria-hidden"] == "true", "the label already says it"
    assert formats(tmp_path) == [("easy_read",)]
    v.post(data={"colour": "red"})
    v.get("/s/all-types/q/colour")
    v.choose_format("Show the standard version")
    assert v.path == "/s/all-types/q/colour"
    assert v.h1() == "Which colour?", "back to the standard wording"
    assert v.soup.select_one("input[value=red]").has_attr("checked"), "the answer is kept"
    assert formats(tmp_path) == [("standard",)]


def test_check_and_confirmation_in_easy_read(client):
    v = Visitor(client)
    v.get("/s/all-types")
    v.choose_format("Easy Read")
    v.post()
    for answer in [{}, {"colour": "red"}, {"likes": "none"}, {"agree": "prefer_not_to_say"}, {"name_of_pet": ""}, {"story": "ok"},
                   {"count": "2"}, {"when-day": "1", "when-month": "2", "when-year": "2020"}]:
        v.post(data=answer)
    rows = {r.select_one("dt").get_text(strip=True): r.select_one(".govuk-summary-list__value").get_text(" ", strip=True)
            for r in v.soup.select(".govuk-summary-list__row")}
    assert rows["What do you like to drink?"] == "I do not like these"
    assert rows["Do you agree?"] == "I do not want to say"
    v.post(data={})
    assert "We have got your answers." in v.soup.get_text()
