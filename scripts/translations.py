"""Build or check interface catalogues (locales/<lang>/LC_MESSAGES/messages.po)
from a numbered list of translations, one per line: "N<TAB>text", plural
forms separated by " ||| ", numbered as the messages in messages.pot are
(``--list`` prints them). Every message written is flagged "needs-review":
these are machine-assisted translations until a fluent speaker checks them.

    python scripts/translations.py --list > messages.txt
    python scripts/translations.py cy cy.txt

Or, for the messages a catalogue does not have yet (after
``scripts/update-messages.sh``), lines of "English<TAB>translation" (plural
forms separated by " ||| " on both sides):

    python scripts/translations.py --missing cy > missing.txt
    python scripts/translations.py --fill cy filled.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
POT = ROOT / "locales" / "messages.pot"


def messages():
    with POT.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def _catalogue_path(language: str) -> Path:
    return ROOT / "locales" / language / "LC_MESSAGES" / "messages.po"


def _missing(catalogue) -> list:
    return [m for m in catalogue if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]


def fill(language: str, source: str) -> None:
    with _catalogue_path(language).open("rb") as handle:
        catalogue = read_po(handle)
    given = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if line.strip():
            english, _, text = line.partition("\t")
            given[english] = text
    for message in _missing(catalogue):
        key = " ||| ".join(message.id) if isinstance(message.id, tuple) else message.id
        if key not in given:
            raise SystemExit(f"{source}: no translation for {key!r}")
        text = given[key]
        message.string = tuple(text.split(" ||| ")) if isinstance(message.id, tuple) else text
        message.flags.add("needs-review")
        message.user_comments = ["Machine-assisted translation: to be reviewed by a fluent speaker."]
    with _catalogue_path(language).open("wb") as handle:
        write_po(handle, catalogue)  # wrapped as pybabel update wraps them
    print(f"filled {_catalogue_path(language)}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--missing"]:
        with _catalogue_path(argv[1]).open("rb") as handle:
            for message in _missing(read_po(handle)):
                print(" ||| ".join(message.id) if isinstance(message.id, tuple) else message.id)
        return
    if argv[:1] == ["--fill"]:
        fill(argv[1], argv[2])
        return
    if argv[:1] == ["--list"]:
        for n, message in enumerate(messages(), start=1):
            text = " ||| ".join(message.id) if isinstance(message.id, tuple) else message.id
            print(f"{n}\t{'P' if isinstance(message.id, tuple) else ''}\t{text}")
        return
    language, source = argv
    numbered = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if line.strip():
            number, _, text = line.partition("\t")
            numbered[int(number)] = text
    catalogue = Catalog(locale=language, project="survey", copyright_holder="survey contributors", fuzzy=False)
    for n, message in enumerate(messages(), start=1):
        text = numbered[n]
        if isinstance(message.id, tuple):
            forms = text.split(" ||| ")
            if len(forms) != catalogue.num_plurals:
                raise SystemExit(f"{source}:{n}: {len(forms)} plural forms, {language} has {catalogue.num_plurals}")
            string = tuple(forms)
        else:
            string = text
        catalogue.add(message.id, string, flags=set(message.flags) | {"needs-review"},
                      user_comments=["Machine-assisted translation: to be reviewed by a fluent speaker."])
    target = ROOT / "locales" / language / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, catalogue, width=0)
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
