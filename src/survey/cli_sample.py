"""``survey sample``: a questionnaire's probability sample. Import or draw a
wave, say who may answer, record outcomes, write the access codes for mail
merge, and show the AAPOR response rates."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import click

from .cli_base import load_banks, main, on_database
from .settings import Settings


@main.group()
def sample() -> None:
    """Sampled surveys: waves of cases, access codes and response rates."""


def _banks_and_questionnaire(questionnaire_id: str):
    from .services.banks import Banks

    loaded, directory = load_banks()
    banks = Banks(loaded, directory)
    questionnaire = banks.get(questionnaire_id)
    if questionnaire is None:
        known = ", ".join(sorted(item.id for item in banks)) if list(banks) else "none"
        raise click.ClickException(f"no questionnaire {questionnaire_id!r} in the questionnaires folder (there is: {known})")
    return banks, questionnaire


def _refused(exc) -> click.ClickException:
    from .sampling.files import FileRefused

    if isinstance(exc, FileRefused):
        for line in exc.lines():
            click.echo(line, err=True)
        return click.ClickException("nothing was imported: correct the file and run the command again")
    return click.ClickException(str(exc))


@sample.command("import")
@click.argument("questionnaire_id")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--wave", type=click.IntRange(min=1), default=None, help="The wave's number [default: the next one].")
def sample_import(questionnaire_id: str, file: Path, wave: int | None) -> None:
    """Import FILE (CSV: reference, address lines, postcode, borough, stratum,
    probability or design_weight, language, format) as a wave of cases."""
    from .sampling.files import FileRefused
    from .services import samples
    from .storage import audit

    banks, questionnaire = _banks_and_questionnaire(questionnaire_id)
    secret = Settings.from_env().with_secret().secret_key

    async def work():
        await banks.publish()
        return await samples.import_file(questionnaire, file, secret, audit.COMMAND_LINE, wave)

    try:
        number, count = on_database(work)
    except (FileRefused, samples.SampleRefused) as exc:
        raise _refused(exc) from None
    click.echo(f"imported wave {number} of {questionnaire_id}: {count} cases")
    _hint_access(questionnaire_id)


@sample.command("draw")
@click.argument("questionnaire_id")
@click.option("--frame", type=click.Path(dir_okay=False, exists=True, path_type=Path), required=True,
              help="The address frame (CSV: reference, address lines, postcode, borough, and the strata column).")
@click.option("--size", type=click.IntRange(min=1), default=None, help="How many cases to draw.")
@click.option("--strata", default="borough", show_default=True, help="The frame's column to stratify by.")
@click.option("--allocation", default="proportional", show_default=True,
              help="proportional, equal, or N-per-stratum (for example 40-per-stratum).")
@click.option("--seed", type=int, required=True, help="The same seed draws the same cases.")
@click.option("--wave", type=click.IntRange(min=1), default=None, help="The wave's number [default: the next one].")
def sample_draw(questionnaire_id, frame, size, strata, allocation, seed, wave) -> None:
    """Draw a stratified random sample from an address frame, as a wave."""
    from .sampling.files import FileRefused
    from .services import samples
    from .storage import audit

    banks, questionnaire = _banks_and_questionnaire(questionnaire_id)
    secret = Settings.from_env().with_secret().secret_key

    async def work():
        await banks.publish()
        return await samples.draw_from_frame(questionnaire, frame, size, strata, allocation, seed, secret, audit.COMMAND_LINE, wave)

    try:
        drawn = on_database(work)
    except (FileRefused, samples.SampleRefused) as exc:
        raise _refused(exc) from None
    click.echo(f"drew wave {drawn.wave} of {questionnaire_id}: {len(drawn.cases)} cases from {drawn.frame_size} addresses "
               f"in {len(drawn.strata)} strata (seed {seed})")
    for stratum, (n_h, size_h) in drawn.strata.items():
        click.echo(f"  {stratum}\t{n_h} of {size_h}")
    _hint_access(questionnaire_id)


def _hint_access(questionnaire_id: str) -> None:
    from .storage import schedule

    windows = on_database(schedule.windows)
    access = windows[questionnaire_id].access if questionnaire_id in windows else "open"
    if access == "open":
        click.echo(f"access codes do not open the survey yet: run survey sample access {questionnaire_id} both (or sample)")


@sample.command("access")
@click.argument("questionnaire_id")
@click.argument("who", type=click.Choice(["open", "sample", "both"]))
def sample_access(questionnaire_id: str, who: str) -> None:
    """Who may answer: anyone with the link (open), only people with an access
    code (sample), or both, each response recording which way it came in."""
    from .storage import audit, samples, schedule

    _banks_and_questionnaire(questionnaire_id)

    async def work():
        if who != "open" and not await samples.has_sample(questionnaire_id):
            return False
        window = (await schedule.windows()).get(questionnaire_id, schedule.Window())
        await schedule.set_window(questionnaire_id, schedule.Window(window.opens_at, window.closes_at, who))
        await audit.record("questionnaire_access_set", audit.COMMAND_LINE, None, "questionnaire", questionnaire_id, access=who)
        return True

    if not on_database(work):
        raise click.ClickException(f"{questionnaire_id} has no sample yet: import or draw a wave first (survey sample import)")
    words = {"open": "anyone with the link may answer", "sample": "only people with an access code may answer",
             "both": "people with an access code and anyone with the link may answer"}
    click.echo(f"{questionnaire_id}: {words[who]} (running servers see this within 30 seconds)")


@sample.command("record")
@click.argument("questionnaire_id")
@click.argument("reference")
@click.argument("disposition")
@click.option("--wave", type=click.IntRange(min=1), required=True)
@click.option("--how", required=True, help="How it was learned: for example \"letter returned\", \"refused on the doorstep\".")
def sample_record(questionnaire_id, reference, disposition, wave, how) -> None:
    """Record a case's outcome (an AAPOR code: see survey sample dispositions)."""
    from .services import samples
    from .storage import audit

    _banks_and_questionnaire(questionnaire_id)
    try:
        on_database(lambda: samples.record_outcome(questionnaire_id, wave, reference, disposition, how, audit.COMMAND_LINE))
    except samples.SampleRefused as exc:
        raise click.ClickException(str(exc)) from None
    from .sampling.dispositions import DISPOSITIONS

    click.echo(f"wave {wave} case {reference}: {disposition} {DISPOSITIONS[disposition].words}")


@sample.command("add-person")
@click.argument("questionnaire_id")
@click.argument("reference")
@click.option("--wave", type=click.IntRange(min=1), required=True)
def sample_add_person(questionnaire_id: str, reference: str, wave: int) -> None:
    """A private access code for someone else at REFERENCE's address, who asked
    for their own: a new case, REFERENCE+2 (then +3...), for its own letter."""
    from .services import access_codes, samples
    from .storage import audit

    _banks_and_questionnaire(questionnaire_id)
    secret = Settings.from_env().with_secret().secret_key
    try:
        case = on_database(lambda: samples.add_person(secret, questionnaire_id, wave, reference, audit.COMMAND_LINE))
    except samples.SampleRefused as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wave {wave} case {case.reference}: a private code for another person at {reference}'s address: "
               f"{access_codes.code_for(secret, case.id)}")
    click.echo(f"print its letter with: survey letters {questionnaire_id} --wave {wave} --reference '{case.reference}' --out DIR")


@sample.command("dispositions")
def sample_dispositions() -> None:
    """The AAPOR outcome codes, and which are recorded by hand."""
    from .sampling.dispositions import DISPOSITIONS

    for code, d in DISPOSITIONS.items():
        click.echo(f"{code}\t{d.group}\t{'by hand' if d.set_by == 'staff' else 'by the survey'}\t{d.words}")


@sample.command("codes")
@click.argument("questionnaire_id")
@click.option("--wave", type=click.IntRange(min=1), default=None, help="Only this wave [default: every wave].")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The CSV file to write.")
def sample_codes(questionnaire_id: str, wave: int | None, out: Path) -> None:
    """Write each case's address and access code, for mail merge (keep it private)."""
    from .services import access_codes
    from .storage import samples

    _banks_and_questionnaire(questionnaire_id)
    secret = Settings.from_env().with_secret().secret_key
    rows = on_database(lambda: samples.for_letters(questionnaire_id, wave))
    if not rows:
        raise click.ClickException(f"{questionnaire_id} has no cases" + (f" in wave {wave}" if wave else ""))
    fields = ["wave", "reference", "access_code", "address_line_1", "address_line_2", "address_line_3", "town", "postcode",
              "language", "format"]
    out.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed into place: a run cut short leaves no half file under its name.
    handle = tempfile.NamedTemporaryFile("w", dir=out.parent, prefix=f".{out.name}.", suffix=".part", delete=False,
                                         encoding="utf-8", newline="")
    try:
        with handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            purged = 0
            for case, address in rows:
                if address is None:
                    purged += 1
                    continue
                writer.writerow({"wave": case.wave, "reference": case.reference, "access_code": access_codes.code_for(secret, case.id),
                                 **address, "language": case.language or "", "format": case.format_need or ""})
        os.chmod(handle.name, 0o600)
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {len(rows) - purged} cases to {out} (private: it holds addresses and codes)"
               + (f"; {purged} addresses were purged after the retention period" if purged else ""))


@sample.command("status")
@click.argument("questionnaire_id")
@click.option("--e", "e", type=click.FloatRange(0, 1), default=None,
              help="Share of unknown-eligibility cases taken as eligible [default: the proportional estimate].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def sample_status(questionnaire_id: str, e: float | None, fmt: str) -> None:
    """Cases in each disposition, and AAPOR response, cooperation, refusal and contact rates, per wave and stratum."""
    from .services import samples

    banks, _ = _banks_and_questionnaire(questionnaire_id)

    async def work():
        await banks.publish()
        return await samples.status(questionnaire_id, banks)

    status = on_database(work)
    if not status.waves:
        raise click.ClickException(f"{questionnaire_id} has no sample yet: import or draw a wave first (survey sample import)")
    table = samples.report(status, e)
    if fmt == "json":
        click.echo(json.dumps(table, indent=2))
        return
    for wave in table["waves"]:
        click.echo(f"wave {wave['wave']}: {wave['cases']} cases, e = {_figure(wave['e'])}"
                   + (" (given)" if e is not None else " (proportional estimate)"))
        click.echo("  " + "  ".join(f"{name} {_percent(value)}" for name, value in wave["rates"].items()))
        click.echo("  dispositions: " + ", ".join(f"{code} {n}" for code, n in wave["dispositions"].items()))
        if wave["modes"]:
            click.echo("  answered (1.1 and 1.2) by mode: " + ", ".join(f"{mode} {n}" for mode, n in wave["modes"].items()))
        for stratum in wave["strata"]:
            click.echo(f"  {stratum['stratum']}\t{stratum['cases']} cases\tRR1 {_percent(stratum['rates']['RR1'])}"
                       f"\tRR3 {_percent(stratum['rates']['RR3'])}\tCOOP1 {_percent(stratum['rates']['COOP1'])}")


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


@main.command("letters")
@click.argument("questionnaire_id")
@click.option("--wave", type=click.IntRange(min=1), required=True)
@click.option("--kind", type=click.Choice(["invitation", "reminder"]), default="invitation", show_default=True,
              help="Reminders go only to cases that may still answer (not sent, refused, or not eligible).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--web-address", default=None, help="The survey's address on the letters [default: SURVEY_PUBLIC_URL].")
@click.option("--reference", "references", multiple=True, help="Only this case's letter (repeat for more).")
def letters_command(questionnaire_id: str, wave: int, kind: str, out: Path, web_address: str | None, references: tuple[str, ...]) -> None:
    """Write a wave's letters for mail merge: tagged PDF and HTML for each
    language and format, and Braille-ready text (private files: they hold
    addresses and codes)."""
    from .services import i18n, samples
    from .settings import STATIC_DIR
    from .storage import audit
    from .web.assets import Assets
    from .web.letters import LettersRefused, recipients_of, write
    from .web.media import MediaLibrary
    from .web.templating import create_environment

    banks, questionnaire = _banks_and_questionnaire(questionnaire_id)
    settings = Settings.from_env().with_secret()
    public_url = web_address or settings.public_url
    if not public_url.startswith(("https://", "http://")):
        raise click.ClickException("give the survey's web address for the letters: set SURVEY_PUBLIC_URL or use --web-address")
    i18n.load_catalogues()
    env = create_environment(Assets(STATIC_DIR), MediaLibrary(load_banks()[1]))

    async def work():
        await banks.publish()
        cases = await samples.letter_cases(questionnaire_id, wave, kind, banks)
        if references:
            unknown = sorted(set(references) - {case.reference for case, _ in cases})
            if unknown:
                raise LettersRefused(f"wave {wave} has no {kind} to write for {', '.join(unknown)}")
            cases = [(case, address) for case, address in cases if case.reference in references]
        recipients = recipients_of(settings.secret_key, cases)

        def done(path: Path, count: int) -> None:
            click.echo(f"wrote {path} ({count} letter{'' if count == 1 else 's'})")

        written = write(env, banks, questionnaire, wave, kind, recipients, out, public_url, done)
        await audit.record("letters_written", audit.COMMAND_LINE, None, "questionnaire", questionnaire_id, wave=wave,
                           kind=kind, letters=len(recipients), files=len(written))
        return written

    try:
        on_database(work)
    except LettersRefused as exc:
        raise click.ClickException(str(exc)) from None
