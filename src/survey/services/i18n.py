"""Interface translations with Babel.

Catalogues are the ``.po`` files under ``locales/``; they are compiled in
memory at start, so no compiled ``.mo`` file is ever stale or committed. The
language of the request being served is held in a context variable, so one
Jinja environment serves every language at once.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from ..settings import LOCALES_DIR

DOMAIN = "messages"

_catalogues: dict[str, NullTranslations] = {}
_current: ContextVar[NullTranslations] = ContextVar("survey_translations", default=NullTranslations())
_current_language: ContextVar[str] = ContextVar("survey_language", default="en")


def load_catalogues(locales_dir: Path = LOCALES_DIR) -> dict[str, NullTranslations]:
    """Compile every ``locales/<lang>/LC_MESSAGES/messages.po`` in memory."""
    _catalogues.clear()
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        _catalogues[language] = Translations(buffer, domain=DOMAIN)
    return _catalogues


def languages() -> list[str]:
    return sorted(_catalogues) or ["en"]


def negotiate(accept_language: str | None, available: Iterable[str], default: str = "en") -> str:
    """The best of ``available`` for an Accept-Language header."""
    available = list(available)
    preferred: list[tuple[float, str]] = []
    for part in (accept_language or "").split(","):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().replace("_", "-")
        if not tag:
            continue
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        preferred.append((quality, tag))
    for _, tag in sorted(preferred, key=lambda item: -item[0]):
        for candidate in (tag, tag.split("-")[0]):
            if candidate in available:
                return candidate
    return default


@functools.lru_cache(maxsize=64)
def language_name(language: str) -> str:
    """A language's name written in itself: "Cymraeg", "العربية", "English"."""
    try:
        return Locale.parse(language.replace("-", "_")).get_display_name() or language
    except (UnknownLocaleError, ValueError):
        return language


@functools.lru_cache(maxsize=64)
def text_direction(language: str) -> str:
    try:
        return Locale.parse(language.replace("-", "_")).text_direction
    except (UnknownLocaleError, ValueError):
        return "ltr"


def activate(language: str) -> None:
    _current.set(_catalogues.get(language, NullTranslations()))
    _current_language.set(language)


def current_language() -> str:
    return _current_language.get()


def language_within(languages: list[str]) -> str:
    """The request's language if it is one of ``languages``, else the first:
    a bank is shown, and its responses recorded, only in a language it has."""
    language = _current_language.get()
    return language if language in languages else languages[0]


#: Interface languages whose dates and numbers follow a particular region.
_FORMAT_LOCALES = {"en": "en_GB"}


def format_locale() -> str:
    """The Babel locale for dates and numbers: British English for "en"."""
    language = _current_language.get()
    return _FORMAT_LOCALES.get(language, language.replace("-", "_"))


def gettext(message: str, **variables: object) -> str:
    text = _current.get().gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text = _current.get().ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def raw_gettext(message: str) -> str:
    """Translate without formatting: Jinja's new-style gettext formats (and escapes) itself."""
    return _current.get().gettext(message)


def raw_ngettext(singular: str, plural: str, n: int) -> str:
    return _current.get().ngettext(singular, plural, n)


_ = gettext
