"""Fill a question bank's translation catalogue from a numbered list, one
line per distinct string: "N<TAB>text", numbered as ``--list`` prints them.
Every translation written is flagged "needs-review" (machine-assisted until a
fluent speaker checks it). Run ``survey i18n extract`` first.

    python scripts/bank_translations.py --list QUESTIONNAIRE > strings.txt
    python scripts/bank_translations.py QUESTIONNAIRE LANGUAGE strings.cy.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]


def distinct(questionnaire_id: str) -> list[str]:
    with (ROOT / "questionnaires" / "translations" / questionnaire_id / f"{questionnaire_id}.pot").open("rb") as handle:
        seen: dict[str, None] = {}
        for message in read_po(handle):
            if message.id:
                seen.setdefault(message.id, None)
    return list(seen)


def main(argv: list[str]) -> None:
    if argv[0] == "--list":
        for n, text in enumerate(distinct(argv[1]), start=1):
            print(f"{n}\t{text}")
        return
    questionnaire_id, language, source = argv
    numbered = {}
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if line.strip():
            number, _, text = line.partition("\t")
            numbered[int(number)] = text
    by_text = {text: numbered[n] for n, text in enumerate(distinct(questionnaire_id), start=1) if numbered.get(n)}
    folder = ROOT / "questionnaires" / "translations" / questionnaire_id
    with (folder / f"{questionnaire_id}.pot").open("rb") as handle:
        template = read_po(handle)
    catalogue = Catalog(locale=language, project=questionnaire_id, fuzzy=False)
    for message in template:
        if message.id:
            catalogue.add(message.id, by_text.get(message.id, ""), context=message.context,
                          flags={"needs-review"} if message.id in by_text else set(),
                          user_comments=["Machine-assisted translation: to be reviewed by a fluent speaker."] if message.id in by_text else [])
    with (folder / f"{language}.po").open("wb") as handle:
        write_po(handle, catalogue, width=0)
    print(f"wrote {folder / f'{language}.po'}: {len(by_text)} of {len(distinct(questionnaire_id))} strings")


if __name__ == "__main__":
    main(sys.argv[1:])
