"""Translations of question banks, as gettext catalogues beside the banks:
``questionnaires/translations/<questionnaire>/<questionnaire>.pot`` holds
every respondent-facing string with its JSON path as the context, and
``<language>.po`` a translation for each language the bank declares after
its first (the language it is written in)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from pydantic import ValidationError

from ..questionnaire import Loaded, LoadError, Questionnaire
from ..questionnaire.loader import Problem
from ..questionnaire.translation import strings, translated

FOLDER = "translations"


def folder(questionnaires_dir: Path, questionnaire_id: str) -> Path:
    return questionnaires_dir / FOLDER / questionnaire_id


def template(loaded: Loaded) -> Catalog:
    questionnaire = loaded.questionnaire
    catalogue = Catalog(project=questionnaire.id, version=questionnaire.version, fuzzy=False)
    for path, text in strings(json.loads(loaded.definition)):
        catalogue.add(text, context=path)
    return catalogue


def _write(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0, omit_header=False)
    path.write_bytes(buffer.getvalue())


def extract(loaded: Loaded, questionnaires_dir: Path) -> Path:
    """Write the bank's template (.pot)."""
    path = folder(questionnaires_dir, loaded.questionnaire.id) / f"{loaded.questionnaire.id}.pot"
    _write(template(loaded), path)
    return path


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update(loaded: Loaded, questionnaires_dir: Path) -> list[Path]:
    """Bring each declared language's catalogue up to the bank: new strings
    added empty, changed ones marked fuzzy, removed ones made obsolete."""
    fresh = template(loaded)
    written = []
    for language in loaded.questionnaire.languages[1:]:
        path = folder(questionnaires_dir, loaded.questionnaire.id) / f"{language}.po"
        catalogue = _read(path, language) if path.exists() else Catalog(locale=language, project=loaded.questionnaire.id)
        catalogue.update(fresh)
        _write(catalogue, path)
        written.append(path)
    return written


def translations(loaded: Loaded, questionnaires_dir: Path, language: str) -> dict[tuple[str, str], str]:
    """(path, source text) → translation, leaving out fuzzy and empty ones."""
    path = folder(questionnaires_dir, loaded.questionnaire.id) / f"{language}.po"
    if not path.exists():
        return {}
    return {
        (message.context, message.id): message.string
        for message in _read(path, language)
        if message.id and message.context and message.string and not message.fuzzy
    }


@dataclass
class Coverage:
    total: int
    missing: list[str] = field(default_factory=list)  # JSON paths
    fuzzy: list[str] = field(default_factory=list)


def coverage(loaded: Loaded, questionnaires_dir: Path) -> dict[str, Coverage]:
    """For each declared translation: which strings have none, or only a
    fuzzy one waiting for review."""
    wanted = list(strings(json.loads(loaded.definition)))
    found = {}
    for language in loaded.questionnaire.languages[1:]:
        path = folder(questionnaires_dir, loaded.questionnaire.id) / f"{language}.po"
        messages = {}
        if path.exists():
            messages = {(m.context, m.id): m for m in _read(path, language) if m.id and m.context}
        result = Coverage(len(wanted))
        for where, text in wanted:
            message = messages.get((where, text))
            if message is None or not message.string:
                result.missing.append(where)
            elif message.fuzzy:
                result.fuzzy.append(where)
        found[language] = result
    return found


def translate(loaded: Loaded, questionnaires_dir: Path, language: str, definition: str | None = None) -> Questionnaire:
    """The bank (or an earlier version's ``definition``) in ``language``."""
    source = json.loads(definition or loaded.definition)
    try:
        return Questionnaire.model_validate(translated(source, translations(loaded, questionnaires_dir, language)))
    except ValidationError as exc:
        path = folder(questionnaires_dir, loaded.questionnaire.id) / f"{language}.po"
        raise LoadError([Problem(str(path), "$", f"the translated bank is not valid: {exc.errors()[0]['msg']}")]) from None
