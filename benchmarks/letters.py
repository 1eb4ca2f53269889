#!/usr/bin/env python3
"""Letters per second: a wave of N sampled cases (default 1,000) written as
``survey letters`` writes them, HTML and tagged PDF (WeasyPrint, PDF/UA-1),
timed apart, in this process, with no database (the cases are made here).

    .venv/bin/python benchmarks/letters.py [--cases 1000] [--variant standard|large-print|easy-read]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from survey.questionnaire import load_file  # noqa: E402
from survey.services import i18n  # noqa: E402
from survey.settings import STATIC_DIR  # noqa: E402
from survey.storage.samples import CaseRecord  # noqa: E402
from survey.web.assets import Assets  # noqa: E402
from survey.web.letters import recipients_of, render  # noqa: E402
from survey.web.media import MediaLibrary  # noqa: E402
from survey.web.templating import create_environment  # noqa: E402

FORMAT_NEED = {"standard": None, "large-print": "large_print", "easy-read": "easy_read"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--variant", choices=sorted(FORMAT_NEED), default="standard")
    args = parser.parse_args()
    from weasyprint import HTML

    questionnaire = load_file(ROOT / "questionnaires" / "london-safety-and-trust.json").questionnaire
    i18n.load_catalogues()
    i18n.activate("en")
    env = create_environment(Assets(STATIC_DIR), MediaLibrary(ROOT / "questionnaires"))
    cases = [
        (CaseRecord(uuid.uuid4(), questionnaire.id, 1, f"B{n:06d}", "camden", "camden", 0.01, None, FORMAT_NEED[args.variant], None, None),
         {"address_line_1": f"Flat {n % 40 + 1}", "address_line_2": f"{n} Long Lane", "address_line_3": "", "town": "London",
          "postcode": "NW1 2AB"})
        for n in range(args.cases)
    ]
    started = time.perf_counter()
    recipients = recipients_of("benchmark secret", cases)
    html = render(env, questionnaire, "invitation", args.variant, recipients, "https://survey.example.org", dt.date.today())
    rendered = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "letters.pdf"
        HTML(string=html).write_pdf(target, pdf_variant="pdf/ua-1")
        finished = time.perf_counter()
        size = target.stat().st_size
    print(f"{args.cases} {args.variant} letters")
    print(f"  codes and HTML (QR codes included): {rendered - started:.2f} s, {args.cases / (rendered - started):,.0f} letters/s, "
          f"{len(html.encode()) / 1024 ** 2:.1f} MB")
    print(f"  tagged PDF: {finished - rendered:.2f} s, {args.cases / (finished - rendered):,.0f} letters/s, {size / 1024 ** 2:.1f} MB")
    print(f"  altogether: {args.cases / (finished - started):,.0f} letters/s")


if __name__ == "__main__":
    main()
