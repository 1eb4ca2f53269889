"""Routing: which pages a person sees, given their answers."""

from banks import bank, radio, section, text
from survey.questionnaire import Journey, parse

CONTENT = {"id": "intro", "type": "content", "title": "Intro", "body": ["Words."]}


def questionnaire():
    return parse(text(bank(
        section(
            "first",
            radio("happened", "yes", "no"),
            {"id": "what", "type": "multiple_choice", "title": "What?", "options": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}],
             "show_if": {"question": "happened", "equals": "yes"}},
            radio("about_b", "x", "y", show_if={"question": "what", "any_of": ["b"]}),
            radio("always", "x", "y"),
        ),
        section("second", CONTENT, radio("last", "x", "y"), show_if={"not": {"question": "always", "equals": "y"}}),
    ))).questionnaire


def ids(journey):
    return [p.id for p in journey.route]


def test_route_follows_answers():
    q = questionnaire()
    assert ids(Journey(q, {})) == ["happened", "always", "intro", "last"]
    assert ids(Journey(q, {"happened": "yes"})) == ["happened", "what", "always", "intro", "last"]
    assert ids(Journey(q, {"happened": "yes", "what": ["a", "b"]})) == ["happened", "what", "about_b", "always", "intro", "last"]
    assert ids(Journey(q, {"happened": "no", "always": "y"})) == ["happened", "always"]


def test_changing_an_earlier_answer_drops_answers_no_longer_reached():
    q = questionnaire()
    answers = {"happened": "no", "what": ["b"], "about_b": "x", "always": "x"}
    journey = Journey(q, answers)
    assert journey.stale_answers() == {"what", "about_b"}
    assert "about_b" not in ids(journey), "a stale answer never steers the route"


def test_first_unanswered_and_resume_point():
    q = questionnaire()
    journey = Journey(q, {"happened": "no", "always": "x"})
    assert journey.first_unanswered().id == "last"
    assert journey.resume_page().id == "intro", "returning people read the introduction first"
    assert not journey.complete
    done = Journey(q, {"happened": "no", "always": "x", "last": "y"})
    assert done.complete and done.resume_page() is None


def test_may_not_skip_ahead_of_the_first_unanswered_question():
    q = questionnaire()
    journey = Journey(q, {"happened": "yes"})
    assert journey.may_visit("happened") and journey.may_visit("what")
    assert not journey.may_visit("always")
    assert not journey.may_visit("about_b"), "not on the route"


def test_question_numbers_count_questions_on_the_route_only():
    q = questionnaire()
    journey = Journey(q, {"happened": "no"})
    assert (journey.number("happened"), journey.number("always"), journey.number("last")) == (1, 2, 3)
    assert journey.number("intro") is None
    assert journey.total == 3


def test_next_and_previous():
    q = questionnaire()
    journey = Journey(q, {"happened": "no"})
    assert journey.next_after("happened").id == "always"
    assert journey.previous_before("always").id == "happened"
    assert journey.previous_before("happened") is None
    assert journey.next_after("last") is None


def test_progress_never_changes_as_answers_open_up_the_route():
    """GOV.UK: "Question 4 of 10" that grows to "13 of 13" misleads. A bank
    without routing numbers its questions; one whose questions are routed
    numbers its sections; one whose sections are routed says neither."""
    import json

    from conftest import FIXTURES, SAMPLE_DIR
    from survey.questionnaire import Journey, load_file
    from survey.questionnaire.loader import parse

    fixed = load_file(FIXTURES / "banks" / "all-types.json").questionnaire
    assert Journey(fixed, {}).progress("colour") == ("question", 1, 7)
    sample = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
    first, later = Journey(sample, {}), Journey(sample, {"hate_in_person": "yes", "hate_online": "yes"})
    assert first.progress("police_job") == later.progress("police_job") == ("section", 1, len(sample.sections))
    assert later.progress("hate_strands") == ("section", 3, len(sample.sections))
    data = json.loads((FIXTURES / "banks" / "routing.json").read_text())
    data["sections"][1]["show_if"] = {"question": "happened", "equals": "yes"}
    routed = parse(json.dumps(data)).questionnaire
    assert Journey(routed, {"happened": "yes"}).progress("rating") is None


def test_a_page_of_its_own_can_offer_exit_this_page(tmp_path):
    import json
    import shutil

    from conftest import FIXTURES
    from web_client import Visitor, running_app

    banks = tmp_path / "banks"
    shutil.copytree(FIXTURES / "banks", banks)
    data = json.loads((banks / "all-types.json").read_text())
    data["sections"][0]["questions"][0]["exit_this_page"] = True  # the content page, in a section that is not sensitive
    (banks / "all-types.json").write_text(json.dumps(data))
    with running_app(tmp_path, banks) as client:
        visitor = Visitor(client)
        visitor.get("/s/all-types")
        visitor.post("/s/all-types/start", data={})
        assert visitor.path == "/s/all-types/q/intro_page"
        assert visitor.soup.select_one(".govuk-exit-this-page") is not None
        visitor.post(data={})
        assert visitor.path == "/s/all-types/q/colour" and visitor.soup.select_one(".govuk-exit-this-page") is None
