"""The ``survey`` command group, and what its commands share: loading the
question banks, or exiting with their problems listed. Each group of
commands registers itself on ``main`` from a module of its own."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .questionnaire import LoadError, load_directory
from .settings import Settings


@click.group()
def main() -> None:
    """An accessible survey platform."""


def load_banks(questionnaires: Path | None = None) -> tuple[list, Path]:
    """The banks in a folder (default: SURVEY_QUESTIONNAIRES), or exit listing their problems."""
    directory = questionnaires or Settings.from_env().questionnaires_dir
    try:
        return load_directory(directory), directory
    except LoadError as exc:
        report_problems(exc)
        sys.exit(1)


def report_problems(exc: LoadError) -> None:
    count = len(exc.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found:", err=True)
    for problem in exc.problems:
        click.echo(f"  {problem}", err=True)


def on_database(work):
    """Run ``work()`` against the configured database, migrated first."""
    import asyncio

    from .storage import close_engine, migrate, open_engine, sealing

    settings = Settings.from_env().with_secret()
    sealing.configure(settings.encryption_key_list)

    async def main():
        engine = await open_engine(settings.database_url)
        try:
            await migrate(engine)
            return await work()
        finally:
            await close_engine(engine)

    return asyncio.run(main())
