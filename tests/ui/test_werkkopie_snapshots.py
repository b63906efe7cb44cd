"""What a werkkopie looks like at projector and small-laptop sizes: the werkkopie's line under
the section bar, shortened to fit; on the lottery, the line saying why it is read-only.

Update after an intended change: `pytest tests/ui/test_werkkopie_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mtvdp_tui.widgets.werkkopie_bar import WerkkopieBar
from tests.engines import pg_templates  # noqa: F401 (fixture)
from tests.sync.conftest import organisation  # noqa: F401 (fixture)
from tests.ui.helpers import make_app, until
from tests.ui.test_snapshots import no_blink
from tests.ui.test_werkkopie_app import set_synced, werkkopie_file  # noqa: F401 (fixture)

SIZES = [(80, 24), (64, 20)]


async def header_read(pilot: Pilot) -> None:
    """The werkkopie's line is read in a worker of its own (not a query: the lists do not wait
    for it); on a busy machine it may come after the list."""
    bar = pilot.app.screen.query_one(WerkkopieBar)
    await until(lambda: "Werkkopie" in str(bar.render()))
    await no_blink(pilot)


@pytest.fixture
def shown_werkkopie(werkkopie_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # noqa: F811
    """The werkkopie with a server name a user would see (not the test's socket folder), synced
    today at 14:05 Dutch time, two changes waiting and one conflict open."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    set_synced(werkkopie_file, datetime(2026, 11, 22, 13, 5, tzinfo=UTC))
    with sqlite3.connect(werkkopie_file) as connection:
        connection.execute(
            "UPDATE werkkopie SET server = 'host=db.regio-oost.nl dbname=mtvdp user=anna'"
        )
        for number in (1, 2):  # only counted by the header
            connection.execute(
                "INSERT INTO werkkopie_wijziging (change_id, kind, agb, made_at, made_by)"
                " VALUES (?, 'praktijk', '01017888', '2026-11-22 12:00:00.000000', 'anna')",
                (f"00000000-0000-0000-0000-00000000000{number}",),
            )
        connection.execute(
            "INSERT INTO werkkopie_conflict (kind, agb, change_ids, found_at)"
            " VALUES ('praktijk', '01664117', '[]', '2026-11-22 13:05:00.000000')"
        )
    connection.close()
    yield werkkopie_file
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_register_in_a_werkkopie(snap_compare, shown_werkkopie: Path, size) -> None:
    """Under the section bar a line on a red ground (a conflict is open), shortened to fit:
    at 80 columns 'Werkkopie van mtvdp · sync vandaag 14:05 · 2 wachten · 1 conflict — F8'
    (the host went), at 64 'Werkkopie · sync vandaag 14:05 · 2 wachten · 1 conflict — F8'
    (the name went too). The register loses one row, nothing else."""
    app = make_app(shown_werkkopie)
    assert snap_compare(app, terminal_size=size, run_before=header_read)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_lottery_in_a_werkkopie(snap_compare, shown_werkkopie: Path, size) -> None:
    """The lottery at projector sizes: the werkkopie's line, and under it on a brown ground
    'Dit is een werkkopie: de loting wordt alleen online getrokken …' (two or three lines);
    the footer has no key that changes the lottery."""
    app = make_app(shown_werkkopie)

    async def to_lottery(pilot: Pilot) -> None:
        await pilot.press("f5")
        await header_read(pilot)

    assert snap_compare(app, terminal_size=size, run_before=to_lottery)
