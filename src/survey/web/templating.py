"""The Jinja environment: templates compiled once, gettext for every string."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import i18n
from .assets import Assets
from .easy_read import easy_read_markup, plain
from .media import MediaLibrary
from .answers import format_number, option_label

TEMPLATES_DIR = Path(__file__).parent / "templates"


def count_message(max_length: int, length: int) -> str:
    """The character count's words, the same with and without JavaScript."""
    left = max_length - length
    if left >= 0:
        return i18n.ngettext(
            "You have %(num)s character remaining", "You have %(num)s characters remaining", left
        )
    return i18n.ngettext("You have %(num)s character too many", "You have %(num)s characters too many", -left)


def create_environment(assets: Assets, media: MediaLibrary) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.install_gettext_callables(i18n.raw_gettext, i18n.raw_ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        static_url=assets.url, media_url=media.url, option_label=option_label, count_message=count_message
    )
    env.filters["format_number"] = format_number
    env.filters["easy_read"] = easy_read_markup
    env.filters["plain"] = plain
    return env
