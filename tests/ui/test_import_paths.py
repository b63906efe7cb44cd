"""The import's path field takes a path as users paste it: quoted by Windows Explorer
("Kopiëren als pad"), escaped by a terminal, or as a `file://` address."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from textual import events
from textual.widgets import Input

from mtvdp_tui.screens.import_file import ImportFileScreen
from mtvdp_tui.screens.import_preview import ImportPreviewScreen
from tests.ui.helpers import SIZE, make_app, text_of

HEADER = "agb;naam;regio;wijk;ion"


@pytest.mark.parametrize(
    "pasted",
    [
        lambda path: f'"{path}"',
        lambda path: f"'{path}' ",
        lambda path: str(path).replace(" ", "\\ ").replace("(", "\\(").replace(")", "\\)"),
        lambda path: "file://" + quote(str(path)),
    ],
    ids=["explorer", "gnome", "macos", "address"],
)
async def test_a_pasted_path_is_read(tmp_path: Path, pasted) -> None:
    folder = tmp_path / "mijn downloads"
    folder.mkdir()
    source = folder / "praktijken (1).csv"
    source.write_text(f"{HEADER}\n01000001;De Linde;Zutphen;;2500\n", encoding="utf-8")
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        assert isinstance(app.screen, ImportFileScreen)
        field = app.screen.query_one("#path", Input)
        field.post_message(events.Paste(pasted(source)))
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ImportPreviewScreen), text_of(app, "#path-message")
        assert "1 nieuw" in text_of(app, "#counts")


async def test_a_quoted_path_that_does_not_exist_names_the_file_without_quotes(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "db.sqlite")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("I")
        app.screen.query_one("#path", Input).value = f'"{tmp_path / "weg.csv"}"'
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        message = text_of(app, "#path-message")
        assert "bestaat niet" in message and '"' not in message
