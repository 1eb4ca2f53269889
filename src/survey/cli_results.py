"""``survey results``: make a questionnaire's results public, or private again."""

from __future__ import annotations

import click

from .cli_base import load_banks, main, on_database


def _bank_ids() -> set[str]:
    return {item.questionnaire.id for item in load_banks()[0]}


@main.group()
def results() -> None:
    """Public results pages at /results."""


def _change(questionnaire_id: str, public: bool) -> None:
    from .storage import audit, publication

    if questionnaire_id not in _bank_ids():
        raise click.ClickException(f"no questionnaire {questionnaire_id!r} in the questionnaires folder")

    async def work():
        changed = await (publication.publish if public else publication.withdraw)(questionnaire_id)
        if changed:
            action = "results_published" if public else "results_withdrawn"
            await audit.record(action, audit.COMMAND_LINE, None, "questionnaire", questionnaire_id)
        return changed

    changed = on_database(work)
    state = "public" if public else "private"
    click.echo(f"results of {questionnaire_id} are {'now' if changed else 'already'} {state}"
               + (f": /results/{questionnaire_id}" if public else ""))


@results.command("publish")
@click.argument("questionnaire_id")
def results_publish(questionnaire_id: str) -> None:
    """Show QUESTIONNAIRE_ID's results to everyone at /results/QUESTIONNAIRE_ID."""
    _change(questionnaire_id, True)


@results.command("withdraw")
@click.argument("questionnaire_id")
def results_withdraw(questionnaire_id: str) -> None:
    """Take QUESTIONNAIRE_ID's results down again."""
    _change(questionnaire_id, False)


@results.command("list")
def results_list() -> None:
    """Questionnaires whose results are public."""
    from .storage import publication

    published = sorted(on_database(publication.published).items())
    if not published:
        click.echo("No questionnaire's results are public. Publish them with: survey results publish QUESTIONNAIRE_ID")
    for questionnaire_id, at in published:
        click.echo(f"{questionnaire_id}\tpublic since {at:%Y-%m-%d %H:%M} UTC")
