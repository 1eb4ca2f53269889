"""The ``survey`` command: serve, check question banks, list them, write the schema."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .questionnaire import LoadError, load_directory, load_files
from .questionnaire import report
from .questionnaire.check import assess, summarise
from .questionnaire.rules.bsl import media_folder
from .questionnaire.loader import bank_files
from .questionnaire.schema import json_schema_text
from .settings import STATIC_DIR, Settings
# Each registers its commands on ``main``: those that work on the database
# (accounts, keys, export, retention, backups) and ``survey results``.
from . import cli_data, cli_results, cli_sample  # noqa: F401
from .cli_base import load_banks, main, report_problems
from .cli_i18n import findings as translation_findings


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
@click.option("--workers", default=1, show_default=True, type=int)
@click.option(
    "--questionnaires",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of question banks [default: SURVEY_QUESTIONNAIRES or questionnaires/].",
)
def serve(host: str, port: int, reload: bool, workers: int, questionnaires: Path | None) -> None:
    """Serve the surveys over HTTP."""
    import uvicorn

    from .serving import uvicorn_options

    if questionnaires is not None:
        os.environ["SURVEY_QUESTIONNAIRES"] = str(questionnaires)
    settings = Settings.from_env()
    try:
        load_directory(settings.questionnaires_dir)
    except LoadError as exc:
        report_problems(exc)
        sys.exit(1)
    # Create the shared secret before workers start, so all of them use one.
    settings.with_secret()
    uvicorn.run(
        "survey.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=None if reload else workers,
        # Access logs show paths only: never bodies, which hold answers.
        log_level="info",
        **uvicorn_options(settings),
    )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here instead of printing it.")
@click.option("--max-warnings", type=int, default=None, help="Fail when a bank has more warnings than this.")
def check(paths: tuple[Path, ...], fmt: str, out: Path | None, max_warnings: int | None) -> None:
    """Check question banks (files or folders) and assess their accessibility.

    Exit 1 on a problem in a bank, an error-level finding, or more warnings than --max-warnings.
    """
    files: list[Path] = []
    for path in paths:
        files.extend(bank_files(path) if path.is_dir() else [path])
    try:
        loaded = load_files(files)
    except LoadError as exc:
        report_problems(exc)
        sys.exit(1)
    pictures = {p.stem for p in (STATIC_DIR / "pictures").glob("*.svg")}
    results = []
    for item in loaded:
        q = item.questionnaire
        findings = assess(q, media_folder(Path(item.file).parent, q), pictures) + translation_findings(item, Path(item.file).parent)
        count = len(q.questions())
        results.append((item.file, f"{q.title} ({q.id} version {q.version}, {count} question{'' if count == 1 else 's'})",
                        findings, summarise(findings, max_warnings)))
    rendered = {"text": report.text, "json": report.as_json, "html": report.html}[fmt](results)
    if out:
        out.write_text(rendered, encoding="utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(rendered)
    if not all(summary.passed for *_, summary in results):
        sys.exit(1)


@main.group()
def questionnaire() -> None:
    """Question banks."""


@questionnaire.command("list")
@click.option("--questionnaires", type=click.Path(file_okay=False, path_type=Path))
def list_questionnaires(questionnaires: Path | None) -> None:
    """List the question banks that would be served."""
    loaded, _ = load_banks(questionnaires)
    for item in loaded:
        q = item.questionnaire
        click.echo(f"{q.id}\t{q.version}\t{len(q.questions())} questions\t{q.title}")


@questionnaire.command("schema")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("questionnaires/schema.json"), show_default=True)
def write_schema(out: Path) -> None:
    """Write the JSON Schema of question banks."""
    out.write_text(json_schema_text(), encoding="utf-8")
    click.echo(f"wrote {out}")


@main.command("formats")
@click.argument("questionnaire_id")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--questionnaires", type=click.Path(file_okay=False, path_type=Path))
def formats(questionnaire_id: str, out: Path, questionnaires: Path | None) -> None:
    """Write printable alternative formats: large print, Easy Read, plain text."""
    from .web.assets import Assets
    from .web.media import MediaLibrary
    from .web.printable import KINDS, file_name, render
    from .web.templating import create_environment

    directory = questionnaires or Settings.from_env().questionnaires_dir
    try:
        loaded = {item.questionnaire.id: item.questionnaire for item in load_directory(directory)}
    except LoadError as exc:
        report_problems(exc)
        sys.exit(1)
    if questionnaire_id not in loaded:
        raise click.ClickException(f"no questionnaire {questionnaire_id!r} in {directory}: try {', '.join(sorted(loaded))}")
    q = loaded[questionnaire_id]
    env = create_environment(Assets(STATIC_DIR), MediaLibrary(directory))
    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        if kind == "easy-read" and q.easy_read is None:
            continue
        target = out / file_name(q.id, kind)
        target.write_text(render(env, q, kind), encoding="utf-8")
        click.echo(f"wrote {target}")
