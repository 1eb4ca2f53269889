#!/usr/bin/env python3
"""The public results' open-data bundle (every table of the sample survey,
overall, by each breakdown and by each pair, with disclosure control): how
long reading the answers (counting) and building the bundle take at several
numbers of responses, each in a fresh process, and how that grows.

    .venv/bin/python benchmarks/opendata.py [--responses 100 10000 100000] [--folder /tmp/opendata-bench]

The build must not grow with the number of responses beyond counting them
(issue 17): the tables are the same size however many answered, and with
more answers fewer cells are small enough to hide, so there is less to check.
Databases are kept in the folder and reused on later runs.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
BANK = ROOT / "questionnaires" / "london-safety-and-trust.json"


def generate(database: Path, count: int) -> None:
    import synthetic
    from survey.questionnaire import load_file
    from survey.storage import close_engine, migrate, open_engine

    questionnaire = load_file(BANK).questionnaire

    async def main():
        engine = await open_engine(f"sqlite:///{database}")
        try:
            await migrate(engine)
            rng = random.Random(1)
            for start in range(0, count, 5000):
                await synthetic.insert(questionnaire, [synthetic.answers_for(questionnaire, rng) for _ in range(min(5000, count - start))])
        finally:
            await close_engine(engine)

    asyncio.run(main())


def measure(database: Path, results: multiprocessing.Queue) -> None:
    """In a fresh process: read the answers, then build the bundle as the app does."""
    from survey.services import i18n
    from survey.questionnaire import load_file
    from survey.results import opendata
    from survey.results.reading import read
    from survey.storage import close_engine, migrate, open_engine

    questionnaire = load_file(BANK).questionnaire
    i18n.load_catalogues()

    async def counted():
        engine = await open_engine(f"sqlite:///{database}")
        try:
            await migrate(engine)
            return await read(questionnaire)
        finally:
            await close_engine(engine)

    started = time.perf_counter()
    dataset = asyncio.run(counted())
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    content, hidden = opendata.build(questionnaire, dataset, "en", {})
    build_seconds = time.perf_counter() - started
    cells = sum(int(mask.size) for mask in hidden.values())
    shut = sum(int(mask.sum()) for mask in hidden.values())
    results.put((dataset.size, read_seconds, build_seconds, len(hidden), shut, cells, len(content)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, nargs="+", default=[100, 10_000, 100_000])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/opendata-bench"))
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    rows = []
    context = multiprocessing.get_context("spawn")
    for count in args.responses:
        database = args.folder / f"responses-{count}.db"
        if not database.exists():
            print(f"generating {count:,} responses...", flush=True)
            generate(database, count)
        queue = context.Queue()
        child = context.Process(target=measure, args=(database, queue))
        child.start()
        rows.append(queue.get())
        child.join()
    print()
    print("| responses | reading (counting) | building the bundle | tables | cells hidden | bundle |")
    print("|---|---|---|---|---|---|")
    for size, read_s, build_s, tables, shut, cells, length in rows:
        print(f"| {size:,} | {read_s:.2f} s | {build_s:.1f} s | {tables} | {shut:,} of {cells:,} | {length / 1024:.0f} KB |")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print()
        print(f"From {first[0]:,} to {last[0]:,} responses ({last[0] / first[0]:,.0f} times as many): "
              f"reading took {last[1] / first[1]:.1f} times as long, building {last[2] / first[2]:.2f} times.")


if __name__ == "__main__":
    main()
