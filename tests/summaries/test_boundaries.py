"""The layout's rules, checked on the source: the README's "What is where" holds because these pass.

- No module imports tasks.py: services send by task name (runs/dispatch.py); tasks.py calls the services.
- The engines are plain Python: no Django model, no service, no view.
- Selectors read the database only: no filesystem, no network.
- No module of the app is longer than 400 lines (migrations aside).
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
