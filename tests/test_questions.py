"""Each question type reads its answer from a form and says what is wrong."""

import datetime as dt

import pytest

from conftest import FIXTURES
from survey.questionnaire import load_file

Q = load_file(FIXTURES / "banks" / "all-types.json").questionnaire


def parse(qid, **form):
    return Q.page(qid).parse({k.replace("_", "-") if k in {"when_day", "when_month", "when_year"} else k: v if isinstance(v, list) else [v] for k, v in form.items()})


def keys(parsed):
    return [(e.key, e.part) for e in parsed.errors]


class TestSingleChoice:
    def test_a_listed_code_is_the_answer(self):
        assert parse("colour", colour="blue").value == "blue"

    def test_standard_answers_have_standard_codes(self):
        assert parse("colour", colour="prefer_not_to_say").value == "prefer_not_to_say"
        assert parse("colour", colour="dont_know").value == "dont_know"

    def test_required_when_empty(self):
        assert keys(parse("colour")) == [("required", "")]

    def test_a_forged_code_is_refused(self):
        assert keys(parse("colour", colour="green")) == [("invalid_option", "")]

    def test_two_values_for_a_radio_are_refused(self):
        assert keys(parse("colour", colour=["red", "blue"])) == [("invalid_option", "")]


class TestMultipleChoice:
    def test_answers_keep_the_bank_order(self):
        assert parse("likes", likes=["coffee", "tea"]).value == ["tea", "coffee"]

    def test_exclusive_none_with_others_is_an_error_keeping_what_was_ticked(self):
        parsed = parse("likes", likes=["tea", "none"])
        assert keys(parsed) == [("exclusive", "")]
        assert parsed.errors[0].params == {"code": "none"}
        assert parsed.shown == {"value": ["tea", "none"]}

    def test_none_alone(self):
        assert parse("likes", likes="none").value == ["none"]

    def test_duplicates_or_forged_codes(self):
        assert keys(parse("likes", likes=["tea", "tea"])) == [("invalid_option", "")]
        assert keys(parse("likes", likes=["beer"])) == [("invalid_option", "")]


def test_yes_no_has_fixed_codes():
    assert parse("agree", agree="yes").value == "yes"
    assert keys(parse("agree", agree="maybe")) == [("invalid_option", "")]
    assert [o.code for o in Q.page("agree").all_options()] == ["yes", "no", "prefer_not_to_say"]


class TestText:
    def test_optional_short_text_may_be_blank(self):
        parsed = parse("name_of_pet", name_of_pet="   ")
        assert parsed.ok and parsed.value is None

    def test_whitespace_and_control_characters_are_cleaned(self):
        assert parse("name_of_pet", name_of_pet="  Rex\x00\x07 ").value == "Rex"

    def test_too_long_keeps_the_text_to_show_again(self):
        parsed = parse("story", story="x" * 53)
        assert keys(parsed) == [("too_long", "")]
        assert parsed.errors[0].params == {"max": 50, "over": 3}
        assert parsed.shown["value"] == "x" * 53

    def test_windows_line_endings_count_once(self):
        assert parse("story", story="a\r\n" * 20 + "b" * 10).ok


class TestNumber:
    @pytest.mark.parametrize("typed, value", [("3", 3), (" 10 ", 10), ("1,0", 10)])
    def test_whole_numbers(self, typed, value):
        assert parse("count", count=typed).value == value

    @pytest.mark.parametrize(
        "typed, key", [("2.5", "not_whole"), ("three", "not_number"), ("0", "too_small"), ("11", "too_large"), ("9" * 40, "not_number")]
    )
    def test_errors(self, typed, key):
        parsed = parse("count", count=typed)
        assert keys(parsed) == [(key, "")]
        assert parsed.shown == {"value": typed.strip()}


class TestDate:
    def date(self, day="", month="", year="", today=dt.date(2026, 11, 26)):
        return Q.page("when").parse({"when-day": [day], "when-month": [month], "when-year": [year]}, today=today)

    def test_a_real_date(self):
        assert self.date("5", "3", "2024").value == "2024-03-05"

    def test_month_names_are_understood(self):
        assert self.date("5", "Mar", "2024").value == "2024-03-05"
        assert self.date("5", "september", "2024").value == "2024-09-05"

    def test_required(self):
        assert keys(self.date()) == [("required", "")]

    def test_missing_parts_highlight_each_missing_box(self):
        parsed = self.date(day="5")
        assert keys(parsed) == [("missing", "month")]
        assert parsed.errors[0].params == {"parts": ["month", "year"]}
        assert parsed.errors[0].also == ("year",)

    @pytest.mark.parametrize(
        "day, month, year, key, part",
        [("32", "1", "2020", "not_real", "day"), ("1", "13", "2020", "not_real", "month"), ("30", "2", "2020", "not_real", "day"),
         ("1", "1", "20", "year_digits", "year"), ("1", "1", "2027", "not_past", "day"), ("1", "1", "1999", "too_early", "day")],
    )
    def test_errors(self, day, month, year, key, part):
        assert keys(self.date(day, month, year)) == [(key, part)]

    def test_round_trip_to_the_form(self):
        assert Q.page("when").shown("2024-03-05") == {"day": "5", "month": "3", "year": "2024"}


def test_field_names_are_what_the_form_may_send():
    assert Q.page("when").field_names() == ("when-day", "when-month", "when-year")
    assert Q.page("colour").field_names() == ("colour",)
    assert Q.page("intro_page").field_names() == ()


class TestSelect:
    """A long list: one code, read and checked as radios are, exported and counted the same way."""

    LONG = load_file(FIXTURES / "long-list" / "long-list.json").questionnaire

    def parse(self, qid, *values):
        return self.LONG.page(qid).parse({qid: list(values)})

    def test_a_listed_code_is_the_answer(self):
        assert self.parse("area", "camden").value == "camden"
        assert self.parse("work_area", "dont_know").value == "dont_know"

    def test_the_empty_first_choice_is_no_answer(self):
        assert keys(self.parse("area", "")) == [("required", "")]
        parsed = self.parse("work_area", "")
        assert parsed.ok and parsed.value is None

    def test_a_forged_code_is_refused(self):
        assert keys(self.parse("area", "atlantis")) == [("invalid_option", "")]

    def test_it_is_counted_and_exported_as_one_choice(self):
        from survey.services.wording import WORDS

        area = self.LONG.page("area")
        assert area.chooses == "one" and area.collects_answer and not area.typed
        [column] = area.export_columns(WORDS)
        assert (column.name, column.kind, column.values[6]) == ("area", "code", "Camden")
        assert area.export_cell(column, "camden") == 6
        assert area.answer_lines("camden", WORDS) == ["Camden"]
