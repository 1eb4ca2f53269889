#!/usr/bin/env python3
"""Export speed and memory: generates N synthetic submitted responses to the
sample survey (with identifying free text and rare combinations), then runs
the anonymised export once per format in a child process, printing rows/s and
peak memory, beside a raw dump of the answers table as the baseline.

    .venv/bin/python benchmarks/export.py [--responses 20000] [--database /tmp/export-bench.db]

Targets (issue 8): anonymised CSV at least half the raw dump's rows/s, and
peak memory under 300 MB for every format, at 1,000,000 responses.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
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
                await synthetic.insert(questionnaire, [synthetic.answers_for(questionnaire, rng, 0.2) for _ in range(min(5000, count - start))])
        finally:
            await close_engine(engine)

    asyncio.run(main())


def child_export(database: Path, fmt: str, out: Path) -> None:
    from survey.export.run import Options, export
    from survey.questionnaire import load_file
    from survey.storage import close_engine, open_engine

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


def measure(args: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, *args], cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"child {args} failed with status {status}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--database", type=Path, default=Path(tempfile.gettempdir()) / "export-bench.db")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, database, out = args.child
        child_raw(Path(database), Path(out)) if kind == "raw" else child_export(Path(database), kind, Path(out))
        return
    with sqlite3.connect(args.database) as db:
        try:
            have = db.execute("SELECT count(*) FROM response WHERE status = 'submitted'").fetchone()[0]
        except sqlite3.OperationalError:
            have = 0
    if have != args.responses:
        args.database.unlink(missing_ok=True)
        print(f"generating {args.responses} responses in {args.database} ...", flush=True)
        generate(args.database, args.responses)
    work = Path(tempfile.mkdtemp())
    rows = []
    seconds, memory = measure(["--child", "raw", str(args.database), str(work / "raw.csv")])
    raw_rate = args.responses / seconds
    rows.append(("raw dump of the answers table", seconds, raw_rate, memory, 1.0))
    for fmt in ("csv", "parquet", "sav"):
        seconds, memory = measure(["--child", fmt, str(args.database), str(work / fmt)])
        rate = args.responses / seconds
        rows.append((f"anonymised {fmt}", seconds, rate, memory, rate / raw_rate))
    print(f"\n{args.responses} responses of the sample survey (37 questions), SQLite\n")
    print("| export | seconds | responses/s | peak memory | ratio to raw dump |")
    print("|---|---|---|---|---|")
    for name, seconds, rate, memory, ratio in rows:
        print(f"| {name} | {seconds:.1f} | {rate:,.0f} | {memory:.0f} MB | {ratio:.2f} |")


if __name__ == "__main__":
    main()
