"""The layout's rules, checked on the source: the README's "What is where" holds because these pass.

- No module imports tasks.py: services send by task name (runs/dispatch.py); tasks.py calls the services.
- The engines are plain Python: no Django model, no service, no view.
- Selectors read the database only: no filesystem, no network.
- No module of the app is longer than 400 lines (migrations aside).
- Settings are read when used, never at import.
"""

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_DIR

APP = REPO_DIR / "summaries"
MODULES = sorted(path for path in APP.rglob("*.py") if "migrations" not in path.parts)


def imported(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function, as absolute dotted names."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def relative(path: Path) -> str:
    return path.relative_to(REPO_DIR).as_posix()


def test_every_import_is_absolute():
    relative_imports = [
        relative(path)
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative_imports == []


def test_nothing_imports_the_tasks_module():
    assert [relative(path) for path in MODULES if "summaries.tasks" in imported(path)] == []


@pytest.mark.parametrize("path", [path for path in MODULES if "engines" in path.parts], ids=relative)
def test_the_engines_import_nothing_of_the_apps_domains(path):
    allowed = (
        "summaries.engines",
        "summaries.common.exceptions",
        "summaries.common.checkpoints",
        "summaries.common.time_limits",
    )
    outside = sorted(
        name
        for name in imported(path)
        if name.startswith("summaries.") and name != "summaries.common" and not name.startswith(allowed)
    )
    assert outside == [], f"{relative(path)} reaches outside the engines: {outside}"


@pytest.mark.parametrize("path", sorted(APP.glob("*/selectors.py")), ids=relative)
def test_selectors_read_the_database_only(path):
    forbidden = {"os", "pathlib", "shutil", "urllib", "httpx", "httpx2", "requests", "summaries.engines"}
    reached = sorted(name for name in imported(path) if name.split(".")[0] in forbidden or name in forbidden)
    assert reached == [], f"{relative(path)} reaches beyond the database: {reached}"


def test_no_module_is_over_400_lines():
    long = {relative(path): lines for path in MODULES if (lines := len(path.read_text().splitlines())) > 400}
    assert long == {}


def settings_read_at_import(path: Path) -> list[str]:
    """`settings.NAME` read outside any function: at import, before a worker's or a test's settings apply."""
    found = []

    def walk(node: ast.AST, inside_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            function = inside_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if (
                not inside_function
                and isinstance(child, ast.Attribute)
                and isinstance(child.value, ast.Name)
                and child.value.id == "settings"
                and child.attr.isupper()
                and child.attr != "AUTH_USER_MODEL"  # Django's models need it where they are defined
            ):
                found.append(f"{relative(path)}:{child.lineno} settings.{child.attr}")
            walk(child, function)

    walk(ast.parse(path.read_text()), False)
    return found


def test_settings_are_read_when_used_not_at_import():
    assert [line for path in MODULES for line in settings_read_at_import(path)] == []
