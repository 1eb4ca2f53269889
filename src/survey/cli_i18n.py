"""``survey i18n``: translation catalogues for question banks."""

from __future__ import annotations

from pathlib import Path

import click

from .services import bank_i18n
from .cli_base import load_banks, main
from .questionnaire import Loaded
from .questionnaire.check import Finding


@main.group()
def i18n() -> None:
    """Translate question banks: extract their words, update each language's catalogue."""


def _bank(questionnaire_id: str, questionnaires: Path | None) -> tuple[Loaded, Path]:
    loaded, directory = load_banks(questionnaires)
    for item in loaded:
        if item.questionnaire.id == questionnaire_id:
            return item, directory
    raise click.ClickException(f"no questionnaire {questionnaire_id!r} in {directory}")


_FOLDER = click.option("--questionnaires", type=click.Path(file_okay=False, path_type=Path), help="Folder of question banks.")


@i18n.command("extract")
@click.argument("questionnaire_id")
@_FOLDER
def extract(questionnaire_id: str, questionnaires: Path | None) -> None:
    """Write QUESTIONNAIRE_ID's words, each with its JSON path, to a .pot file."""
    item, directory = _bank(questionnaire_id, questionnaires)
    click.echo(f"wrote {bank_i18n.extract(item, directory)}")


@i18n.command("update")
@click.argument("questionnaire_id")
@_FOLDER
def update(questionnaire_id: str, questionnaires: Path | None) -> None:
    """Bring each declared language's .po up to the bank: new words added,
    changed ones marked fuzzy for review."""
    item, directory = _bank(questionnaire_id, questionnaires)
    bank_i18n.extract(item, directory)
    for path in bank_i18n.update(item, directory):
        click.echo(f"updated {path}")
    for language, found in bank_i18n.coverage(item, directory).items():
        click.echo(f"{language}: {found.total - len(found.missing) - len(found.fuzzy)} of {found.total} translated, "
                   f"{len(found.fuzzy)} to review, {len(found.missing)} missing")


def findings(item: Loaded, directory: Path) -> list[Finding]:
    """For ``survey check``: translations a bank declares but lacks."""
    found = []
    for language, result in bank_i18n.coverage(item, directory).items():
        po = bank_i18n.folder(directory, item.questionnaire.id) / f"{language}.po"
        for kind, paths in (("missing", result.missing), ("fuzzy", result.fuzzy)):
            if paths:
                found.append(Finding(
                    paths[0], f"i18n-{kind}", "warning",
                    f"{language}: {len(paths)} of {result.total} strings "
                    + ("have no translation, so they are shown in the bank's own language" if kind == "missing"
                       else "have a translation marked fuzzy (changed since it was made), not used until reviewed")
                    + f" (first: {paths[0]}).",
                    f"Translate them in {po}; run `survey i18n update {item.questionnaire.id}` after changing the bank.",
                ))
    return found
