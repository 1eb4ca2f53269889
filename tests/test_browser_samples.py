"""Coming in with an access code, in Debian's Chromium: with the keyboard only
and axe-core on every page, with JavaScript off, in Welsh and Arabic, and in
BSL and Easy Read; and a code used again once its answers are sent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import ACCESS_CODES, SAMPLE, click_continue
from conftest import assert_accessible
from driver import answer_with_keyboard, focused, press_button, press_continue, tab_to

pytestmark = pytest.mark.browser

ONLY = "sampled-only"


def type_code_with_keyboard(page: Page, code: str) -> None:
    tab_to(page, lambda f: f.get("id") == "access_code", "the access code box")
    page.keyboard.type(code)
    press_continue(page)


def test_keyboard_only_from_the_letter_to_sent_with_axe_on_every_page(catalogue_server, page: Page):
    page.goto(f"{catalogue_server.url}/s/{ONLY}")
    assert_accessible(page, "sample-only start")
    # Typed as from a letter: small letters, spaces for dashes.
    type_code_with_keyboard(page, ACCESS_CODES[ONLY]["L1"].lower().replace("-", " "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you feel safe where you live?")
    assert_accessible(page, "first question")
    answer_with_keyboard(page, "safe", "yes")
    press_continue(page)
    assert page.url.endswith("/check")
    assert_accessible(page, "check answers")
    press_button(page, "Send answers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    # The same code again, as someone else in the house might try it.
    page.context.clear_cookies()
    page.goto(f"{catalogue_server.url}/s/{ONLY}/code")
    type_code_with_keyboard(page, ACCESS_CODES[ONLY]["L1"])
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already answered this survey")
    assert_accessible(page, "code used")


def test_a_mistyped_code_takes_focus_to_the_box_from_the_error_summary(catalogue_server, page: Page):
    page.goto(f"{catalogue_server.url}/s/{ONLY}/code")
    code = ACCESS_CODES[ONLY]["L2"]
    wrong = code[:-1] + ("3" if code[-1] != "3" else "4")
    type_code_with_keyboard(page, wrong)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Check the access code: one of the letters or numbers is not the same as on your letter")
    assert focused(page).get("tag") == "div", "GOV.UK Frontend moves focus to the error summary"
    tab_to(page, lambda f: f.get("tag") == "a" and "Check the access code" in f.get("text", ""), "the summary's link")
    page.keyboard.press("Enter")
    assert focused(page).get("id") == "access_code"
    assert page.locator("#access_code").input_value() == wrong
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    press_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Do you feel safe where you live?")


@pytest.mark.parametrize("language, heading, continue_words", [
    ("cy", "Rhowch eich cod mynediad", "Parhau"),
    ("ar", "أدخل رمز الدخول الخاص بك", "متابعة"),
])
def test_with_javascript_off_in_welsh_and_arabic(catalogue_server, browser: Browser, language, heading, continue_words):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{catalogue_server.url}/s/{SAMPLE}/code?lang={language}")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.locator("html").get_attribute("lang") == language
    page.locator("#access_code").fill(ACCESS_CODES[SAMPLE]["L3" if language == "cy" else "L4"].replace("0", "O"))
    with page.expect_navigation():
        page.get_by_role("button", name=continue_words, exact=True).click()
    assert "/s/london-safety-and-trust/q/" in page.url
    assert page.locator("html").get_attribute("lang") == language
    context.close()


def test_in_bsl_the_code_page_signs_first_and_the_journey_stays_in_bsl(catalogue_server, browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{catalogue_server.url}/s/{SAMPLE}")
    with page.expect_navigation():
        page.get_by_role("button", name="British Sign Language (BSL)", exact=True).click()
    page.goto(f"{catalogue_server.url}/s/{SAMPLE}/code")
    video = page.locator("main video[data-survey-bsl]")
    expect(video).to_have_count(1)
    assert video.get_attribute("autoplay") is None and video.get_attribute("preload") == "none"
    assert page.locator("main track[kind=captions]").count() == 1
    page.locator("#access_code").fill(ACCESS_CODES[SAMPLE]["L5"])
    click_continue(page)
    assert "/q/" in page.url and page.locator("main video[data-survey-bsl]").count() >= 1
    context.close()


def test_in_easy_read_the_code_page_has_pictures_and_the_journey_stays_in_easy_read(catalogue_server, page: Page):
    page.goto(f"{catalogue_server.url}/s/{SAMPLE}")
    with page.expect_navigation():
        page.get_by_role("button", name="Easy Read", exact=True).click()
    page.goto(f"{catalogue_server.url}/s/{SAMPLE}/code")
    expect(page.locator("main .survey-er-idea")).to_have_count(3)
    assert_accessible(page, "Easy Read code page")
    type_code_with_keyboard(page, ACCESS_CODES[SAMPLE]["L6"])
    assert "/q/" in page.url
    assert "survey-easy-read" in (page.locator("html").get_attribute("class") or "")
