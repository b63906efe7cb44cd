"""Another copy of the app on the same database changes something: every section shows it —
at once with ctrl+r ("Vernieuwen"), on coming back to the section (a form closed over it), and
by itself while the section is shown (a poll of the audit's newest id every few seconds) — the
cursor on the same row and the list scrolled as it was."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event

from mtvdp_tui.domain.declaration_status import DeclarationStatus, StatusRecord
from mtvdp_tui.records.practices import PracticeQuery
from mtvdp_tui.screens import freshness
from mtvdp_tui.screens.practice_form import PracticeFormScreen
from mtvdp_tui.widgets.declaration_list import DeclarationList
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.row_list import RowList
from tests.conftest import open_test_database
from tests.examples import drawn_demo
from tests.ui.helpers import SIZE, make_app, settle, until
from tests.ui.test_slow_queries import queue_keys
from tools.slow_statements import SlowStatements


def rename(path: Path, practice_id: int, name: str) -> None:
    """The other copy renames a practice."""
    other = open_test_database(path)
    try:
        record = other.practices.get(practice_id)
        data = replace(record.data, name=name)
        other.practices.update(practice_id, data, expected_version=record.version)
    finally:
        other.close()


def practices(app) -> PracticeList:
    return app.screen.query_one(PracticeList)


async def go_down(pilot, rows: int) -> None:
    await pilot.press(*["down"] * rows)


async def test_ctrl_r_shows_the_other_copys_change_with_the_cursor_on_the_same_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await go_down(pilot, 40)  # scrolled: the row is below the first screenful
        row = practices(app).current_row
        top = practices(app).scroll_offset.y
        assert top > 0
        rename(path, practices(app).row_at(41).id, row.name + " B")  # sorts right after it
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert practices(app).current_row.id == row.id
        assert practices(app).row_at(41).name == row.name + " B"
        assert practices(app).scroll_offset.y == top


async def test_a_form_closed_without_saving_shows_the_other_copys_change(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        row = practices(app).current_row
        await pilot.press("enter")
        assert isinstance(app.screen, PracticeFormScreen)
        rename(path, row.id, "Aaa Andere Kopie")
        await pilot.press("escape")
        await settle(pilot)
        assert practices(app).current_row.id == row.id
        assert practices(app).current_row.name == "Aaa Andere Kopie"


@pytest.mark.parametrize("key", ["f3", "f4", "f7"])
async def test_a_section_shown_shows_the_other_copys_change_by_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.1)
    path = tmp_path / "demo.sqlite"
    app = make_app(path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        section = app.screen
        await settle(pilot)
        first = app.database.practices.page(PracticeQuery(), 0, 1)[0]  # by name: first
        if key == "f4":  # the plans list puts the late plans first: take the top row
            first = section.query_one(RowList).row_at(0)
        rename(path, first.id, "Aaa Andere Kopie")
        await until(lambda: "Aaa Andere Kopie" in shown_text(section))
        assert app.screen is section


def shown_text(screen) -> str:
    rows = screen.query_one(RowList)
    return "\n".join(rows.render_line(y).text for y in range(rows.size.height))


async def test_no_question_while_a_dialog_is_open_and_never_two_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.02)
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        asked: list[str] = []
        listen = event.listens_for(app.database.engine, "before_cursor_execute")
        listen(
            lambda _c, _r, statement, *_a: asked.append(statement) if "audit" in statement else 0
        )
        with SlowStatements(app.database.engine, 0.2).installed():
            await asyncio.sleep(1.0)  # 50 polls; a question takes ≥ 0.2 s
            assert 2 <= len(asked) <= 6
            await pilot.press("n")  # a form over the register: it is not shown
            await asyncio.sleep(0.6)  # a question out at "n" comes back
            asked.clear()
            await asyncio.sleep(0.5)
            assert asked == []


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drawn_demo(tmp_path_factory.mktemp("drawn") / "demo.sqlite")


async def test_the_declarations_show_the_other_copys_status_with_ctrl_r_and_on_return(
    drawn: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(drawn.read_bytes())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "down", "down")
        shown = app.screen.query_one(DeclarationList)
        first, third = shown.row_at(0), shown.row_at(2)
        other = open_test_database(path)
        declared = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=app.today())
        other.declarations.save({(first.practice_id, first.quarter): (first.status, declared)})
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert shown.row_at(0).status.status is DeclarationStatus.GEDECLAREERD
        assert shown.current_row.practice_id == third.practice_id
        other.declarations.save({(third.practice_id, third.quarter): (third.status, declared)})
        other.close()
        await pilot.press("f3", "f6")  # coming back: read again
        await settle(pilot)
        assert shown.row_at(2).status.status is DeclarationStatus.GEDECLAREERD
        assert shown.current_row.practice_id == third.practice_id


async def test_the_declarations_shown_show_the_other_copys_status_by_itself(
    drawn: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(freshness, "POLL_SECONDS", 0.1)
    path = tmp_path / "demo.sqlite"
    path.write_bytes(drawn.read_bytes())
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "down")
        shown = app.screen.query_one(DeclarationList)
        first = shown.row_at(0)
        other = open_test_database(path)
        declared = StatusRecord(DeclarationStatus.GEDECLAREERD, declared_on=app.today())
        other.declarations.save({(first.practice_id, first.quarter): (first.status, declared)})
        other.close()
        await until(lambda: shown.row_at(0).status.status is DeclarationStatus.GEDECLAREERD)
        assert shown.cursor == 1


async def test_moves_made_while_the_section_is_read_again_are_kept(tmp_path: Path) -> None:
    """Reading again puts the cursor back on its row (by id) — unless the user moved it while
    the rows were read: the poll must never take the cursor from under the user."""
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await go_down(pilot, 5)
        with SlowStatements(app.database.engine, 0.1).installed():
            await queue_keys(app, "ctrl+r", "down", "down")
            await settle(pilot)
        assert practices(app).cursor == 7
