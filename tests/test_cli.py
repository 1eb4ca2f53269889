"""The survey command, run as authors and operators run it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

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
    assert "london-safety-and-trust.json: PASSED: London safety and trust survey (london-safety-and-trust version 1.10.0, 37 questions): 0 errors, 44 warnings" in result.stdout
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


def _with_input(args, text, env):
    import os

    return subprocess.run(
        [sys.executable, "-m", "survey", *args], cwd=ROOT, capture_output=True, text=True, timeout=60,
        input=text, env={**os.environ, **env},
    )


def test_user_commands_read_passwords_from_standard_input(tmp_path):
    env = {"SURVEY_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"}
    added = _with_input(["user", "add", "Worker@Example.org", "--role", "worker", "--role", "analyst", "--organisation", "Deaf Futures"],
                        "correct horse battery staple\n", env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "added worker@example.org (analyst, worker)"
    short = _with_input(["user", "add", "short@example.org", "--role", "worker"], "tiny\n", env)
    assert short.returncode == 1 and "at least 12 characters" in short.stderr
    again = _with_input(["user", "add", "worker@example.org", "--role", "worker"], "correct horse battery staple\n", env)
    assert again.returncode == 1 and "already an account for worker@example.org" in again.stderr
    unknown_role = survey("user", "add", "x@example.org", "--role", "owner", env=env)
    assert unknown_role.returncode == 2 and "'owner' is not one of" in unknown_role.stderr
    assert survey("user", "list", env=env).stdout == "worker@example.org\tanalyst,worker\tDeaf Futures\tactive\n"
    disabled = survey("user", "disable", "worker@example.org", env=env)
    assert disabled.returncode == 0 and "disabled worker@example.org" in disabled.stdout
    assert survey("user", "list", env=env).stdout.endswith("\tdisabled\n")
    assert survey("user", "disable", "nobody@example.org", env=env).returncode == 1
    import sqlite3

    with sqlite3.connect(tmp_path / "cli.db") as db:
        assert db.execute("SELECT actor, action, object_id FROM audit_event ORDER BY id").fetchall() == [
            ("command line", "user_added", "worker@example.org"),
            ("command line", "user_disabled", "worker@example.org"),
        ]
        stored = db.execute("SELECT password_hash FROM account").fetchone()[0]
    assert stored.startswith("$argon2id$") and "horse" not in stored


def test_formats_writes_printable_versions(tmp_path):
    result = survey("formats", "london-safety-and-trust", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"london-safety-and-trust-{kind}" for kind in ("easy-read.html", "large-print.html", "plain-text.md")]
    large = (tmp_path / "london-safety-and-trust-large-print.html").read_text()
    assert "font-size: 18pt" in large and "Form reference" in large and "<script" not in large
    easy = (tmp_path / "london-safety-and-trust-easy-read.html").read_text()
    assert "<svg" in easy  # pictures inside the file: it prints and mails without the site
    missing = survey("formats", "no-such-survey", "--out", str(tmp_path))
    assert missing.returncode == 1 and "no questionnaire 'no-such-survey'" in missing.stderr


def test_user_add_with_nothing_piped_in_says_no_password_was_given(tmp_path):
    result = _with_input(["user", "add", "new@example.org", "--role", "worker"], "", {"SURVEY_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"})
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: no password was given: pipe one line to standard input, for example from a password manager"


def test_results_list_says_when_nothing_is_public(tmp_path):
    result = survey("results", "list", env={"SURVEY_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "SURVEY_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No questionnaire's results are public. Publish them with: survey results publish QUESTIONNAIRE_ID"


def test_check_says_why_a_bank_failed_when_it_has_too_many_warnings():
    result = survey("check", str(SAMPLE_DIR / "london-safety-and-trust.json"), "--max-warnings", "5")
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert ": FAILED (44 warnings, more than --max-warnings 5): London safety and trust survey" in first, first


def test_commands_the_tests_run_keep_their_keys_out_of_the_checkout(tmp_path):
    import os

    def keys_in_checkout():
        return {p.name: p.stat().st_mtime_ns for p in (ROOT / "data").glob("*.key")}

    before = keys_in_checkout()
    result = survey("user", "list", env={"SURVEY_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db"})
    assert result.returncode == 0, result.stderr
    assert keys_in_checkout() == before
    assert (Path(os.environ["SURVEY_DATA_DIR"]) / "encryption.key").is_file()


def test_every_command_is_in_the_readme_table():
    """Tested docs: each command the ``survey`` group has is a row of the README's table."""
    import click

    from survey.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The `survey` command")[1].split("\n## ")[0]
    cells = [line.split(" | ")[0] for line in table.splitlines() if line.startswith("| `survey")]

    def leaves(group: click.Group, path: list[str]):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from leaves(command, [*path, name])
            else:
                yield [*path, name]

    missing = []
    for path in leaves(main, []):
        head, last = " ".join(["survey", *path[:-1]]), path[-1]
        if not any(f"`{head} " in cell and re.search(rf"(?<![\w-]){re.escape(last)}(?![\w-])", cell) for cell in cells):
            missing.append(" ".join(["survey", *path]))
    assert not missing, f"add to the README's command table: {missing}"


def test_an_existing_accounts_roles_are_changed_audited_and_never_all_taken(tmp_path):
    import sqlite3

    from staff import add_user, cli_env

    url = f"sqlite:///{tmp_path}/roles.db"
    add_user(url, "sam@example.org", "worker")
    env = cli_env(url)
    added = survey("user", "roles", "sam@example.org", "--add", "analyst", env=env)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "sam@example.org now has the roles: analyst, worker"
    listed = survey("user", "list", env=env).stdout
    assert "sam@example.org\tanalyst,worker\t" in listed
    none_left = survey("user", "roles", "sam@example.org", "--remove", "worker", "--remove", "analyst", env=env)
    assert none_left.returncode == 1 and "would have no role left" in none_left.stderr and "Traceback" not in none_left.stderr
    nothing = survey("user", "roles", "sam@example.org", env=env)
    assert nothing.returncode == 1 and "say which roles to change" in nothing.stderr
    nobody = survey("user", "roles", "kim@example.org", "--add", "admin", env=env)
    assert nobody.returncode == 1 and "there is no account for kim@example.org" in nobody.stderr
    removed = survey("user", "roles", "sam@example.org", "--remove", "worker", env=env)
    assert removed.stdout.strip() == "sam@example.org now has the roles: analyst"
    with sqlite3.connect(tmp_path / "roles.db") as db:
        rows = db.execute("SELECT actor, detail FROM audit_event WHERE action = 'user_roles_set' ORDER BY id").fetchall()
    assert [json.loads(detail)["roles"] for _, detail in rows] == [["analyst", "worker"], ["analyst"]]
    assert {actor for actor, _ in rows} == {"command line"}
