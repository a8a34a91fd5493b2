# SPDX-License-Identifier: EUPL-1.2
"""The dependency direction of docs/architecture.md, checked on the source tree."""
from __future__ import annotations

import ast
from pathlib import Path

import stellwerk

PACKAGE_DIR = Path(stellwerk.__file__).parent
TOP_LAYER = {"web", "cli", "reports"}
GROUND_FLOOR = {"config", "errors", "progress", "storage"}


def _module_of(path: Path) -> str:
    return path.relative_to(PACKAGE_DIR).parts[0].removesuffix(".py")


def _stellwerk_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "stellwerk" and len(parts) > 1:
                found.add(parts[1])
    return found


def _python_files() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_domain_modules_never_import_web_cli_or_reports():
    offenders = []
    for path in _python_files():
        module = _module_of(path)
        if module in TOP_LAYER:
            continue
        bad = _stellwerk_imports(path) & TOP_LAYER
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE_DIR)} imports {sorted(bad)}")
    assert offenders == []


def test_ground_floor_imports_only_ground_floor():
    offenders = []
    for path in _python_files():
        module = _module_of(path)
        if module not in GROUND_FLOOR:
            continue
        bad = _stellwerk_imports(path) - GROUND_FLOOR
        if bad:
            offenders.append(f"{path.relative_to(PACKAGE_DIR)} imports {sorted(bad)}")
    assert offenders == []


def test_every_python_file_starts_with_the_licence_line():
    missing = [
        str(path.relative_to(PACKAGE_DIR))
        for path in _python_files()
        if not path.read_text(encoding="utf-8").startswith("# SPDX-License-Identifier: EUPL-1.2")
    ]
    assert missing == []
