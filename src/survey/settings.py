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
from dataclasses import dataclass, fields, replace
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///data/survey.db"
#: The checkout the app runs from (it is installed in place): its static files,
#: interface translations and templates live beside the code.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATIC_DIR = PROJECT_ROOT / "static"
LOCALES_DIR = PROJECT_ROOT / "locales"


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
    #: SURVEY_DATABASE_URL. ``sqlite:///relative/path.db``,
    #: ``sqlite:////absolute/path.db`` or ``postgresql://user:pass@host:port/db``.
    database_url: str = DEFAULT_DATABASE_URL
    #: SURVEY_QUESTIONNAIRES. The folder of question banks served.
    questionnaires_dir: Path = Path("questionnaires")
    #: SURVEY_SECRET_KEY. Encrypts the session cookie. Every worker behind a
    #: load balancer needs the same key; when unset, one is created once in
    #: SURVEY_DATA_DIR so restarts keep people's sessions.
    secret_key: str = ""
    #: SURVEY_DATA_DIR. Where the default SQLite file and generated key live.
    data_dir: Path = Path("data")
    #: SURVEY_COOKIE_SECURE. Send cookies over HTTPS only. Browsers treat
    #: http://127.0.0.1 and http://localhost as secure, so local use works.
    cookie_secure: bool = True
    #: SURVEY_MAX_BODY_BYTES. Largest request body accepted from a form.
    max_body_bytes: int = 256 * 1024
    #: SURVEY_MAX_UPLOAD_BYTES. Largest BSL video answer accepted (default 200 MB).
    max_upload_bytes: int = 200 * 1024 * 1024
    #: SURVEY_MAX_RESPONSE_VIDEO_BYTES. All the BSL video answers one response
    #: may hold together (default 600 MB), so repeated uploads cannot fill the disk.
    max_response_video_bytes: int = 600 * 1024 * 1024
    #: SURVEY_UPLOADS_DIR. Where BSL video answers are kept: outside anything
    #: served, never public. Defaults to SURVEY_DATA_DIR/uploads.
    uploads_dir: Path | None = None
    #: SURVEY_RESUME_ATTEMPTS. Wrong resume codes one address may try per window.
    resume_attempts: int = 10
    #: SURVEY_RESUME_WINDOW_SECONDS. The window for SURVEY_RESUME_ATTEMPTS.
    resume_window_seconds: int = 15 * 60
    #: SURVEY_EXIT_URL. Where "Exit this page" goes: a neutral site.
    exit_url: str = "https://www.bbc.co.uk/weather"
    #: SURVEY_HSTS. Send Strict-Transport-Security (set behind HTTPS only).
    hsts: bool = False
    #: SURVEY_DEBUG. Detailed error pages; never in production.
    debug: bool = False
    #: SURVEY_DEFAULT_LANGUAGE. Interface language when nothing else is chosen.
    default_language: str = "en"
    #: SURVEY_IDLE_MINUTES. Staff are signed out after this long without
    #: activity; anything typed on the page is kept as a draft.
    idle_minutes: int = 30
    #: SURVEY_IDLE_WARNING_SECONDS. How long before that a warning appears
    #: (with JavaScript), offering to stay signed in.
    idle_warning_seconds: int = 120
    #: SURVEY_SIGNIN_ATTEMPTS. Wrong passwords allowed per account in a window;
    #: five times as many per address, so one shared office is not locked out.
    signin_attempts: int = 5
    #: SURVEY_SIGNIN_WINDOW_SECONDS. The window for SURVEY_SIGNIN_ATTEMPTS: short,
    #: so the real person is never kept out for long.
    signin_window_seconds: int = 5 * 60
    #: SURVEY_ASSIST_GRACE_MINUTES. How long a worker still sees a response
    #: they have sent (to note its reference), before it leaves their list.
    assist_grace_minutes: int = 60
    #: SURVEY_RETENTION_DAYS. Sent responses older than this may be purged by
    #: an admin (``survey purge`` or the admin page). The sample's privacy
    #: notice promises at most two years.
    retention_days: int = 730
    #: SURVEY_ENCRYPTION_KEYS. Fernet keys that encrypt free-text answers at
    #: rest, comma-separated, newest first (``survey keys new`` makes one).
    #: When unset, one is created once in SURVEY_DATA_DIR/encryption.key.
    #: Every worker needs the same keys; keep them apart from the backups.
    encryption_keys: str = ""
    #: SURVEY_RESULTS_REFRESH_SECONDS. Public results are worked out again from
    #: the database at most this often, so a busy results page costs no queries.
    results_refresh_seconds: int = 600

    #: SURVEY_TRUSTED_PROXIES. Addresses of the reverse proxies in front of
    #: the app, comma-separated (for example 127.0.0.1 for nginx on the same
    #: machine); only their X-Forwarded-For is believed. Default: none.
    trusted_proxies: str = ""
    #: SURVEY_HEADER_TIMEOUT_SECONDS. A request's headers must all arrive within this.
    header_timeout_seconds: int = 10
    #: SURVEY_BODY_TIMEOUT_SECONDS. A request body may not stop arriving for longer than this.
    body_timeout_seconds: int = 30
    #: SURVEY_KEEP_ALIVE_SECONDS. An idle connection is kept open this long for the next request.
    keep_alive_seconds: int = 30
    #: SURVEY_MAX_CONNECTIONS. Connections (and requests in progress) each
    #: worker takes at once; past this it answers 503 at once.
    max_connections: int = 1000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        names = {
            "database_url": "SURVEY_DATABASE_URL",
            "questionnaires_dir": "SURVEY_QUESTIONNAIRES",
            "secret_key": "SURVEY_SECRET_KEY",
            "data_dir": "SURVEY_DATA_DIR",
            "cookie_secure": "SURVEY_COOKIE_SECURE",
            "max_body_bytes": "SURVEY_MAX_BODY_BYTES",
            "max_upload_bytes": "SURVEY_MAX_UPLOAD_BYTES",
            "max_response_video_bytes": "SURVEY_MAX_RESPONSE_VIDEO_BYTES",
            "uploads_dir": "SURVEY_UPLOADS_DIR",
            "resume_attempts": "SURVEY_RESUME_ATTEMPTS",
            "resume_window_seconds": "SURVEY_RESUME_WINDOW_SECONDS",
            "exit_url": "SURVEY_EXIT_URL",
            "hsts": "SURVEY_HSTS",
            "debug": "SURVEY_DEBUG",
            "default_language": "SURVEY_DEFAULT_LANGUAGE",
            "idle_minutes": "SURVEY_IDLE_MINUTES",
            "idle_warning_seconds": "SURVEY_IDLE_WARNING_SECONDS",
            "signin_attempts": "SURVEY_SIGNIN_ATTEMPTS",
            "signin_window_seconds": "SURVEY_SIGNIN_WINDOW_SECONDS",
            "assist_grace_minutes": "SURVEY_ASSIST_GRACE_MINUTES",
            "retention_days": "SURVEY_RETENTION_DAYS",
            "encryption_keys": "SURVEY_ENCRYPTION_KEYS",
            "results_refresh_seconds": "SURVEY_RESULTS_REFRESH_SECONDS",
            "trusted_proxies": "SURVEY_TRUSTED_PROXIES",
            "header_timeout_seconds": "SURVEY_HEADER_TIMEOUT_SECONDS",
            "body_timeout_seconds": "SURVEY_BODY_TIMEOUT_SECONDS",
            "keep_alive_seconds": "SURVEY_KEEP_ALIVE_SECONDS",
            "max_connections": "SURVEY_MAX_CONNECTIONS",
        }
        kwargs: dict[str, object] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name, var in names.items():
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
