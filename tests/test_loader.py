"""Loader errors name the file, the JSON path and what is wrong."""

import pytest

from banks import bank, radio, section, text
from survey.questionnaire import LoadError, load_directory, parse


def problems(data, file="bank.json") -> list[str]:
    with pytest.raises(LoadError) as caught:
        parse(text(data) if not isinstance(data, str) else data, file)
    return [str(p) for p in caught.value.problems]


def test_a_valid_bank_loads_with_pages_in_order():
    loaded = parse(text(bank(section("one", radio("a", "x", "y")), section("two", radio("b", "x", "y")))))
    assert [p.id for p in loaded.questionnaire.pages] == ["a", "b"]
    assert len(loaded.content_hash) == 64


def test_json_syntax_error_gives_line_and_column():
    assert problems('{"id": "x",\n  "version": }') == ["bank.json: line 2, column 14: not valid JSON: Expecting value"]


def test_unknown_question_type_names_the_path_and_the_types():
    data = bank(section("s", radio("a", "x", "y"), {"id": "b", "type": "grid", "title": "B"}))
    [message] = problems(data)
    assert message.startswith("bank.json: $.sections[0].questions[1].type: unknown question type 'grid'; use one of: single_choice")
    assert "list each row as its own question" in message


def test_missing_option_code():
    data = bank(section("s", {"id": "a", "type": "single_choice", "title": "A", "options": [{"code": "x", "label": "X"}, {"label": "Y"}]}))
    assert problems(data) == ["bank.json: $.sections[0].questions[0].options[1].code: this field is required"]


def test_unknown_field_is_refused():
    data = bank(section("s", radio("a", "x", "y", colour="red")))
    assert problems(data) == ["bank.json: $.sections[0].questions[0].colour: unknown field (check its spelling)"]


def test_duplicate_question_ids():
    data = bank(section("s", radio("a", "x", "y")), section("t", radio("a", "x", "y")))
    assert problems(data) == ["bank.json: $.sections[1].questions[0].id: question id 'a' is used twice"]


def test_duplicate_option_codes():
    data = bank(section("s", radio("a", "x", "x")))
    [message] = problems(data)
    assert message.startswith("bank.json: $.sections[0].questions[0]: option code 'x' is used twice")


def test_condition_on_a_later_question():
    data = bank(section("s", radio("a", "x", "y", show_if={"question": "b", "equals": "x"}), radio("b", "x", "y")))
    assert problems(data) == ["bank.json: $.sections[0].questions[0].show_if.question: refers to 'b', which is not an earlier question"]


def test_condition_on_an_unknown_question_inside_all():
    cond = {"all": [{"question": "a", "equals": "x"}, {"not": {"question": "zzz", "answered": True}}]}
    data = bank(section("s", radio("a", "x", "y"), radio("b", "x", "y", show_if=cond)))
    assert problems(data) == [
        "bank.json: $.sections[0].questions[1].show_if.all[1].not.question: refers to 'zzz', which is not an earlier question"
    ]


def test_condition_with_a_code_the_question_does_not_have():
    data = bank(section("s", radio("a", "x", "y"), radio("b", "x", "y", show_if={"question": "a", "any_of": ["x", "maybe"]})))
    assert problems(data) == [
        "bank.json: $.sections[0].questions[1].show_if: 'maybe' is not an answer code of 'a'; its codes are x, y"
    ]


def test_condition_on_a_section():
    data = bank(section("s", radio("a", "x", "y")), section("t", radio("b", "x", "y"), show_if={"question": "nope", "equals": "x"}))
    assert problems(data) == ["bank.json: $.sections[1].show_if.question: refers to 'nope', which is not an earlier question"]


def test_condition_shape_error():
    data = bank(section("s", radio("a", "x", "y"), radio("b", "x", "y", show_if={"question": "a", "is": "x"})))
    [message] = problems(data)
    assert message == "bank.json: $.sections[0].questions[1].show_if: a condition needs one of the keys: equals, any_of, answered, not, all, any"


def test_comparing_a_text_answer_with_codes_is_refused():
    data = bank(section("s", {"id": "t", "type": "short_text", "title": "T"}, radio("b", "x", "y", show_if={"question": "t", "equals": "x"})))
    assert problems(data) == [
        "bank.json: $.sections[0].questions[1].show_if.question: 't' is a short_text question: compare it with \"answered\", not codes"
    ]


def test_several_problems_are_reported_together():
    data = bank(section("s", radio("a", "x", "y"), {"id": "B", "type": "yes_no", "title": ""}))
    found = problems(data)
    assert len(found) == 2
    assert any("$.sections[0].questions[1].id" in p for p in found)
    assert any("$.sections[0].questions[1].title" in p for p in found)


def test_reformatting_is_not_an_edit_but_a_word_is():
    data = bank(section("s", radio("a", "x", "y")))
    one = parse(text(data))
    import json

    two = parse(json.dumps(data, indent=4))
    assert one.content_hash == two.content_hash
    data["sections"][0]["questions"][0]["title"] = "Changed?"
    assert parse(text(data)).content_hash != one.content_hash


def test_directory_with_two_banks_of_one_id(tmp_path):
    data = text(bank(section("s", radio("a", "x", "y"))))
    (tmp_path / "one.json").write_text(data)
    (tmp_path / "two.json").write_text(data)
    (tmp_path / "schema.json").write_text("{}")  # the schema itself is never read as a bank
    with pytest.raises(LoadError) as caught:
        load_directory(tmp_path)
    assert [str(p) for p in caught.value.problems] == [f"{tmp_path}/two.json: $.id: questionnaire id 'test-bank' is also used by {tmp_path}/one.json"]


def test_results_that_name_what_the_bank_lacks_are_reported_with_paths():
    data = bank(section("s", radio("a", "x", "y"), {"id": "b", "type": "multiple_choice", "title": "B", "options": [
        {"code": "p", "label": "P"}, {"code": "q", "label": "Q"}]}))
    data["results"] = {
        "breakdowns": [{"id": "by_a", "label": "A", "question": "nope"},
                       {"id": "by_b", "label": "B", "question": "b"},
                       {"id": "by_a2", "label": "A", "question": "a", "recode": 2}],
        "margins": [{"breakdown": "by_z", "source": "Census", "shares": {"x": 0.5, "y": 0.5}}],
        "indicators": {"a": {"label": "X", "codes": ["z"], "says": "said X"}},
    }
    [message] = problems(data)
    assert message.startswith("bank.json: ")
    for part in ("results.breakdowns[0].question: there is no question 'nope'",
                 "results.breakdowns[1].question: 'b' is multiple choice",
                 "results.breakdowns[2].recode: 'a' has 0 recode steps",
                 "results.margins[0].breakdown: there is no breakdown 'by_z'",
                 "results.indicators.a.codes: ['z'] are not options of 'a'"):
        assert part in message


def test_margins_must_add_up_to_one():
    data = bank(section("s", radio("a", "x", "y")))
    data["results"] = {"breakdowns": [{"id": "by_a", "label": "A", "question": "a"}],
                       "margins": [{"breakdown": "by_a", "source": "Census", "shares": {"x": 0.5, "y": 0.6}}]}
    [message] = problems(data)
    assert "$.results.margins[0]" in message and "shares add up to 1.100, not 1" in message
