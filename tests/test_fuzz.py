"""Generated input, valid and broken: the loader, routing and every question
type answer with results or clear errors, never a crash or a server error."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SAMPLE_DIR
from survey.questionnaire import Journey, LoadError, load_file, parse
from survey.web.messages import message
from synthetic import form_fields
from web_client import Visitor, running_app

SAMPLE = load_file(SAMPLE_DIR / "london-safety-and-trust.json").questionnaire
VALID = json.loads((FIXTURES / "banks" / "routing.json").read_text())
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def mutate(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


PATHS = [
    ("id",), ("version",), ("sections", 0, "questions", 0, "type"), ("sections", 0, "questions", 1, "show_if"),
    ("sections", 0, "questions", 2, "options"), ("sections", 0, "questions", 2, "options", 0, "code"), ("contact",),
    ("sections", 1, "show_if"), ("sections", 0, "questions", 0, "id"), ("intro", "duration_minutes"),
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), JSONISH)
def test_a_broken_bank_gives_problems_with_paths_never_a_crash(path, value):
    data = mutate(json.loads(json.dumps(VALID)), path, value)
    try:
        parse(json.dumps(data), "fuzz.json")
    except LoadError as exc:
        assert exc.problems and all(str(p).startswith("fuzz.json: ") for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_valid_json_or_a_clear_error(text):
    try:
        parse(text, "fuzz.json")
    except LoadError as exc:
        assert exc.problems


ANSWERS = st.dictionaries(
    st.sampled_from([p.id for p in SAMPLE.pages]),
    st.none() | st.text(max_size=10) | st.integers() | st.lists(st.sampled_from(["yes", "no", "disability", "police", "no_one"]), max_size=3),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(ANSWERS)
def test_routing_holds_for_any_answers(answers):
    journey = Journey(SAMPLE, answers)
    route = [p.id for p in journey.route]
    assert len(route) == len(set(route)) and set(route) <= {p.id for p in SAMPLE.pages}
    assert journey.stale_answers().isdisjoint(route)
    pending = journey.resume_page()
    assert pending is None or journey.may_visit(pending.id)


FORM = st.dictionaries(st.text(min_size=1, max_size=15), st.lists(st.text(max_size=50), max_size=3), max_size=4)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([q for q in SAMPLE.questions()]), FORM)
def test_every_question_type_reads_any_form(question, form):
    names = question.field_names()
    form = dict(form)
    if names:
        form.setdefault(names[0], ["x"])  # so the question's own field is always in play
    parsed = question.parse(form)
    if parsed.errors:
        # Every error has words to show the person (an unknown key would raise).
        assert all(message(question, error).strip() for error in parsed.errors)
    else:
        # What was read is what a browser would send back for it: it reads the same.
        again = question.parse(form_fields(question, parsed.value))
        assert again.ok and again.value == parsed.value, (form, parsed.value, again)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("fuzz"), FIXTURES / "banks") as client:
        yield client


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(["colour", "likes", "agree", "name_of_pet", "story", "count", "when"]), form=FORM)
def test_random_posts_to_question_pages_never_cause_a_server_error(client, page, form):
    client.cookies.clear()
    v = Visitor(client)
    v.get("/s/all-types")
    v.post()
    order = ["intro_page", "colour", "likes", "agree", "name_of_pet", "story", "count", "when"]
    answers = [{}, {"colour": "red"}, {"likes": "tea"}, {"agree": "yes"}, {"name_of_pet": ""}, {"story": "x"}, {"count": "1"}]
    for answer in answers[: order.index(page)]:
        v.post(data=answer)
    response = client.post(f"/s/all-types/q/{page}", data={**form, "_csrf_token": v.csrf()})
    assert response.status_code in {200, 303, 400}, response.text[:500]
    assert "Traceback" not in response.text
