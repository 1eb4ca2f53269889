"""Wiring: ``create_app(settings)`` builds the Litestar application."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging

from litestar import Litestar, Request
from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.types import Message, Scope
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.di import Provide
from litestar.template.config import TemplateConfig

from .services import i18n, retention, videos
from .services.banks import Banks
from .questionnaire import load_directory
from .settings import STATIC_DIR, Settings
from .storage import close_engine, migrate, open_engine, sealing
from .storage.responses import VersionConflict
from .web.page_cache import PageCache
from .web.session_cookie import QuietCookieBackendConfig
from .web.assets import Assets, serve_static
from .web.display_options import display_form, save_display
from .web.limits import body_limits
from .web.uploads import video_fields
from .web.media import MediaLibrary, serve_media
from .web.opening import Schedule
from .web.pages import EXCEPTION_HANDLERS, accessibility, cookies, health, home, privacy
from .web.access import AccessController
from .web.asking_help import AskingHelpController
from .web.assist_help import AssistHelpController
from .web.cases import CasesController
from .web.appointments import AppointmentsController
from .web.admin import AdminController
from .web.admin_samples import AdminSamplesController
from .web.analyst import AnalystController
from .web.text_review import TextReviewController
from .web.assisted_journey import AssistedJourneyController
from .web.assisting import AssistingController
from .web.handover import HandOverController, PrivateSectionController
from .web.supervising import SupervisingController
from .web.continuing import ContinuingController
from .web.formats import FormatsController
from .web.paper import PaperController
from .web.public_results import PublicResultsController
from .web.respondent import RespondentController
from .web.results_state import PublicResults
from .web.signing_in import SigningInController
from .web.security import security_headers
from .web.templating import create_environment

LANGUAGE_COOKIE = "survey_lang"

log = logging.getLogger("survey")


async def _choose_language(request: Request) -> None:
    """``?lang=`` (kept in a cookie), else the cookie, else Accept-Language."""
    available = i18n.languages()
    asked = request.query_params.get("lang")
    path = request.url.path
    if path.startswith(("/s/", "/results/")):
        # A survey's pages, and its results, only in the languages its bank is written in.
        bank = request.app.state.banks.current.get(path.split("/")[2])
        if bank is not None:
            available = [language for language in bank.languages if language in available] or bank.languages[:1]
    if asked in i18n.languages():
        request.state.language_asked = asked
    for chosen in (asked, request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in available:
            break
    else:
        default = request.app.state.settings.default_language
        chosen = i18n.negotiate(request.headers.get("accept-language"), available, default if default in available else available[0])
    i18n.activate(chosen)


def _remember_language(secure: bool):
    """A language asked for with ``?lang=`` is kept in a cookie for later pages."""

    async def before_send(message: Message, scope: Scope) -> None:
        asked = scope.get("state", {}).get("language_asked")
        if message["type"] == "http.response.start" and asked:
            cookie = Cookie(key=LANGUAGE_COOKIE, value=asked, max_age=365 * 24 * 3600, httponly=True, samesite="lax", secure=secure)
            MutableScopeHeaders.from_message(message).add("set-cookie", cookie.to_header(header=""))

    return before_send


#: Loggers that write query parameters (answers, code hashes) at DEBUG level.
#: They stay at WARNING whatever the root level, so logs never hold answers.
_PARAMETER_LOGGERS = ("aiosqlite", "asyncpg", "piccolo")


async def _purge_daily(settings: Settings) -> None:
    """Delete what is past its retention period, as the privacy notice says,
    without waiting for an admin: checked every few minutes, run once per
    SURVEY_PURGE_EVERY_SECONDS across all workers, audited."""
    every = dt.timedelta(seconds=settings.purge_every_seconds)
    pause = min(300.0, settings.purge_every_seconds / 2)
    while True:
        await asyncio.sleep(pause)  # not while the app is starting
        try:
            await retention.purge_if_due(settings.retention_days, settings.help_retention_days, settings.uploads, every)
        except Exception:  # a failed purge is tried again next time; the app keeps serving
            log.exception("the scheduled purge failed")


def create_app(settings: Settings) -> Litestar:
    for name in _PARAMETER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    settings = settings.with_secret()
    sealing.configure(settings.encryption_key_list)
    # Question banks are checked before anything is served: a broken bank stops start-up.
    banks = Banks(load_directory(settings.questionnaires_dir), settings.questionnaires_dir)
    i18n.load_catalogues()
    assets = Assets(STATIC_DIR)
    media = MediaLibrary(settings.questionnaires_dir)
    engine_holder: dict[str, object] = {}
    jinja = create_environment(assets, media)

    async def on_startup(app: Litestar) -> None:
        engine = await open_engine(settings.database_url)
        engine_holder["engine"] = engine
        applied = await migrate(engine)
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        try:
            await banks.publish()
        except VersionConflict as exc:
            log.error("cannot start: %s", exc)
            raise
        await videos.sweep(settings.uploads)
        if settings.purge_every_seconds:
            engine_holder["purging"] = asyncio.ensure_future(_purge_daily(settings))

    async def on_shutdown(app: Litestar) -> None:
        if "purging" in engine_holder:
            engine_holder["purging"].cancel()  # type: ignore[union-attr]
        app.state.public_results.close()
        if "engine" in engine_holder:
            await close_engine(engine_holder["engine"])  # type: ignore[arg-type]

    # The cookie cipher wants exactly 32 bytes, whatever the configured secret's length.
    session_key = hashlib.sha256(b"survey-session:" + settings.secret_key.encode()).digest()
    app = Litestar(
        route_handlers=[
            home, accessibility, privacy, cookies, display_form, save_display, health, serve_static, serve_media,
            RespondentController,
            AccessController,
            AskingHelpController,
            ContinuingController,
            SigningInController,
            AssistingController,
            AssistHelpController,
            CasesController,
            AppointmentsController,
            AssistedJourneyController,
            HandOverController,
            PrivateSectionController,
            SupervisingController,
            PaperController,
            FormatsController,
            AdminController,
            AdminSamplesController,
            AnalystController,
            TextReviewController,
            PublicResultsController,
        ],
        dependencies={
            "banks": Provide(lambda: banks, sync_to_thread=False),
            "assets": Provide(lambda: assets, sync_to_thread=False),
            "media": Provide(lambda: media, sync_to_thread=False),
        },
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(jinja)),
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="survey_csrf",
            cookie_secure=settings.cookie_secure,
            cookie_httponly=True,
            cookie_samesite="lax",
        ),
        middleware=[
            body_limits(settings.max_body_bytes, video_fields(banks, settings.max_upload_bytes)),
            QuietCookieBackendConfig(
                secret=session_key,
                key="survey_session",
                secure=settings.cookie_secure,
                httponly=True,
                samesite="lax",
                max_age=90 * 24 * 3600,
            ).middleware
        ],
        # Video is compressed already, and byte ranges must match the file:
        # bank media and a respondent's signed answer are never compressed.
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=512, gzip_compress_level=6, exclude=["^/media/", "^/assist/[^/]+/video/"],
        ),
        before_request=_choose_language,
        before_send=[security_headers(settings.hsts), _remember_language(settings.cookie_secure)],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        # The outer cap; body_limits holds each request to what its page takes.
        request_max_body_size=settings.max_upload_bytes + 64 * 1024,
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        debug=settings.debug,
        openapi_config=None,
    )
    app.state.settings = settings
    app.state.jinja = jinja
    app.state.page_cache = PageCache(jinja)
    app.state.banks = banks
    app.state.schedule = Schedule()
    app.state.public_results = PublicResults(settings.results_refresh_seconds)
    return app


def app_from_env() -> Litestar:
    """The application configured from SURVEY_* environment variables (for uvicorn)."""
    return create_app(Settings.from_env())
