"""Backing up and restoring the database.

SQLite: the online backup API, so a copy is consistent while the app runs.
PostgreSQL: ``pg_dump`` in its custom format and ``pg_restore --clean``.
A ``search_path`` in the URL (one schema of a shared database) limits both
to that schema.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from ..storage import sealing
from ..storage.engine import sqlite_path


class BackupError(Exception):
    pass


def _postgres(url: str) -> tuple[str, list[str]]:
    """A URL libpq accepts, and the options that keep to the URL's schema."""
    parsed = urlparse(url)
    query = parse_qs(parsed.query)
    schema = query.pop("search_path", [None])[0]
    clean = urlunparse(parsed._replace(query=urlencode(query, doseq=True)))
    return clean, ([f"--schema={schema}"] if schema else [])


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: on Debian, apt-get install postgresql-client")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def backup(url: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite:"):
        source = sqlite_path(url)
        if not source.exists():
            raise BackupError(f"there is no database at {source}")
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)
        return
    clean, options = _postgres(url)
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", *options, clean])


def _check_sqlite_backup(source: Path) -> None:
    """Refuse, before anything is replaced, a file that is not a SQLite backup of this app."""
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as saved:
            tables = {row[0] for row in saved.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a backup made by survey backup ({exc}): nothing was restored") from None
    if "survey_migration" not in tables:
        raise BackupError(f"{source} is a SQLite database, but not a backup made by survey backup: nothing was restored")


#: Where a backup keeps sealed values, for checking that the configured keys open them.
_SEALED = (("answer", "value"), ("sample_case", "address"), ("help_request", "details"))
_TOKEN = re.compile(r'"sealed":\s*"([A-Za-z0-9_=-]+)"')


def _sealed_token_sqlite(source: Path) -> str | None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as saved:
        tables = {row[0] for row in saved.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, column in _SEALED:
            if table in tables:
                row = saved.execute(f"SELECT {column} FROM {table} WHERE {column} LIKE '%\"sealed\"%' LIMIT 1").fetchone()
                if row and (found := _TOKEN.search(row[0])):
                    return found.group(1)
    return None


def _sealed_token_postgres(source: Path) -> str | None:
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore is not installed: on Debian, apt-get install postgresql-client")
    for table, _column in _SEALED:
        done = subprocess.run(["pg_restore", "--data-only", f"--table={table}", "--file=-", str(source)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"{source} is not a backup made by survey backup ({done.stderr.strip()}): nothing was restored")
        found = _TOKEN.search(done.stdout)
        if found:
            return found.group(1)
    return None


def check_keys(url: str, source: Path, keys: list[str]) -> None:
    """Refuse a backup whose encrypted answers the configured keys cannot
    open, before anything is replaced: restored under other keys, every
    export and every page that shows them would fail."""
    token = _sealed_token_sqlite(source) if url.startswith("sqlite:") else _sealed_token_postgres(source)
    if token is None:
        return
    if not keys:
        raise BackupError(f"{source} holds encrypted answers, but no encryption key is set here: set SURVEY_ENCRYPTION_KEYS "
                          "to the keys of the system the backup came from; nothing was restored")
    if not sealing.opens(keys, token):
        raise BackupError(f"none of the keys in SURVEY_ENCRYPTION_KEYS (or the data folder's encryption.key) opens the encrypted "
                          f"answers in {source}: set the keys the backup was made with; nothing was restored")


def restore(url: str, source: Path, keys: list[str] | None = None) -> None:
    """Replace the database's contents with a backup. Stop the app first.
    ``keys``: the configured encryption keys, which must open its sealed values."""
    if not source.exists():
        raise BackupError(f"there is no backup at {source}")
    if url.startswith("sqlite:"):
        _check_sqlite_backup(source)
    if keys is not None:
        check_keys(url, source, keys)
    if url.startswith("sqlite:"):
        target = sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as saved, sqlite3.connect(target) as live:
            saved.backup(live)
        return
    clean, options = _postgres(url)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={clean}", *options, str(source)])
