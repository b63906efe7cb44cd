"""The layers stay apart, as `[tool.importlinter]` in pyproject.toml declares them (the way
harlequin enforces its own): each layer imports only from the layers below it, directly or
through other modules; the domain and the records load no UI and no SQL; widgets never load the
database engine. `lint-imports` checks the same contracts from the command line.

Here the contracts are checked on the package's real import graph, and on that graph with one
bad import added, to prove they catch what they are meant to (an indirect one in particular).
"""

from __future__ import annotations

import ast
import copy
import json
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from importlinter import api
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mtvdp_tui"
CONTRACT_TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract}


@pytest.fixture(scope="module")
def configuration() -> dict:
    return api.read_configuration(str(ROOT / "pyproject.toml"))


@pytest.fixture(scope="module")
def graph(configuration: dict) -> grimp.ImportGraph:
    assert configuration["session_options"]["include_external_packages"] == "True"
    return grimp.build_graph("mtvdp_tui", include_external_packages=True, cache_dir=None)


def broken(configuration: dict, graph: grimp.ImportGraph) -> set[str]:
    """The ids of the contracts `graph` breaks."""
    found = set()
    for options in configuration["contracts_options"]:
        contract = CONTRACT_TYPES[options["type"]](
            name=options["name"],
            session_options=configuration["session_options"],
            contract_options=options,
        )
        if not contract.check(copy.deepcopy(graph), verbose=False).kept:
            found.add(options["id"])
    return found


def with_imports(graph: grimp.ImportGraph, *imports: tuple[str, str]) -> grimp.ImportGraph:
    """`graph` with more imports (importer, imported); `.x` is short for `mtvdp_tui.x`."""
    changed = copy.deepcopy(graph)
    for importer, imported in imports:
        full = [
            f"mtvdp_tui{name}" if name.startswith(".") else name for name in (importer, imported)
        ]
        changed.add_import(importer=full[0], imported=full[1])
    return changed


def test_the_graph_is_the_package_we_test(graph: grimp.ImportGraph) -> None:
    """The contracts are checked on this source tree, not on some installed copy."""
    spec = sys.modules["mtvdp_tui"].__file__
    assert spec is not None and Path(spec).resolve().parent == PACKAGE
    assert "mtvdp_tui.records.errors" in graph.modules
    assert "sqlalchemy" in graph.modules  # external packages are in the graph


def test_every_contract_is_kept(configuration: dict, graph: grimp.ImportGraph) -> None:
    assert {c["id"] for c in configuration["contracts_options"]} == {
        "layers",
        "pure-domain",
        "no-sql-in-ui",
        "no-ui-below",
    }
    assert broken(configuration, graph) == set()


def test_an_upward_import_breaks_the_layers(configuration: dict, graph: grimp.ImportGraph) -> None:
    changed = with_imports(graph, (".store.practices", ".widgets.practice_list"))
    assert "layers" in broken(configuration, changed)


def test_an_upward_import_through_a_module_outside_the_layers_is_caught(
    configuration: dict, graph: grimp.ImportGraph
) -> None:
    """Neither import goes up from one layer to another by itself (the package's `__init__`
    is in no layer); together they take the domain to the store."""
    changed = with_imports(
        graph, (".domain.quarters", "mtvdp_tui"), ("mtvdp_tui", ".store.database")
    )
    assert changed.find_shortest_chain(
        importer="mtvdp_tui.domain.quarters", imported="mtvdp_tui.store.database"
    ) == ("mtvdp_tui.domain.quarters", "mtvdp_tui", "mtvdp_tui.store.database")
    assert {"layers", "pure-domain"} <= broken(configuration, changed)


def test_a_widget_reaching_sql_through_allowed_imports_is_caught(
    configuration: dict, graph: grimp.ImportGraph
) -> None:
    """Widgets may import documents and documents the store, so no layer is crossed upwards;
    but a widget would then load SQLAlchemy, which the widgets' contract forbids."""
    changed = with_imports(graph, (".documents.import_report", ".store.practice_import"))
    assert broken(configuration, changed) == {"no-sql-in-ui"}


@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        (".domain.plan", "sqlalchemy", "pure-domain"),
        (".records.practices", "textual", "pure-domain"),
        (".store.backup", "textual", "no-ui-below"),
        (".commands", "textual", "no-ui-below"),
    ],
)
def test_a_forbidden_package_breaks_its_contract(
    configuration: dict, graph: grimp.ImportGraph, importer: str, imported: str, contract: str
) -> None:
    assert contract in broken(configuration, with_imports(graph, (importer, imported)))


def test_importing_the_widgets_does_not_load_the_database_engine() -> None:
    """At run time too (an `importlib` call is invisible to the contracts): every widget module
    imported in a fresh interpreter leaves SQLAlchemy, SQLModel and Alembic unloaded."""
    modules = sorted(
        f"mtvdp_tui.widgets.{path.stem}" for path in (PACKAGE / "widgets").glob("*.py")
    )
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded = set(json.loads(result.stdout))
    assert "textual" in loaded  # the widgets were imported
    assert loaded.isdisjoint({"sqlalchemy", "sqlmodel", "alembic"})


def _type_checking_only(tree: ast.Module, module: str) -> list[int]:
    """Lines importing `module` outside an `if TYPE_CHECKING:` block."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            guarded |= {id(child) for part in node.body for child in ast.walk(part)}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and id(node) not in guarded
        and (
            (isinstance(node, ast.ImportFrom) and node.module == module)
            or (isinstance(node, ast.Import) and any(a.name == module for a in node.names))
        )
    ]


def test_screens_name_the_app_for_type_checking_only() -> None:
    """The layers contract ignores screens → app (a screen names its app's type for
    `self.app`); that is honest only while no screen imports the app when it runs."""
    offences = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted((PACKAGE / "screens").rglob("*.py"))
        for line in _type_checking_only(ast.parse(path.read_text("utf-8")), "mtvdp_tui.app")
    ]
    assert offences == []


def test_the_type_checking_check_sees_a_run_time_import() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from mtvdp_tui.app import MtvdpApp\n"
        "def f():\n    from mtvdp_tui.app import MtvdpApp\n"
    )
    assert _type_checking_only(tree, "mtvdp_tui.app") == [5]
