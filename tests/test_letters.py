"""Letters for a sampled wave, as ``survey letters`` writes them: one file per
language and format; tagged PDFs whose text reads in order; QR codes that a
real reader (zbar, from a Chromium screenshot) decodes to the right address;
HTML that passes vnu and axe; reminders only for cases that may still answer;
and a run killed part-way leaving no half file under a finished name."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, SAMPLE_DIR, SAMPLE_ID, assert_accessible
from staff import cli_env
from test_accessibility import html_checker  # noqa: F401 (the fixture)

PUBLIC = "https://survey.example.org"
ROWS = [
    ("A1", "Flat 3", "12 Long Lane", "SE1 4PU", "Southwark", "", ""),
    ("A2", "4 Mill Road", "", "E1 6AN", "Tower Hamlets", "cy", ""),
    ("A3", "7 High Street", "", "N1 1AA", "Islington", "ar", ""),
    ("A4", "2 Park Row", "", "SW1A 1AA", "Westminster", "", "large_print"),
    ("A5", "9 Green Way", "", "W1A 1AA", "Westminster", "", "easy_read"),
    ("A6", "1 Oak Close", "", "NW1 2AB", "Camden", "", "braille"),
    ("A7", "5 Elm Road", "", "NW1 2AB", "Camden", "", "bsl"),
]


def survey(database: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = cli_env(database, SURVEY_QUESTIONNAIRES=str(SAMPLE_DIR), SURVEY_PUBLIC_URL=PUBLIC)
    done = subprocess.run([sys.executable, "-m", "survey", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def wave(tmp_path: Path, rows=ROWS) -> str:
    database = f"sqlite:///{tmp_path}/letters.db"
    path = tmp_path / "wave.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["reference", "address_line_1", "address_line_2", "postcode", "borough", "language", "format", "probability"])
        writer.writerows([*row, "0.01"] for row in rows)
    survey(database, "sample", "import", SAMPLE_ID, str(path))
    return database


def codes(database: str, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "codes.csv"
    survey(database, "sample", "codes", SAMPLE_ID, "--out", str(out))
    with out.open(newline="", encoding="utf-8") as handle:
        return {row["reference"]: row["access_code"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("letters")
    database = wave(tmp)
    done = survey(database, "letters", SAMPLE_ID, "--wave", "1", "--out", str(tmp / "out"))
    return tmp, database, done, codes(database, tmp)


def name(language: str, variant: str, extension: str, kind: str = "invitation") -> str:
    return f"{SAMPLE_ID}-wave-1-{kind}-{language}-{variant}.{extension}"


def test_one_file_per_language_and_format(written):
    tmp, _, done, _ = written
    assert sorted(p.name for p in (tmp / "out").iterdir()) == sorted([
        name("ar", "standard", "html"), name("ar", "standard", "pdf"), name("cy", "standard", "html"), name("cy", "standard", "pdf"),
        name("en", "braille-ready", "txt"), name("en", "easy-read", "html"), name("en", "easy-read", "pdf"),
        name("en", "large-print", "html"), name("en", "large-print", "pdf"), name("en", "standard", "html"), name("en", "standard", "pdf"),
    ])
    assert f"wrote {tmp / 'out' / name('en', 'standard', 'pdf')} (2 letters)" in done.stdout.splitlines()
    arabic = (tmp / "out" / name("ar", "standard", "html")).read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in arabic and "أخبرنا من فضلك بمدى شعورك بالأمان في لندن" in arabic
    welsh = (tmp / "out" / name("cy", "standard", "html")).read_text(encoding="utf-8")
    assert "Sut i gymryd rhan" in welsh and "Dywedwch wrthym pa mor ddiogel" in welsh
    assert "We want to know if you feel <strong>safe</strong>" in (tmp / "out" / name("en", "easy-read", "html")).read_text()
    assert "font-size: 18pt" in (tmp / "out" / name("en", "large-print", "html")).read_text()
    assert oct((tmp / "out" / name("en", "standard", "pdf")).stat().st_mode & 0o777) == "0o600"


def test_braille_ready_text_is_plain_words_with_the_code_spaced(written):
    tmp, _, _, found = written
    text = (tmp / "out" / name("en", "braille-ready", "txt")).read_text(encoding="utf-8")
    assert "<" not in text and "QR" not in text
    assert f"Enter your access code: {found['A6'].replace('-', ' ')}" in text
    assert "Go to survey.example.org/s/london-safety-and-trust/code" in text


def test_the_pdf_is_tagged_in_its_language_and_its_text_reads_in_order(written):
    tmp, _, _, found = written
    reader = PdfReader(tmp / "out" / name("en", "standard", "pdf"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
    text = "\n".join(page.extract_text() for page in reader.pages)
    title = "Please tell us how safe you feel in London"
    assert text.count(title) == 2  # two letters, each starting on a new page
    assert reader.pages[0].extract_text().find(title) >= 0
    first = text[: text.index(title, text.index(title) + 1)]
    order = ["Please tell us how safe you feel in London", "We picked your home by chance", "How to take part",
             found["A1"].replace("-", " "), "Help, and this letter in another format", "Sam Patel, Research Manager"]
    positions = [first.find(words) for words in order]
    assert -1 not in positions and positions == sorted(positions), list(zip(order, positions))
    assert PdfReader(tmp / "out" / name("ar", "standard", "pdf")).trailer["/Root"]["/Lang"] == "ar"


def decode_qr_codes(page) -> list[str]:
    decoded = []
    for n, element in enumerate(page.locator("article").first.locator("svg[aria-label^='QR code']").all()):
        shot = Path(page.context.tmp_dir) / f"qr-{n}.png"
        element.screenshot(path=str(shot))
        read = subprocess.run(["zbarimg", "--raw", "-q", str(shot)], capture_output=True, text=True)
        assert read.returncode == 0, f"zbar could not read QR code {n}: {read.stderr}"
        decoded.append(read.stdout.strip())
    return decoded


@pytest.mark.browser
def test_the_qr_codes_decode_to_the_survey_with_the_code_and_to_bsl(written, browser, tmp_path):
    tmp, _, _, found = written
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    context.tmp_dir = tmp_path
    page = context.new_page()
    page.goto((tmp / "out" / name("en", "standard", "html")).as_uri())
    assert decode_qr_codes(page) == [
        f"{PUBLIC}/s/{SAMPLE_ID}/code?code={found['A1'].replace('-', '')}",
        f"{PUBLIC}/s/{SAMPLE_ID}?format=bsl",
    ]
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("variant", [("en", "standard"), ("ar", "standard"), ("en", "easy-read"), ("en", "large-print")])
def test_the_html_letters_pass_vnu_and_axe(written, browser, html_checker, variant):  # noqa: F811
    tmp, _, _, _ = written
    path = tmp / "out" / name(*variant, "html")
    errors = [m for m in html_checker(path.read_text(encoding="utf-8")) if m["type"] == "error"]
    assert not errors, errors[:3]
    page = browser.new_page()
    page.goto(path.as_uri())
    assert_accessible(page, path.name)
    page.close()


def test_reminders_go_only_to_cases_that_may_still_answer(tmp_path):
    database = wave(tmp_path)
    survey(database, "sample", "record", SAMPLE_ID, "A2", "2.11", "--wave", "1", "--how", "refused on the doorstep")
    survey(database, "sample", "record", SAMPLE_ID, "A3", "4.60", "--wave", "1", "--how", "letter returned: empty")
    with sqlite3.connect(f"{tmp_path}/letters.db") as db:  # as the survey marks a case whose answers were sent
        db.execute("UPDATE sample_case SET disposition = '1.1' WHERE reference = 'A4'")
    done = survey(database, "letters", SAMPLE_ID, "--wave", "1", "--kind", "reminder", "--out", str(tmp_path / "out"))
    everything = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.html")) + "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.txt"))
    assert "There is still time to tell us how safe you feel in London" in everything
    for gone in ("4 Mill Road", "7 High Street", "2 Park Row"):
        assert gone not in everything
    for kept in ("Flat 3", "9 Green Way", "1 Oak Close", "5 Elm Road"):
        assert kept in everything
    html_lines = [line for line in done.stdout.splitlines() if ".html (" in line]
    assert sum(int(line.rsplit("(", 1)[1].split()[0]) for line in html_lines) == 3  # A1, A5, A7; A6's is Braille-ready text


def test_letters_are_refused_with_one_clear_sentence(tmp_path):
    database = wave(tmp_path)
    env = cli_env(database, SURVEY_QUESTIONNAIRES=str(SAMPLE_DIR), SURVEY_PUBLIC_URL="")
    done = subprocess.run([sys.executable, "-m", "survey", "letters", SAMPLE_ID, "--wave", "1", "--out", str(tmp_path / "o")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: give the survey's web address for the letters: set SURVEY_PUBLIC_URL or use --web-address"
    none = survey(database, "letters", SAMPLE_ID, "--wave", "2", "--out", str(tmp_path / "o"), ok=False)
    assert none.stderr.strip() == f"Error: no case in wave 2 of {SAMPLE_ID} gets an invitation"
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").iterdir())


def test_a_run_killed_part_way_leaves_no_half_file_under_a_finished_name(tmp_path):
    rows = [(f"K{n}", f"{n} Long Lane", "", "SE1 4PU", "Southwark", "", "") for n in range(1500)]
    database = wave(tmp_path, rows)
    out = tmp_path / "out"
    env = cli_env(database, SURVEY_QUESTIONNAIRES=str(SAMPLE_DIR), SURVEY_PUBLIC_URL=PUBLIC)
    process = subprocess.Popen([sys.executable, "-m", "survey", "letters", SAMPLE_ID, "--wave", "1", "--out", str(out)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Wait on progress, not the clock: the HTML is written, so the PDF is being made.
    for line in process.stdout:
        if line.startswith("wrote") and line.rstrip().endswith("(1500 letters)") and ".html" in line:
            break
    else:
        pytest.fail(f"the run ended before writing the HTML: {process.stderr.read()}")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    finished = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert [p.name for p in finished] == [name("en", "standard", "html")]
    assert finished[0].read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert all(p.name.endswith(".part") for p in out.iterdir() if p.name.startswith("."))


def test_admins_download_a_waves_letters_as_a_zip(tmp_path):
    import io
    import zipfile

    from staff import add_user, sign_in
    from web_client import Visitor, running_app

    database = wave(tmp_path)
    add_user(database, "admin@example.org", "admin")
    with running_app(tmp_path, SAMPLE_DIR, database_url=database, public_url=PUBLIC) as client:
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        admin.get(f"/admin/questionnaires/{SAMPLE_ID}/sample")
        form = admin.soup.select_one("form[action$='/sample/letters']")
        assert form["method"] == "get" and form.select_one("#letters-wave option[selected]")["value"] == "1"
        reply = client.get(f"/admin/questionnaires/{SAMPLE_ID}/sample/letters?wave=1&kind=invitation")
        assert reply.status_code == 200 and reply.headers["content-type"] == "application/zip"
        assert reply.headers["content-disposition"] == f'attachment; filename="{SAMPLE_ID}-wave-1-invitation-letters.zip"'
        names = zipfile.ZipFile(io.BytesIO(reply.content)).namelist()
        assert name("ar", "standard", "pdf") in names and name("en", "braille-ready", "txt") in names and len(names) == 11
        welsh = zipfile.ZipFile(io.BytesIO(reply.content)).read(name("cy", "standard", "html")).decode()
        assert "Sut i gymryd rhan" in welsh and f"{PUBLIC.removeprefix('https://')}/s/{SAMPLE_ID}/code" in welsh
        # A wave with no cases: the page again, with the reason.
        admin.get(f"/admin/questionnaires/{SAMPLE_ID}/sample/letters?wave=7&kind=reminder")
        assert admin.errors() == [("#letters-wave", f"no case in wave 7 of {SAMPLE_ID} gets a reminder")]
    events = subprocess.run([sys.executable, "-c", "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM audit_event WHERE action='letters_downloaded'\").fetchone()[0])",
                             f"{tmp_path}/letters.db"], capture_output=True, text=True)
    assert events.stdout.strip() == "1"


def test_a_wave_too_large_to_make_while_someone_waits_points_to_the_command(tmp_path, monkeypatch):
    from staff import add_user, sign_in
    from survey.web import admin_samples
    from web_client import Visitor, running_app

    monkeypatch.setattr(admin_samples, "DOWNLOAD_LIMIT", 5)
    database = wave(tmp_path)
    add_user(database, "admin@example.org", "admin")
    with running_app(tmp_path, SAMPLE_DIR, database_url=database, public_url=PUBLIC) as client:
        admin = Visitor(client)
        sign_in(admin, "admin@example.org")
        admin.get(f"/admin/questionnaires/{SAMPLE_ID}/sample/letters?wave=1&kind=invitation")
        assert admin.response.status_code == 400
        assert admin.errors() == [("#letters-wave", "Wave 1 has 7 letters to make, more than the 5 this page makes at once: "
                                                    "use the command survey letters on the server")]


def test_one_cases_letter_alone(tmp_path):
    database = wave(tmp_path)
    done = survey(database, "letters", SAMPLE_ID, "--wave", "1", "--reference", "A5", "--out", str(tmp_path / "out"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [name("en", "easy-read", "html"), name("en", "easy-read", "pdf")]
    assert done.stdout.splitlines()[0].endswith("(1 letter)")
    unknown = survey(database, "letters", SAMPLE_ID, "--wave", "1", "--reference", "Z9", "--out", str(tmp_path / "other"), ok=False)
    assert unknown.stderr.strip() == "Error: wave 1 has no invitation to write for Z9"
