"""What a screen reader says on the pages that matter most, phrase by phrase.

The phrases come from @guidepup/virtual-screen-reader running in the real page
in Chromium. They pin down what people hear: the question as the name of
each group, the hint and any error spoken with every input, "Error:" before
each message, and Change links named by their question.
"""

from __future__ import annotations

import re

import pytest

from catalogue import STATES
from screen_reader import read_main, tab_through

pytestmark = pytest.mark.browser

BY_NAME = {state.name: state for state in STATES}


@pytest.fixture
def reach(browser, catalogue_server):
    contexts = []

    def go(name: str):
        context = browser.new_context(bypass_csp=True)  # so the reader's script can be added
        contexts.append(context)
        page = context.new_page()
        BY_NAME[name].reach(page, catalogue_server.url)
        return page

    yield go
    for context in contexts:
        context.close()


def between(phrases: list[str], first: str, last: str) -> list[str]:
    start = phrases.index(first)
    return phrases[start : phrases.index(last, start) + 1]


def test_radio_question_with_hint(reach):
    said = read_main(reach("single_choice"))
    assert said[:7] == ["main", "paragraph", "All types", "end of paragraph", "paragraph", "Question 1 of 7", "end of paragraph"]
    # The BSL disclosure comes before the question, named by its summary.
    assert said[7:10] == ["group", "Watch this question in BSL", "Watch this question in BSL"]
    assert between(said, "group, Which colour?, Pick one.", "button, Continue") == [
        "group, Which colour?, Pick one.",
        "Which colour?",
        "heading, Which colour?, level 1",
        "end, Which colour?",
        "Pick one.",
        "radio, Red, Pick one., not checked, position 1, set size 4",
        "Red",
        "radio, Blue, Pick one. Like the sky, not checked, position 2, set size 4",
        "Blue",
        "Like the sky",
        "or",
        "radio, Don't know, Pick one., not checked, position 3, set size 4",
        "Don't know",
        "radio, Prefer not to say, Pick one., not checked, position 4, set size 4",
        "Prefer not to say",
        "end of group, Which colour?, Pick one.",
        "button, Continue",
    ]


def test_radio_question_with_an_error(reach):
    page = reach("single_choice-error")
    # Browsers apply autofocus at their next rendering step: under load, after "load".
    page.wait_for_function("document.activeElement && document.activeElement.tagName !== 'BODY'", timeout=5000)
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')"), "summary focused"
    said = read_main(page)
    assert between(said, "alert", "end of alert") == [
        "alert",
        "heading, There is a problem, level 2",
        "list",
        "listitem, level 1, position 1, set size 1",
        "link, Select an answer",
        "end of listitem, level 1, position 1, set size 1",
        "end of list",
        "end of alert",
    ]
    assert between(said, "group, Which colour?, Pick one. Error: Select an answer", "end of paragraph")[-4:] == [
        "paragraph", "Error:", "Select an answer", "end of paragraph",
    ]
    radios = [p for p in said if p.startswith("radio, ")]
    assert radios == [
        "radio, Red, Pick one. Error: Select an answer, not checked, position 1, set size 4",
        "radio, Blue, Pick one. Error: Select an answer Like the sky, not checked, position 2, set size 4",
        "radio, Don't know, Pick one. Error: Select an answer, not checked, position 3, set size 4",
        "radio, Prefer not to say, Pick one. Error: Select an answer, not checked, position 4, set size 4",
    ]


def test_checkbox_question_with_an_exclusive_answer(reach):
    said = read_main(reach("multiple_choice"))
    assert between(said, "group, Which do you like?, Select all that apply.", "button, Continue") == [
        "group, Which do you like?, Select all that apply.",
        "Which do you like?",
        "heading, Which do you like?, level 1",
        "end, Which do you like?",
        "Select all that apply.",
        "checkbox, Tea, Select all that apply., not checked",
        "Tea",
        "checkbox, Coffee, Select all that apply., not checked",
        "Coffee",
        "or",
        "checkbox, None of these, Select all that apply., not checked",
        "None of these",
        "end of group, Which do you like?, Select all that apply.",
        "button, Continue",
    ]
    error = read_main(reach("multiple_choice-error"))
    message = "Error: Select “None of these” on its own, or choose only from the other answers"
    assert f"checkbox, Tea, Select all that apply. {message}, checked, invalid" in error
    assert f"checkbox, None of these, Select all that apply. {message}, checked, invalid" in error


def test_text_question_with_character_count(reach):
    said = read_main(reach("long_text"))
    hint = "On a phone or tablet you can record it now. The video can be up to 200 MB. Only the research team will watch it, to translate it."
    assert between(said, "heading, Tell us more, level 1", "button, Continue") == [
        "heading, Tell us more, level 1",
        "Tell us more",
        "end of heading, Tell us more, level 1",
        "textbox, Tell us more, You can enter up to 50 characters",
        "You can enter up to 50 characters",
        "group",
        "Answer in British Sign Language (BSL) instead",
        "Answer in British Sign Language (BSL) instead",
        "end, Answer in British Sign Language (BSL) instead",
        "Upload a video of your answer in BSL",
        hint,
        f"Upload a video of your answer in BSL, {hint}",
        "end of group",
        "button, Continue",
    ]
    over = read_main(reach("long_text-error"))
    assert "textbox, Tell us more, Error: Your answer must be 50 characters or fewer You can enter up to 50 characters, invalid" in over
    assert "You have 10 characters too many" in over


def test_date_input(reach):
    said = read_main(reach("date"))
    assert between(said, "group, When did it happen?", "end of group, When did it happen?") == [
        "group, When did it happen?",
        "When did it happen?",
        "heading, When did it happen?, level 1",
        "end, When did it happen?",
        "Day", "textbox, Day", "Month", "textbox, Month", "Year", "textbox, Year",
        "end of group, When did it happen?",
    ]
    error = read_main(reach("date-error"))
    assert "textbox, Day, 5, Error: The date must include a month and year" in error, "a filled box is not marked invalid"
    assert "textbox, Month, Error: The date must include a month and year, invalid" in error
    assert "textbox, Year, Error: The date must include a month and year, invalid" in error


def test_check_answers_list_and_change_links(reach):
    said = read_main(reach("check-answers"))
    assert said[1] == "heading, Check your answers before sending them, level 1"
    assert between(said, "heading, All types, level 2", "end of definition")[:9] == [
        "heading, All types, level 2",
        "term", "Which colour?", "end of term",
        "definition", "paragraph", "Red", "end of paragraph", "end of definition",
    ]
    links = [p for p in said if p.startswith("link, Change")]
    assert links == [
        f"link, Change your answer to: {q}"
        for q in ["Which colour?", "Which do you like?", "Do you agree?", "What is your pet called?", "Tell us more", "How many?", "When did it happen?"]
    ]
    assert between(said, "heading, Now send your answers, level 2", "end of form")[-3:] == ["form", "button, Send answers", "end of form"]


def test_confirmation(reach):
    said = read_main(reach("confirmation"))
    assert said[1:4] == ["heading, Answers sent, level 1", "Your reference number", "strong"]
    assert re.fullmatch(r"[0-9A-Z]{5}-[0-9A-Z]{5}", said[4])
    assert "heading, What happens next, level 2" in said


def test_tab_reaches_the_page_links_in_order(reach):
    # The reader's own Tab emulation stops at a <summary> (the BSL disclosure
    # after "Back"); the real browser's Tab order through it, into the radios,
    # is checked on every page by test_accessibility.py.
    assert tab_through(reach("single_choice"), 6) == [
        "link, Skip to main content",
        "link, Every question type",
        "link, Change how this looks",
        # Choosing a format changes the response, so it is a button in a form.
        "button, British Sign Language (BSL)",
        "button, Easy Read",
        "link, Back",
    ]


def test_long_list_is_a_combobox_with_its_hint_and_error_spoken(reach):
    hint = "The borough you spend most time in."
    how = "Type to narrow the list. Use the up and down arrows to go through the answers and Enter to choose one."
    said = read_main(reach("select"))
    box = next(phrase for phrase in said if phrase.startswith("combobox"))
    assert box == f"combobox, Which London borough?, {hint} {how}, has popup listbox, not expanded, autocomplete inlined and in list, 1 control"
    # The arrow is decoration: nothing is said between the box and the button.
    assert said[said.index(box) + 1] == "button, Continue"
    tabbed = tab_through(reach("select-error"), 3)
    assert tabbed[0] == "link, Select an answer"
    assert tabbed[1] == (f"combobox, Which London borough?, {hint} Error: Select an answer. {how}, has popup listbox, "
                         "not expanded, autocomplete inlined and in list, 1 control, invalid")


def test_handing_the_device_over_is_explained_before_its_button(reach):
    said = read_main(reach("assist-private-offer"))
    assert between(said, "heading, Private questions, level 2", "end of form") == [
        "heading, Private questions, level 2",
        "The respondent may answer this section on their own. You will be signed out: they answer on this device without you "
        "seeing their answers, then hand it back and you sign in again.",
        "form",
        "button, Hand the device to the respondent",
        "end of form",
    ]


def test_the_respondents_own_part_says_the_worker_cannot_see_it_and_has_no_worker_banner(reach):
    said = read_main(reach("private-start"))
    assert not any(p.startswith("region, Assisted entry") for p in said)
    assert between(said, "heading, Questions to answer on your own, level 1", "button, Start")[2:] == [
        "The worker has handed you this device so that you can answer the next questions in private. "
        "They cannot see what you answer, and they have been signed out.",
        "end of paragraph",
        "paragraph",
        "There is 1 question in this part. You can stop and give the device back at any time.",
        "end of paragraph",
        "paragraph",
        "When you have finished, you will be asked to give the device back.",
        "end of paragraph",
        "button, Start",
    ]


def test_a_privately_answered_row_says_so_and_offers_no_change_link(reach):
    said = read_main(reach("assist-check-private"))
    assert between(said, "heading, Private matters, level 2", "end of definition") == [
        "heading, Private matters, level 2",
        "term", "Anything else?", "end of term",
        "definition", "paragraph", "Answered privately by the respondent", "end of paragraph", "end of definition",
    ]
    assert "link, Change your answer to: Anything else?" not in said


def test_a_supervisor_hears_each_answer_with_its_question_and_who_typed_it(reach):
    said = read_main(reach("supervise-response"))
    assert "row, Did it happen? No worker@example.org" in said
    assert between(said, "row, Did it happen? No worker@example.org", "end of row, Did it happen? No worker@example.org")[1:3] == [
        "rowheader, Did it happen?", "cell, No",
    ]
    assert "textbox, What should the worker check or change?, The worker sees this beside the response in their list. " \
           "Do not copy answers into it." in said
