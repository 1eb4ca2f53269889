"""Interface text goes through gettext, and the committed catalogues are fresh."""

from __future__ import annotations

import re

import pytest


from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from survey.services import i18n

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("src/survey/**.py", "python"), ("src/survey/web/templates/**.html", "jinja2")]


def extracted() -> set[str]:
    found = set()
    for _, _, message, *_ in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"src/survey/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_messages_pot_holds_every_interface_string():
    missing = extracted() - catalogue(ROOT / "locales" / "messages.pot")
    assert not missing, f"run scripts/update-messages.sh: {sorted(missing)[:5]}"


def test_every_shipped_catalogue_knows_every_string():
    pot = catalogue(ROOT / "locales" / "messages.pot")
    for po in (ROOT / "locales").glob("*/LC_MESSAGES/messages.po"):
        assert pot <= catalogue(po), f"{po} is behind messages.pot"


def test_language_negotiation():
    assert i18n.negotiate("cy-GB,cy;q=0.9,en;q=0.8", ["en", "cy"]) == "cy"
    assert i18n.negotiate("fr, de;q=0.5", ["en", "cy"]) == "en"
    assert i18n.negotiate("en-GB;q=0.3, cy;q=0.7", ["en", "cy"]) == "cy"
    assert i18n.negotiate(None, ["en"]) == "en"


def test_text_direction():
    assert i18n.text_direction("ar") == "rtl" and i18n.text_direction("ur") == "rtl"
    assert i18n.text_direction("en") == "ltr" and i18n.text_direction("xx-nonsense") == "ltr"


SHIPPED = ("cy", "ar", "ur")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%%|%")


def read_catalogue(language):
    with (ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", SHIPPED)
def test_shipped_languages_translate_every_string_and_mark_them_for_review(language):
    translations = read_catalogue(language)
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in translations if m.id} == catalogue(ROOT / "locales" / "messages.pot")
    problems = []
    for message in translations:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(forms):
            problems.append(f"untranslated: {message.id!r}")
        # Machine-assisted translations say so, for a fluent speaker to review: never silently.
        if "needs-review" not in message.flags and not message.user_comments:
            problems.append(f"not marked for review: {message.id!r}")
    assert not problems, problems[:10]


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_every_placeholder(language):
    problems = []
    for message in read_catalogue(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"{ids[0]!r}: {form!r}")
    assert not problems, problems[:10]
    assert not list(read_catalogue(language).check())


def test_css_uses_logical_properties_so_right_to_left_pages_mirror():
    physical = re.compile(
        r"(?<![-\w])((margin|padding|border)-(left|right)(-\w+)?|left|right)\s*:"
        r"|(float|text-align|clear)\s*:\s*(left|right)\b"
        r"|border-(top|bottom)-(left|right)-radius"
    )
    found = []
    for path in [ROOT / "static" / "survey.css", *(ROOT / "src" / "survey" / "web" / "templates").rglob("*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if physical.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, found


def _lang(soup) -> tuple[str, str]:
    return soup.html["lang"], soup.html["dir"]


def test_a_language_asked_for_is_kept_and_accept_language_is_the_default(tmp_path):
    from conftest import SAMPLE_DIR
    from web_client import Visitor, running_app

    with running_app(tmp_path, SAMPLE_DIR) as client:
        visitor = Visitor(client)
        assert _lang(visitor.get("/results", headers={"Accept-Language": "cy-GB, en;q=0.5"})) == ("cy", "ltr")
        assert _lang(visitor.get("/results?lang=ar")) == ("ar", "rtl")
        # Kept in a cookie: later pages, even with another Accept-Language, stay in Arabic.
        assert _lang(visitor.get("/", headers={"Accept-Language": "cy"})) == ("ar", "rtl")
        nav = visitor.soup.find("nav", attrs={"aria-label": "اللغة"})
        names = {a["lang"]: a.get_text(strip=True) for a in nav.find_all(["a", "span"])}
        assert names == {"en": "English", "cy": "Cymraeg", "ar": "العربية", "ur": "اردو"}
        assert nav.find(attrs={"aria-current": "true"})["lang"] == "ar"
        assert visitor.client.get("/?lang=xx").status_code == 200  # an unknown language is ignored


def test_a_survey_is_shown_only_in_the_languages_its_bank_has(tmp_path):
    from conftest import FIXTURES, SAMPLE_DIR
    from web_client import Visitor, running_app

    with running_app(tmp_path, SAMPLE_DIR) as client:
        visitor = Visitor(client)
        # Urdu is an interface language, but the sample bank is not translated into it.
        visitor.get("/s/london-safety-and-trust?lang=ur")
        assert _lang(visitor.soup) == ("en", "ltr")
        links = {a["lang"] for a in visitor.soup.select("nav.govuk-language-navigation [lang]")}
        assert links == {"en", "cy", "ar"}
        assert visitor.h1() == "London safety and trust survey"
        visitor.get("/s/london-safety-and-trust?lang=ar")
        assert visitor.h1() == "استبيان السلامة والثقة في لندن"
    with running_app(tmp_path / "fixtures", FIXTURES / "banks") as client:
        visitor = Visitor(client)
        visitor.get("/s/all-types?lang=ar")
        assert _lang(visitor.soup) == ("en", "ltr") and not visitor.soup.select("nav.govuk-language-navigation")


def test_validation_messages_are_translated(tmp_path):
    from conftest import SAMPLE_DIR
    from web_client import Visitor, running_app

    with running_app(tmp_path, SAMPLE_DIR) as client:
        visitor = Visitor(client)
        visitor.get("/s/london-safety-and-trust?lang=cy")
        visitor.post("/s/london-safety-and-trust/start", data={})
        visitor.post(data={})
        assert visitor.title().startswith("Gwall:")
        [(target, message)] = visitor.errors()
        assert message == "Dewiswch ateb", message
