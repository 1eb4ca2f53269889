"""Helpers for tests of staff pages: accounts made with the real command."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

PASSWORD = "correct horse battery staple"


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment for a command: this database, and (for SQLite) a data
    folder beside it, so tests never write keys into the checkout."""
    env = {**os.environ, "SURVEY_DATABASE_URL": database_url, **extra}
    if database_url.startswith("sqlite:///"):
        env["SURVEY_DATA_DIR"] = os.path.join(os.path.dirname(database_url.removeprefix("sqlite:///")), "data")
    return env


def add_user(database_url: str, email: str, *roles: str, organisation: str | None = None, password: str = PASSWORD) -> None:
    args = [sys.executable, "-m", "survey", "user", "add", email, *[f"--role={r}" for r in roles]]
    if organisation:
        args.append(f"--organisation={organisation}")
    done = subprocess.run(
        args, input=password + "\n", capture_output=True, text=True, cwd=ROOT, env=cli_env(database_url),
    )
    assert done.returncode == 0, done.stderr


def sign_in(visitor, email: str, password: str = PASSWORD, next_url: str = "") -> None:
    visitor.get("/sign-in" + (f"?next={next_url}" if next_url else ""))
    visitor.post(data={"email": email, "password": password, "next": visitor.soup.find("input", attrs={"name": "next"})["value"]})


def add_staff(database_url: str, *roles: str) -> None:
    """One account per role, each at ``<role>@example.org``."""
    for role in roles:
        add_user(database_url, f"{role}@example.org", role)


def signed_in_as(client, role: str):
    """A new visitor on ``client``, signed in as the account ``add_staff`` made for ``role``."""
    from web_client import Visitor

    visitor = Visitor(client)
    sign_in(visitor, f"{role}@example.org")
    return visitor


def publish_results(database_url: str, questionnaire_id: str, questionnaires) -> None:
    """Make results public with the real command, as an admin would."""
    done = subprocess.run(
        [sys.executable, "-m", "survey", "results", "publish", questionnaire_id], capture_output=True, text=True, cwd=ROOT,
        env=cli_env(database_url, SURVEY_QUESTIONNAIRES=str(questionnaires)),
    )
    assert done.returncode == 0, done.stderr
