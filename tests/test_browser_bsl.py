"""The BSL journey in Debian's Chromium: chosen at the top of the start page,
a signed video on every page, playable with the keyboard, and answers signed
on video."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import all_types_at, click_continue, fill
from conftest import FIXTURES, SAMPLE_ID
from driver import page_id

pytestmark = pytest.mark.browser

CLIP = FIXTURES / "banks" / "media" / "all-types" / "clip.mp4"
SHORT_ROUTE = {
    "police_job": "good", "relied_on": "tend_to_agree", "treat_fairly": "tend_to_agree", "listen_concerns": "neither",
    "trust_met": "tend_to_agree", "safe_day": "very_safe", "safe_dark": "fairly_safe", "hate_in_person": "no",
    "hate_online": "no", "long_term_condition": "no", "wg_seeing": "no_difficulty", "wg_hearing": "cannot_do",
    "wg_walking": "no_difficulty", "wg_remembering": "no_difficulty", "wg_self_care": "no_difficulty",
    "wg_communicating": "some_difficulty", "main_language": "english", "bsl_first_language": "yes",
}


def assert_signed_video(page: Page, where: str) -> None:
    video = page.locator("main video[data-survey-bsl]").first
    expect(video).to_be_visible()
    assert video.get_attribute("preload") == "none", where
    assert video.get_attribute("autoplay") is None, where
    assert video.get_attribute("controls") is not None, where
    assert video.locator("track[kind=captions]").count() == 1, where
    assert page.evaluate("[...document.querySelectorAll('video')].every(v => v.paused)"), f"{where}: nothing plays by itself"


def test_bsl_chosen_on_the_start_page_signs_every_page(live_server, page: Page):
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    first_link = page.get_by_role("button", name="British Sign Language (BSL)", exact=True)
    assert page.evaluate("el => el.compareDocumentPosition(document.querySelector('h1')) & Node.DOCUMENT_POSITION_FOLLOWING", first_link.element_handle())
    with page.expect_navigation():
        first_link.click()
    assert_signed_video(page, "start page")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    seen = 0
    while "/check" not in page.url:
        current = page_id(page)
        assert_signed_video(page, current)
        assert page.locator("details.survey-bsl-details").count() == 0, "in the BSL journey the video is not hidden"
        seen += 1
        fill(page, current, SHORT_ROUTE.get(current))
        click_continue(page)
    assert seen >= 20
    assert_signed_video(page, "check your answers")
    with page.expect_navigation():
        page.get_by_role("button", name="Send answers").click()
    assert_signed_video(page, "confirmation")


def test_standard_journey_offers_the_video_in_a_disclosure_that_works_without_javascript(live_server, browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    disclosure = page.locator("details.survey-bsl-details")
    video = disclosure.locator("video")
    expect(video).to_be_hidden()
    disclosure.locator("summary").click()
    expect(video).to_be_visible()
    context.close()


def test_a_video_plays_with_the_keyboard_and_can_be_slowed(live_server, page: Page):
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    page.get_by_role("button", name="British Sign Language (BSL)").click()
    video = page.locator("main video").first
    video.focus()
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('main video').currentTime > 0 || !document.querySelector('main video').paused")
    slower = page.get_by_role("button", name="Play slower").first
    slower.click()
    assert page.evaluate("document.querySelector('main video').playbackRate") == 0.75
    assert slower.get_attribute("aria-pressed") == "true"


def test_answering_in_bsl_with_a_real_clip_without_javascript(catalogue_server, browser: Browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    all_types_at("story")(page, catalogue_server.url)
    page.locator("summary", has_text="Answer in British Sign Language (BSL) instead").click()
    page.locator("#story-bsl").set_input_files(str(CLIP))
    click_continue(page)
    assert page_id(page) == "count"
    fill(page, "count", "3")
    click_continue(page)
    fill(page, "when", ("1", "2", "2020"))
    click_continue(page)
    row = page.locator(".govuk-summary-list__row", has_text="Tell us more")
    expect(row).to_contain_text("Answered in British Sign Language (BSL): a video of 7 KB")
    context.close()
