#!/usr/bin/env python3
"""Export speed and memory: generates N synthetic submitted responses to the
sample survey (with identifying free text and rare combinations), then runs
the anonymised export once per format in a child process, printing rows/s and
peak memory, beside a raw dump of the answers table by SQLite's own shell
(`sqlite3 -csv`, the baseline; apt-get install sqlite3) and by Python.

    .venv/bin/python benchmarks/export.py [--responses 20000] [--database /tmp/export-bench.db]

Targets (issue 8): anonymised CSV at least half the raw dump's rows/s, and
peak memory under 300 MB for every format, at 1,000,000 responses.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def generate(database: Path, count: int) -> None:
    import synthetic
    from survey.questionnaire import load_file
    from survey.storage import close_engine, migrate, open_engine

    questionnaire = load_file(ROOT / "questionnaires" / "london-safety-and-trust.json").questionnaire

    async def main():
        engine = await open_engine(f"sqlite:///{database}")
        try:
            await migrate(engine)
            rng = random.Random(1)
            for start in range(0, count, 5000):
                size = min(5000, count - start)
                many = [synthetic.answers_for(questionnaire, rng, 0.2, fixed=synthetic.londoner(rng)) for _ in range(size)]
                await synthetic.insert(questionnaire, many, meta=[synthetic.how_it_came(rng) for _ in range(size)])
        finally:
            await close_engine(engine)

    asyncio.run(main())


def seal_free_text(database: Path) -> None:
    """Free text sealed as the app stores it (encrypted at rest), under a key
    kept beside the database, so the export pays for opening it."""
    import json

    from survey.questionnaire import load_file
    from survey.storage import sealing

    key_file = database.with_suffix(".key")
    if key_file.exists():
        return
    key = sealing.new_key()
    sealing.configure([key])
    questionnaire = load_file(ROOT / "questionnaires" / "london-safety-and-trust.json").questionnaire
    free_text = [q.id for q in questionnaire.questions() if q.free_text]
    with sqlite3.connect(database) as db:
        rows = db.execute(
            f"SELECT id, value FROM answer WHERE question_id IN ({', '.join('?' * len(free_text))})", free_text
        ).fetchall()
        db.executemany(
            "UPDATE answer SET value = ? WHERE id = ?",
            [(json.dumps(sealing.seal(json.loads(value))), row_id) for row_id, value in rows if not value.startswith('{"sealed"')],
        )
    key_file.write_text(key)


def migrate_and_release(database: Path) -> None:
    """The schema brought up to date, and every free-text answer released as
    a reviewer would, so the export carries (and redacts) all of it."""
    from survey.questionnaire import load_file
    from survey.storage import close_engine, migrate, open_engine

    async def main():
        engine = await open_engine(f"sqlite:///{database}")
        try:
            await migrate(engine)
        finally:
            await close_engine(engine)

    asyncio.run(main())
    questionnaire = load_file(ROOT / "questionnaires" / "london-safety-and-trust.json").questionnaire
    free_text = [q.id for q in questionnaire.questions() if q.free_text]
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO text_review (response, question_id, value, reviewer_id, reviewed_at) "
            "SELECT a.response, a.question_id, '{\"decision\": \"released\", \"text\": null}', NULL, '2026-12-01 00:00:00.000000+00:00' "
            f"FROM answer a WHERE a.question_id IN ({', '.join('?' * len(free_text))}) "
            "AND NOT EXISTS (SELECT 1 FROM text_review t WHERE t.response = a.response AND t.question_id = a.question_id)",
            free_text,
        )


def child_export(database: Path, fmt: str, out: Path) -> None:
    from survey.export.run import Options, export
    from survey.questionnaire import load_file
    from survey.storage import close_engine, open_engine, sealing

    sealing.configure([database.with_suffix(".key").read_text()])

    questionnaire = load_file(ROOT / "questionnaires" / "london-safety-and-trust.json").questionnaire

    async def main():
        engine = await open_engine(f"sqlite:///{database}")
        try:
            await export(questionnaire, out, Options(formats=(fmt,), include_free_text=True), out.with_suffix(".log"))
        finally:
            await close_engine(engine)

    asyncio.run(main())


def child_raw(database: Path, out: Path) -> None:
    with sqlite3.connect(database) as db, out.open("w", newline="") as handle:
        writer = csv.writer(handle)
        for row in db.execute("SELECT * FROM answer"):
            writer.writerow(row)


def measure(args: list[str], command: list[str] | None = None, stdout=None) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one child process.

    The peak is the child's own high-water mark (VmHWM), read as it runs:
    the rusage figure would count the parent's memory, which a forked child
    starts with."""
    started = time.perf_counter()
    process = subprocess.Popen(command or [sys.executable, __file__, *args], cwd=ROOT, stdout=stdout)
    peak = 0
    while process.poll() is None:
        try:
            status = Path(f"/proc/{process.pid}/status").read_text()
            peak = max(peak, int(status.split("VmHWM:")[1].split()[0]))
        except (OSError, IndexError):
            pass
        time.sleep(0.05)
    if process.returncode != 0:
        raise SystemExit(f"child {command or args} failed with status {process.returncode}")
    return time.perf_counter() - started, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--database", type=Path, default=Path(tempfile.gettempdir()) / "export-bench.db")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, database, out = args.child
        if kind == "prepare":
            if out != "0":
                generate(Path(database), int(out))
            seal_free_text(Path(database))
            migrate_and_release(Path(database))
        elif kind == "raw":
            child_raw(Path(database), Path(out))
        else:
            child_export(Path(database), kind, Path(out))
        return
    with sqlite3.connect(args.database) as db:
        try:
            have = db.execute("SELECT count(*) FROM response WHERE status = 'submitted'").fetchone()[0]
        except sqlite3.OperationalError:
            have = 0
    if have != args.responses:
        args.database.unlink(missing_ok=True)
        args.database.with_suffix(".key").unlink(missing_ok=True)
        print(f"generating {args.responses} responses in {args.database} ...", flush=True)
    # In a child, like every measured step: a forked child starts with its
    # parent's resident memory, so the parent stays small.
    subprocess.run([sys.executable, __file__, "--child", "prepare", str(args.database),
                    str(args.responses if have != args.responses else 0)], check=True, cwd=ROOT)
    work = Path(tempfile.mkdtemp())
    rows = []
    # The baseline the issue names: SQLite's own shell dumping the answers table.
    if shutil.which("sqlite3") is None:
        raise SystemExit("the sqlite3 shell is not installed: apt-get install sqlite3")
    with (work / "raw-shell.csv").open("w") as out:
        seconds, memory = measure([], ["sqlite3", "-csv", str(args.database), "SELECT * FROM answer"], stdout=out)
    shell_rate = args.responses / seconds
    rows.append(("raw dump, `sqlite3 -csv` (the baseline)", seconds, shell_rate, memory))
    seconds, memory = measure(["--child", "raw", str(args.database), str(work / "raw.csv")])
    rows.append(("raw dump, Python `sqlite3` and `csv`", seconds, args.responses / seconds, memory))
    for fmt in ("csv", "parquet", "sav"):
        seconds, memory = measure(["--child", fmt, str(args.database), str(work / fmt)])
        rows.append((f"anonymised {fmt}", seconds, args.responses / seconds, memory))
    shutil.rmtree(work)
    print(f"\n{args.responses} responses of the sample survey (37 questions), SQLite\n")
    print("| export | seconds | responses/s | peak memory | ratio to `sqlite3 -csv` | ratio to Python dump |")
    print("|---|---|---|---|---|---|")
    python_rate = rows[1][2]
    for name, seconds, rate, memory in rows:
        print(f"| {name} | {seconds:.1f} | {rate:,.0f} | {memory:.0f} MB | {rate / shell_rate:.2f} | {rate / python_rate:.2f} |")


if __name__ == "__main__":
    main()
