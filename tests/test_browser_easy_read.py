"""The sample survey in Easy Read, in Debian's Chromium: keyboard only with
axe-core on every page, with JavaScript off, and switching format part-way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import click_continue, fill
from conftest import SAMPLE_ID, assert_accessible
from driver import answer_with_keyboard, page_id, press_button, press_continue
from test_browser_bsl import SHORT_ROUTE

pytestmark = pytest.mark.browser


def choose_easy_read(page: Page, base: str) -> None:
    page.goto(f"{base}/s/{SAMPLE_ID}")
    with page.expect_navigation():
        page.get_by_role("button", name="Easy Read", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeling safe in London")


def test_easy_read_keyboard_only_with_axe_on_every_page(live_server, page: Page):
    choose_easy_read(page, live_server.url)
    assert_accessible(page, "Easy Read start")
    press_button(page, "Start now")
    seen = []
    while "/check" not in page.url:
        current = page_id(page)
        seen.append(current)
        assert_accessible(page, f"Easy Read {current}")
        assert "survey-easy-read" in page.locator("html").get_attribute("class")
        if current in SHORT_ROUTE:
            answer_with_keyboard(page, current, SHORT_ROUTE[current])
        press_continue(page)
    assert len(seen) >= 20
    expect(page.locator("main")).to_contain_text("How good are the police near your home?")
    assert_accessible(page, "Easy Read check answers")
    press_button(page, "Send answers")
    expect(page.locator("main")).to_contain_text("We have got your answers.")
    assert_accessible(page, "Easy Read confirmation")


def test_easy_read_with_javascript_off(live_server, browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    choose_easy_read(page, live_server.url)
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    while "/check" not in page.url:
        current = page_id(page)
        fill(page, current, SHORT_ROUTE.get(current))
        click_continue(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send answers").click()
    expect(page.locator("main")).to_contain_text("We have got your answers.")
    context.close()


def test_switching_format_part_way_keeps_every_answer(live_server, page: Page):
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    for qid in ["police_job", "relied_on"]:
        fill(page, qid, SHORT_ROUTE[qid])
        click_continue(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Easy Read", exact=True).click()
    assert page_id(page) == "treat_fairly", "the switch returns to the same question"
    expect(page.get_by_role("heading", level=1)).to_have_text("The police near my home treat everyone fairly.")
    with page.expect_navigation():
        page.get_by_role("link", name="Back").click()
    expect(page.locator("[name=relied_on][value=tend_to_agree]")).to_be_checked()
    expect(page.get_by_label("I agree a little")).to_be_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="British Sign Language (BSL)", exact=True).click()
    expect(page.locator("[name=relied_on][value=tend_to_agree]")).to_be_checked()
    expect(page.locator("main video").first).to_be_visible()
