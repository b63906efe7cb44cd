"""Slow work runs in workers: while a file is written, a backup made or a query runs, the screen
takes keys, and the work still ends with the same notification and files.

Each test holds the slow call at a gate: with the work on the UI thread, the keys pressed while
the gate is closed would only be handled after the work, and the test would see the work done.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from mtvdp_tui.domain.lottery_phase import Phase
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.lottery import LotteryScreen
from mtvdp_tui.screens.plan_wizard import PlanWizardScreen
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.store.backup import backup_dir
from mtvdp_tui.widgets.lottery_lists import DrawnList
from mtvdp_tui.widgets.practice_list import PracticeList
from tests.ui.helpers import SIZE, make_app, text_of
from tests.ui.test_slow_queries import queue_keys

SOURCES = "9319\n10 2 8 12 5\n45 9 18 26 34 41"


class Gate:
    """Stands in for `real`: each call waits until `open()` (at most `limit` seconds)."""

    def __init__(self, real: Callable[..., Any], limit: float = 5.0) -> None:
        self.real = real
        self.limit = limit
        self.reached = threading.Event()
        self._open = threading.Event()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.reached.set()
        self._open.wait(self.limit)
        return self.real(*args, **kwargs)

    async def wait_reached(self) -> None:
        assert await asyncio.to_thread(self.reached.wait, self.limit)

    def open(self) -> None:
        self._open.set()

    def as_method(self) -> Callable[..., Any]:
        """The gate as a method to patch onto a class (a plain object would not get `self`)."""

        def method(*args: Any, **kwargs: Any) -> Any:
            return self(*args, **kwargs)

        return method


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_plan_document_is_written_while_the_wizard_takes_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtvdp_tui.screens import plan_wizard

    gate = Gate(plan_wizard.write_export)
    monkeypatch.setattr(plan_wizard, "write_export", gate)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PlanWizardScreen)
        await pilot.press("ctrl+right", "ctrl+right", "space", "ctrl+o")
        await gate.wait_reached()
        await pilot.press("down", "space")  # typed while the document is being written
        html = tmp_path / "export" / f"praktijkplan-{screen.practice.agb}-versie-1.html"
        assert not html.exists()
        assert len(screen.current_plan().interventions) == 2
        gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        # the document is the plan as it was when ctrl+o was pressed: one intervention
        assert html.read_text(encoding="utf-8").count("Regie op veelgebruikers") >= 1
        assert html.with_suffix(".md").exists()
        assert any(str(html) in message for message in messages(app))


async def to_the_draw(pilot) -> LotteryScreen:
    await pilot.press("f5", "r", "down", "enter", "v", "enter")  # Zutphen; freeze the pool
    screen = pilot.app.screen
    assert isinstance(screen, LotteryScreen) and screen.phase is Phase.SOURCES
    screen.query_one("#sources", TextArea).text = SOURCES
    await pilot.press("ctrl+s", "enter")
    assert screen.phase is Phase.DRAW
    return screen


async def test_the_protocol_is_saved_while_the_draw_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtvdp_tui.screens import lottery

    gate = Gate(lottery.write_export)
    monkeypatch.setattr(lottery, "write_export", gate)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        await pilot.press("space", "space", "e")
        await gate.wait_reached()
        await pilot.press("space")  # the room goes on while the protocol is written
        assert screen.query_one(DrawnList).row_count == 3
        assert not list((tmp_path / "export").glob("loting-zutphen-*"))
        gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        files = sorted((tmp_path / "export").glob("loting-zutphen-*"))
        assert [f.suffix for f in files] == [".html", ".json"]
        assert any("Protocol opgeslagen (NIET DEFINITIEF)" in m for m in messages(app))


async def test_finalising_makes_the_backup_in_a_worker_and_refuses_a_second_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtvdp_tui.store import lottery_session

    gate = Gate(lottery_session.make_backup)
    monkeypatch.setattr(lottery_session, "make_backup", gate)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_the_draw(pilot)
        await pilot.press(*["space"] * 32)
        assert screen.phase is Phase.DONE
        # keys queued without Pilot's waits: those wait for the change's worker (a query)
        await queue_keys(app, "f", "enter")
        await gate.wait_reached()
        await asyncio.sleep(0.05)
        assert "Bezig" in text_of(app, "#phase")
        assert not screen.check_action("finalise", ()) and not screen.check_action("discard", ())
        await queue_keys(app, "f", "x")  # nothing asks a second time while the first runs
        assert not isinstance(app.screen, ConfirmScreen)
        gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.phase is Phase.FINAL
        assert "Bezig" not in text_of(app, "#phase")
        assert any("is definitief" in m for m in messages(app))
        database = tmp_path / "demo.sqlite"
        assert list(backup_dir(database).glob("*-voor-definitieve-loting.sqlite"))


async def test_the_agb_is_looked_up_in_a_worker_only_when_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtvdp_tui.store.practices import PracticeRepository

    asked: list[str] = []
    real = PracticeRepository.agb_taken

    def counted(self, agb: str, *, except_id: int | None = None) -> bool:
        asked.append(agb)
        return real(self, agb, except_id=except_id)

    gate = Gate(counted)
    monkeypatch.setattr(PracticeRepository, "agb_taken", gate.as_method())
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        taken = app.screen.query_one(PracticeList).current_row.agb
        await pilot.press("n", *taken)
        form = app.screen
        assert isinstance(form, PracticeFormScreen)
        await gate.wait_reached()
        await pilot.press("enter", *"De Kei")  # typed while the code is looked up
        assert form.query_one("#name", Input).value == "De Kei"
        assert text_of(app, "#agb-error") == ""
        gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "al in gebruik" in text_of(app, "#agb-error")
        assert asked == [taken]  # once: typing the name asked nothing
        await pilot.press("ctrl+s")  # refused at the field, as before
        assert app.screen is form and form.focused is form.query_one("#agb")


async def test_an_answer_about_an_earlier_code_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtvdp_tui.store.practices import PracticeRepository

    gate = Gate(PracticeRepository.agb_taken)
    monkeypatch.setattr(PracticeRepository, "agb_taken", gate.as_method())
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        taken = app.screen.query_one(PracticeList).current_row.agb
        await pilot.press("n", *taken)
        await gate.wait_reached()
        await pilot.press("backspace", "0" if taken[-1] != "0" else "1")  # a free code now
        gate.open()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert text_of(app, "#agb-error") == ""
