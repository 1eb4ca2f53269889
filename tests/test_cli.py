"""The survey command, run as authors and operators run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT, SAMPLE_DIR, start_server


def survey(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "survey", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_check_passes_the_sample_and_fixture_banks():
    result = survey("check", str(SAMPLE_DIR), str(FIXTURES / "banks"))
    assert result.returncode == 0, result.stderr
    assert "london-safety-and-trust.json: PASSED: London safety and trust survey (london-safety-and-trust version 1.2.0, 37 questions): 0 errors, 43 warnings" in result.stdout
    assert "routing.json: PASSED" in result.stdout


def test_check_lists_every_problem_with_file_and_path(tmp_path):
    data = json.loads((FIXTURES / "banks" / "routing.json").read_text())
    data["sections"][0]["questions"][1]["show_if"] = {"question": "later", "equals": "yes"}
    data["sections"][0]["questions"][2]["options"][0].pop("code")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    broken = tmp_path / "broken.json"
    broken.write_text("{ nope")
    result = survey("check", str(bad), str(broken))
    assert result.returncode == 1
    assert f"{bad}: $.sections[0].questions[2].options[0].code: this field is required" in result.stderr
    assert f"{broken}: line 1, column 3: not valid JSON" in result.stderr
    assert result.stderr.startswith("2 problems found:")


def test_questionnaire_list():
    result = survey("questionnaire", "list", "--questionnaires", str(FIXTURES / "banks"))
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["all-types\t2.3\t7 questions\tEvery question type", "routing\t2\t4 questions\tRouting survey"]


def test_schema_command_writes_the_published_schema(tmp_path):
    out = tmp_path / "schema.json"
    assert survey("questionnaire", "schema", "--out", str(out)).returncode == 0
    assert out.read_text() == (SAMPLE_DIR / "schema.json").read_text()


def test_serve_refuses_a_broken_bank_before_listening(tmp_path):
    (tmp_path / "bad.json").write_text('{"id": "x"}')
    result = survey("serve", "--port", "1", "--questionnaires", str(tmp_path), env={"SURVEY_DATA_DIR": str(tmp_path / "d")})
    assert result.returncode == 1
    assert f"{tmp_path}/bad.json: $.version: this field is required" in result.stderr


def test_serve_refuses_an_edited_bank_that_kept_its_version(tmp_path):
    banks = tmp_path / "banks"
    shutil.copytree(FIXTURES / "banks", banks)
    database = f"sqlite:///{tmp_path}/shared.db"
    start_server(tmp_path, database_url=database, questionnaires=banks).stop()
    data = json.loads((banks / "routing.json").read_text())
    data["title"] = "Renamed survey"
    (banks / "routing.json").write_text(json.dumps(data))
    with pytest.raises(RuntimeError) as caught:
        start_server(tmp_path, database_url=database, questionnaires=banks)
    assert "cannot start: version 2 of 'routing' was already published with different content; give the edited bank a new version" in str(caught.value)


def test_database_url_is_checked(tmp_path):
    with pytest.raises(RuntimeError) as caught:
        start_server(tmp_path, database_url="mysql://nope")
    assert "SURVEY_DATABASE_URL must start with sqlite:/// or postgresql://" in str(caught.value)
