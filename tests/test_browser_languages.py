"""The sample survey completed in Arabic (right to left) and in Welsh, and a
language changed half-way, in Debian's Chromium, with axe on every page."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Browser, Page, expect

import a11y_checks as checks
from conftest import SAMPLE_ID, assert_accessible, start_server
from driver import answer_with_keyboard, page_id, press_button
from test_browser_journey import HATE_PATH, HATE_PATH_SKIPS

pytestmark = pytest.mark.browser

#: What the buttons and headings say in each language (from its catalogues).
WORDS = {
    "ar": {"title": "استبيان السلامة والثقة في لندن", "start": "ابدأ الآن", "continue": "متابعة",
           "send": "أرسل الإجابات", "sent": "أُرسلت الإجابات", "fair": "مقبول"},
    "cy": {"title": "Arolwg diogelwch ac ymddiriedaeth Llundain", "start": "Dechrau nawr", "continue": "Parhau",
           "send": "Anfon yr atebion", "sent": "Atebion wedi’u hanfon", "fair": "Gweddol"},
}


@pytest.fixture
def server(tmp_path):
    running = start_server(tmp_path)
    yield running, tmp_path / "survey.db"
    running.stop()


def press_exactly(page: Page, text: str) -> None:
    """Press the button or link whose whole text is ``text``, with the keyboard."""
    from driver import tab_to

    tab_to(page, lambda f: f.get("tag") in {"button", "a"} and f.get("text", "") == text, text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language, direction", [("ar", "rtl"), ("cy", "ltr")])
def test_the_sample_survey_can_be_completed_in(server, browser: Browser, language, direction):
    running, database = server
    # The reflow check adds its text-spacing styles to the page, which our CSP would refuse.
    page = browser.new_context(bypass_csp=True).new_page()
    words = WORDS[language]
    page.goto(f"{running.url}/s/{SAMPLE_ID}?lang={language}")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", direction)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["title"])
    assert_accessible(page, f"start page ({language})")
    press_button(page, words["start"])
    seen = []
    while "/check" not in page.url:
        current = page_id(page)
        assert current not in seen, f"came back to {current}"
        seen.append(current)
        # The language chosen once is kept (a cookie) on every later page.
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", direction)
        assert_accessible(page, f"{current} ({language})")
        if current in HATE_PATH:
            answer_with_keyboard(page, current, HATE_PATH[current])
        press_exactly(page, words["continue"])
        assert page.locator(".govuk-error-summary").count() == 0, f"{current}: {page.title()}"
    assert not HATE_PATH_SKIPS & set(seen)
    assert_accessible(page, f"check your answers ({language})")
    expect(page.locator(".govuk-summary-list").first).to_contain_text(words["fair"])
    assert checks.reflow(page) == [], f"check your answers ({language}) at 320 px"
    press_button(page, words["send"])
    expect(page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    assert_accessible(page, f"confirmation ({language})")
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT language FROM response WHERE status = 'submitted'").fetchall() == [(language,)]


def test_the_question_pages_reflow_at_320_pixels_in_arabic(server, browser: Browser):
    running, _ = server
    page = browser.new_context(bypass_csp=True).new_page()
    page.goto(f"{running.url}/s/{SAMPLE_ID}?lang=ar")
    press_button(page, WORDS["ar"]["start"])
    for _ in range(3):
        assert checks.reflow(page) == [], page.url
        answer_with_keyboard(page, page_id(page), HATE_PATH[page_id(page)])
        press_exactly(page, WORDS["ar"]["continue"])


def test_changing_language_half_way_keeps_every_answer(server, browser: Browser):
    running, database = server
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{running.url}/s/{SAMPLE_ID}")
    press_button(page, "Start now")
    answer_with_keyboard(page, "police_job", "fair")
    press_exactly(page, "Continue")
    assert page_id(page) == "relied_on"
    # The language links name each language in itself, on every page.
    nav = page.get_by_role("navigation", name="Language")
    expect(nav.locator("a[lang=cy]")).to_have_text("Cymraeg")
    expect(nav.locator("a[lang=ar]")).to_have_text("العربية")
    expect(nav.locator("[aria-current=true]")).to_have_text("English")
    with page.expect_navigation():
        nav.locator("a[lang=cy]").click()
    assert page_id(page) == "relied_on"
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    answer_with_keyboard(page, "relied_on", "tend_to_agree")
    press_exactly(page, "Parhau")
    # Back to the first question: the answer given in English is still chosen.
    page.goto(f"{running.url}/s/{SAMPLE_ID}/q/police_job")
    expect(page.locator("input[name=police_job][value=fair]")).to_be_checked()
    expect(page.get_by_label("Gweddol")).to_be_checked()
    page.goto(f"{running.url}/s/{SAMPLE_ID}/q/relied_on")
    expect(page.locator("input[name=relied_on][value=tend_to_agree]")).to_be_checked()
    assert_accessible(page, "a question after changing language")
    context.close()
