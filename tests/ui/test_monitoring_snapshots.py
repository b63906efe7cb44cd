"""What the Monitoring section looks like on the demo (its last region started in quarterly
cohorts over the past two years), on a laptop and at projector size, and its cohort dialog.

Update after an intended change: `pytest tests/ui/test_monitoring_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Select

from mtvdp_tui.domain.monitoring import ItemKind
from tests.ui.helpers import make_app, settle
from tests.ui.test_snapshots import no_blink, pressing

SIZES = [(120, 36), (80, 24)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_section(snap_compare, tmp_path: Path, size) -> None:
    """The section bar with F10 Monitoring marked; search, region, kind ('Alle onderdelen') and
    state ('Aandacht nodig') filters; the counts per region (only Oost-Achterhoek has started;
    te laat in red, binnenkort in yellow) with Totaal; below, te laat lines first, by due date.
    At 80×24 the region column of the list goes."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    assert snap_compare(app, terminal_size=size, run_before=pressing("f10"))


def test_the_cohort_dialog(snap_compare, tmp_path: Path) -> None:
    """At 80×24, the nulmetingen filtered, g on the first: 'Nulmeting verstuurd aan de
    startgroep van …: N praktijken, M nog zonder datum', the date field with today's date."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)

    async def cohort(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        pilot.app.screen.query_one("#kind", Select).value = ItemKind.NULMETING.value
        await settle(pilot)
        await pilot.press("g")
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=cohort)
