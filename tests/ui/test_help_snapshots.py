"""What the help screen (F1) looks like, over the register of the demo database, from a laptop
terminal to a large screen.

Update after an intended change: `pytest tests/ui/test_help_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.helpers import make_app
from tests.ui.test_snapshots import pressing


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder whose path has the same length in every run. The help ends with where the data
    is (the database, the export and backup folders); at 80×24 that part is below the scroll
    bar, but how many lines those paths wrap to sets the size of the bar's thumb. A `tmp_path`
    grows with pytest's run counter and the xdist worker's folder (`pytest-726/popen-gw1/…`), so
    the snapshot failed in a long-lived checkout and passed on a fresh one."""
    made = Path(tempfile.mkdtemp(prefix="mtvdp-help-"))
    yield made
    shutil.rmtree(made, ignore_errors=True)


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 36), (200, 60)], ids=["80x24", "120x36", "200x60"]
)
def test_help_over_the_register(snap_compare, folder: Path, size: tuple[int, int]) -> None:
    """A bordered box titled "Help", centred: "Waarvoor dit scherm is" with the register's
    purpose, then "Toetsen van dit scherm" (n Nieuw, Enter Bewerken, / Zoeken, …) in two
    columns, the last line "F1, ? of Esc: sluiten · ↑ ↓ PgUp PgDn: scrollen" always in view; at
    80×24 the rest is below the scroll bar."""
    app = make_app(folder / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f1"))
