"""The layers stay apart: the domain is pure, the store knows no UI (as harlequin enforces)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mtvdp_tui"
FORBIDDEN = {
    "domain": (
        "textual",
        "sqlmodel",
        "sqlalchemy",
        "alembic",
        "mtvdp_tui.store",
        "mtvdp_tui.screens",
        "mtvdp_tui.widgets",
        "mtvdp_tui.app",
    ),
    "store": ("textual", "mtvdp_tui.screens", "mtvdp_tui.widgets", "mtvdp_tui.app"),
    "documents": ("textual", "mtvdp_tui.screens", "mtvdp_tui.widgets", "mtvdp_tui.app"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_does_not_import_what_it_must_not(layer: str) -> None:
    offences = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert offences == []
