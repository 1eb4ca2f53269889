#!/usr/bin/env python3
"""Server CPU time per request for the hot pages, read from the server's own
/proc entry: steadier than requests/s on a busy 2-core machine, where the
load generator and the neighbours share the cores. One uvicorn process on
SQLite; the sample survey is walked once, then a question page GET, an answer
POST and check your answers (37 answers) are each repeated.

    .venv/bin/python benchmarks/page_cpu.py [--tree PATH]

``--tree`` runs another checkout's code (its src/ and questionnaires/) with
this environment, to compare before and after a change.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from journey import ANSWERS, ROOT, SAMPLE, TOKEN, free_port  # noqa: E402



def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=ROOT)
    tree = parser.parse_args().tree.resolve()
    tmp = tempfile.mkdtemp()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "SURVEY_DATA_DIR": tmp, "SURVEY_COOKIE_SECURE": "false",
           "SURVEY_DATABASE_URL": f"sqlite:///{tmp}/s.db", "SURVEY_QUESTIONNAIRES": str(tree / "questionnaires")}
    proc = subprocess.Popen([sys.executable, "-m", "survey", "serve", "--port", str(port)], cwd=tree, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health")
            break
        except OSError:
            time.sleep(0.1)

    def cpu() -> float:
        """The server's user and system CPU seconds so far (fields 14 and 15 of /proc/PID/stat)."""
        fields = Path(f"/proc/{proc.pid}/stat").read_text().split(")")[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    with httpx.Client(base_url=base, timeout=60) as c:
        token = TOKEN.search(c.get(f"/s/{SAMPLE}").text).group(1)
        r = c.post(f"/s/{SAMPLE}/start", data={"_csrf_token": token}, follow_redirects=True)
        while "/check" not in str(r.url):
            qid = str(r.url).rsplit("/", 1)[1]
            data = {"_csrf_token": token}
            if qid in ANSWERS: data[qid] = ANSWERS[qid]
            r = c.post(str(r.url), data=data, follow_redirects=True)
        results = {}
        for name, call, n in [
            ("question page GET", lambda: c.get(f"/s/{SAMPLE}/q/safe_dark"), 400),
            ("answer POST", lambda: c.post(f"/s/{SAMPLE}/q/safe_dark", data={"_csrf_token": token, "safe_dark": "fairly_safe"}), 400),
            ("check your answers GET", lambda: c.get(f"/s/{SAMPLE}/check"), 150),
        ]:
            for _ in range(20): call()
            before = cpu()
            for _ in range(n): assert call().status_code in (200, 303)
            results[name] = (cpu() - before) / n * 1000
        print(f"CPU ms per request ({tree}): " + " | ".join(f"{k} {v:.2f}" for k, v in results.items()))
    proc.terminate()


if __name__ == "__main__":
    main()
