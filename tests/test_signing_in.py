"""Signing in under attack: guesses sent at once stay within the limit,
hashing never holds up the event loop, a stranger's guesses do not lock the
real person out of their own browser, and refused attempts cannot flood the
audit log. Real app, real SQLite file (and PostgreSQL where it differed)."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading

import pytest

from conftest import FIXTURES, run_async
from staff import PASSWORD, add_user, sign_in
from survey.services import passwords
from survey.app import create_app
from survey.settings import Settings
from web_client import Visitor, concurrent_client, running_app

BANKS = FIXTURES / "banks"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
EMAIL = "worker@example.org"


def app_for(tmp_path, database_url: str, **settings):
    return create_app(Settings(database_url=database_url, questionnaires_dir=BANKS, data_dir=tmp_path / "data", **settings))


def audit_rows(tmp_path, action: str) -> list[tuple]:
    with sqlite3.connect(tmp_path / "web.db") as db:
        return db.execute("SELECT actor, detail FROM audit_event WHERE action = ? ORDER BY id", (action,)).fetchall()


async def burst(client, count: int, email: str = EMAIL, password: str = "wrong wrong wrong") -> list[int]:
    token = TOKEN.search((await client.get("/sign-in")).text).group(1)
    replies = await asyncio.gather(*(
        client.post("/sign-in", data={"email": email, "password": password, "next": "/account", "_csrf_token": token})
        for _ in range(count)
    ))
    return [reply.status_code for reply in replies]


@pytest.fixture
def site(tmp_path):
    url = f"sqlite:///{tmp_path}/web.db"
    add_user(url, EMAIL, "worker")
    return url


def test_forty_wrong_passwords_at_once_are_checked_no_more_than_the_limit(tmp_path, site):
    async def main():
        async with concurrent_client(app_for(tmp_path, site)) as client:
            return await burst(client, 40)

    statuses = run_async(main())
    # Per account and per address are two counts, so a burst may be refused a
    # little sooner than the limit; never later.
    checked = statuses.count(200)
    assert 1 <= checked <= 5 and statuses.count(429) == 40 - checked, str(statuses)
    assert len(audit_rows(tmp_path, "sign_in_failed")) == checked, "no more passwords were checked than the limit"


def test_hashing_runs_beside_the_event_loop_a_few_at_a_time(tmp_path, site, monkeypatch):
    """Each hash waits, in its thread, until /healthz has answered: if hashing
    ran on the event loop, /healthz could never answer and nothing would finish."""
    answered = threading.Event()
    lock = threading.Lock()
    seen = {"running": 0, "most": 0, "threads": set()}
    real = passwords.verify

    def slow_verify(password_hash, password):
        with lock:
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
            seen["threads"].add(threading.current_thread().name)
        try:
            assert answered.wait(60), "/healthz never answered while a password was being checked"
            return real(password_hash, password)
        finally:
            with lock:
                seen["running"] -= 1

    monkeypatch.setattr(passwords, "verify", slow_verify)

    async def main():
        loop_thread = threading.current_thread().name
        async with concurrent_client(app_for(tmp_path, site, signin_attempts=50)) as client:
            signing_in = asyncio.ensure_future(burst(client, 12))
            while seen["running"] == 0:
                await asyncio.sleep(0.01)
            health = await client.get("/healthz")
            answered.set()
            return loop_thread, health.status_code, await signing_in

    loop_thread, health, statuses = run_async(main())
    assert health == 200
    assert statuses == [200] * 12
    assert loop_thread not in seen["threads"]
    assert 1 <= seen["most"] <= 4, "hashes run a bounded number at once"


def test_a_disabled_account_costs_one_hash_like_any_other(tmp_path, site, monkeypatch):
    """Answered as slowly as a wrong password, so timing cannot tell disabled accounts apart."""
    checked = []
    real = passwords.verify
    monkeypatch.setattr(passwords, "verify", lambda h, p: checked.append(h) or real(h, p))
    with sqlite3.connect(tmp_path / "web.db") as db:
        db.execute("UPDATE account SET disabled = 1")
        stored = db.execute("SELECT password_hash FROM account").fetchone()[0]
    with running_app(tmp_path, BANKS, database_url=site) as client:
        visitor = Visitor(client)
        sign_in(visitor, EMAIL)
        assert visitor.errors() == [("#email", "Enter the email address and password of your account")]
    assert checked == [stored]
    assert [detail for _actor, detail in audit_rows(tmp_path, "sign_in_failed")] == ['{"reason": "account disabled"}']


def test_a_strangers_guesses_do_not_lock_the_real_person_out_of_their_own_browser(tmp_path, site):
    with running_app(tmp_path, BANKS, database_url=site, signin_attempts=3) as client:
        from litestar.testing import TestClient

        real = Visitor(client)
        sign_in(real, EMAIL)
        assert real.path == "/account"
        real.post("/sign-out", data={})
        stranger = Visitor(TestClient(client.app, base_url="https://testserver.local"))
        for _ in range(5):
            sign_in(stranger, EMAIL, password="a wrong guess here")
        assert stranger.response.status_code == 429
        new_browser = Visitor(TestClient(client.app, base_url="https://testserver.local"))
        sign_in(new_browser, EMAIL)
        assert new_browser.response.status_code == 429, "a browser never signed in on waits out the lock"
        sign_in(real, EMAIL)
        assert real.path == "/account", "the browser they signed in on before is counted apart"
        device = next(c for c in client.cookies.jar if c.name == "survey_device")
        assert device.secure and device.has_nonstandard_attr("HttpOnly") and device.path == "/sign-in"


def test_a_flood_of_refused_sign_ins_adds_a_handful_of_audit_rows(tmp_path, site):
    async def main():
        async with concurrent_client(app_for(tmp_path, site)) as client:
            statuses = await burst(client, 105)
            long_email = "a" * 200_000 + "@example.org"  # under the form limit, far over any address
            token = TOKEN.search((await client.get("/sign-in")).text).group(1)
            too_long = await client.post("/sign-in", data={"email": long_email, "password": "x", "_csrf_token": token})
            return statuses, too_long

    statuses, too_long = run_async(main())
    assert statuses.count(429) >= 100
    refused = [json.loads(detail) for _actor, detail in audit_rows(tmp_path, "sign_in_refused")]
    # Per account: the 1st, 10th and 100th refusal; per address (its limit is 25): the 1st and 10th.
    assert sorted((d["reason"], d["refused_in_window"]) for d in refused) == [
        ("too many attempts from this account", 1), ("too many attempts from this account", 10),
        ("too many attempts from this account", 100), ("too many attempts from this address", 1),
        ("too many attempts from this address", 10),
    ]
    assert too_long.status_code == 200
    assert "Enter an email address of 254 characters or fewer" in too_long.text
    assert "aaaaaaaaaa" not in too_long.text, "what was typed is not echoed back"
    with sqlite3.connect(tmp_path / "web.db") as db:
        assert db.execute("SELECT max(length(actor)) FROM audit_event").fetchone()[0] <= 254


def test_an_email_longer_than_any_address_is_a_form_error_on_postgresql(tmp_path, postgres_schema_url):
    with running_app(tmp_path, BANKS, database_url=postgres_schema_url) as client:
        visitor = Visitor(client)
        sign_in(visitor, "b" * 300 + "@example.org")
        assert visitor.response.status_code == 200
        assert visitor.errors() == [("#email", "Enter an email address of 254 characters or fewer")]
