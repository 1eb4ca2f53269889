"""The layers hold (see docs/architecture.md): each part of ``survey`` imports
only the parts below it, relative imports included; the core stays pure; and
only the question classes know what type a question is."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "survey"
CORE = SRC / "questionnaire"
QUESTIONS = CORE / "questions"
TEMPLATES = SRC / "web" / "templates"
THIRD_PARTY_NEVER_IN_CORE = {"litestar", "piccolo", "jinja2", "asyncpg", "aiosqlite", "uvicorn", "babel", "markupsafe"}

#: Each part of the package, with the parts it may import (besides itself).
#: The entry points (app, cli*, serving, __main__) may import anything.
MAY_IMPORT = {
    "questionnaire": set(),
    "sampling": set(),
    "storage": {"questionnaire"},
    "services": {"questionnaire", "sampling", "storage", "settings"},
    "results": {"questionnaire", "services", "storage"},
    "export": {"questionnaire", "services", "storage"},
    "web": {"questionnaire", "sampling", "storage", "services", "results", "export", "settings"},
    "settings": set(),
}
ENTRY_POINTS = {"app", "cli", "cli_base", "cli_data", "cli_i18n", "cli_results", "cli_sample", "serving", "__main__", "__init__"}


def module_name(path: Path) -> str:
    parts = ["survey", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module ``source`` imports, relative imports resolved against ``module``."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # "from . import session" imports the module survey.web.session.
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


def part_of(module: str) -> str | None:
    """The part of ``survey`` a module belongs to (None for other packages)."""
    parts = module.split(".")
    if parts[0] != "survey":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def wrong_arrows(source: str, module: str, is_package: bool = False) -> set[str]:
    """The imports of ``source`` that go against the arrows."""
    own = part_of(module)
    if own in ENTRY_POINTS or own is None:
        return set()
    allowed = MAY_IMPORT[own] | {own}
    wrong = set()
    for target in imported_modules(source, module, is_package):
        part = part_of(target)
        known = part in MAY_IMPORT or part in ENTRY_POINTS
        if part is not None and known and part not in allowed and part != "__init__":
            wrong.add(target)
    return wrong


def source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_every_part_of_the_package_is_on_the_map():
    parts = {part_of(module_name(path)) for path in source_files()}
    assert parts - set(MAY_IMPORT) - ENTRY_POINTS == set()


def test_each_part_imports_only_the_parts_below_it():
    found = {}
    for path in source_files():
        wrong = wrong_arrows(path.read_text(), module_name(path), path.name == "__init__.py")
        if wrong:
            found[str(path.relative_to(SRC))] = sorted(wrong)
    assert found == {}


@pytest.mark.parametrize("line", [
    "from survey.storage import responses",
    "from ..storage import responses",
    "from ..web import pages",
    "from ..services.i18n import gettext",
    "import survey.web.pages",
])
def test_the_arrow_check_catches_a_core_module_reaching_up(line):
    assert wrong_arrows(f"{line}\n", "survey.questionnaire.journey")


@pytest.mark.parametrize(("line", "module"), [
    ("from ..web import render", "survey.storage.responses"),
    ("from ..web.answers import file_size", "survey.export.run"),
    ("from .. import app", "survey.services.banks"),
    ("from ...web import pages", "survey.questionnaire.rules.common"),
])
def test_the_arrow_check_catches_other_wrong_arrows(line, module):
    assert wrong_arrows(f"{line}\n", module)


@pytest.mark.parametrize(("line", "module"), [
    ("from .questions import Page", "survey.questionnaire.journey"),
    ("from ..questions import Page", "survey.questionnaire.rules.common"),
    ("from ..questionnaire import Questionnaire", "survey.storage.responses"),
    ("from ..services.i18n import gettext", "survey.web.pages"),
    ("from .web import pages", "survey.app"),
    ("import numpy", "survey.export.run"),
])
def test_the_arrow_check_lets_the_right_arrows_through(line, module):
    assert wrong_arrows(f"{line}\n", module) == set()


def imported_roots(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path.read_text(), module_name(path))}


def test_questionnaire_core_imports_no_web_database_or_translation_code():
    files = list(CORE.rglob("*.py"))
    assert len(files) > 5
    offenders = {str(f.relative_to(CORE)): imported_roots(f) & THIRD_PARTY_NEVER_IN_CORE for f in files}
    assert {f: mods for f, mods in offenders.items() if mods} == {}


def test_sampling_is_pure_too():
    files = list((SRC / "sampling").rglob("*.py"))
    assert len(files) >= 5
    offenders = {f.name: imported_roots(f) & THIRD_PARTY_NEVER_IN_CORE for f in files}
    assert {f: mods for f, mods in offenders.items() if mods} == {}


def test_storage_is_the_only_package_that_imports_piccolo():
    users = {str(f.relative_to(SRC)) for f in source_files() if "piccolo" in imported_roots(f)}
    assert users and all(u.startswith("storage/") for u in users), users


def test_results_are_worked_out_without_web_or_database_code():
    files = [f for f in (SRC / "results").rglob("*.py") if f.name != "reading.py"]
    assert len(files) > 5
    for path in files:
        modules = imported_modules(path.read_text(), module_name(path))
        assert not ({m.split(".")[0] for m in modules} & THIRD_PARTY_NEVER_IN_CORE - {"babel"}), path.name
        assert not any(part_of(m) == "storage" for m in modules), path.name


# Only the question classes know what type a question is: everything else asks
# the question (``chooses``, ``collects_answer``, ``answer_lines``, ``export_columns``...).

QUESTION_CLASSES = {
    "Page", "Question", "Choice", "SingleChoice", "YesNo", "MultipleChoice", "TextQuestion", "ShortText",
    "LongText", "Number", "Date", "Content", "Select",
}


def type_tests(source: str) -> list[str]:
    """Places where ``source`` tests a question's class or its ``type``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("isinstance", "issubclass"):
            classes = node.args[1] if len(node.args) > 1 else None
            names = classes.elts if isinstance(classes, ast.Tuple) else [classes]
            found += [f"line {node.lineno}: {ast.unparse(node)}" for n in names
                      if isinstance(n, (ast.Name, ast.Attribute)) and (n.id if isinstance(n, ast.Name) else n.attr) in QUESTION_CLASSES]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr == "type" for side in sides):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
            if any(isinstance(side, ast.Call) and isinstance(side.func, ast.Name) and side.func.id == "type" for side in sides) and \
                    any(isinstance(side, ast.Name) and side.id in QUESTION_CLASSES for side in sides):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_outside_the_question_classes_tests_a_question_type():
    found = {}
    for path in source_files():
        if QUESTIONS in path.parents:
            continue
        tests = type_tests(path.read_text())
        if tests:
            found[str(path.relative_to(SRC))] = tests
    assert found == {}


_TEMPLATE_TYPE_TEST = re.compile(r"\.type\s*(==|!=|\bin\b|is\b)")


def test_no_template_tests_a_question_type():
    # Each type has its own macro (questions/<type>.html), picked by name: nothing else asks.
    found = {str(p.relative_to(TEMPLATES)): _TEMPLATE_TYPE_TEST.findall(p.read_text()) for p in TEMPLATES.rglob("*.html")}
    assert {name: hits for name, hits in found.items() if hits} == {}


@pytest.mark.parametrize("line", [
    "if isinstance(question, MultipleChoice): pass",
    "if isinstance(q, (Number, Date)): pass",
    "ok = isinstance(q, choice.Choice)",
    'if question.type == "date": pass',
    'if page.type in {"single_choice", "yes_no"}: pass',
    "if type(question) is Number: pass",
])
def test_the_type_check_catches_type_tests(line):
    assert type_tests(line)


def test_the_type_check_lets_other_isinstance_calls_through():
    assert type_tests("isinstance(value, dict) and isinstance(condition, Equals) and page.chooses == 'many'") == []


def test_the_template_check_catches_a_type_test():
    assert _TEMPLATE_TYPE_TEST.search('{% if q.type == "multiple_choice" %}')
    assert not _TEMPLATE_TYPE_TEST.search('{% import "questions/" ~ page.type ~ ".html" as question %}')


def test_only_the_answer_codec_spells_out_how_answers_are_stored():
    # The keys of a stored BSL video answer and of "chose not to answer".
    spelt = {}
    for path in source_files():
        if path == CORE / "answer.py":
            continue
        constants = {node.value for node in ast.walk(ast.parse(path.read_text()))
                     if isinstance(node, ast.Constant) and node.value in ("bsl_video", "declined")}
        # "declined" is also the name of the worker's tick on a page, as an error's part.
        if "bsl_video" in constants and QUESTIONS not in path.parents:
            spelt[str(path.relative_to(SRC))] = constants
    assert spelt == {}


def module_imports_at_load(path: Path) -> set[str]:
    """Our modules ``path`` imports as it loads (its top-level imports; a
    function's own imports run later), each named as a module we have."""
    tree = ast.parse(path.read_text())
    body = ast.Module(body=[n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], type_ignores=[])
    ours = {module_name(p) for p in source_files()}
    found = set()
    for target in imported_modules(ast.unparse(body), module_name(path), path.name == "__init__.py"):
        while target and target not in ours:
            target = target.rpartition(".")[0]
        if target and target != module_name(path):
            found.add(target)
    return found


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle found by a depth-first walk (a package importing its own
    modules is not one: it loads them, they do not need it loaded)."""
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for after in sorted(graph.get(node, ())):
            if after.startswith(node + "."):
                continue
            if state.get(after) == "open":
                cycles.append(trail[trail.index(after):] + [after])
            elif after not in state:
                visit(after, [*trail, after])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_no_module_imports_one_that_imports_it_back():
    graph = {module_name(path): module_imports_at_load(path) for path in source_files()}
    # A module importing from its own package's __init__ goes through it to its siblings.
    assert import_cycles(graph) == []


def test_the_cycle_check_finds_a_cycle():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert import_cycles({"p": {"p.x"}, "p.x": {"q"}, "q": set()}) == []
