"""Settings, as Datasette checks its own: every setting is in the README's
table of environment variables, and every row of that table is a setting;
each variable is named once, beside its field, and read from the environment."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from conftest import ROOT
from survey.settings import Settings, environment


def _documented() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `(SURVEY_[A-Z_]+)` \|", readme, flags=re.M)


def test_every_setting_is_in_the_readme_table_and_every_row_is_a_setting():
    documented = _documented()
    assert len(documented) == len(set(documented)), "a variable is in the table twice"
    assert set(documented) == set(environment().values())


def test_every_field_has_its_own_variable():
    variables = environment()
    assert set(variables) == {f.name for f in fields(Settings)}
    assert len(set(variables.values())) == len(variables)


@pytest.mark.parametrize("name", ["default_language", "idle_minutes", "cookie_secure", "data_dir"])
def test_each_variable_sets_its_field(name, tmp_path):
    kind = {f.name: f.type for f in fields(Settings)}[name]
    raw, expected = {"str": ("cy", "cy"), "int": ("7", 7), "bool": ("false", False), "Path": (str(tmp_path), tmp_path)}[kind]
    assert getattr(Settings.from_env({environment()[name]: raw}), name) == expected
    assert getattr(Settings.from_env({}), name) == getattr(Settings(), name)
