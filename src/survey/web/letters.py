"""Invitation and reminder letters for a sampled wave, in formats people can
read: one file of letters for mail merge per language and format, as a
tagged PDF (WeasyPrint, PDF/UA-1) and as HTML from the same template, and
Braille-ready text. Each letter has its access code, the survey's address, a
QR code of the address with the code filled in, a BSL link and QR code, the
help contacts, and how to ask for another format. Used by ``survey letters``
and the admin page's download.

A case's letter is in its recorded language (when the bank has it) and its
recorded format need: large print, Easy Read (when the bank's letter has an
Easy Read version; otherwise large print), Braille-ready text, or, for BSL,
the standard letter with the BSL video first.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import segno
from babel.dates import format_date
from jinja2 import Environment
from markupsafe import Markup

from ..questionnaire import Questionnaire
from ..services import access_codes, i18n
from ..services.banks import Banks
from ..services.i18n import gettext as _
from ..storage.samples import CaseRecord
from .answers import LONDON

KINDS = ("invitation", "reminder")
#: A case's format need → the letter it gets (Easy Read falls back to large print).
VARIANTS = {None: "standard", "bsl": "standard", "large_print": "large-print", "easy_read": "easy-read", "braille": "braille-ready"}


class LettersRefused(Exception):
    """The letters cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class Recipient:
    case: CaseRecord
    address: dict[str, str]
    code: str  # grouped for reading


@dataclass(frozen=True)
class Written:
    path: Path
    letters: int


def file_name(questionnaire_id: str, wave: int, kind: str, language: str, variant: str, extension: str) -> str:
    return f"{questionnaire_id}-wave-{wave}-{kind}-{language}-{variant}.{extension}"


def _qr(url: str, label: str) -> Markup:
    """A QR code as inline SVG, named for people who cannot scan it."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=4, dark="#0b0c0c", light="#ffffff", omitsize=True)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


def _short(url: str) -> str:
    """The address as people type it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


def _groups(recipients: Iterable[Recipient], questionnaire: Questionnaire) -> dict[tuple[str, str], list[Recipient]]:
    easy_read_letter = bool(questionnaire.letters and questionnaire.letters.invitation.easy_read)
    groups: dict[tuple[str, str], list[Recipient]] = {}
    for recipient in recipients:
        language = recipient.case.language if recipient.case.language in questionnaire.languages else questionnaire.languages[0]
        variant = VARIANTS.get(recipient.case.format_need, "standard")
        if variant == "easy-read" and not easy_read_letter:
            variant = "large-print"
        groups.setdefault((language, variant), []).append(recipient)
    return dict(sorted(groups.items()))


def render(env: Environment, questionnaire: Questionnaire, kind: str, variant: str, recipients: list[Recipient],
           public_url: str, today: dt.date) -> str:
    """One file of letters (HTML, or Braille-ready text), in the current language."""
    letters = questionnaire.letters
    assert letters is not None
    letter = letters.of(kind)
    assert letter is not None
    base = public_url.rstrip("/")
    start = f"{base}/s/{questionnaire.id}"
    bsl_url = f"{start}?format=bsl" if "bsl" in questionnaire.formats else None
    language = i18n.current_language()
    other_languages = [(code, i18n.language_name(code)) for code in questionnaire.languages if code != language]
    printed = variant != "braille-ready"  # Braille-ready text has no QR codes to draw
    qr_label = _("QR code: scan it with a phone camera to open the survey with your code filled in")
    items = []
    for recipient in recipients:
        with_code = f"{start}/code?code={recipient.code.replace('-', '')}"
        items.append({
            "recipient": recipient,
            "code": recipient.code.replace("-", " "),
            "qr": _qr(with_code, qr_label) if printed else None,
        })
    template = "letters/letters.txt" if variant == "braille-ready" else "letters/letters.html"
    return env.get_template(template).render(
        questionnaire=questionnaire,
        letters=letters,
        letter=letter,
        kind=kind,
        variant=variant,
        items=items,
        web_address=_short(start) + "/code",
        bsl_url=bsl_url,
        bsl_short=f"{_short(start)}?format=bsl" if bsl_url else None,
        bsl_qr=_qr(bsl_url, _("QR code: scan it to watch this survey in BSL")) if bsl_url and printed else None,
        date=format_day(today),
        other_languages=other_languages,
        lang=language,
        dir=i18n.text_direction(language),
    )


def format_day(day: dt.date) -> str:
    return format_date(day, format="long", locale=i18n.format_locale())


def write(env: Environment, banks: Banks, questionnaire: Questionnaire, wave: int,
          kind: str, recipients: list[Recipient], out: Path, public_url: str, progress: Callable[[Path, int], None] | None = None,
          today: dt.date | None = None) -> list[Written]:
    """Every file of letters for these recipients, each written beside its
    name and renamed into place when whole: a run cut short leaves no half
    file under a finished name."""
    from weasyprint import HTML

    if questionnaire.letters is None:
        raise LettersRefused(f"{questionnaire.id} has no letters: add letters.invitation (and letters.reminder) to the bank")
    if questionnaire.letters.of(kind) is None:
        raise LettersRefused(f"{questionnaire.id} has no {kind} letter: add letters.{kind} to the bank")
    if not recipients:
        raise LettersRefused(f"no case in wave {wave} of {questionnaire.id} gets {'a reminder' if kind == 'reminder' else 'an invitation'}")
    today = today or dt.datetime.now(LONDON).date()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Written] = []
    for (language, variant), group in _groups(recipients, questionnaire).items():
        i18n.activate(language)
        in_language = banks.get(questionnaire.id) or questionnaire  # in the language just activated
        text = render(env, in_language, kind, variant, group, public_url, today)
        if variant == "braille-ready":
            outputs = [("txt", lambda path: path.write_text(text, encoding="utf-8"))]
        else:
            outputs = [
                ("html", lambda path: path.write_text(text, encoding="utf-8")),
                ("pdf", lambda path: HTML(string=text).write_pdf(path, pdf_variant="pdf/ua-1")),
            ]
        for extension, make in outputs:
            target = out / file_name(questionnaire.id, wave, kind, language, variant, extension)
            _atomically(target, make)
            written.append(Written(target, len(group)))
            if progress:
                progress(target, len(group))
    return written


def recipients_of(secret: str, cases: Iterable[tuple[CaseRecord, dict[str, str]]]) -> list[Recipient]:
    return [Recipient(case, address, access_codes.code_for(secret, case.id)) for case, address in cases]


def _atomically(target: Path, make: Callable[[Path], object]) -> None:
    fd, draft = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        make(Path(draft))
        os.chmod(draft, 0o600)  # addresses and codes: private to whoever made them
        os.replace(draft, target)
    except BaseException:
        Path(draft).unlink(missing_ok=True)
        raise
