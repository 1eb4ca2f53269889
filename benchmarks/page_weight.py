#!/usr/bin/env python3
"""Page weight: bytes transferred and requests for each kind of page, loaded in
Debian's Chromium from a fresh cache, against the budget (a question page at
most 40 KB in all and 5 requests; BSL video is never loaded until played).

    .venv/bin/python benchmarks/page_weight.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from catalogue import STATES  # noqa: E402
from conftest import FIXTURES, SAMPLE_DIR, start_server  # noqa: E402

BUDGET_BYTES = 40 * 1024
BUDGET_REQUESTS = 5
PAGES = ["start", "single_choice", "long_text", "select", "date-error", "check-answers", "confirmation", "bsl-radios", "easy-read-radios"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        banks = Path(tmp) / "banks"
        banks.mkdir()
        import shutil

        for source in [SAMPLE_DIR / "london-safety-and-trust.json", *sorted((FIXTURES / "banks").glob("*.json")),
                       FIXTURES / "long-list" / "long-list.json"]:
            shutil.copy(source, banks)
        for media in [SAMPLE_DIR / "media", FIXTURES / "banks" / "media"]:
            shutil.copytree(media, banks / "media", dirs_exist_ok=True)
        server = start_server(Path(tmp), questionnaires=banks)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                print(f"| page | requests | bytes transferred | within budget ({BUDGET_BYTES // 1024} KB, {BUDGET_REQUESTS} requests) |")
                print("|---|---|---|---|")
                for state in [s for s in STATES if s.name in PAGES]:
                    context = browser.new_context()
                    page = context.new_page()
                    state.reach(page, server.url)
                    # Load the page again as a first visit would: same session, empty cache.
                    sizes: list[int] = []
                    page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
                    page.route("**/*", lambda route: route.continue_(headers={**route.request.headers, "cache-control": "no-cache"}))
                    page.reload()
                    page.wait_for_load_state("networkidle")
                    total = sum(sizes)
                    ok = total <= BUDGET_BYTES and len(sizes) <= BUDGET_REQUESTS
                    print(f"| {state.name} | {len(sizes)} | {total / 1024:.1f} KB | {'yes' if ok else 'NO'} |")
                    context.close()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
