"""Shared fixtures: real servers, real databases, Debian's Chromium, axe-core."""

from __future__ import annotations

import asyncio
import csv
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "questionnaires"
SAMPLE_ID = "london-safety-and-trust"
FIXTURES = Path(__file__).parent / "fixtures"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_configure(config):
    # Commands the tests run, and apps they start without a folder of their
    # own, keep their database, keys and videos in a temporary folder, never
    # in the checkout's data/: the app scripts/run starts must not pick up
    # keys a test made.
    os.environ["SURVEY_DATA_DIR"] = tempfile.mkdtemp(prefix="survey-tests-")


@pytest.fixture(autouse=True)
def sealing_key():
    """Storage tests seal free text and drafts as the app does: with a key
    (an app made in a test configures its own)."""
    from survey.storage import sealing

    sealing.configure([sealing.new_key()])


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_server(
    workdir: Path,
    database_url: str | None = None,
    questionnaires: Path = SAMPLE_DIR,
    extra_env: dict[str, str] | None = None,
) -> LiveServer:
    port = free_port()
    log = workdir / f"server-{port}.log"
    env = {
        **os.environ,
        "SURVEY_DATA_DIR": str(workdir / "data"),
        "SURVEY_DATABASE_URL": database_url or f"sqlite:///{workdir}/survey.db",
        "SURVEY_QUESTIONNAIRES": str(questionnaires),
        **(extra_env or {}),
    }
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "survey", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{server.output()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"server did not start in 30 s:\n{server.output()}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("live"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def banks_dir(tmp_path_factory) -> Path:
    """The sample bank and the fixture banks (and the long lists of the select
    type, and a survey only a sample may answer), in one folder."""
    folder = tmp_path_factory.mktemp("banks")
    banks = [SAMPLE_DIR / "london-safety-and-trust.json", *sorted((FIXTURES / "banks").glob("*.json"))]
    for source in [*banks, FIXTURES / "long-list" / "long-list.json", FIXTURES / "sampled" / "sampled-only.json"]:
        shutil.copy(source, folder)
    for media in [SAMPLE_DIR / "media", FIXTURES / "banks" / "media"]:
        shutil.copytree(media, folder / "media", dirs_exist_ok=True)
    # The sample's own translations, so its Welsh, Arabic and Urdu pages are wholly in that language.
    shutil.copytree(SAMPLE_DIR / "translations", folder / "translations")
    return folder


@pytest.fixture(scope="session")
def catalogue_server(tmp_path_factory, banks_dir):
    import catalogue
    from catalogue import STAFF
    from staff import add_user

    from staff import publish_results
    from synthetic import seed
    from survey.questionnaire import load_file

    work = tmp_path_factory.mktemp("catalogue")
    database = f"sqlite:///{work}/survey.db"
    # Public results need answers to show, some of them in groups small enough to hide.
    seed(database, load_file(banks_dir / "london-safety-and-trust.json").questionnaire, 150)
    publish_results(database, "london-safety-and-trust", banks_dir)
    sample_waves(database, work, banks_dir)
    server = start_server(work, questionnaires=banks_dir)
    add_user(database, STAFF["worker"], "worker", organisation="Deaf Futures")
    add_user(database, STAFF["admin"], "admin", "worker")
    add_user(database, STAFF["analyst"], "analyst")
    add_user(database, STAFF["supervisor"], "supervisor", organisation="Deaf Futures")
    with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
        db.execute(
            "UPDATE sample_case SET assigned_to = (SELECT id FROM account WHERE email = ?) "
            "WHERE reference = ? AND sample IN (SELECT id FROM sample WHERE questionnaire_id = ?)",
            (STAFF["worker"], catalogue.FIELDWORK_CASE, catalogue.SAMPLE),
        )
    yield server
    server.stop()


def sample_waves(database: str, work: Path, banks_dir: Path) -> None:
    """A small wave for each bank the catalogue shows sampled, its codes kept for
    the states that type them, and one case marked as sent already."""
    import catalogue
    from staff import cli_env

    env = cli_env(database, SURVEY_QUESTIONNAIRES=str(banks_dir))
    for bank, access in catalogue.SAMPLED.items():
        wave = work / f"{bank}-wave.csv"
        rows = "".join(f"{ref},{n} Lane,SE1 4PU,Camden,0.01\n" for n, ref in enumerate(catalogue.SAMPLE_CASES))
        wave.write_text("reference,address_line_1,postcode,borough,probability\n" + rows, encoding="utf-8")
        codes = work / f"{bank}-codes.csv"
        for command in (["import", bank, str(wave)], ["access", bank, access], ["codes", bank, "--out", str(codes)]):
            done = subprocess.run([sys.executable, "-m", "survey", "sample", *command], cwd=ROOT, env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
        with codes.open(newline="", encoding="utf-8") as handle:
            catalogue.ACCESS_CODES[bank] = {row["reference"]: row["access_code"] for row in csv.DictReader(handle)}
    with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE sample_case SET disposition = '1.1' WHERE reference = 'USED'")
    answered_from_the_sample(database, work, env, catalogue.SAMPLE)


def answered_from_the_sample(database: str, work: Path, env: dict[str, str], bank: str) -> None:
    """The bank's sent responses came through a wave of its sample (three
    boroughs, two rates of selection), so its results pages show figures from
    the sample, weighted by design, as a sampled survey's do."""
    boroughs = ("Camden", "Hackney", "Sutton")
    with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
        sent = [row[0] for row in db.execute(
            "SELECT id FROM response WHERE questionnaire_id = ? AND status = 'submitted' ORDER BY id", (bank,))]
    wave = work / f"{bank}-answered.csv"
    wave.write_text("reference,address_line_1,postcode,borough,probability\n" + "".join(
        f"S{n:04d},{n} Road,E1 6AN,{boroughs[n % 3]},{0.005 if n % 3 == 2 else 0.01}\n" for n in range(len(sent))), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "survey", "sample", "import", bank, str(wave)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(database.removeprefix("sqlite:///")) as db:
        cases = [row[0] for row in db.execute(
            "SELECT c.id FROM sample_case c JOIN sample s ON s.id = c.sample "
            "WHERE s.questionnaire_id = ? AND c.reference LIKE 'S%' ORDER BY c.reference", (bank,))]
        for response_id, case_id in zip(sent, cases):
            db.execute("UPDATE sample_case SET response_id = ?, disposition = '1.1' WHERE id = ?", (response_id, case_id))
            db.execute("UPDATE response SET route = 'sample' WHERE id = ?", (response_id,))


@pytest.fixture
def postgres_url() -> str:
    url = os.environ.get("SURVEY_TEST_POSTGRES_URL", "")
    if not url.startswith("postgresql://"):
        pytest.fail(
            f"SURVEY_TEST_POSTGRES_URL is {url!r}, not a postgresql:// URL: "
            "run the suite with scripts/test, which starts PostgreSQL"
        )
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """Each database the app runs on: a SQLite file, then a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/test.db"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def database(database_url) -> str:
    """A database of each kind the app runs on, by its URL."""
    return database_url


def on_engine(url: str, work):
    """``work()`` (a coroutine function) on the database at ``url``, opened and closed around it."""
    from survey.storage import close_engine, open_engine

    async def main():
        engine = await open_engine(url)
        try:
            return await work()
        finally:
            await close_engine(engine)

    return run_async(main())


def run_async(coroutine):
    """Run a coroutine to its end on a thread and event loop of its own.

    Playwright's sync API keeps an event loop running on the main thread for
    the whole session, so async code in tests cannot use that thread's loop.
    """
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture
def postgres_schema_url(postgres_url) -> Iterator[str]:
    """A URL whose tables live in a fresh PostgreSQL schema, dropped afterwards."""
    import secrets

    import asyncpg

    schema = f"t_{secrets.token_hex(6)}"

    async def execute(sql: str) -> None:
        connection = await asyncpg.connect(postgres_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    run_async(execute(f"CREATE SCHEMA {schema}"))
    yield f"{postgres_url}?search_path={schema}"
    run_async(execute(f"DROP SCHEMA {schema} CASCADE"))


def assert_accessible(page, label: str = "") -> None:
    """axe-core with WCAG 2.2 AA tags: zero violations, named by rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"axe found {len(violations)} violation(s) on {label or page.url}:"]
        for violation in violations:
            targets = [", ".join(node["target"]) for node in violation["nodes"]]
            lines.append(f"- {violation['id']}: {violation['help']} -> {targets}")
        pytest.fail("\n".join(lines))


def opened_file(path: Path) -> bytes:
    """A whole sealed file, opened chunk by chunk as the app stores it."""
    from survey.storage import sealing

    with path.open("rb") as handle:
        assert handle.read(len(sealing.FILE_MAGIC)) == sealing.FILE_MAGIC, f"{path.name} is not a sealed file"
        out = bytearray()
        while size := handle.read(4):
            out += sealing.open_chunk(handle.read(int.from_bytes(size, "big")))
        return bytes(out)
