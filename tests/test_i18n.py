"""Interface text goes through gettext, and the committed catalogues are fresh."""

from __future__ import annotations


from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from survey import i18n

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
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
