"""The published JSON Schema matches the models, and the banks match the schema."""

import json

import jsonschema
import pytest

from conftest import FIXTURES, SAMPLE_DIR
from survey.questionnaire import load_file
from survey.questionnaire.schema import json_schema_text

SCHEMA_PATH = SAMPLE_DIR / "schema.json"


def test_committed_schema_is_generated_from_the_models():
    assert SCHEMA_PATH.read_text() == json_schema_text(), (
        "questionnaires/schema.json is out of date: run `survey questionnaire schema`"
    )


@pytest.mark.parametrize("path", [*sorted(SAMPLE_DIR.glob("[!s]*.json")), FIXTURES / "banks" / "all-types.json"], ids=lambda p: p.name)
def test_banks_validate_against_the_published_schema_and_load(path):
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(path.read_text()))
    assert load_file(path).questionnaire.id


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(SCHEMA_PATH.read_text())
    validator = jsonschema.Draft202012Validator(schema)
    bad = json.loads((FIXTURES / "banks" / "all-types.json").read_text())
    bad["sections"][0]["questions"][1]["type"] = "grid"
    assert list(validator.iter_errors(bad))


def test_the_readme_names_every_question_type():
    from conftest import ROOT
    from survey.questionnaire.questions import QUESTION_TYPES

    bullet = (ROOT / "README.md").read_text().split("- **Question types**:")[1].split("\n- **")[0]
    assert [kind for kind in QUESTION_TYPES if f"`{kind}`" not in bullet] == []
