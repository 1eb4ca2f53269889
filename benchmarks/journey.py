#!/usr/bin/env python3
"""Whole journeys per second: N simulated respondents at a time each complete
the sample survey over HTTP (start, every question, check, send) against a
real server on loopback. Prints journeys/s and per-journey p50 and p95.

    .venv/bin/python benchmarks/journey.py [--concurrency 10] [--journeys 200] [--workers 1]
        [--database-url sqlite:////tmp/bench.db | postgresql://...]

For scale: the ONS survey runner, on this kind of machine, completed about 7
short journeys a second at 10 concurrent users.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "london-safety-and-trust"
TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
ANSWERS = {
    "police_job": "good", "relied_on": "tend_to_agree", "treat_fairly": "tend_to_agree", "listen_concerns": "neither",
    "trust_met": "tend_to_agree", "safe_day": "very_safe", "safe_dark": "fairly_safe", "hate_in_person": "yes",
    "hate_online": "no", "hate_strands": "disability", "hate_times": "2", "hate_reported": "no_one",
    "not_reported_why": "I did not think it would help.", "long_term_condition": "yes", "condition_reduces_ability": "yes_a_lot",
    "wg_seeing": "no_difficulty", "wg_hearing": "cannot_do", "wg_walking": "no_difficulty", "wg_remembering": "no_difficulty",
    "wg_self_care": "no_difficulty", "wg_communicating": "some_difficulty", "age_band": "35_44", "sex": "female",
    "gender_same_as_sex": "yes", "sexual_orientation": "prefer_not_to_say", "ethnic_group": "black", "ethnic_black": "caribbean",
    "religion": "christian", "borough": "hackney", "main_language": "english", "bsl_first_language": "yes",
}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def journey(base: str) -> tuple[float, int]:
    began = time.perf_counter()
    requests = 0
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        page = await client.get(f"/s/{SAMPLE}")
        token = TOKEN.search(page.text).group(1)
        reply = await client.post(f"/s/{SAMPLE}/start", data={"_csrf_token": token}, follow_redirects=True)
        requests += 3
        while "/q/" in reply.url.path:
            page_id = reply.url.path.rsplit("/", 1)[-1]
            data = {"_csrf_token": token}
            if page_id in ANSWERS:
                data[page_id] = ANSWERS[page_id]
            reply = await client.post(reply.url.path, data=data, follow_redirects=True)
            requests += 2
        assert reply.url.path.endswith("/check"), reply.url
        done = await client.post(f"/s/{SAMPLE}/check", data={"_csrf_token": token}, follow_redirects=True)
        requests += 2
        assert done.url.path.endswith("/done")
    return time.perf_counter() - began, requests


async def run(base: str, concurrency: int, journeys: int) -> None:
    semaphore = asyncio.Semaphore(concurrency)

    async def one() -> tuple[float, int]:
        async with semaphore:
            return await journey(base)

    began = time.perf_counter()
    results = await asyncio.gather(*(one() for _ in range(journeys)))
    elapsed = time.perf_counter() - began
    times = sorted(t for t, _ in results)
    requests = sum(r for _, r in results)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{journeys} journeys, {concurrency} at a time: {journeys / elapsed:.1f} journeys/s, "
          f"{requests / elapsed:.0f} requests/s; per journey p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "SURVEY_DATA_DIR": tmp, "SURVEY_COOKIE_SECURE": "false",
               "SURVEY_DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.db"}
        server = subprocess.Popen(
            [sys.executable, "-m", "survey", "serve", "--port", str(port), "--workers", str(args.workers)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            print(f"database: {env['SURVEY_DATABASE_URL'].split('@')[-1]}, workers: {args.workers}")
            asyncio.run(run(f"http://127.0.0.1:{port}", args.concurrency, args.journeys))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
