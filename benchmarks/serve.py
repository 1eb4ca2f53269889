#!/usr/bin/env python3
"""Requests per second and latency for the pages that matter, beside a bare
Litestar "hello world" on the same server settings, driven by wrk on loopback.

    .venv/bin/python benchmarks/serve.py [--connections 32] [--seconds 10] [--database-url postgresql://...]

Needs wrk (apt-get install wrk). Prints a Markdown table and writes it to
benchmarks/results/serve-<date>.md. Targets (issue 11): a question page GET at
least a third of the bare baseline's requests/s, an answer POST at least a fifth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from journey import ANSWERS, ROOT, SAMPLE, TOKEN, free_port  # noqa: E402

LUA = """
wrk.method = "{method}"
wrk.body = [==[{body}]==]
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = [==[{cookie}]==]
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read, summary.errors.timeout))
end
"""


def start(command: list[str], port: int, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    log = open(Path(tempfile.gettempdir()) / f"serve-bench-{port}.log", "w")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{command} did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=10)


def wrk(url: str, connections: int, seconds: int, method: str = "GET", body: str = "", cookie: str = "") -> tuple[float, ...]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA.format(method=method, body=body, cookie=cookie))
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True, text=True,
    )
    os.unlink(script.name)
    line = next((line for line in done.stdout.splitlines() if line.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {url}:\n{done.stdout}\n{done.stderr}")
    rate, p50, p95, p99, errors, timeouts = line.split()[1:]
    return float(rate), float(p50), float(p95), float(p99), int(errors), int(timeouts)


PASSWORD = "benchmark passphrase of four words"


def add_account(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "survey", "user", "add", "bench@example.org", "--role", "worker"],
                   input=PASSWORD + "\n", text=True, env=env, cwd=ROOT, check=True, capture_output=True)


def csrf(base: str, path: str) -> tuple[str, str]:
    """A browser's cookies and form token, from one visit to ``path``."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = TOKEN.search(client.get(path).text).group(1)
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items()), token


def while_running(background, measured):
    """``measured()`` while ``background()`` runs in another thread (started first)."""
    import threading

    thread = threading.Thread(target=background)
    thread.start()
    time.sleep(2)  # let the background load reach its stride before measuring
    try:
        return measured()
    finally:
        thread.join()


def prepare(base: str) -> tuple[str, str]:
    """A respondent who has answered everything: their cookies and form token."""
    with httpx.Client(base_url=base, timeout=60) as client:
        token = TOKEN.search(client.get(f"/s/{SAMPLE}").text).group(1)
        reply = client.post(f"/s/{SAMPLE}/start", data={"_csrf_token": token}, follow_redirects=True)
        while "/q/" in reply.url.path:
            page_id = reply.url.path.rsplit("/", 1)[-1]
            data = {"_csrf_token": token, **({page_id: ANSWERS[page_id]} if page_id in ANSWERS else {})}
            reply = client.post(reply.url.path, data=data, follow_redirects=True)
        assert reply.url.path.endswith("/check"), reply.url
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
    return cookie, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    run = lambda url, **kw: wrk(url, args.connections, args.seconds, **kw)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        bare = start(
            [sys.executable, "-m", "uvicorn", "bare_app:app", "--port", str(port), "--no-server-header", "--proxy-headers", "--log-level", "info"],
            port, dict(os.environ), Path(__file__).parent,
        )
        try:
            baseline = run(f"http://127.0.0.1:{port}/")
        finally:
            stop(bare)
        port = free_port()
        database = args.database_url or f"sqlite:///{tmp}/bench.db"
        # Sign-ins all come from wrk's one address: the limit is raised so that
        # what is measured is hashing, not the throttle.
        env = {**os.environ, "SURVEY_DATA_DIR": tmp, "SURVEY_COOKIE_SECURE": "false", "SURVEY_DATABASE_URL": database,
               "SURVEY_SIGNIN_ATTEMPTS": "1000000"}
        add_account(env)
        app = start([sys.executable, "-m", "survey", "serve", "--port", str(port)], port, env, ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            cookie, token = prepare(base)
            sign_in_cookie, sign_in_token = csrf(base, "/sign-in")
            sign_in = f"email=bench%40example.org&password={PASSWORD.replace(' ', '+')}&next=%2Faccount&_csrf_token={sign_in_token}"
            rows = [
                ("sign-in POST (right password; argon2)", run(f"{base}/sign-in", method="POST", body=sign_in, cookie=sign_in_cookie), None),
                ("health check GET while 8 sign-ins at a time run",
                 while_running(lambda: wrk(f"{base}/sign-in", 8, args.seconds + 4, method="POST", body=sign_in, cookie=sign_in_cookie),
                               lambda: run(f"{base}/healthz")), None),
                ("start page GET", run(f"{base}/s/{SAMPLE}"), None),
                ("question page GET", run(f"{base}/s/{SAMPLE}/q/police_job", cookie=cookie), 1 / 3),
                ("answer POST (save and redirect)",
                 run(f"{base}/s/{SAMPLE}/q/police_job", method="POST", body=f"police_job=good&_csrf_token={token}", cookie=cookie), 1 / 5),
                ("check your answers (37 answers) GET", run(f"{base}/s/{SAMPLE}/check", cookie=cookie), None),
            ]
        finally:
            stop(app)
    where = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    lines = [
        f"# serve.py, {dt.date.today().isoformat()}: {where}, one uvicorn worker, wrk -t2 -c{args.connections} -d{args.seconds}s",
        "",
        "| endpoint | requests/s | ratio to bare | target | p50 ms | p95 ms | p99 ms | errors | over 2 s |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| bare Litestar hello world | {baseline[0]:,.0f} | 1.00 | | {baseline[1]:.1f} | {baseline[2]:.1f} | {baseline[3]:.1f} | {baseline[4]} | {baseline[5]} |",
    ]
    for name, (rate, p50, p95, p99, errors, timeouts), target in rows:
        ratio = rate / baseline[0]
        goal = f"≥ {target:.2f} {'met' if ratio >= target else 'not met'}" if target else ""
        lines.append(f"| {name} | {rate:,.0f} | {ratio:.2f} | {goal} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} | {timeouts} |")
    table = "\n".join(lines) + "\n"
    print(table)
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"serve-{dt.date.today().isoformat()}-{where.lower()}.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
