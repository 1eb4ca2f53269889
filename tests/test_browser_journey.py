"""The sample survey completed in Debian's Chromium, as people would complete it.

Every page visited is checked with axe-core (WCAG 2.2 AA tags).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from catalogue import fill
from conftest import SAMPLE_ID, assert_accessible, start_server
from driver import answer_with_keyboard, focused, page_id, press_button, press_continue

pytestmark = pytest.mark.browser

#: A Disabled respondent who experienced hate crime in person and did not report it.
HATE_PATH = {
    "police_job": "fair",
    "relied_on": "tend_to_disagree",
    "treat_fairly": "strongly_disagree",
    "listen_concerns": "dont_know",
    "trust_met": "tend_to_disagree",
    "safe_day": "fairly_safe",
    "safe_dark": "very_unsafe",
    "hate_in_person": "yes",
    "hate_online": "no",
    "hate_strands": ["disability", "race"],
    "hate_times": "3",
    "hate_reported": ["no_one"],
    "not_reported_why": "I did not think they would take it seriously.",
    "long_term_condition": "yes",
    "condition_reduces_ability": "yes_a_lot",
    "wg_seeing": "no_difficulty",
    "wg_hearing": "cannot_do",
    "wg_walking": "some_difficulty",
    "wg_remembering": "no_difficulty",
    "wg_self_care": "no_difficulty",
    "wg_communicating": "a_lot_of_difficulty",
    "age_band": "35_44",
    "sex": "female",
    "gender_same_as_sex": "yes",
    "sexual_orientation": "prefer_not_to_say",
    "ethnic_group": "black",
    "ethnic_black": "caribbean",
    "religion": "christian",
    "borough": "hackney",
    "main_language": "other",
    "main_language_other": "British Sign Language",
    "bsl_first_language": "yes",
}

#: Pages this path must never see: their conditions do not hold.
HATE_PATH_SKIPS = {"police_satisfaction", "ethnic_white", "ethnic_mixed", "ethnic_asian", "ethnic_other"}


def start(page: Page, base: str) -> None:
    page.goto(f"{base}/s/{SAMPLE_ID}")
    assert_accessible(page, "start page")
    expect(page.get_by_role("heading", level=1)).to_have_text("London safety and trust survey")
    press_button(page, "Start now")


def complete(page: Page, answers: dict, keyboard: bool = True, check_each: bool = True) -> list[str]:
    """Answer page after page until check-your-answers; return the pages seen."""
    seen: list[str] = []
    while "/check" not in page.url:
        current = page_id(page)
        assert current not in seen, f"came back to {current}"
        seen.append(current)
        if check_each:
            assert_accessible(page, current)
        expect(page).to_have_title(re.compile(r".+ – .+ – London safety and trust survey$"))
        if current in answers:
            if keyboard:
                answer_with_keyboard(page, current, answers[current])
            else:
                fill(page, current, answers[current])
        if keyboard:
            press_continue(page)
        else:
            with page.expect_navigation():
                page.get_by_role("button", name="Continue", exact=True).click()
        assert "Error" not in page.title(), f"{current}: {page.title()}"
    return seen


def test_keyboard_only_journey_with_routing_and_axe_on_every_page(live_server, page: Page):
    start(page, live_server.url)
    seen = complete(page, HATE_PATH)
    assert not HATE_PATH_SKIPS & set(seen)
    assert {"hate_intro", "wg_intro", "about_you_intro", "not_reported_why"} <= set(seen)

    assert_accessible(page, "check your answers")
    summary = page.locator(".govuk-summary-list")
    expect(summary.first).to_contain_text("Fair")
    expect(page.locator("main")).to_contain_text("Disability")
    expect(page.locator("main")).to_contain_text("I did not think they would take it seriously.")
    expect(page.locator("main")).to_contain_text("3 times")
    expect(page.locator("main")).to_contain_text("Prefer not to say")

    press_button(page, "Send answers")
    assert_accessible(page, "confirmation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", reference)

    # Going back after sending cannot send twice or change the answers.
    page.go_back()
    assert page.url.endswith("/done") or "Answers sent" in page.content()


@pytest.fixture(params=["sqlite", "postgres"])
def server_on(request, tmp_path, live_server):
    if request.param == "sqlite":
        yield live_server
        return
    server = start_server(tmp_path, database_url=request.getfixturevalue("postgres_schema_url"))
    yield server
    server.stop()


def test_javascript_disabled_journey_completes(server_on, browser: Browser):
    live_server = server_on
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    answers = {
        "police_job": "good", "relied_on": "tend_to_agree", "treat_fairly": "tend_to_agree",
        "listen_concerns": "neither", "trust_met": "strongly_agree", "safe_day": "very_safe",
        "safe_dark": "fairly_safe", "hate_in_person": "no", "hate_online": "no",
        "long_term_condition": "no", "wg_seeing": "no_difficulty", "wg_hearing": "no_difficulty",
        "wg_walking": "no_difficulty", "wg_remembering": "some_difficulty", "wg_self_care": "no_difficulty",
        "wg_communicating": "no_difficulty", "main_language": "english",
    }
    seen = complete(page, answers, keyboard=False, check_each=False)
    assert "hate_strands" not in seen and "condition_reduces_ability" not in seen
    assert "age_band" in seen  # optional questions are shown, and may be left blank
    expect(page.locator("main")).to_contain_text("Not answered")
    with page.expect_navigation():
        page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    context.close()


def test_error_summary_is_focused_and_links_to_the_field(live_server, browser: Browser):
    for js in (True, False):
        context = browser.new_context(java_script_enabled=js)
        page = context.new_page()
        page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
        with page.expect_navigation():
            page.get_by_role("button", name="Start now").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Continue", exact=True).click()
        assert page.title().startswith("Error: Taking everything into account")
        # Browsers apply autofocus at their next rendering step: under load, after "load".
        page.wait_for_function("document.activeElement && document.activeElement.tagName !== 'BODY'", timeout=5000)
        assert focused(page)["tag"] == "div"
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
        if js:
            assert_accessible(page, "question with error")
        radio = page.locator("#police_job")
        assert radio.get_attribute("aria-invalid") == "true"
        assert set(radio.get_attribute("aria-describedby").split()) == {"police_job-hint", "police_job-error"}
        expect(page.locator("#police_job-error")).to_have_text("Error: Select an answer")
        page.locator(".govuk-error-summary a").click()
        assert page.evaluate("document.activeElement.id") == "police_job"
        context.close()


def test_resume_code_restores_the_journey_in_a_fresh_browser(live_server, browser: Browser):
    first = browser.new_context()
    page = first.new_page()
    start(page, live_server.url)
    for qid, code in [("police_job", "poor"), ("relied_on", "strongly_disagree")]:
        page.locator(f"[name='{qid}'][value='{code}']").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Continue", exact=True).click()
    page.locator("[name='treat_fairly'][value='neither']").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()
    assert_accessible(page, "save and come back later")
    code = page.locator("#resume-code").inner_text()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    first.close()

    second = browser.new_context()
    page = second.new_page()
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    page.get_by_label("Your code").fill(code.lower().replace("-", " "))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue with this code").click()
    assert page_id(page) == "listen_concerns", "resumes at the first unanswered question"
    page.get_by_role("link", name="Back").click()
    expect(page.locator("[name='treat_fairly'][value='neither']")).to_be_checked()
    second.close()


def test_wrong_resume_code_shows_a_clear_error(live_server, page: Page):
    page.goto(f"{live_server.url}/s/{SAMPLE_ID}")
    page.get_by_label("Your code").fill("AAAA-BBBB-CCCC")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue with this code").click()
    assert page.title().startswith("Error:")
    expect(page.locator(".govuk-error-summary")).to_contain_text("We could not find answers for that code")
    assert_accessible(page, "resume with a wrong code")


@pytest.mark.parametrize("path", ["/", "/accessibility", "/privacy", "/cookies", "/no-such-page", f"/s/{SAMPLE_ID}/resume"])
def test_other_pages_are_accessible(live_server, page: Page, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page, path)
    for link in page.locator("footer a").all():
        response = page.request.get(link.get_attribute("href") if link.get_attribute("href").startswith("http") else f"{live_server.url}{link.get_attribute('href')}")
        assert response.status == 200, link.get_attribute("href")


def test_character_count_is_announced_while_typing_with_javascript(live_server, page: Page):
    start(page, live_server.url)
    path = {**HATE_PATH}
    while page_id(page) != "not_reported_why":
        current = page_id(page)
        if current in path:
            fill(page, current, path[current])
        with page.expect_navigation():
            page.get_by_role("button", name="Continue", exact=True).click()
    status = page.locator("#not_reported_why-count")
    assert status.get_attribute("aria-live") == "polite"
    page.locator("#not_reported_why").press_sequentially("Twelve chars")
    expect(status).to_have_text("You have 988 characters remaining", timeout=5000)
    page.locator("#not_reported_why").fill("x" * 1003)
    page.locator("#not_reported_why").press("End")
    page.locator("#not_reported_why").press_sequentially("y")
    expect(status).to_have_text("You have 4 characters too many", timeout=5000)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()
    assert page.title().startswith("Error: ")
    expect(page.locator("#not_reported_why-error")).to_have_text("Error: Your answer must be 1,000 characters or fewer")
    assert page.locator("#not_reported_why").input_value() == "x" * 1003 + "y", "nothing typed is lost"
    assert_accessible(page, "long text with error")


def test_an_over_long_answer_shows_one_message_not_two(browser: Browser, catalogue_server):
    """Only the count is in sight in the error state; the limit is left for
    screen readers (it showed "You can enter up to 50 characters" above
    "You have 10 characters too many")."""
    from catalogue import STATES

    state = next(s for s in STATES if s.name == "long_text-error")
    context = browser.new_context()
    page = context.new_page()
    state.reach(page, catalogue_server.url)
    shown = page.evaluate("""() => [...document.querySelectorAll('.govuk-character-count .govuk-hint')]
        .filter(e => e.textContent.trim() && e.getBoundingClientRect().width > 1 && e.getBoundingClientRect().height > 1)
        .map(e => e.textContent.trim())""")
    assert shown == ["You have 10 characters too many"]
    context.close()
