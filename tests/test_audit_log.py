"""The audit log as an admin reads it: words for every action and detail
(never raw names or Python values), a run of saved answers as one row with
its pages on demand, GOV.UK date boxes with errors, and paging."""

from __future__ import annotations

import ast
import datetime as dt

from conftest import ROOT
from staff import add_user, sign_in
from survey.storage.audit import Event
from survey.web import audit_words
from test_assisted import BANKS, start_response
from web_client import Visitor, running_app


def _recorded() -> tuple[set[str], set[str]]:
    """Every action and detail key the code records: the literal strings in each audit.record(...) call."""
    actions, keys = set(), set()
    for path in (ROOT / "src" / "survey").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit":
                actions |= {n.value for n in ast.walk(node.args[0]) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
                keys |= {k.arg for k in node.keywords if k.arg and k.arg not in ("object_type",)}
    # An action held in a variable first (the results commands) is one of these two.
    return actions | {"results_published", "results_withdrawn"}, keys


def test_every_recorded_action_and_detail_has_words():
    actions, keys = _recorded()
    assert len(actions) > 40
    assert actions - set(audit_words.ACTIONS) == set(), "add words for each action to web/audit_words.py"
    assert keys - set(audit_words.DETAILS) == set(), "add words for each detail to web/audit_words.py"


def _event(n: int, action: str, actor: str = "sam@example.org", object_id: str = "r1", **detail) -> Event:
    return Event(n, dt.datetime(2026, 3, 1, 10, n, tzinfo=dt.timezone.utc), actor, action, "response", object_id, detail)


def test_a_run_of_saved_answers_is_one_row_and_values_read_as_words():
    newest_first = [
        _event(6, "export", actor="ana@example.org", formats=["csv", "sav"], include_free_text=False, since=None),
        _event(5, "answer_saved", page="c"), _event(4, "answer_saved", page="b"), _event(3, "answer_saved", page="a"),
        _event(2, "answer_saved", actor="kim@example.org", page="z"),
        _event(1, "answer_saved", object_id="r2", page="a"),
    ]
    rows = audit_words.rows(newest_first)
    assert [(r.words, r.count) for r in rows] == [
        ("Downloaded anonymised data", 1), ("Saved an answer", 3), ("Saved an answer", 1), ("Saved an answer", 1)]
    assert rows[0].details == [("File formats", "csv, sav"), ("Free text included", "No"), ("Sent from", "None")]
    assert rows[1].pages == ["a", "b", "c"] and rows[1].since == newest_first[3].at and rows[1].at == newest_first[1].at
    assert rows[1].on == "Response"


def test_the_admin_reads_the_log_in_words_filters_by_date_boxes_and_sees_mistakes(tmp_path):
    database = f"sqlite:///{tmp_path}/web.db"
    add_user(database, "worker@example.org", "worker", organisation="Deaf Futures")
    add_user(database, "admin@example.org", "admin")
    with running_app(tmp_path, BANKS, database_url=database) as client:
        worker = Visitor(client, own_cookies=True)
        sign_in(worker, "worker@example.org")
        start_response(worker, bank="routing")
        for data in ({"happened": "no"}, {"rating": "good"}, {"secret": "no"}):
            worker.post(data=data)
        admin = Visitor(client, own_cookies=True)
        sign_in(admin, "admin@example.org")
        admin.get("/admin/audit")
        # The "Who" cell's address is one word, with <wbr> between its parts.
        rows = [[td.get_text("" if i == 1 else " ", strip=True) for i, td in enumerate(tr.select("td"))]
                for tr in admin.soup.select("#events tbody tr")]
        saved = next(r for r in rows if r[2].startswith("Saved 3 answers"))
        assert saved[1] == "worker@example.org" and "Pages, in the order saved: happened, rating, secret" in saved[2]
        assert saved[3].startswith("Response ")
        assert any(r[2].startswith("Signed in") for r in rows)
        assert "answer_saved" not in admin.soup.select_one("#events").get_text()
        # The address may wrap before "@", never inside a word.
        assert "worker<wbr/>@example<wbr/>.org" in str(admin.soup.select_one("#events"))
        assert admin.soup.select_one("#action option[value=user_roles_set]").get_text() == "Changed an account’s roles"
        assert admin.soup.select_one("input[type=date]") is None

        today = dt.date.today()
        admin.get(f"/admin/audit?since-day={today.day}&since-month={today.month}&since-year={today.year}&action=sign_in")
        assert admin.response.status_code == 200 and len(admin.soup.select("#events tbody tr")) == 2
        assert admin.soup.select_one("#since-day")["value"] == str(today.day)  # what was typed is kept
        later = today + dt.timedelta(days=3)
        admin.get(f"/admin/audit?since-day={later.day}&since-month={later.month}&since-year={later.year}")
        assert "No events match." in admin.soup.get_text()
        admin.get("/admin/audit?since-day=27&since-year=2026&until-day=1&until-month=1&until-year=2020")
        assert admin.response.status_code == 400
        assert admin.errors() == [("#since-month", "The date must include a month")]
        admin.get("/admin/audit?since-day=2&since-month=1&since-year=2026&until-day=1&until-month=1&until-year=2026")
        assert admin.errors() == [("#until-day", "The end date must be the same as or after the start date")]
        assert admin.soup.select_one("#until-error").get_text(" ", strip=True) == \
            "Error: The end date must be the same as or after the start date"
