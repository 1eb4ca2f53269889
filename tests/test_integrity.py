"""Integrity flags on open-link responses, on both databases: nobody is stopped
or told, but a response sent very fast, with the same answers as one sent
within the hour, or from a network address that sent more than the bank
allows, is marked as it is sent; the marks are exported and counted for
admins; what was compared (keyed hashes) is forgotten after a day."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from conftest import FIXTURES, on_engine
from staff import add_user, sign_in
from survey.export.run import Options, export
from survey.questionnaire import load_file
from survey.services import integrity
from survey.storage import integrity as store
from survey.storage.responses import ResponseRecord
from survey.storage.tables import NetworkSighting, Response
from web_client import Visitor, running_app


@pytest.fixture
def banks(tmp_path):
    """The routing bank, told to compare even short answers and to allow two responses an hour from one address."""
    bank = json.loads((FIXTURES / "banks" / "routing.json").read_text())
    bank["integrity"] = {"duplicate_minimum": 2, "responses_per_address": 2}
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "routing.json").write_text(json.dumps(bank))
    return folder


def answer(visitor: Visitor, rating: str, before_sending=None) -> None:
    visitor.get("/s/routing")
    visitor.post("/s/routing/start", data={})
    visitor.post(data={"happened": "no"})
    visitor.post(data={"rating": rating})
    visitor.post(data={"secret": "no"})
    assert visitor.path == "/s/routing/check"
    if before_sending:
        before_sending()
    visitor.post()
    assert visitor.path == "/s/routing/done"  # never stopped


def _flags(database: str) -> list[str]:
    rows = on_engine(database, lambda: Response.select(Response.flags).order_by(Response.submitted_at))
    return [row["flags"] for row in rows]


def test_fast_repeated_and_busy_responses_are_marked_exported_and_counted(database, banks, tmp_path):
    with running_app(tmp_path, banks, database_url=database) as client:
        for _ in range(3):
            answer(Visitor(client), "good")

        def took_ten_minutes():
            # As if they had read each page: started ten minutes before sending.
            async def back():
                started = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=10)
                await Response.update({Response.started_at: started}).where(Response.status == "in_progress")
            on_engine(database, back)

        answer(Visitor(client), "bad", took_ten_minutes)
        # First: too few others to know the usual pace, and three answers in a moment is under 2 seconds each.
        assert _flags(database) == ["fast", "fast,duplicate", "fast,duplicate,network", "network"]
        add_user(database, "admin@example.org", "admin")
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        soup = admin.get("/admin/questionnaires")
        counts = {row.dt.get_text(strip=True): row.dd.get_text(strip=True) for row in soup.select("#integrity-routing .govuk-summary-list__row")}
        assert counts == {"Marked for any reason": "4", "Sent very fast": "3", "Same answers as another within the hour": "2",
                          "Many from one network address within the hour": "2"}
        assert "4 responses have been sent online through the open link" in soup.get_text(" ", strip=True)

    bank = load_file(banks / "routing.json").questionnaire
    on_engine(database, lambda: export(bank, tmp_path / "out", Options(formats=("csv",))))
    with (tmp_path / "out" / "routing.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    marked = sorted((row["flag_fast"], row["flag_duplicate"], row["flag_network"]) for row in rows)
    assert marked == [("0", "0", "1"), ("1", "0", "0"), ("1", "1", "0"), ("1", "1", "1")]

    # A day later nothing that was compared is left: no addresses, no fingerprints; the flags stay.
    async def a_day_later():
        await store.forget_before(dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1, minutes=1))
        return await NetworkSighting.count(), await Response.count().where(Response.fingerprint.is_not_null())

    assert on_engine(database, a_day_later) == (0, 0)
    assert _flags(database) == ["fast", "fast,duplicate", "fast,duplicate,network", "network"]


def test_the_addresses_and_answers_compared_are_never_kept_in_the_clear(database, banks, tmp_path):
    with running_app(tmp_path, banks, database_url=database, secret_key="one key") as client:
        answer(Visitor(client), "good")
    sightings = on_engine(database, lambda: NetworkSighting.select(NetworkSighting.address_hash))
    fingerprints = on_engine(database, lambda: Response.select(Response.fingerprint))
    assert [row["address_hash"] for row in sightings] == [integrity.address_hash("one key", "testclient")]
    assert "testclient" not in json.dumps(sightings)
    assert len(fingerprints[0]["fingerprint"]) == 64
    assert fingerprints[0]["fingerprint"] == integrity.fingerprint("one key", {"happened": "no", "rating": "good", "secret": "no"})


def test_the_usual_pace_is_the_median_per_answer_of_the_others():
    others = [(60.0, 6)] * 19  # ten seconds an answer
    assert integrity.is_fast(1.0, 6, others, 0.33)  # too few others: the floor, two seconds an answer
    assert not integrity.is_fast(18.0, 6, others, 0.33)
    others.append((60.0, 6))
    assert integrity.is_fast(18.0, 6, others, 0.33)  # 3 s an answer, under a third of 10
    assert not integrity.is_fast(21.0, 6, others, 0.33)
    assert not integrity.is_fast(21.0, 3, [(30.0, 3)] * 20, 0.33)  # a short route: 7 s an answer, not fast
    assert not integrity.is_fast(0.0, 0, others, 0.33)  # nothing answered: nothing to judge


def test_the_same_answers_make_the_same_fingerprint_only_with_the_same_key():
    one = integrity.fingerprint("key", {"a": "yes", "b": ["x", "y"]})
    assert one == integrity.fingerprint("key", {"b": ["x", "y"], "a": "yes"})
    assert one != integrity.fingerprint("another key", {"a": "yes", "b": ["x", "y"]})
    assert one != integrity.fingerprint("key", {"a": "no", "b": ["x", "y"]})


@pytest.mark.parametrize("route, mode, checked", [("open", "online", True), ("sample", "online", False), ("open", "phone", False)])
def test_only_responses_sent_online_through_the_open_link_are_checked(route, mode, checked):
    import uuid

    record = ResponseRecord(uuid.uuid4(), "q", "1", "submitted", "R", mode, "en", "standard", route=route)
    assert integrity.checked(record) is checked
