"""The ``survey`` commands that work on the database: accounts, encryption
keys, anonymised export, purging by retention, backup and restore."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_base import load_banks, main, on_database
from .settings import Settings
from .storage.accounts import ROLES


def _read_password() -> str:
    """From standard input: typed twice at a terminal, or one line from a pipe."""
    from .services import passwords

    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password was given: pipe one line to standard input, for example from a password manager")
    problem = passwords.problem(password)
    if problem:
        raise click.ClickException(problem)
    return password


@main.group()
def user() -> None:
    """Accounts for community workers, analysts and admins."""


@user.command("add")
@click.argument("email")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES),
              help="Repeat for several roles.")
@click.option("--organisation", default=None, help="The organisation the person works for.")
def user_add(email: str, roles: tuple[str, ...], organisation: str | None) -> None:
    """Add an account. The password is read from standard input, never an argument."""
    from .services import passwords
    from .storage import accounts, audit

    if "@" not in email or len(email) > 254:
        raise click.ClickException(f"{email!r} is not an email address")
    password = _read_password()

    async def work():
        try:
            made = await accounts.add(email, passwords.hash_password(password), roles, organisation)
        except accounts.AccountExists as exc:
            raise click.ClickException(str(exc)) from None
        await audit.record("user_added", audit.COMMAND_LINE, None, "account", made.email, roles=sorted(made.roles))
        return made

    made = on_database(work)
    click.echo(f"added {made.email} ({', '.join(sorted(made.roles))})")


@user.command("list")
def user_list() -> None:
    """List accounts: email, roles, organisation, status."""
    from .storage import accounts

    for account in on_database(accounts.everyone):
        status = "disabled" if account.disabled else "active"
        click.echo(f"{account.email}\t{','.join(sorted(account.roles))}\t{account.organisation or '-'}\t{status}")


@user.command("disable")
@click.argument("email")
def user_disable(email: str) -> None:
    """Disable an account and end its sessions at once."""
    from .storage import accounts, audit

    async def work():
        found = await accounts.set_disabled(email)
        if found is None:
            raise click.ClickException(f"there is no account for {email}")
        await audit.record("user_disabled", audit.COMMAND_LINE, None, "account", found.email)
        return found

    click.echo(f"disabled {on_database(work).email}")


@user.command("roles")
@click.argument("email")
@click.option("--add", "added", multiple=True, type=click.Choice(ROLES), help="A role to give. Repeat for several.")
@click.option("--remove", "removed", multiple=True, type=click.Choice(ROLES), help="A role to take away.")
def user_roles(email: str, added: tuple[str, ...], removed: tuple[str, ...]) -> None:
    """Add or remove an existing account's roles (audited); its sessions end, so they hold at once."""
    from .storage import accounts, audit

    if not added and not removed:
        raise click.ClickException("say which roles to change: --add ROLE or --remove ROLE")

    async def work():
        found = await accounts.by_email(email)
        if found is None:
            raise click.ClickException(f"there is no account for {email}")
        roles = (set(found.roles) | set(added)) - set(removed)
        if not roles:
            raise click.ClickException(f"{found.email} would have no role left: an account needs at least one (disable it instead)")
        await accounts.set_roles(found.id, roles)
        await audit.record("user_roles_set", audit.COMMAND_LINE, None, "account", found.email,
                           roles=sorted(roles), was=sorted(found.roles))
        return found.email, sorted(roles)

    changed, roles = on_database(work)
    click.echo(f"{changed} now has the roles: {', '.join(roles)}")


@user.command("password")
@click.argument("email")
def user_password(email: str) -> None:
    """Set a new password (read from standard input) and end the account's sessions."""
    from .services import passwords
    from .storage import accounts, audit

    password = _read_password()

    async def work():
        found = await accounts.by_email(email)
        if found is None:
            raise click.ClickException(f"there is no account for {email}")
        await accounts.set_password_hash(found.id, passwords.hash_password(password))
        await accounts.end_sessions(found.id)
        await audit.record("user_password_set", audit.COMMAND_LINE, None, "account", found.email)
        return found

    click.echo(f"set a new password for {on_database(work).email}")


@main.command("export")
@click.argument("questionnaire_id")
@click.option("--version", "version", default=None, help="Questionnaire version [default: the current one].")
@click.option("--format", "fmt", type=click.Choice(["csv", "sav", "dta", "parquet", "all"]), required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write into.")
@click.option("--k", type=click.IntRange(2, 100), default=None, help="k for k-anonymity [default: the bank's, usually 5].")
@click.option("--include-free-text", is_flag=True, help="Export free-text answers, redacted.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Only responses sent on or after this date.")
@click.option("--redaction-log", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to record what was redacted [default: beside the folder, never in it].")
@click.option("--questionnaires", type=click.Path(file_okay=False, path_type=Path))
def export_command(questionnaire_id, version, fmt, out, k, include_free_text, since, redaction_log, questionnaires) -> None:
    """Export submitted responses, anonymised: data, codebook and risk report."""
    from .services.banks import Banks
    from .export.run import FILE_FORMATS, Options, export
    from .storage import audit

    banks = Banks(load_banks(questionnaires)[0])
    current = banks.get(questionnaire_id)
    options = Options(
        formats=FILE_FORMATS if fmt == "all" else (fmt,), k=k, include_free_text=include_free_text,
        since=since.date() if since else None,
    )
    log = redaction_log or out.with_name(out.name + "-redactions.json")

    async def work():
        await banks.publish()
        wanted = version or (current.version if current else None)
        q = await banks.version(questionnaire_id, wanted) if wanted else None
        if q is None:
            raise click.ClickException(f"no questionnaire {questionnaire_id!r}" + (f" version {wanted}" if wanted else ""))
        outcome = await export(q, out, options, log)
        await audit.record(
            "export", audit.COMMAND_LINE, None, "questionnaire", q.id, version=q.version, formats=list(options.formats),
            k=outcome.risk["k"], include_free_text=include_free_text, since=str(options.since or ""), rows=outcome.rows,
        )
        return outcome

    from .storage.sealing import SealError

    try:
        outcome = on_database(work)
    except SealError as exc:
        raise click.ClickException(f"{exc} The export was not finished: add the missing key to SURVEY_ENCRYPTION_KEYS "
                                   "(newest first) and export again.") from None
    click.echo(f"exported {outcome.rows} responses (k achieved {outcome.risk['k_achieved']}, "
               f"{outcome.risk['bsl_videos']} BSL video answers held back):")
    for path in outcome.files:
        click.echo(f"  {path}")
    if include_free_text:
        click.echo(f"redaction log (keep private, do not share): {log}")


@main.command("purge")
@click.option("--older-than-days", type=click.IntRange(min=1), default=None,
              help="Delete sent responses older than this [default: SURVEY_RETENTION_DAYS, 730].")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge_command(older_than_days: int | None, yes: bool) -> None:
    """Delete sent responses older than the retention period (audited)."""
    from .services import retention, videos
    from .storage import audit, responses

    settings = Settings.from_env()
    days = older_than_days or settings.retention_days

    helped = on_database(lambda: retention.purge_help_requests(settings.help_retention_days, audit.COMMAND_LINE))
    if helped:
        click.echo(f"deleted {helped} requests for help handled more than {settings.help_retention_days} days ago")
    count = on_database(lambda: responses.sent_before(retention.cutoff(days)))
    if count == 0:
        click.echo(f"no sent responses are older than {days} days")
        forgotten = on_database(lambda: retention.purge_addresses(days, audit.COMMAND_LINE))
        if forgotten:
            click.echo(f"forgot the addresses of {forgotten} sampled cases in waves older than {days} days")
        swept = on_database(lambda: videos.sweep(settings.uploads))
        if swept:
            click.echo(f"removed {swept} video files that no answer holds")
        return
    if not yes:
        click.confirm(f"Delete {count} sent responses older than {days} days, for good?", abort=True, err=True)
    purged = on_database(lambda: retention.purge(days, settings.uploads, audit.COMMAND_LINE))
    click.echo(f"deleted {purged} sent responses older than {days} days")


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(file: Path) -> None:
    """Back up the database (SQLite online backup, or pg_dump) while the app runs."""
    from .services.backup import BackupError, backup

    try:
        backup(Settings.from_env().database_url, file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backed up to {file}")


@main.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(file: Path, yes: bool) -> None:
    """Replace the database's contents with a backup. Stop the app first."""
    from .services.backup import BackupError, restore

    if not yes:
        click.confirm("Replace everything in the database with this backup?", abort=True, err=True)
    settings = Settings.from_env()
    # The keys as configured, never made up: a key created now would open nothing in the backup.
    stored = settings.data_dir / "encryption.key"
    keys = settings.encryption_key_list or ([stored.read_text().strip()] if stored.exists() else [])
    try:
        restore(settings.database_url, file, keys)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"restored from {file}")


@main.group()
def keys() -> None:
    """Encryption keys for free-text answers at rest."""


@keys.command("new")
def keys_new() -> None:
    """Print a new key, to put at the front of SURVEY_ENCRYPTION_KEYS."""
    from .storage.sealing import new_key

    click.echo(new_key())


@keys.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every stored free-text answer, video, sampled address and request for help with the newest key (the first)."""
    from .storage import appointments, audit, help_requests, responses, samples
    from .storage.sealing import SealError, is_sealed_file, reseal, reseal_file

    uploads = Settings.from_env().uploads

    async def work():
        done, last = 0, None
        while batch := await responses.sealed_answers(last):
            for answer_id, value in batch:
                await responses.replace_sealed(answer_id, reseal(value))
                done += 1
            last = batch[-1][0]
        videos = 0
        for path in sorted(uploads.glob("*")) if uploads.is_dir() else []:
            if path.is_file() and is_sealed_file(path):
                reseal_file(path)
                videos += 1
        addresses = await samples.reseal_addresses()
        requests = await help_requests.reseal_all() + await appointments.reseal_all()
        await audit.record("keys_rotated", audit.COMMAND_LINE, None, "answers", "", answers=done, videos=videos,
                           sample_addresses=addresses, help_requests=requests)
        return done, videos

    try:
        done, videos = on_database(work)
    except SealError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"re-encrypted {done} answers and {videos} videos with the newest key; the older keys can now be removed")
