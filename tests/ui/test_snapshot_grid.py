"""Every section, the practice form and a dialog at 80×24, 120×36 and 200×60 (the demo database,
a frozen clock): what a newcomer sees on a laptop terminal, a usual window and a big screen.

Update after an intended change: `pytest tests/ui/test_snapshot_grid.py --snapshot-update`,
then look at each changed SVG (rsvg-convert it to PNG).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.examples import drawn_demo
from tests.ui.helpers import make_app
from tests.ui.test_snapshots import no_blink, pressing

SIZES = [(80, 24), (120, 36), (200, 60)]
SIZE_IDS = ["80x24", "120x36", "200x60"]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo after every region's lottery: start dates, late plans, declarations and a
    logboek, its entries made at one fixed moment by one user (they show as they were)."""
    path = drawn_demo(tmp_path_factory.mktemp("drawn") / "demo.sqlite")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE audit SET at = '2026-11-20 08:30:00', os_user = 'beheer'")
    connection.close()
    return path


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch):
    """Times show in UTC, whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def drawn_app(drawn: Path, tmp_path: Path):
    path = tmp_path / "demo.sqlite"
    path.write_bytes(drawn.read_bytes())
    return make_app(path)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_register(snap_compare, tmp_path: Path, size) -> None:
    """The register: 80×24 keeps AGB, the whole names, ION, preference and status (region and
    wijk go first); 120×36 shows every column; 200×60 the same, the names no wider than the
    longest (the free cells stay at the end of the line)."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_plans(snap_compare, drawn: Path, tmp_path: Path, size) -> None:
    """The plans overview after the lotteries (every plan late): at 80×24 AGB, the whole names,
    the state and the detail (start, region and deadline go); every column from 120×36; the
    counts per region below."""
    app = drawn_app(drawn, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f4"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_lottery(snap_compare, tmp_path: Path, size) -> None:
    """The lottery for Apeldoorn, preparing: the numbered pool with whole names, ION and
    preference; at 80×24 (a projector) the pool alone, from 120×36 the facts beside it."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f5"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_declarations(snap_compare, drawn: Path, tmp_path: Path, size) -> None:
    """2023-Q3: at 80×24 AGB, name, amount and status (the totals per region below, the chart
    and the totals per status left out); from 120×36 ION and the remark too and the chart;
    at 200×60 every column."""
    app = drawn_app(drawn, tmp_path)
    keys = ["f6", *["left"] * 5]
    assert snap_compare(app, terminal_size=size, press=keys, run_before=no_blink)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_logboek(snap_compare, drawn: Path, tmp_path: Path, utc, size) -> None:
    """The logboek after the lotteries: when, what it is about (the practice, with its AGB) and
    the change; user, part and action join from 120×36; the highlighted entry in full below."""
    app = drawn_app(drawn, tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f7"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_practice_form_refused(snap_compare, tmp_path: Path, size) -> None:
    """AGB '123' and ctrl+s: each red message whole, under its field at 80×24, beside it from
    120×36; 'Niet opgeslagen' and the three buttons in view at every size."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def refuse(pilot) -> None:
        await pilot.press("n", "1", "2", "3", "ctrl+s")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=refuse)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_delete_dialog(snap_compare, tmp_path: Path, size) -> None:
    """d on the first practice: the question in a red border, centred, never wider than the
    screen; Annuleren focused."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=pressing("d"))
