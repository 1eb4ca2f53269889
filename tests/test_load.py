"""Bounded load and fault tests on loopback: 200 respondents at once against two
workers, on SQLite and PostgreSQL; then the server killed mid-load and
restarted. Every acknowledged answer must be there, and no response may mix
two people's answers."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

import httpx

from conftest import FIXTURES, ROOT, LiveServer, free_port, run_async, start_server

RESPONDENTS = 200
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


LOAD_KEY = "q0mDzqz1y2L8mK0l3yqk7p3lG1qzvK7h8n4wXcS9b5I="


def serve(workdir, database_url: str) -> LiveServer:
    port = free_port()
    log = workdir / f"load-{port}.log"
    env = {**os.environ, "SURVEY_DATA_DIR": str(workdir / "data"), "SURVEY_DATABASE_URL": database_url,
           "SURVEY_QUESTIONNAIRES": str(FIXTURES / "banks"),
           # httpx, unlike browsers, sends no Secure cookies to http://127.0.0.1.
           "SURVEY_COOKIE_SECURE": "false",
           # Known here, so the test can open the free text it reads from the database.
           "SURVEY_ENCRYPTION_KEYS": LOAD_KEY}
    process = subprocess.Popen(
        [sys.executable, "-m", "survey", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    kill(server)
    raise RuntimeError(server.output())


def kill(server: LiveServer) -> None:
    """kill -9 the server and its workers, as a crash would."""
    try:
        os.killpg(server.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    server.process.wait(timeout=10)


def plan(i: int, tag: str = "a") -> list[tuple[str, dict]]:
    happened = "yes" if i % 2 == 0 else "no"
    steps = [("happened", {"happened": happened})]
    if happened == "yes":
        steps.append(("details", {"details": f"{tag}-respondent-{i}"}))
    steps += [("rating", {"rating": "good" if i % 3 else "bad"}), ("secret", {"secret": "yes" if i % 5 else "no"})]
    return steps


async def respondent(base: str, i: int, acknowledged: dict, codes: dict, errors: list, stop_after: int | None, tag: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False) as client:
        try:
            page = await client.get("/s/routing")
            if page.status_code != 200:
                errors.append((i, "start page", page.status_code))
                return
            token = TOKEN.search(page.text).group(1)
            started = await client.post("/s/routing/start", data={"_csrf_token": token})
            assert started.status_code == 303, started.status_code
            saved = await client.get("/s/routing/save")
            codes[i] = re.search(r'id="resume-code">([^<]+)<', saved.text).group(1)
            for n, (qid, data) in enumerate(plan(i, tag)):
                if stop_after is not None and n >= stop_after:
                    return
                reply = await client.post(f"/s/routing/q/{qid}", data={**data, "_csrf_token": token})
                if reply.status_code >= 500:
                    errors.append((i, qid, reply.status_code))
                elif reply.status_code == 303:
                    acknowledged.setdefault(i, {}).update(data)
            done = await client.post("/s/routing/check", data={"_csrf_token": token})
            if done.status_code >= 500:
                errors.append((i, "check", done.status_code))
        except httpx.TransportError as exc:
            errors.append((i, "transport", type(exc).__name__))  # expected only when the server is killed


async def crowd(base: str, stop_after=None, tag: str = "a", acknowledged: dict | None = None):
    acknowledged = {} if acknowledged is None else acknowledged
    codes: dict[int, str] = {}
    errors: list = []
    await asyncio.gather(*(respondent(base, i, acknowledged, codes, errors, stop_after, tag) for i in range(RESPONDENTS)))
    return acknowledged, codes, errors


def stored_answers(database_url: str) -> list[dict[str, object]]:
    """Every response's answers, read straight from the database."""
    sql = "SELECT response, question_id, value FROM answer"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            rows = db.execute(sql).fetchall()
    else:
        import asyncpg

        async def fetch():
            connection = await asyncpg.connect(database_url)
            try:
                return [tuple(r) for r in await connection.fetch(sql)]
            finally:
                await connection.close()

        rows = run_async(fetch())
    import json

    from survey.storage import sealing

    sealing.configure([LOAD_KEY])
    by_response: dict[str, dict[str, object]] = {}
    for response, qid, value in rows:
        stored = json.loads(value)
        if qid == "details":
            assert sealing.is_sealed(stored), "free text is stored sealed"
        by_response.setdefault(str(response), {})[qid] = sealing.unseal(stored)
    return list(by_response.values())


def owner_of(answers: dict) -> set[tuple[str, int]]:
    """Which respondents' plans these answers could come from (none, if two were mixed)."""
    owners = set()
    for tag in ("a", "b"):
        for i in range(RESPONDENTS):
            planned = {q: v for _, d in plan(i, tag) for q, v in d.items()}
            if all(planned.get(q) == v for q, v in answers.items()):
                owners.add((tag, i))
    return owners


def test_two_hundred_respondents_at_once(tmp_path, database_url):
    server = serve(tmp_path, database_url)
    try:
        acknowledged, codes, errors = run_async(crowd(server.url))
    finally:
        kill(server)
    assert errors == [], f"{errors[:5]}\n{server.output()[-2000:]}"
    assert len(acknowledged) == RESPONDENTS, server.output()[-3000:]
    stored = stored_answers(database_url)
    assert len(stored) == RESPONDENTS
    for answers in stored:
        assert len(owner_of(answers)) >= 1, f"answers from more than one person: {answers}"
    by_token = {a["details"]: a for a in stored if "details" in a}
    for i, sent in acknowledged.items():
        if "details" in sent:
            assert by_token[sent["details"]] == sent, "every acknowledged answer is saved, unmixed"


def test_a_crash_mid_load_loses_no_acknowledged_answer(tmp_path, database_url):
    server = serve(tmp_path, database_url)
    try:
        acknowledged, codes, _ = run_async(crowd(server.url, stop_after=2))

        later_acknowledged: dict[int, dict] = {}

        async def crash_during_more():
            more = asyncio.ensure_future(crowd(server.url, tag="b", acknowledged=later_acknowledged))
            # Wait on progress, not the clock: however slow the machine, the
            # kill comes once 20 answers are acknowledged. Only a server that
            # acknowledges nothing for two minutes fails the wait.
            seen, last_progress = 0, time.monotonic()
            while (saved := sum(len(a) for a in later_acknowledged.values())) < 20 and not more.done():
                if saved > seen:
                    seen, last_progress = saved, time.monotonic()
                assert time.monotonic() - last_progress < 120, f"no answer acknowledged for two minutes\n{server.output()[-3000:]}"
                await asyncio.sleep(0.05)
            kill(server)  # in the middle of answers being saved
            return await more

        run_async(crash_during_more())
    finally:
        kill(server)
    restarted = serve(tmp_path, database_url)
    try:
        stored = stored_answers(database_url)
        by_token = {a["details"]: a for a in stored if "details" in a}
        for sent in [*acknowledged.values(), *later_acknowledged.values()]:
            if "details" in sent:
                saved = by_token[sent["details"]]
                assert {k: saved[k] for k in sent} == sent, "acknowledged before the crash, kept after it"
        assert later_acknowledged, "the crash came while answers were being saved"
        for answers in stored:
            assert len(owner_of(answers)) >= 1, "a half-sent answer was saved whole or not at all"
        # Each earlier journey resumes with its code on the restarted server.
        async def resume(i: int) -> int:
            async with httpx.AsyncClient(base_url=restarted.url, timeout=30) as client:
                page = await client.get("/s/routing/resume")
                token = TOKEN.search(page.text).group(1)
                reply = await client.post("/s/routing/resume", data={"code": codes[i], "_csrf_token": token})
                return reply.status_code

        statuses = run_async(_gather(resume, list(codes)[:10]))
        assert set(statuses) == {303}
    finally:
        kill(restarted)


async def _gather(function, items):
    return await asyncio.gather(*(function(i) for i in items))


def test_the_database_going_away_loses_nothing_and_the_app_recovers(tmp_path, banks_dir):
    """The database becomes unreachable under a running server, then comes back:
    pages say sorry (no traceback), nothing half-saved, and no restart needed."""
    folder = tmp_path / "db"
    folder.mkdir()
    server = start_server(
        tmp_path, database_url=f"sqlite:///{folder}/survey.db", questionnaires=banks_dir,
        extra_env={"SURVEY_COOKIE_SECURE": "false"},  # httpx sends no Secure cookies to http://127.0.0.1
    )
    try:
        with httpx.Client(base_url=server.url, follow_redirects=False, timeout=30) as client:
            token = TOKEN.search(client.get("/s/routing").text).group(1)
            assert client.post("/s/routing/start", data={"_csrf_token": token}).status_code == 303
            assert client.post("/s/routing/q/happened", data={"happened": "no", "_csrf_token": token}).status_code == 303
            # Gone: the folder moves away and a plain file takes its name, so
            # SQLite cannot even create a new, empty database there.
            folder.rename(tmp_path / "db-away")
            folder.write_text("not a folder")
            page = client.get("/s/routing/q/rating")
            assert page.status_code == 500
            assert "Sorry, there is a problem with the service" in page.text and "Traceback" not in page.text
            lost = client.post("/s/routing/q/rating", data={"rating": "good", "_csrf_token": token})
            assert lost.status_code == 500
            # Back, without restarting the server.
            folder.unlink()
            (tmp_path / "db-away").rename(folder)
            page = client.get("/s/routing/q/rating")
            assert page.status_code == 200, server.output()
            assert 'value="good" checked' not in page.text  # the failed answer was not half-saved
            assert client.post("/s/routing/q/rating", data={"rating": "good", "_csrf_token": token}).status_code == 303
            check = client.get("/s/routing/q/happened")
            assert 'value="no" checked' in check.text  # the answer from before the outage is still there
    finally:
        server.stop()
