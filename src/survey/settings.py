"""Settings, read once from ``SURVEY_*`` environment variables.

Every field says what it is for and which variable sets it, so that
``README.md`` and a deployment's environment file can be checked against one
place.
"""

from __future__ import annotations

import os
import tempfile
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/survey.db"
#: The checkout the app runs from (it is installed in place): its static files,
#: interface translations and templates live beside the code.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = PROJECT_ROOT / "static"
LOCALES_DIR = PROJECT_ROOT / "locales"


def _env(variable: str, default: object) -> Any:
    """A setting's default, and the environment variable that sets it."""
    return field(default=default, metadata={"env": variable})


def environment() -> dict[str, str]:
    """Each setting's name and its environment variable."""
    return {f.name: f.metadata["env"] for f in fields(Settings)}


def _new_fernet_key() -> str:
    import base64

    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


@dataclass(frozen=True)
class Settings:
    #: ``sqlite:///relative/path.db``,
    #: ``sqlite:////absolute/path.db`` or ``postgresql://user:pass@host:port/db``.
    database_url: str = _env("SURVEY_DATABASE_URL", DEFAULT_DATABASE_URL)
    #: The folder of question banks served.
    questionnaires_dir: Path = _env("SURVEY_QUESTIONNAIRES", Path("questionnaires"))
    #: Encrypts the session cookie. Every worker behind a
    #: load balancer needs the same key; when unset, one is created once in
    #: SURVEY_DATA_DIR so restarts keep people's sessions.
    secret_key: str = _env("SURVEY_SECRET_KEY", "")
    #: Where the default SQLite file and generated key live.
    data_dir: Path = _env("SURVEY_DATA_DIR", Path("data"))
    #: Send cookies over HTTPS only. Browsers treat
    #: http://127.0.0.1 and http://localhost as secure, so local use works.
    cookie_secure: bool = _env("SURVEY_COOKIE_SECURE", True)
    #: Largest request body accepted from a form.
    max_body_bytes: int = _env("SURVEY_MAX_BODY_BYTES", 256 * 1024)
    #: Largest BSL video answer accepted (default 200 MB).
    max_upload_bytes: int = _env("SURVEY_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
    #: All the BSL video answers one response
    #: may hold together (default 600 MB), so repeated uploads cannot fill the disk.
    max_response_video_bytes: int = _env("SURVEY_MAX_RESPONSE_VIDEO_BYTES", 600 * 1024 * 1024)
    #: Where BSL video answers are kept: outside anything
    #: served, never public. Defaults to SURVEY_DATA_DIR/uploads.
    uploads_dir: Path | None = _env("SURVEY_UPLOADS_DIR", None)
    #: Wrong resume codes one address may try per window.
    resume_attempts: int = _env("SURVEY_RESUME_ATTEMPTS", 10)
    #: The window for SURVEY_RESUME_ATTEMPTS.
    resume_window_seconds: int = _env("SURVEY_RESUME_WINDOW_SECONDS", 15 * 60)
    #: The survey's web address as printed on letters and in their QR codes
    #: (for example https://survey.example.org); admins' downloads fall back to the address they used.
    public_url: str = _env("SURVEY_PUBLIC_URL", "")
    #: Where "Exit this page" goes: a neutral site.
    exit_url: str = _env("SURVEY_EXIT_URL", "https://www.bbc.co.uk/weather")
    #: Send Strict-Transport-Security (set behind HTTPS only).
    hsts: bool = _env("SURVEY_HSTS", False)
    #: Detailed error pages; never in production.
    debug: bool = _env("SURVEY_DEBUG", False)
    #: Interface language when nothing else is chosen.
    default_language: str = _env("SURVEY_DEFAULT_LANGUAGE", "en")
    #: Staff are signed out after this long without
    #: activity; anything typed on the page is kept as a draft.
    idle_minutes: int = _env("SURVEY_IDLE_MINUTES", 30)
    #: How long before that a warning appears
    #: (with JavaScript), offering to stay signed in.
    idle_warning_seconds: int = _env("SURVEY_IDLE_WARNING_SECONDS", 120)
    #: Wrong passwords allowed per account in a window;
    #: five times as many per address, so one shared office is not locked out.
    signin_attempts: int = _env("SURVEY_SIGNIN_ATTEMPTS", 5)
    #: The window for SURVEY_SIGNIN_ATTEMPTS: short,
    #: so the real person is never kept out for long.
    signin_window_seconds: int = _env("SURVEY_SIGNIN_WINDOW_SECONDS", 5 * 60)
    #: How long a worker still sees a response
    #: they have sent (to note its reference), before it leaves their list.
    assist_grace_minutes: int = _env("SURVEY_ASSIST_GRACE_MINUTES", 60)
    #: Sent responses older than this may be purged by
    #: an admin (``survey purge`` or the admin page). The sample's privacy
    #: notice promises at most two years.
    retention_days: int = _env("SURVEY_RETENTION_DAYS", 730)
    #: How often the app deletes, by itself, what is past
    #: its retention period (sent responses, addresses, requests for help).
    #: 0: never; an admin runs ``survey purge`` or the admin page instead.
    purge_every_seconds: int = _env("SURVEY_PURGE_EVERY_SECONDS", 86400)
    #: Requests for help one network address may send an
    #: hour: anyone may ask, so a flood cannot fill the workers' queues.
    help_requests_per_hour: int = _env("SURVEY_HELP_REQUESTS_PER_HOUR", 5)
    #: Requests for help to answer, with their contact
    #: details, are deleted this many days after a worker has handled them.
    help_retention_days: int = _env("SURVEY_HELP_RETENTION_DAYS", 30)
    #: Fernet keys that encrypt free-text answers at
    #: rest, comma-separated, newest first (``survey keys new`` makes one).
    #: When unset, one is created once in SURVEY_DATA_DIR/encryption.key.
    #: Every worker needs the same keys; keep them apart from the backups.
    encryption_keys: str = _env("SURVEY_ENCRYPTION_KEYS", "")
    #: Public results are worked out again from
    #: the database at most this often, so a busy results page costs no queries.
    results_refresh_seconds: int = _env("SURVEY_RESULTS_REFRESH_SECONDS", 600)

    #: Addresses of the reverse proxies in front of
    #: the app, comma-separated (for example 127.0.0.1 for nginx on the same
    #: machine); only their X-Forwarded-For is believed. Default: none.
    trusted_proxies: str = _env("SURVEY_TRUSTED_PROXIES", "")
    #: A request's headers must all arrive within this.
    header_timeout_seconds: int = _env("SURVEY_HEADER_TIMEOUT_SECONDS", 10)
    #: A request body may not stop arriving for longer than this.
    body_timeout_seconds: int = _env("SURVEY_BODY_TIMEOUT_SECONDS", 30)
    #: An idle connection is kept open this long for the next request.
    keep_alive_seconds: int = _env("SURVEY_KEEP_ALIVE_SECONDS", 30)
    #: Connections (and requests in progress) each
    #: worker takes at once; past this it answers 503 at once.
    max_connections: int = _env("SURVEY_MAX_CONNECTIONS", 1000)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        kwargs: dict[str, object] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, var in environment().items():
            if var not in env or env[var] == "":
                continue
            raw = env[var]
            kind = types[name]
            try:
                if kind == "bool":
                    kwargs[name] = _bool(raw)
                elif kind == "int":
                    kwargs[name] = int(raw)
                elif kind in {"Path", "Path | None"}:
                    kwargs[name] = Path(raw)
                else:
                    kwargs[name] = raw
            except ValueError as exc:
                raise ValueError(f"{var}: {exc}") from None
        return cls(**kwargs)  # type: ignore[arg-type]

    @property
    def uploads(self) -> Path:
        return self.uploads_dir or self.data_dir / "uploads"

    def with_secret(self) -> Settings:
        """Return settings whose secret and encryption keys are set, creating
        stored ones if needed (so restarts and every worker share them)."""
        secret = self.secret_key or self._stored("secret.key", lambda: secrets.token_hex(32))
        keys = self.encryption_keys or self._stored("encryption.key", _new_fernet_key)
        return replace(self, secret_key=secret, encryption_keys=keys)

    def _stored(self, name: str, make) -> str:
        key_file = self.data_dir / name
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # Written whole to a private file, then linked into place in one
            # step: a worker starting at the same moment sees no key or the
            # whole key, never half of one. Owner-only: it decrypts cookies or answers.
            fd, draft = tempfile.mkstemp(dir=self.data_dir, prefix=f".{name}.")
            try:
                with os.fdopen(fd, "w") as handle:
                    handle.write(make())
                os.link(draft, key_file)
            except FileExistsError:
                pass  # another worker made it a moment ago
            finally:
                os.unlink(draft)
        return key_file.read_text().strip()

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [address.strip() for address in self.trusted_proxies.split(",") if address.strip()]

    @property
    def encryption_key_list(self) -> list[str]:
        return [key.strip() for key in self.encryption_keys.split(",") if key.strip()]
