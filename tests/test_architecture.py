"""The questionnaire core stays pure: no web, database or template code."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "survey" / "questionnaire"
FORBIDDEN = {"litestar", "piccolo", "jinja2", "asyncpg", "aiosqlite", "uvicorn"}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_questionnaire_core_imports_no_web_or_database_code():
    files = list(CORE.rglob("*.py"))
    assert len(files) > 5
    offenders = {str(f.relative_to(CORE)): imported_roots(f) & FORBIDDEN for f in files}
    assert {f: mods for f, mods in offenders.items() if mods} == {}


def test_storage_is_the_only_package_that_imports_piccolo():
    src = CORE.parent
    users = {str(f.relative_to(src)) for f in src.rglob("*.py") if "piccolo" in imported_roots(f)}
    assert users and all(u.startswith("storage/") for u in users), users


def test_results_are_worked_out_without_web_or_database_code():
    results = CORE.parent / "results"
    files = [f for f in results.rglob("*.py") if f.name != "reading.py"]
    assert len(files) > 5
    for path in files:
        tree = ast.parse(path.read_text())
        relative = {node.module.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module}
        assert not (imported_roots(path) & FORBIDDEN) and "storage" not in relative, path.name
