"""DESIGN.md's arrows point one way: ui -> sync -> api -> domain, storage -> domain.

Checked on the source (every import statement, including ones inside functions), so a
lazy import cannot slip a widget into the engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop"

# For each layer, the project packages it must not import.
FORBIDDEN = {
    "domain": ("desktop.storage", "desktop.api", "desktop.sync", "desktop.ui", "desktop.sandbox"),
    "storage": ("desktop.api", "desktop.sync", "desktop.ui", "desktop.sandbox"),
    "api": ("desktop.storage", "desktop.sync", "desktop.ui", "desktop.sandbox"),
    "sandbox": ("desktop.storage", "desktop.api", "desktop.sync", "desktop.ui"),
    "sync": ("desktop.ui",),
}
# Nothing below ui may touch Qt at all; pure domain code may not do I/O libraries either.
QT = ("PySide6",)
DOMAIN_IO = ("httpx", "sqlite3", "sqlmodel", "sqlalchemy", "keyring", "apscheduler")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def offences(layer: str, banned: tuple[str, ...]) -> list[str]:
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imports_of(path):
            if any(name == b or name.startswith(b + ".") for b in banned):
                bad.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return bad


def test_each_layer_imports_only_what_is_below_it() -> None:
    bad = [o for layer, banned in FORBIDDEN.items() for o in offences(layer, banned)]
    assert bad == []


def test_nothing_below_ui_imports_qt() -> None:
    bad = [o for layer in FORBIDDEN for o in offences(layer, QT)]
    bad += [
        f"{p.relative_to(PACKAGE.parent)} imports {n}"
        for p in PACKAGE.glob("*.py")
        if p.name not in {"__main__.py"}
        for n in imports_of(p)
        if n.startswith("PySide6")
    ]
    assert bad == []


def test_domain_does_no_io() -> None:
    assert offences("domain", DOMAIN_IO) == []


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtWidgets import QLabel\n", encoding="utf-8")
    assert "PySide6.QtWidgets" in imports_of(sample)
