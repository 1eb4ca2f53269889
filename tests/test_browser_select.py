"""A long list (the select type) in Debian's Chromium: a native select that
works with JavaScript off, and GOV.UK's accessible-autocomplete where
scripts run, answered with the keyboard only, with axe where scripts run."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import click_continue, start
from conftest import FIXTURES, assert_accessible
from driver import answer_with_keyboard, page_id

pytestmark = pytest.mark.browser

BANK = json.loads((FIXTURES / "long-list" / "long-list.json").read_text())
BOROUGHS = {option["code"]: option["label"] for option in BANK["sections"][0]["questions"][0]["options"]}


def answer_row(page: Page, question: str) -> str:
    row = page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=question))
    return row.locator("dd").first.inner_text().strip()


def test_with_javascript_off_it_is_a_select_answered_with_the_keyboard(catalogue_server, browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    start(page, catalogue_server.url, "long-list")
    select = page.locator("select#area")
    expect(select).to_be_visible()
    # Every borough, after an empty first choice that sends nothing.
    assert select.locator("option").all_inner_texts() == ["Choose from the list", *BOROUGHS.values()]
    assert select.get_attribute("aria-describedby") == "area-hint"
    answer_with_keyboard(page, "area", "hammersmith_and_fulham")
    click_continue(page)
    assert page_id(page) == "work_area"
    # The optional list ends with the standard answers.
    assert page.locator("select#work_area option").all_inner_texts()[-2:] == ["Don't know", "Prefer not to say"]
    answer_with_keyboard(page, "work_area", "prefer_not_to_say")
    click_continue(page)
    assert answer_row(page, "Which London borough?") == "Hammersmith and Fulham"
    assert answer_row(page, "Which borough do you work in?") == "Prefer not to say"
    # Changing it: the saved answer is chosen in the select again.
    page.locator("a[href*='/q/area?change=1']").click()
    expect(page.locator("select#area")).to_have_value("hammersmith_and_fulham")
    context.close()


def test_with_javascript_the_list_narrows_as_the_person_types(catalogue_server, browser: Browser):
    context = browser.new_context()
    page = context.new_page()
    start(page, catalogue_server.url, "long-list")
    # The select is still in the form (it is what is sent), hidden behind the autocomplete.
    expect(page.locator("select[name=area]")).to_be_hidden()
    combobox = page.get_by_role("combobox", name="Which London borough?")
    expect(combobox).to_have_attribute("id", "area")
    # The question's hint is spoken with the box, as with every other input.
    expect(page.locator("#area__assistiveHint")).to_contain_text("The borough you spend most time in.")
    expect(page.locator("#area__assistiveHint")).to_contain_text("Type to narrow the list.")
    combobox.press_sequentially("ham")
    options = page.get_by_role("listbox").get_by_role("option")
    expected = [label for label in BOROUGHS.values() if "ham" in label.lower()]
    expect(options).to_have_text(expected)
    assert_accessible(page, "autocomplete with suggestions")
    combobox.fill("")
    answer_with_keyboard(page, "area", "tower_hamlets")
    click_continue(page)
    assert page_id(page) == "work_area"
    click_continue(page)  # optional: left blank
    assert answer_row(page, "Which London borough?") == "Tower Hamlets"
    assert answer_row(page, "Which borough do you work in?") == "Not answered"
    context.close()


def test_words_that_name_no_answer_send_none(catalogue_server, browser: Browser):
    """Typing over a chosen answer and sending: the old answer is not sent in its place."""
    context = browser.new_context()
    page = context.new_page()
    start(page, catalogue_server.url, "long-list")
    answer_with_keyboard(page, "area", "camden")
    page.locator("#area").fill("Nowhere at all")
    click_continue(page)
    assert page.title().startswith("Error:")
    expect(page.locator("#area-error")).to_have_text("Error: Select an answer")
    context.close()


def test_an_error_is_spoken_with_the_box_and_the_summary_links_to_it(catalogue_server, browser: Browser):
    for js in (True, False):
        context = browser.new_context(java_script_enabled=js)
        page = context.new_page()
        start(page, catalogue_server.url, "long-list")
        click_continue(page)
        summary_link = page.locator(".govuk-error-summary a")
        expect(summary_link).to_have_text("Select an answer")
        assert summary_link.get_attribute("href") == "#area"
        summary_link.click()
        assert page.evaluate("document.activeElement.id") == "area"
        box = page.locator("#area")
        expect(box).to_have_attribute("aria-invalid", "true")
        if js:
            expect(box).to_have_class("autocomplete__input autocomplete__input--show-all-values autocomplete__input--focused govuk-input--error")
            expect(page.locator("#area__assistiveHint")).to_contain_text("Error: Select an answer")
        else:
            assert set(box.get_attribute("aria-describedby").split()) == {"area-hint", "area-error"}
        if js:  # axe runs in the page: with JavaScript off the catalogue's HTML checks cover it
            assert_accessible(page, "select with its error")
        context.close()
