"""Translating a question bank: catalogues with the JSON path as context,
made and updated by ``survey i18n``, reported by ``survey check``, and
used only where the path and the words still match."""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from conftest import FIXTURES
from survey.services import bank_i18n, i18n
from survey.services.banks import Banks
from survey.questionnaire import load_directory
from survey.questionnaire.translation import strings, translated
from test_cli import survey


def routing_in_welsh(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    folder.mkdir()
    data = json.loads((FIXTURES / "banks" / "routing.json").read_text())
    data["languages"] = ["en", "cy"]
    (folder / "routing.json").write_text(json.dumps(data, indent=2))
    return folder


def po(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, locale="cy")


def translate_all(path: Path, prefix: str = "CY ") -> None:
    catalogue = po(path)
    for message in catalogue:
        if message.id:
            message.string = prefix + message.id
    with path.open("wb") as handle:
        write_po(handle, catalogue)


def test_strings_name_their_json_path_and_leave_out_codes_and_staff_notes():
    data = {"title": "T", "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "q", "type": "single_choice", "title": "Q?", "hint": "H", "options": [{"code": "a", "label": "A"}],
         "error_messages": {"required": "Choose"}, "assessment_ignore": {"pe-reading-age": "kept"},
         "bsl": {"question": {"mp4": "x.mp4"}}}]}]}
    assert list(strings(data)) == [
        ("$.title", "T"), ("$.sections[0].title", "S"), ("$.sections[0].questions[0].title", "Q?"),
        ("$.sections[0].questions[0].hint", "H"), ("$.sections[0].questions[0].options[0].label", "A"),
        ("$.sections[0].questions[0].error_messages.required", "Choose"),
    ]


def test_a_translation_is_used_only_where_its_path_and_words_still_match():
    data = {"title": "Survey", "sections": [{"title": "Survey"}]}
    done = translated(data, {("$.title", "Survey"): "Arolwg", ("$.sections[0].title", "Old words"): "Hen eiriau"})
    assert done == {"title": "Arolwg", "sections": [{"title": "Survey"}]}
    assert data["title"] == "Survey"  # the source is untouched


def test_extract_update_check_and_load_a_translated_bank(tmp_path):
    folder = routing_in_welsh(tmp_path)
    result = survey("i18n", "extract", "routing", "--questionnaires", str(folder))
    assert result.returncode == 0, result.stderr
    pot = folder / "translations" / "routing" / "routing.pot"
    contexts = {m.context for m in po(pot) if m.id}
    assert "$.sections[0].questions[0].title" in contexts and "$.title" in contexts

    result = survey("i18n", "update", "routing", "--questionnaires", str(folder))
    assert result.returncode == 0, result.stderr
    welsh = folder / "translations" / "routing" / "cy.po"
    assert "cy: 0 of" in result.stdout and welsh.exists()
    checked = survey("check", str(folder / "routing.json"))
    assert "i18n-missing" in checked.stdout and "cy: " in checked.stdout

    translate_all(welsh)
    assert "i18n-" not in survey("check", str(folder / "routing.json")).stdout
    i18n.load_catalogues()
    banks = Banks(load_directory(folder), folder)
    i18n.activate("cy")
    try:
        assert banks.get("routing").title == "CY " + banks.current["routing"].title
        assert banks.get("routing").pages[0].title == "CY Did it happen?"
    finally:
        i18n.activate("en")

    # The author changes a question: its old translation no longer fits, so it
    # is marked fuzzy for review and English is shown until then.
    data = json.loads((folder / "routing.json").read_text())
    data["sections"][0]["questions"][0]["title"] = "Did it really happen?"
    data["version"] = data["version"] + ".1" if data["version"].count(".") < 2 else "9.0.0"
    (folder / "routing.json").write_text(json.dumps(data, indent=2))
    assert survey("i18n", "update", "routing", "--questionnaires", str(folder)).returncode == 0
    changed = next(m for m in po(welsh) if m.context == "$.sections[0].questions[0].title")
    assert changed.id == "Did it really happen?" and changed.fuzzy
    assert "i18n-fuzzy" in survey("check", str(folder / "routing.json")).stdout
    loaded = [item for item in load_directory(folder) if item.questionnaire.id == "routing"][0]
    assert bank_i18n.translate(loaded, folder, "cy").pages[0].title == "Did it really happen?"


def test_the_sample_bank_is_fully_translated_into_each_language_it_declares():
    from conftest import SAMPLE_DIR

    [loaded] = [item for item in load_directory(SAMPLE_DIR)]
    coverage = bank_i18n.coverage(loaded, SAMPLE_DIR)
    assert set(coverage) == {"cy", "ar"}
    for language, found in coverage.items():
        assert not found.missing and not found.fuzzy, (language, found.missing[:3], found.fuzzy[:3])
