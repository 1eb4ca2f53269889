"""Free-text redaction against planted text (tests/fixtures/planted_text.json):
every planted detail is gone and tagged; ordinary text comes through as written."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from survey.export.scrub import Scrubber

PLANTED = json.loads((FIXTURES / "planted_text.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PLANTED["planted"], ids=lambda case: case["text"])
def test_every_planted_detail_is_redacted_and_tagged(case):
    text, found = Scrubber()(case["text"])
    assert case["secret"] not in text, text
    assert f"[{case['tag']}]" in text and case["tag"] in {item.tag for item in found}, (text, found)


@pytest.mark.parametrize("text", PLANTED["kept"])
def test_ordinary_text_is_left_as_it_was(text):
    assert Scrubber()(text) == (text, [])


def test_names_a_bank_lists_are_redacted_too():
    text, found = Scrubber(["Hackney Deaf Club"])("I go to the hackney deaf club on Fridays")
    assert text == "I go to the [name] on Fridays" and [item.text for item in found] == ["hackney deaf club"]
