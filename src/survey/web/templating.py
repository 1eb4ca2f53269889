"""The Jinja environment: templates compiled once, gettext for every string."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..services import i18n
from .assets import Assets
from .easy_read import easy_read_markup, plain
from .media import MediaLibrary
from ..results.sentences import percent, points
from ..services.wording import format_number, option_label
from .answers import format_datetime

TEMPLATES_DIR = Path(__file__).parent / "templates"


def count_message(max_length: int, length: int) -> str:
    """The character count's words, the same with and without JavaScript."""
    left = max_length - length
    if left >= 0:
        return i18n.ngettext(
            "You have %(num)s character remaining", "You have %(num)s characters remaining", left
        )
    return i18n.ngettext("You have %(num)s character too many", "You have %(num)s characters too many", -left)


_SVG_IDS = re.compile(r'\s(?:id|xml:space)="[^"]*"')


def inline_pictures(folder: Path):
    """Easy Read pictures inlined as SVG, each file read once: no request per
    picture. Ids are dropped, so a page showing one picture twice stays valid."""

    @functools.cache
    def source(name: str) -> str:
        return _SVG_IDS.sub("", (folder / f"{name}.svg").read_text(encoding="utf-8"))

    def inline_picture(name: str, alt: str = "", size: int = 40) -> Markup:
        # A picture with alt text is an image with that name; one without is decoration.
        role = f'role="img" aria-label="{escape(alt)}"' if alt else 'aria-hidden="true"'
        attributes = f'class="survey-er-picture" {role} focusable="false" width="{size}" height="{size}" '
        return Markup(source(name).replace("<svg ", f"<svg {attributes}", 1))

    return inline_picture


def breakable(text: str) -> Markup:
    """Long unbroken text (an email address, an id) allowed to wrap only at
    its natural joins, before "@" or "." and after "-", never mid-word."""
    return Markup(re.sub(r"([@.])|(-)", lambda m: "<wbr>" + m.group(1) if m.group(1) else "-<wbr>", str(escape(text))))


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
        static_url=assets.url,
        media_url=media.url,
        option_label=option_label,
        count_message=count_message,
        inline_picture=inline_pictures(assets.directory / "pictures"),
    )
    env.filters["format_number"] = format_number
    env.filters["percent"] = percent
    env.filters["points"] = points
    env.filters["text_direction"] = i18n.text_direction
    env.filters["datetime"] = format_datetime
    env.filters["easy_read"] = easy_read_markup
    env.filters["plain"] = plain
    env.filters["breakable"] = breakable
    return env
