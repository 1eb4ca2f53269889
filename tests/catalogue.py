"""Every page state a person can reach, and how to reach it in a browser.

Each state says which route it covers; a test fails when the app has a page
route that no state covers, so new pages must join the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from playwright.sync_api import Page

SAMPLE = "london-safety-and-trust"
QUESTION_ROUTE = "/s/{questionnaire_id:str}/q/{page_id:str}"

#: The all-types fixture bank, in order: how to answer each page.
ALL_TYPES = {
    "intro_page": None,
    "colour": "red",
    "likes": ["tea"],
    "agree": "yes",
    "name_of_pet": "Rex",
    "story": "It went well.",
    "count": "2",
    "when": ("5", "3", "2024"),
}

#: An answer to each question that shows its error state.
ALL_TYPES_ERRORS = {
    "colour": None,
    "likes": ["tea", "none"],
    "agree": None,
    "name_of_pet": "x" * 25,
    "story": "y" * 60,
    "count": "two and a half",
    "when": ("5", "", ""),
}


@dataclass(frozen=True)
class State:
    name: str
    route: str
    reach: Callable[[Page, str], None]
    #: Display options cookie, for states that check a theme or text size.
    display: str | None = None
    #: Marks pages that hold a form with inputs (for the forced-colours checks).
    tags: frozenset[str] = field(default_factory=frozenset)


def goto(path: str) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        response = page.goto(base + path)
        assert response is not None

    return reach


def click_continue(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()


def start(page: Page, base: str, bank: str) -> None:
    page.goto(f"{base}/s/{bank}")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()


def fill(page: Page, qid: str, answer) -> None:
    if answer is None:
        return
    if isinstance(answer, tuple):
        for part, value in zip(("day", "month", "year"), answer):
            page.locator(f"[name='{qid}-{part}']").fill(value)
    elif isinstance(answer, list):
        for code in answer:
            page.locator(f"[name='{qid}'][value='{code}']").check()
    elif page.locator(f"select[name='{qid}']").count():
        choose_from_list(page, qid, answer)
    elif page.locator(f"input[type=radio][name='{qid}']").count():
        page.locator(f"[name='{qid}'][value='{answer}']").check()
    else:
        page.locator(f"[name='{qid}']").fill(answer)


def choose_from_list(page: Page, qid: str, code: str) -> None:
    """Choose from a long list as a person would: from the select box without
    JavaScript; with it, by typing the first letters into the autocomplete
    and pressing Enter on the suggestion."""
    select = page.locator(f"select[name='{qid}']")
    if select.is_visible():
        select.select_option(code)
        return
    label = select.locator(f"option[value='{code}']").text_content() or ""
    page.locator(f"#{qid}").press_sequentially(label[:4])
    page.get_by_role("option", name=label, exact=True).wait_for()
    page.locator(f"#{qid}").press("Enter")
    assert select.input_value() == code


def all_types_at(qid: str, error: bool = False) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        start(page, base, "all-types")
        for current, answer in ALL_TYPES.items():
            if current == qid:
                break
            fill(page, current, answer)
            click_continue(page)
        assert page.url.endswith(f"/q/{qid}"), page.url
        if error:
            fill(page, qid, ALL_TYPES_ERRORS[qid])
            click_continue(page)
            assert page.title().startswith("Error:"), page.title()

    return reach


def long_list(error: bool = False, typed: str = "") -> Callable[[Page, str], None]:
    """The long-list bank's first question (a select, which JavaScript makes
    an autocomplete): with its error, or with letters typed and suggestions open."""

    def reach(page: Page, base: str) -> None:
        start(page, base, "long-list")
        assert page.url.endswith("/q/area"), page.url
        if error:
            click_continue(page)
            assert page.title().startswith("Error:"), page.title()
        if typed:
            page.locator("#area").press_sequentially(typed)
            page.get_by_role("listbox").wait_for()

    return reach


def all_types_answered(then: str) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        start(page, base, "all-types")
        for current, answer in ALL_TYPES.items():
            fill(page, current, answer)
            click_continue(page)
        assert page.url.endswith("/check")
        if then == "done":
            with page.expect_navigation():
                page.get_by_role("button", name="Send answers").click()

    return reach


def saved_for_later(page: Page, base: str) -> None:
    start(page, base, "routing")
    with page.expect_navigation():
        page.get_by_role("button", name="Save and come back later").click()


def sensitive_section(page: Page, base: str) -> None:
    start(page, base, "routing")
    for qid, answer in [("happened", "no"), ("rating", "good")]:
        fill(page, qid, answer)
        click_continue(page)
    assert page.locator(".govuk-exit-this-page").count() == 1


def resume_error(page: Page, base: str) -> None:
    page.goto(f"{base}/s/routing/resume")
    page.get_by_label("Enter your code to continue").fill("AAAA-BBBB-CCCC")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue with this code").click()


def forged_post(fields: dict[str, str], keep_csrf: bool = True) -> Callable[[Page, str], None]:
    """Send a form no page of ours sends, as a browser would, to meet an error page."""

    def reach(page: Page, base: str) -> None:
        start(page, base, "routing")
        with page.expect_navigation():
            page.evaluate(
                """([fields, keepCsrf]) => {
                    const form = document.querySelector('main form');
                    if (!keepCsrf) form.querySelector('[name=_csrf_token]').remove();
                    for (const [name, value] of Object.entries(fields)) {
                        const input = document.createElement('input');
                        input.type = 'hidden'; input.name = name; input.value = value;
                        form.appendChild(input);
                    }
                    form.submit();
                }""",
                [fields, keep_csrf],
            )

    return reach


ERROR_TYPES = ("single_choice", "multiple_choice", "yes_no", "short_text", "long_text", "number", "date")
_TYPE_PAGES = dict(zip(ERROR_TYPES, ("colour", "likes", "agree", "name_of_pet", "story", "count", "when")))

FORM = frozenset({"form"})

STATES: list[State] = [
    State("home", "/", goto("/")),
    State("start", "/s/{questionnaire_id:str}", goto(f"/s/{SAMPLE}")),
    State("resume", "/s/{questionnaire_id:str}/resume", goto("/s/routing/resume"), tags=FORM),
    State("resume-error", "/s/{questionnaire_id:str}/resume", resume_error, tags=FORM),
    State("content-page", QUESTION_ROUTE, all_types_at("intro_page")),
    *[
        State(f"{qtype}{suffix}", QUESTION_ROUTE, all_types_at(_TYPE_PAGES[qtype], error=bool(suffix)), tags=FORM)
        for qtype in ERROR_TYPES
        for suffix in ("", "-error")
    ],
    State("select", QUESTION_ROUTE, long_list(), tags=FORM),
    State("select-error", QUESTION_ROUTE, long_list(error=True), tags=FORM),
    State("select-suggestions", QUESTION_ROUTE, long_list(typed="ham"), tags=FORM),
    State("select-largest-text", QUESTION_ROUTE, long_list(typed="ham"), display="text-200.spacing-more.colours-contrast", tags=FORM),
    State("sensitive-section", QUESTION_ROUTE, sensitive_section, tags=FORM),
    State("check-answers", "/s/{questionnaire_id:str}/check", all_types_answered("check")),
    State("save-for-later", "/s/{questionnaire_id:str}/save", saved_for_later),
    State("confirmation", "/s/{questionnaire_id:str}/done", all_types_answered("done")),
    State("display-options", "/display", goto("/display"), tags=FORM),
    State("accessibility-statement", "/accessibility", goto("/accessibility")),
    State("privacy", "/privacy", goto("/privacy")),
    State("cookies", "/cookies", goto("/cookies")),
    State("not-found", "404", goto("/no-such-page")),
    State("bad-form", "400", forged_post({"is_admin": "yes"})),
    State("csrf-refused", "403", forged_post({}, keep_csrf=False)),
    State("too-large", "413", forged_post({"happened": "x" * 300_000})),
    # Themes and text sizes people can choose, on the pages that show most.
    State("error-dark", QUESTION_ROUTE, all_types_at("likes", error=True), display="colours-dark", tags=FORM),
    State("error-contrast", QUESTION_ROUTE, all_types_at("when", error=True), display="colours-contrast", tags=FORM),
    State("check-dark", "/s/{questionnaire_id:str}/check", all_types_answered("check"), display="colours-dark"),
    State(
        "start-largest-text", "/s/{questionnaire_id:str}", goto(f"/s/{SAMPLE}"),
        display="text-200.spacing-more.font-dyslexia",
    ),
    State(
        "radios-largest-text", QUESTION_ROUTE, all_types_at("colour", error=True),
        display="text-200.spacing-more.colours-contrast", tags=FORM,
    ),
]

def in_bsl(reach: Callable[[Page, str], None], bank: str = "all-types") -> Callable[[Page, str], None]:
    """The same state, after choosing British Sign Language at the top of the start page."""

    def reach_in_bsl(page: Page, base: str) -> None:
        page.goto(f"{base}/s/{bank}")
        with page.expect_navigation():
            page.get_by_role("button", name="British Sign Language (BSL)", exact=True).click()
        reach(page, base)
        assert page.locator("video[data-survey-bsl]").count() >= 1

    return reach_in_bsl


def upload_error(page: Page, base: str) -> None:
    all_types_at("story")(page, base)
    page.locator("#story-bsl").set_input_files({"name": "answer.mp4", "mimeType": "video/mp4", "buffer": b"not a video at all"})
    click_continue(page)
    assert page.title().startswith("Error:")


STATES += [
    State("bsl-start", "/s/{questionnaire_id:str}", in_bsl(goto("/s/all-types"))),
    State("bsl-radios", QUESTION_ROUTE, in_bsl(all_types_at("colour")), tags=FORM),
    State("bsl-long-text", QUESTION_ROUTE, in_bsl(all_types_at("story")), tags=FORM),
    State("bsl-upload-error", QUESTION_ROUTE, in_bsl(upload_error), tags=FORM),
    State("bsl-check-answers", "/s/{questionnaire_id:str}/check", in_bsl(all_types_answered("check"))),
    State("bsl-confirmation", "/s/{questionnaire_id:str}/done", in_bsl(all_types_answered("done"))),
]

def in_easy_read(reach: Callable[[Page, str], None], bank: str = "all-types") -> Callable[[Page, str], None]:
    """The same state, after choosing Easy Read at the top of the start page."""

    def reach_in_easy_read(page: Page, base: str) -> None:
        page.goto(f"{base}/s/{bank}")
        with page.expect_navigation():
            page.get_by_role("button", name="Easy Read", exact=True).click()
        reach(page, base)
        assert "survey-easy-read" in (page.locator("html").get_attribute("class") or "")

    return reach_in_easy_read


STATES += [
    State("easy-read-start", "/s/{questionnaire_id:str}", in_easy_read(goto("/s/all-types"))),
    State("easy-read-content", QUESTION_ROUTE, in_easy_read(all_types_at("intro_page"))),
    State("easy-read-radios", QUESTION_ROUTE, in_easy_read(all_types_at("colour")), tags=FORM),
    State("easy-read-checkboxes-error", QUESTION_ROUTE, in_easy_read(all_types_at("likes", error=True)), tags=FORM),
    State("easy-read-date", QUESTION_ROUTE, in_easy_read(all_types_at("when")), tags=FORM),
    State("easy-read-check-answers", "/s/{questionnaire_id:str}/check", in_easy_read(all_types_answered("check"))),
    State("easy-read-confirmation", "/s/{questionnaire_id:str}/done", in_easy_read(all_types_answered("done"))),
    State("easy-read-largest-text", QUESTION_ROUTE, in_easy_read(all_types_at("colour")), display="text-200.colours-dark", tags=FORM),
    State("easy-read-checkboxes-text-150", QUESTION_ROUTE, in_easy_read(all_types_at("likes")), display="text-150", tags=FORM),
]


def delete_confirmation(page: Page, base: str) -> None:
    saved_for_later(page, base)
    with page.expect_navigation():
        page.get_by_role("link", name="Delete my answers").click()


def deleted(page: Page, base: str) -> None:
    delete_confirmation(page, base)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, delete my answers").click()


STATES += [
    State("delete-confirmation", "/s/{questionnaire_id:str}/delete", delete_confirmation),
    State("deleted", "/s/{questionnaire_id:str}/deleted", deleted),
]

#: Reached on a server whose database has failed (see test_accessibility.py).
SERVER_ERROR = State("server-error", "500", goto("/s/routing"))

# Staff pages: each state signs in with an account the catalogue server has.
STAFF_PASSWORD = "correct horse battery staple"
STAFF = {"worker": "worker@example.org", "admin": "admin@example.org", "analyst": "analyst@example.org",
         "supervisor": "supervisor@example.org"}


def signed_in(role: str, then: Callable[[Page, str], None] | None = None, path: str | None = None) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        page.goto(f"{base}/sign-in")
        page.get_by_label("Email address").fill(STAFF[role])
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "/account" in page.url, page.url
        if path:
            page.goto(base + path)
        if then:
            then(page, base)

    return reach


def sign_in_error(page: Page, base: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(STAFF["worker"])
    page.get_by_label("Password").fill("not the password at all")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error:")


def assisted_start(fmt: str = "standard", mode: str = "in_person", bank: str = "all-types") -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        page.goto(f"{base}/assist/new/{bank}")
        page.locator(f"input[name=mode][value={mode}]").check()
        page.locator(f"input[name=format][value={fmt}]").check()
        page.get_by_label("The respondent agreed to take part").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Start entering answers").click()

    return reach


def assisted_at(qid: str, fmt: str = "standard", declined_error: bool = False) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        assisted_start(fmt)(page, base)
        for current, answer in ALL_TYPES.items():
            if current == qid:
                break
            fill(page, current, answer)
            click_continue(page)
        if declined_error:
            fill(page, qid, ALL_TYPES[qid])
            page.get_by_label("The respondent chose not to answer").check()
            click_continue(page)
            assert page.title().startswith("Error:")

    return reach


def assisted_answered(then: str) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        assisted_start()(page, base)
        for current, answer in ALL_TYPES.items():
            fill(page, current, answer)
            click_continue(page)
        assert page.url.endswith("/check"), page.url
        if then == "done":
            with page.expect_navigation():
                page.get_by_role("button", name="Send answers").click()

    return reach


def free_text_waiting(error: bool) -> Callable[[Page, str], None]:
    """A worker sends an assisted response with free text; an analyst opens
    the queue of answers to read (and, for the error state, saves one
    without choosing)."""
    def reach(page: Page, base: str) -> None:
        signed_in("worker", assisted_answered("done"))(page, base)
        page.context.clear_cookies()
        signed_in("analyst", path="/analyst/all-types/free-text")(page, base)
        assert page.locator("form[action$='/free-text']").count() > 0
        if error:
            with page.expect_navigation():
                page.locator("form[action$='/free-text'] button").first.click()
            assert page.title().startswith("Error:")

    return reach


def paper(error: bool) -> Callable[[Page, str], None]:
    def reach(page: Page, base: str) -> None:
        assisted_start(mode="paper")(page, base)
        assert page.url.endswith("/paper"), page.url
        if error:
            with page.expect_navigation():
                page.get_by_role("button", name="Save and check the answers").click()
            assert page.title().startswith("Error:")

    return reach


def details_error(page: Page, base: str) -> None:
    page.goto(f"{base}/assist/new/all-types")
    with page.expect_navigation():
        page.get_by_role("button", name="Start entering answers").click()
    assert page.title().startswith("Error:")


ASSIST_Q = "/assist/{response_id:uuid}/q/{page_id:str}"

STATES += [
    State("sign-in", "/sign-in", goto("/sign-in"), tags=FORM),
    State("sign-in-error", "/sign-in", sign_in_error, tags=FORM),
    State("signed-out", "/signed-out", goto("/signed-out")),
    State("account", "/account", signed_in("worker")),
    State("assist-home", "/assist", signed_in("worker", path="/assist")),
    State("assist-choose", "/assist/new", signed_in("worker", path="/assist/new")),
    State("assist-details", "/assist/new/{questionnaire_id:str}", signed_in("worker", path="/assist/new/all-types"), tags=FORM),
    State("assist-details-error", "/assist/new/{questionnaire_id:str}", signed_in("worker", details_error), tags=FORM),
    State("assist-radios", ASSIST_Q, signed_in("worker", assisted_at("colour")), tags=FORM),
    State("assist-declined-error", ASSIST_Q, signed_in("worker", assisted_at("name_of_pet", declined_error=True)), tags=FORM),
    State("assist-easy-read", ASSIST_Q, signed_in("worker", assisted_at("likes", fmt="easy_read")), tags=FORM),
    State("assist-check", "/assist/{response_id:uuid}/check", signed_in("worker", assisted_answered("check"))),
    State("assist-done", "/assist/{response_id:uuid}/done", signed_in("worker", assisted_answered("done"))),
    State("assist-paper", "/assist/{response_id:uuid}/paper", signed_in("worker", paper(error=False)), tags=FORM),
    State("assist-paper-error", "/assist/{response_id:uuid}/paper", signed_in("worker", paper(error=True)), tags=FORM),
    State("formats", "/assist/formats/{questionnaire_id:str}", signed_in("worker", path="/assist/formats/all-types")),
    State("printable-large-print", "/assist/formats/{questionnaire_id:str}/{kind:str}", signed_in("worker", path="/assist/formats/london-safety-and-trust/large-print")),
    State("printable-easy-read", "/assist/formats/{questionnaire_id:str}/{kind:str}", signed_in("worker", path="/assist/formats/london-safety-and-trust/easy-read")),
    State("admin-home", "/admin", signed_in("admin", path="/admin")),
    State("admin-users", "/admin/users", signed_in("admin", path="/admin/users")),
    State("admin-questionnaires", "/admin/questionnaires", signed_in("admin", path="/admin/questionnaires"), tags=FORM),
    State("admin-responses", "/admin/responses", signed_in("admin", lambda page, base: (assisted_at("likes")(page, base), page.goto(base + "/admin/responses")))),
    State("admin-retention", "/admin/retention", signed_in("admin", path="/admin/retention")),
    State("admin-audit", "/admin/audit", signed_in("admin", path="/admin/audit?action=sign_in")),
    State("admin-audit-answers", "/admin/audit", signed_in("admin", lambda page, base: (
        assisted_at("name_of_pet")(page, base), page.goto(base + "/admin/audit?action=answer_saved&actor=admin%40example.org"),
        page.locator("#events details summary").first.click()))),
    State("admin-audit-error", "/admin/audit", signed_in("admin", path="/admin/audit?since-day=27&since-year=2026"), tags=FORM),
    State("not-permitted", "403", signed_in("analyst", path="/assist")),
    State("analyst-home", "/analyst", signed_in("analyst", path="/analyst"), tags=FORM),
    State("analyst-free-text", "/analyst/{questionnaire_id:str}/free-text", free_text_waiting(error=False), tags=FORM),
    State("analyst-free-text-error", "/analyst/{questionnaire_id:str}/free-text", free_text_waiting(error=True), tags=FORM),
]

RESULTS = f"/results/{SAMPLE}"


def results_updated_in_place(page: Page, base: str) -> None:
    """With JavaScript, a new breakdown replaces the figures and is announced."""
    page.goto(f"{base}{RESULTS}/questions/trust_met")
    page.get_by_label("Break down by").select_option("disability")
    page.get_by_label("And by (optional)").select_option("sex")
    page.get_by_role("button", name="Show results").click()
    page.wait_for_function("document.querySelector('#results-status').textContent.includes('Results updated')")


STATES += [
    State("results-index", "/results", goto("/results")),
    State("results-overview", "/results/{questionnaire_id:str}", goto(RESULTS)),
    State("results-question", "/results/{questionnaire_id:str}/questions/{question_id:str}", goto(f"{RESULTS}/questions/hate_strands")),
    State("results-two-way", "/results/{questionnaire_id:str}/questions/{question_id:str}",
          goto(f"{RESULTS}/questions/trust_met?by=disability&also=ethnic_group"), tags=FORM),
    State("results-updated", "/results/{questionnaire_id:str}/questions/{question_id:str}", results_updated_in_place, tags=FORM),
    State("results-error", "/results/{questionnaire_id:str}/questions/{question_id:str}",
          goto(f"{RESULTS}/questions/trust_met?by=sex&also=sex"), tags=FORM),
    State("results-differences", "/results/{questionnaire_id:str}/differences", goto(f"{RESULTS}/differences?by=ethnic_group"), tags=FORM),
    State("results-methodology", "/results/{questionnaire_id:str}/methodology", goto(f"{RESULTS}/methodology")),
    State("results-high-contrast", "/results/{questionnaire_id:str}/questions/{question_id:str}",
          goto(f"{RESULTS}/questions/trust_met?by=age"), display="colours-contrast"),
]


def sample_error_in(language: str) -> Callable[[Page, str], None]:
    """The sample's first question in another language, sent with no answer."""

    def reach(page: Page, base: str) -> None:
        page.goto(f"{base}/s/{SAMPLE}?lang={language}")
        with page.expect_navigation():
            page.locator("main form button.govuk-button--start").click()
        with page.expect_navigation():
            page.locator("main form .govuk-button-group button").first.click()
        assert page.locator(".govuk-error-summary").count() == 1

    return reach


#: Each display option on its own, and all at their most, on radios and
#: checkboxes: the layout checks (controls in scale, no text over text) at each.
STATES += [
    State("radios-text-150", QUESTION_ROUTE, all_types_at("colour"), display="text-150", tags=FORM),
    State("radios-text-200", QUESTION_ROUTE, all_types_at("colour"), display="text-200", tags=FORM),
    State("radios-spacing-more", QUESTION_ROUTE, all_types_at("colour"), display="spacing-more", tags=FORM),
    State("radios-dyslexia-font", QUESTION_ROUTE, all_types_at("colour"), display="font-dyslexia", tags=FORM),
    State("checkboxes-every-option-at-most", QUESTION_ROUTE, all_types_at("likes", error=True),
          display="text-200.spacing-more.font-dyslexia.colours-contrast.motion-reduce", tags=FORM),
    State("sample-arabic-largest-text", QUESTION_ROUTE, sample_error_in("ar"), display="text-200.spacing-more", tags=FORM),
]


STATES += [
    State("start-arabic", "/s/{questionnaire_id:str}", goto(f"/s/{SAMPLE}?lang=ar")),
    State("error-arabic", QUESTION_ROUTE, sample_error_in("ar"), tags=FORM),
    State("error-welsh", QUESTION_ROUTE, sample_error_in("cy"), tags=FORM),
    State("results-arabic", "/results/{questionnaire_id:str}/questions/{question_id:str}",
          goto(f"{RESULTS}/questions/trust_met?by=disability&lang=ar"), tags=FORM),
    # Urdu: the interface has it, the sample bank does not, so the list marks the survey's own language.
    State("home-urdu", "/", goto("/?lang=ur")),
]



#: Access codes of the sample waves the catalogue server imports, by bank and
#: case reference (filled in when it starts).
ACCESS_CODES: dict[str, dict[str, str]] = {}
#: The sample bank takes codes beside its open link; the sampled-only bank only codes.
SAMPLED = {SAMPLE: "both", "sampled-only": "sample"}
#: Cases of each wave: some to start with (one per journey test), one already sent.
SAMPLE_CASES = ("L1", "L2", "L3", "L4", "L5", "L6", "USED", "F1")
#: The sample bank's case assigned to the catalogue's worker, for the fieldwork pages.
FIELDWORK_CASE = "F1"


def access_code(typed: str | None = None, bank: str = SAMPLE, language: str | None = None) -> Callable[[Page, str], None]:
    """The access code page; with ``typed``, after sending it (a case reference: its code)."""

    def reach(page: Page, base: str) -> None:
        page.goto(f"{base}/s/{bank}/code" + (f"?lang={language}" if language else ""))
        if typed is None:
            return
        page.locator("#access_code").fill(ACCESS_CODES.get(bank, {}).get(typed, typed))
        with page.expect_navigation():
            page.locator("main form button.govuk-button").click()

    return reach


STATES += [
    State("access-code", "/s/{questionnaire_id:str}/code", access_code(), tags=FORM),
    State("access-code-error", "/s/{questionnaire_id:str}/code", access_code("ABCD"), tags=FORM),
    State("access-code-not-found", "/s/{questionnaire_id:str}/code", access_code("7KQP M4XW HR9C 2D52"), tags=FORM),
    State("access-code-welsh-error", "/s/{questionnaire_id:str}/code", access_code("", language="cy"), tags=FORM),
    State("access-code-arabic-error", "/s/{questionnaire_id:str}/code", access_code("ABCD", language="ar"), tags=FORM),
    State("access-code-bsl", "/s/{questionnaire_id:str}/code", in_bsl(access_code(), bank=SAMPLE), tags=FORM),
    State("access-code-easy-read", "/s/{questionnaire_id:str}/code", in_easy_read(access_code(), bank=SAMPLE), tags=FORM),
    State("access-code-largest-text", "/s/{questionnaire_id:str}/code", access_code("ABCD"), display="text-200.spacing-more", tags=FORM),
    State("access-code-used", "/s/{questionnaire_id:str}/code", access_code("USED")),
    State("start-sample-only", "/s/{questionnaire_id:str}", goto("/s/sampled-only"), tags=FORM),
]


def outcome_error(page: Page, base: str) -> None:
    """The sample page's outcome form, sent with a case the wave does not have and no outcome."""
    page.locator("#reference").fill("NOT-A-CASE")
    with page.expect_navigation():
        page.get_by_role("button", name="Record outcome").click()
    assert page.locator(".govuk-error-summary").count() == 1


STATES += [
    State("admin-sample", "/admin/questionnaires/{questionnaire_id:str}/sample",
          signed_in("admin", path=f"/admin/questionnaires/{SAMPLE}/sample"), tags=FORM),
    State("admin-sample-error", "/admin/questionnaires/{questionnaire_id:str}/sample",
          signed_in("admin", outcome_error, path=f"/admin/questionnaires/{SAMPLE}/sample"), tags=FORM),
    State("admin-sample-none", "/admin/questionnaires/{questionnaire_id:str}/sample",
          signed_in("admin", path="/admin/questionnaires/routing/sample"), tags=FORM),
]


def asked_for_help(way: str = "bsl_video_call", fields: dict[str, str] | None = None, language: str | None = None):
    """The contact page for ``way``; with ``fields``, after sending them (empty: the error state)."""

    def reach(page: Page, base: str) -> None:
        page.goto(f"{base}/s/{SAMPLE}/help/contact?way={way}" + (f"&lang={language}" if language else ""))
        if fields is None:
            return
        for name, value in fields.items():
            page.locator(f"#{name}").fill(value)
        with page.expect_navigation():
            page.locator("main form button.govuk-button").click()

    return reach


def help_ways_error(page: Page, base: str) -> None:
    page.goto(f"{base}/s/{SAMPLE}/help")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue", exact=True).click()


def help_request(*steps: str) -> Callable[[Page, str], None]:
    """A request for a BSL video call, then the worker of Deaf Futures at it:
    the queue; then its page ("open"), claimed ("claim"), with the outcome
    sent empty ("outcome-error") or the start form ("start")."""

    def reach(page: Page, base: str) -> None:
        asked_for_help("bsl_video_call", {"email": "sam@example.com"})(page, base)
        signed_in("worker", path="/assist/help")(page, base)
        for step in steps:
            with page.expect_navigation():
                if step == "open":
                    page.locator("#waiting a").first.click()
                elif step == "claim":
                    page.get_by_role("button", name="Claim this request").click()
                elif step == "outcome-error":
                    page.get_by_role("button", name="Mark as done").click()
                elif step == "start":
                    page.get_by_role("button", name="Start the interview").click()

    return reach


STATES += [
    State("help-ways", "/s/{questionnaire_id:str}/help", goto(f"/s/{SAMPLE}/help"), tags=FORM),
    State("help-ways-error", "/s/{questionnaire_id:str}/help", help_ways_error, tags=FORM),
    State("help-ways-arabic", "/s/{questionnaire_id:str}/help", goto(f"/s/{SAMPLE}/help?lang=ar"), tags=FORM),
    State("help-ways-easy-read", "/s/{questionnaire_id:str}/help", in_easy_read(goto(f"/s/{SAMPLE}/help"), bank=SAMPLE), tags=FORM),
    State("help-contact", "/s/{questionnaire_id:str}/help/contact", asked_for_help("home_visit"), tags=FORM),
    State("help-contact-error", "/s/{questionnaire_id:str}/help/contact", asked_for_help("home_visit", {}), tags=FORM),
    State("help-contact-welsh-error", "/s/{questionnaire_id:str}/help/contact", asked_for_help("phone_call", {}, language="cy"), tags=FORM),
    State("help-contact-largest-text", "/s/{questionnaire_id:str}/help/contact", asked_for_help("paper_braille", {}),
          display="text-200.spacing-more", tags=FORM),
    State("help-sent", "/s/{questionnaire_id:str}/help/sent", asked_for_help("bsl_video_call", {"email": "sam@example.com"})),
    State("help-sent-arabic", "/s/{questionnaire_id:str}/help/sent", asked_for_help("arabic", {"phone": "020 7946 0000"}, language="ar")),
    State("assist-help-queue", "/assist/help", help_request()),
    State("assist-help-request", "/assist/help/{request_id:uuid}", help_request("open"), tags=FORM),
    State("assist-help-claimed", "/assist/help/{request_id:uuid}", help_request("open", "claim"), tags=FORM),
    State("assist-help-outcome-error", "/assist/help/{request_id:uuid}", help_request("open", "claim", "outcome-error"), tags=FORM),
    State("assist-help-start", "/assist/help/{request_id:uuid}/start", help_request("open", "claim", "start"), tags=FORM),
]


def at_case(*steps: str) -> Callable[[Page, str], None]:
    """The worker's cases, then the assigned case ("open"), its attempt form sent
    empty ("attempt-error") or filled ("attempt"), or its start form ("start")."""

    def reach(page: Page, base: str) -> None:
        signed_in("worker", path="/assist/cases")(page, base)
        for step in steps:
            with page.expect_navigation():
                if step == "open":
                    page.locator("#cases a", has_text=FIELDWORK_CASE).first.click()
                elif step == "attempt-error":
                    page.get_by_role("button", name="Record it").click()
                elif step == "attempt":
                    page.get_by_label("Phone call").check()
                    page.get_by_label("No answer: nobody reached").check()
                    page.get_by_role("button", name="Record it").click()
                elif step == "start":
                    page.get_by_role("button", name="Start the interview").click()

    return reach


def assign_error(page: Page, base: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Assign", exact=True).click()


STATES += [
    State("assist-cases", "/assist/cases", at_case()),
    State("assist-case", "/assist/cases/{case_id:uuid}", at_case("open"), tags=FORM),
    State("assist-case-error", "/assist/cases/{case_id:uuid}", at_case("open", "attempt-error"), tags=FORM),
    State("assist-case-recorded", "/assist/cases/{case_id:uuid}", at_case("open", "attempt"), tags=FORM),
    State("assist-case-start", "/assist/cases/{case_id:uuid}/start", at_case("open", "start"), tags=FORM),
    State("admin-sample-assign-error", "/admin/questionnaires/{questionnaire_id:str}/sample",
          signed_in("admin", assign_error, path=f"/admin/questionnaires/{SAMPLE}/sample"), tags=FORM),
]



def booking(filled: bool | None = None) -> Callable[[Page, str], None]:
    """The appointment form for the worker's case; sent empty (False) or filled (True)."""

    def reach(page: Page, base: str) -> None:
        at_case("open")(page, base)
        with page.expect_navigation():
            page.locator("#book-appointment").click()
        if filled is None:
            return
        if filled:
            page.locator("#date-day").fill("1")
            page.locator("#date-month").fill("1")
            page.locator("#date-year").fill("2100")
            page.locator("#time").fill("10:30")
            page.get_by_label("With a BSL interpreter").check()
            page.get_by_label("A British Sign Language (BSL) interpreter is booked").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Book appointment").click()

    return reach


STATES += [
    State("assist-appointments", "/assist/appointments", signed_in("worker", path="/assist/appointments")),
    State("assist-appointment", "/assist/appointments/new", booking(), tags=FORM),
    State("assist-appointment-error", "/assist/appointments/new", booking(False), tags=FORM),
    State("assist-appointment-booked", "/assist/appointments", booking(True)),
]


def finishing_alone(hand_over: bool) -> Callable[[Page, str], None]:
    """A worker part-way through a response, at "Let the respondent finish on their own"; then handing over."""

    def reach(page: Page, base: str) -> None:
        assisted_at("likes")(page, base)
        with page.expect_navigation():
            page.locator("#finish-alone").click()
        if hand_over:
            with page.expect_navigation():
                page.get_by_role("button", name="Hand over to the respondent").click()

    return signed_in("worker", reach)


STATES += [
    State("assist-finish-alone", "/assist/{response_id:uuid}/finish-alone", finishing_alone(False), tags=FORM),
    State("assist-handed-over", "/assist/{response_id:uuid}/finish-alone", finishing_alone(True)),
]


def export_error(page: Page, base: str) -> None:
    """The analyst's export form sent with k out of range and half a date."""
    page.locator(f"#k-{SAMPLE}").fill("1")
    page.locator(f"#since-day-{SAMPLE}").fill("27")
    with page.expect_navigation():
        page.locator(f"form:has(#k-{SAMPLE}) button.govuk-button").click()
    assert page.locator(".govuk-error-summary").count() == 1


STATES += [
    State("analyst-export-error", "/analyst/export", signed_in("analyst", export_error, path="/analyst"), tags=FORM),
]


def roles_error(page: Page, base: str) -> None:
    """The users page after saving someone's roles with none ticked."""
    form = page.locator("form[action$='/roles']").nth(1)
    for box in form.locator("input[type=checkbox]").all():
        box.uncheck()
    with page.expect_navigation():
        form.get_by_role("button").click()
    assert page.locator(".govuk-error-summary").count() == 1


STATES += [
    State("admin-users-roles-error", "/admin/users/{account_id:uuid}/roles", signed_in("admin", roles_error, path="/admin/users"), tags=FORM),
]



def at_private_section(page: Page, base: str) -> None:
    """A worker interviewing with a BSL interpreter, at the routing bank's private section."""
    assisted_start(mode="bsl_interpreter", bank="routing")(page, base)
    for qid, answer in (("happened", "no"), ("rating", "good")):
        fill(page, qid, answer)
        click_continue(page)
    assert page.url.endswith("/q/secret"), page.url


def handed_over(*steps: str) -> Callable[[Page, str], None]:
    """The worker hands the device over; then the respondent's ``steps``:
    "start", "error" (sends the question empty), "answer", "back" (gives it
    back), "signed-in" (the worker signs in again), "check", "private-page"."""

    def reach(page: Page, base: str) -> None:
        at_private_section(page, base)
        with page.expect_navigation():
            page.get_by_role("button", name="Hand the device to the respondent").click()
        assert "/private/" in page.url, page.url
        rid = page.url.split("/private/", 1)[1].split("/")[0]
        for step in steps:
            if step == "start":
                with page.expect_navigation():
                    page.get_by_role("button", name="Start").click()
            elif step == "error":
                click_continue(page)
                assert page.title().startswith("Error:")
            elif step == "answer":
                fill(page, "secret", "yes")
                click_continue(page)
            elif step == "back":
                with page.expect_navigation():
                    page.get_by_role("button", name="Give the device back").click()
            elif step == "signed-in":
                page.get_by_label("Email address").fill(STAFF["worker"])
                page.get_by_label("Password").fill(STAFF_PASSWORD)
                with page.expect_navigation():
                    page.get_by_role("button", name="Sign in").click()
            elif step == "private-page":
                page.goto(f"{base}/assist/{rid}/q/secret")

    return signed_in("worker", reach)


def sent_for_review(page: Page, base: str) -> None:
    """A worker sends an interview; the supervisor of their organisation signs in."""
    signed_in("worker", at_private_section)(page, base)
    fill(page, "secret", "no")
    click_continue(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send answers").click()
    page.context.clear_cookies()
    signed_in("supervisor", path="/supervise")(page, base)


def reviewing(then: str = "") -> Callable[[Page, str], None]:
    """The supervisor opens the newest response waiting; ``then``: "error"
    (returns it with no comment), "accepted", or "returned" (and the worker sees it)."""

    def reach(page: Page, base: str) -> None:
        sent_for_review(page, base)
        with page.expect_navigation():
            page.locator("#for-review tbody a").last.click()
        if then == "error":
            with page.expect_navigation():
                page.get_by_role("button", name="Return to the worker").click()
            assert page.title().startswith("Error:")
        elif then == "accepted":
            with page.expect_navigation():
                page.get_by_role("button", name="Accept response").click()
        elif then == "returned":
            page.get_by_label("What should the worker check or change?").fill("Check the rating with the respondent")
            with page.expect_navigation():
                page.get_by_role("button", name="Return to the worker").click()
            page.context.clear_cookies()
            signed_in("worker", path="/assist")(page, base)

    return reach


PRIVATE_Q = "/private/{response_id:uuid}/q/{page_id:str}"

STATES += [
    State("assist-private-offer", ASSIST_Q, signed_in("worker", at_private_section), tags=FORM),
    State("private-start", "/private/{response_id:uuid}", handed_over()),
    State("private-question", PRIVATE_Q, handed_over("start"), tags=FORM),
    State("private-question-error", PRIVATE_Q, handed_over("start", "error"), tags=FORM),
    State("private-hand-back", "/private/{response_id:uuid}/hand-back", handed_over("start", "answer")),
    State("sign-in-handed-back", "/sign-in", handed_over("start", "answer", "back"), tags=FORM),
    State("assist-check-private", "/assist/{response_id:uuid}/check", handed_over("start", "answer", "back", "signed-in")),
    State("assist-answered-privately", ASSIST_Q, handed_over("start", "answer", "back", "signed-in", "private-page")),
    State("supervise-list", "/supervise", sent_for_review),
    State("supervise-response", "/supervise/{response_id:uuid}", reviewing(), tags=FORM),
    State("supervise-return-error", "/supervise/{response_id:uuid}/return", reviewing("error"), tags=FORM),
    State("supervise-accepted", "/supervise", reviewing("accepted")),
    State("assist-home-returned", "/assist", reviewing("returned")),
]
