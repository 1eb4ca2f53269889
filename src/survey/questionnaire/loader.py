"""Reading question banks from JSON, with errors that name the file and JSON path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .conditions import _TAGS as CONDITION_TAGS
from .conditions import AnyOf, Answered, Equals, leaves
from .questions import QUESTION_TYPES
from .schema import Questionnaire

SCHEMA_FILE = "schema.json"


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"


class LoadError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Loaded:
    questionnaire: Questionnaire
    #: Canonical JSON of the bank: what is stored and what the hash covers, so
    #: reformatting a file is not an edit but changing a word is.
    definition: str
    content_hash: str
    file: str


def canonical(questionnaire: Questionnaire) -> str:
    return questionnaire.model_dump_json(by_alias=True, exclude={"schema_ref"}, exclude_none=True)


def parse(text: str, file: str = "<string>") -> Loaded:
    """Parse and check one bank's JSON text; raise LoadError listing every problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError([Problem(file, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")]) from None
    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise LoadError([_problem(file, data, error) for error in exc.errors()]) from None
    problems = list(check_references(questionnaire, file))
    if problems:
        raise LoadError(problems)
    definition = canonical(questionnaire)
    return Loaded(questionnaire, definition, hashlib.sha256(definition.encode()).hexdigest(), file)


def load_file(path: Path) -> Loaded:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError([Problem(str(path), "$", f"cannot read the file: {exc}")]) from None
    return parse(text, str(path))


def bank_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.name != SCHEMA_FILE)


def load_directory(directory: Path) -> list[Loaded]:
    """Load every bank in a folder; problems from all files are reported together."""
    if not directory.is_dir():
        raise LoadError([Problem(str(directory), "$", "no such folder of question banks")])
    return load_files(bank_files(directory))


def load_files(paths: Iterable[Path]) -> list[Loaded]:
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            loaded.append(load_file(path))
        except LoadError as exc:
            problems.extend(exc.problems)
    seen: dict[str, str] = {}
    for item in loaded:
        qid = item.questionnaire.id
        if qid in seen:
            problems.append(Problem(item.file, "$.id", f"questionnaire id {qid!r} is also used by {seen[qid]}"))
        seen.setdefault(qid, item.file)
    if problems:
        raise LoadError(problems)
    return loaded


def _problem(file: str, data: Any, error: dict[str, Any]) -> Problem:
    path, node = "$", data
    for item in error["loc"]:
        if isinstance(node, list) and isinstance(item, int) and item < len(node):
            path, node = f"{path}[{item}]", node[item]
        elif isinstance(node, dict) and item in node:
            path, node = f"{path}.{item}", node[item]
        elif isinstance(item, str) and (item in QUESTION_TYPES or item in CONDITION_TAGS or item.startswith("function-")):
            continue  # pydantic names the union member here; the author never wrote it
        else:
            path = f"{path}.{item}" if isinstance(item, str) else f"{path}[{item}]"
            node = None
    if error["type"] in {"union_tag_invalid", "union_tag_not_found"} and error.get("ctx", {}).get("discriminator") == "'type'":
        path += ".type"
    return Problem(file, path, _message(error))


def _message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", "")
        message = f"unknown question type {tag!r}; use one of: {', '.join(QUESTION_TYPES)}"
        if tag in {"grid", "matrix", "array", "likert_grid"}:
            message += " (grids are hard to answer with a screen reader or keyboard: list each row as its own question)"
        return message
    if kind == "union_tag_not_found":
        return f'a question needs a "type": one of {", ".join(QUESTION_TYPES)}'
    if kind == "extra_forbidden":
        return "unknown field (check its spelling)"
    if kind == "missing":
        return "this field is required"
    return error["msg"].removeprefix("Value error, ")


def check_references(questionnaire: Questionnaire, file: str) -> Iterable[Problem]:
    """What the schema alone cannot see: duplicate ids and routing that points wrongly."""
    earlier: dict[str, Any] = {}
    section_ids: set[str] = set()
    for s, section in enumerate(questionnaire.sections):
        spath = f"$.sections[{s}]"
        if section.id in section_ids:
            yield Problem(file, f"{spath}.id", f"section id {section.id!r} is used twice")
        section_ids.add(section.id)
        if section.show_if:
            yield from _check_condition(section.show_if, f"{spath}.show_if", earlier, file)
        for q, page in enumerate(section.questions):
            qpath = f"{spath}.questions[{q}]"
            if page.id in earlier:
                yield Problem(file, f"{qpath}.id", f"question id {page.id!r} is used twice")
            if page.show_if:
                yield from _check_condition(page.show_if, f"{qpath}.show_if", earlier, file)
            if page.easy_read and page.easy_read.options:
                known = page.codes()
                for code in page.easy_read.options:
                    if code not in known:
                        yield Problem(file, f"{qpath}.easy_read.options.{code}", f"{code!r} is not an answer code of {page.id!r}")
            earlier[page.id] = page


def _check_condition(condition: Any, path: str, earlier: dict[str, Any], file: str) -> Iterable[Problem]:
    for leaf_path, leaf in leaves(condition, path):
        target = earlier.get(leaf.question)
        where = f"{leaf_path}.question"
        if target is None:
            yield Problem(file, where, f"refers to {leaf.question!r}, which is not an earlier question")
            continue
        if not target.collects_answer:
            yield Problem(file, where, f"refers to {leaf.question!r}, a content page with no answer")
            continue
        if isinstance(leaf, Answered):
            continue
        codes = leaf.any_of if isinstance(leaf, AnyOf) else [leaf.equals] if isinstance(leaf, Equals) else []
        if target.chooses is None:
            yield Problem(file, where, f"{leaf.question!r} is a {target.type} question: compare it with \"answered\", not codes")
            continue
        known = target.codes()
        for code in codes:
            if code not in known:
                yield Problem(
                    file, leaf_path, f"{code!r} is not an answer code of {leaf.question!r}; its codes are {', '.join(sorted(known))}"
                )
