"""What the intervisie meetings, a meeting's attendance and a practice's timeline look like at
projector (120×36) and small-laptop (80×24) sizes, on the demo database with a frozen clock.

Update after an intended change: `pytest tests/ui/test_intervisie_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mtvdp_tui.domain.monitoring import ItemKind
from mtvdp_tui.records.monitoring import Meeting
from mtvdp_tui.screens.intervisie import IntervisieScreen
from tests.ui.helpers import make_app, settle
from tests.ui.test_snapshots import no_blink

SIZES = [(120, 36), (80, 24)]
REGION, WIJK = "Apeldoorn", "Apeldoorn-Centrum"


def sized(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def meetings_app(tmp_path: Path):
    """The demo with two meetings of Apeldoorn-Centrum: one with MTVDP on the agenda and two
    practices present, one without."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    monitoring = app.database.monitoring
    practices = monitoring.wijk_practices(REGION, WIJK)
    monitoring.save_meeting(
        Meeting(
            held_on=date(2026, 9, 14),
            wijk=WIJK,
            region=REGION,
            mtvdp_on_agenda=False,
            attendees=frozenset(p.practice_id for p in practices[:4]),
        )
    )
    monitoring.save_meeting(
        Meeting(
            held_on=date(2026, 11, 16),
            wijk=WIJK,
            region=REGION,
            attendees=frozenset(p.practice_id for p in practices[1:3]),
        )
    )
    return app


async def open_wijk(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.app.push_screen(IntervisieScreen(region=REGION, wijk=WIJK))
    await no_blink(pilot)


@pytest.mark.parametrize("size", SIZES, ids=sized)
def test_meetings_of_a_wijk(snap_compare, tmp_path: Path, size) -> None:
    """'Intervisie: bijeenkomsten van de wijkgroepen', the pickers on Apeldoorn and
    Apeldoorn-Centrum, the meetings newest first: 16-11-2026 ja 2 (highlighted), 14-09-2026 nee
    4 (muted); below '16 nov 2026, Apeldoorn-Centrum: 2 praktijk(en) aanwezig'; the footer with
    n, Enter, w, r."""
    app = meetings_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=open_wijk)


@pytest.mark.parametrize("size", SIZES, ids=sized)
def test_attendance_ticked(snap_compare, tmp_path: Path, size) -> None:
    """The meeting of 16-11-2026 opened with Enter, a third practice ticked: '3 van 5
    praktijken aanwezig', [x] before the second, third and fourth practice, the cursor on the
    fourth; the footer with spatie, a and Ctrl+S; nothing cut at 80×24."""
    app = meetings_app(tmp_path)

    async def tick(pilot: Pilot) -> None:
        await open_wijk(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "down", "down", "space")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=tick)


@pytest.mark.parametrize("size", SIZES, ids=sized)
def test_timeline_of_a_started_practice(snap_compare, tmp_path: Path, size) -> None:
    """The timeline of the register's first practice, started 1 jan 2026, its nulmeting sent on
    15-02-2026: 'Gestart op 1 jan 2026 · praktijkplan uiterlijk 1 apr 2026', the nulmeting
    afgerond (muted), the praktijkplan te laat (red), the rest gepland; the 1-meting due
    15-02-2027."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def timeline(pilot: Pilot) -> None:
        await settle(pilot)
        practice_id = pilot.app.screen.query_one("PracticeList").current_row.id
        practices = pilot.app.database.practices
        record = practices.get(practice_id)
        data = replace(record.data, start_date=date(2026, 1, 1))
        practices.update(practice_id, data, expected_version=record.version)
        pilot.app.database.monitoring.record_sent(
            ItemKind.NULMETING, date(2026, 2, 15), {practice_id: None}
        )
        await pilot.press("t")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=size, run_before=timeline)
