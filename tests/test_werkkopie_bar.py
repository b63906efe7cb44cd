"""The werkkopie's header line in words: what it says, and how it shortens to fit."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest
from rich.cells import cell_len

from mtvdp_tui.records.sync import WerkkopieInfo
from mtvdp_tui.widgets.werkkopie_bar import WerkkopieView

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def dutch_time(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def view(synced: datetime, waiting: int = 0, conflicts: int = 0, key: str | None = None):
    info = WerkkopieInfo("host=db dbname=mtvdp", "id", synced, synced, waiting, conflicts)
    return WerkkopieView(info, "mtvdp op db.regio-oost.nl", TODAY, 7, key, "mtvdp")


def test_the_whole_line_where_there_is_room() -> None:
    line = view(datetime(2026, 11, 22, 13, 5, tzinfo=UTC), 3, 1, "F8").fitting(200)
    assert line == (
        "Werkkopie van mtvdp op db.regio-oost.nl · gesynchroniseerd vandaag 14:05 · "
        "3 wijzigingen wachten · 1 conflict open — F8"
    )


def test_another_day_one_change_and_no_conflict() -> None:
    line = view(datetime(2026, 11, 20, 23, 30, tzinfo=UTC), 1).fitting(200)
    assert line == (
        "Werkkopie van mtvdp op db.regio-oost.nl · gesynchroniseerd 21-11-2026 00:30 · "
        "1 wijziging wacht"
    )


def test_long_not_synchronised_says_how_long() -> None:
    stale = view(datetime(2026, 11, 10, 12, 0, tzinfo=UTC))
    assert stale.stale and stale.days_since_sync == 12
    assert "12 dagen niet gesynchroniseerd" in stale.fitting(200)
    assert not view(datetime(2026, 11, 15, 12, 0, tzinfo=UTC)).stale  # 7 days: not yet


@pytest.mark.parametrize("width", [62, 78, 100])
def test_it_shortens_to_fit_and_keeps_the_counts(width: int) -> None:
    line = view(datetime(2026, 11, 22, 13, 5, tzinfo=UTC), 12, 2, "F8").fitting(width)
    assert cell_len(line) <= width
    assert line.startswith("Werkkopie") and "12 wachten" in line and "2 conflicten" in line


def test_where_nothing_fits_the_shortest_is_shown_and_the_bar_cuts_it() -> None:
    shown = view(datetime(2026, 11, 22, 13, 5, tzinfo=UTC), 12, 2)
    assert (
        shown.fitting(20)
        == shown.lines()[-1]
        == ("Werkkopie · vandaag 14:05 · 12 wachten · 2 conflicten")
    )
