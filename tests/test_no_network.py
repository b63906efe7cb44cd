"""The program never opens a network connection: every section and command works offline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.ui.helpers import SIZE, make_app


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise OSError("network is off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


async def test_every_section_works_without_network(tmp_path: Path, offline: list[str]) -> None:
    app = make_app(tmp_path / "demo.sqlite", demo=True)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("f4", "f5", "f6", "f7", "f3", "p", "ctrl+o", "escape", "ctrl+p", "escape"):
            await pilot.press(key)
    assert offline == []


def test_the_command_line_works_without_network(tmp_path: Path, offline: list[str]) -> None:
    from mtvdp_tui.cli import main

    db = str(tmp_path / "demo.sqlite")
    assert (
        main(["--db", db, "--demo", "loting", "simulate", "--regio", "Zutphen", "--bron", "1"]) == 0
    )
    assert main(["--db", db, "backup"]) == 0
    out = str(tmp_path / "d.xlsx")
    assert main(["--db", db, "declaraties", "export", "--kwartaal", "all", "-o", out]) == 0
    assert offline == []
