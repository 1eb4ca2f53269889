"""Assisted entry in Debian's Chromium: a worker signs in and enters a whole
Easy Read response keyboard-only (axe on every page), types up a paper form
keyboard-only, hands the device over for a private section and takes it
back keyboard-only, and is warned before an idle sign-out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from catalogue import ALL_TYPES
from conftest import assert_accessible, start_server
from driver import answer_with_keyboard, focused, page_id, press_button, press_continue, tab_to
from staff import PASSWORD, add_user

pytestmark = pytest.mark.browser

#: ALL_TYPES as the keyboard driver takes them (dates as YYYY-MM-DD).
KEYBOARD = {**ALL_TYPES, "when": "2024-03-05"}


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory, banks_dir):
    work = tmp_path_factory.mktemp("assisted")
    server = start_server(work, questionnaires=banks_dir, extra_env={"SURVEY_IDLE_MINUTES": "1", "SURVEY_IDLE_WARNING_SECONDS": "57"})
    add_user(f"sqlite:///{work}/survey.db", "worker@example.org", "worker", organisation="Deaf Futures")
    yield server
    server.stop()


def type_into(page: Page, name: str, text: str) -> None:
    tab_to(page, lambda f: f.get("name") == name, name)
    page.keyboard.type(text)


def sign_in_with_keyboard(page: Page, base: str, next_path: str) -> None:
    page.goto(f"{base}/sign-in?next={next_path}")
    assert_accessible(page, "sign in")
    type_into(page, "email", "worker@example.org")
    type_into(page, "password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def start_with_keyboard(page: Page, mode: str, fmt: str) -> None:
    assert_accessible(page, "start a response")
    answer_with_keyboard(page, "mode", mode)
    answer_with_keyboard(page, "format", fmt)
    tab_to(page, lambda f: f.get("name") == "consent", "consent")
    page.keyboard.press("Space")
    press_button(page, "Start entering answers")


def test_a_worker_enters_an_easy_read_response_keyboard_only(staff_server, page: Page):
    sign_in_with_keyboard(page, staff_server.url, "/assist/new/all-types")
    assert page.url.endswith("/assist/new/all-types")
    start_with_keyboard(page, "in_person", "easy_read")
    while "/check" not in page.url:
        current = page_id(page)
        expect(page.locator(".survey-assisted-banner")).to_contain_text("You are entering answers for a respondent")
        assert "survey-easy-read" in page.locator("html").get_attribute("class")
        assert_accessible(page, f"assisted {current}")
        if KEYBOARD.get(current) is not None:
            answer_with_keyboard(page, current, KEYBOARD[current])
        press_continue(page)
    assert_accessible(page, "assisted check answers")
    press_button(page, "Send answers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
    assert_accessible(page, "assisted confirmation")


def test_a_paper_form_is_typed_up_keyboard_only(staff_server, page: Page):
    sign_in_with_keyboard(page, staff_server.url, "/assist/new/all-types")
    start_with_keyboard(page, "paper", "standard")
    assert page.url.endswith("/paper")
    assert_accessible(page, "paper form")
    for qid, answer in KEYBOARD.items():
        if qid == "agree":
            tab_to(page, lambda f: f.get("name") == "agree-declined", "left blank")
            page.keyboard.press("Space")
        elif answer is not None:
            answer_with_keyboard(page, qid, answer)
    press_button(page, "Save and check the answers")
    assert page.url.endswith("/check"), page.url
    expect(page.locator("main")).to_contain_text("The respondent chose not to answer")


def test_an_idle_worker_is_warned_and_can_stay_signed_in(staff_server, page: Page):
    sign_in_with_keyboard(page, staff_server.url, "/assist")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog.get_by_role("heading")).to_have_text("You will be signed out soon")
    assert_accessible(page, "idle warning")
    tab_to(page, lambda f: f.get("text") == "Stay signed in", "Stay signed in")
    with page.expect_response(lambda r: r.url.endswith("/keep-alive")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()
    assert focused(page).get("tag") != "dialog"


def test_a_printable_form_keeps_its_large_print_under_its_own_policy(staff_server, page: Page):
    """The browser enforces the document's Content-Security-Policy: its one
    <style> is allowed by hash, so the print really is large."""
    sign_in_with_keyboard(page, staff_server.url, "/assist/formats/all-types/large-print")
    size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert size == "24px", size  # 18pt
    assert page.locator(".tick").first.evaluate("e => getComputedStyle(e).borderTopWidth") == "3px"


def test_the_device_is_handed_over_for_a_private_section_and_back_keyboard_only(staff_server, page: Page):
    sign_in_with_keyboard(page, staff_server.url, "/assist/new/routing")
    start_with_keyboard(page, "bsl_interpreter", "standard")
    answer_with_keyboard(page, "happened", "no")
    press_continue(page)
    answer_with_keyboard(page, "rating", "good")
    press_continue(page)
    assert page.url.endswith("/q/secret")
    assert_accessible(page, "private section offered")
    press_button(page, "Hand the device to the respondent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions to answer on your own")
    assert_accessible(page, "private section start")
    press_button(page, "Start")
    expect(page.locator(".survey-assisted-banner")).to_have_count(0)
    assert_accessible(page, "private question")
    answer_with_keyboard(page, "secret", "yes")
    press_continue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Give the device back")
    assert_accessible(page, "give the device back")
    press_button(page, "Give the device back")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The respondent has handed the device back.")
    type_into(page, "email", "worker@example.org")
    type_into(page, "password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/check"), page.url
    expect(page.locator("main")).to_contain_text("Answered privately by the respondent")
    press_button(page, "Send answers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
