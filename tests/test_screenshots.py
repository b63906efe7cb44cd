"""`python3 dev.py screenshots`: its list covers every section of the app and the README shows
each picture, so a new section cannot go without one silently; and a picture can be made."""

from __future__ import annotations

import asyncio
from pathlib import Path

import dev
from mtvdp_tui.app import MODE_ENTRIES, MtvdpApp
from tools import screenshots

ROOT = Path(__file__).resolve().parent.parent


def test_every_section_has_a_screenshot() -> None:
    sections = {entry.mode for entry in MODE_ENTRIES}
    assert sections == set(MtvdpApp.MODES)
    assert sections <= {shot.mode for shot in screenshots.SHOTS}
    assert any(shot.keys for shot in screenshots.SHOTS)  # the practice form, opened from a list


def test_the_readme_shows_every_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shot in screenshots.SHOTS:
        assert f"(docs/{shot.name}.png)" in readme, shot.name


def test_dev_py_has_the_command() -> None:
    assert "screenshots" in dev.COMMANDS
    assert screenshots.SIZE == (120, 36)
    assert screenshots.TODAY.isoformat() == "2026-11-22"


def test_a_screenshot_is_made_from_the_app(tmp_path: Path) -> None:
    database = tmp_path / "demo.sqlite"
    screenshots.prepare(database)
    form = next(shot for shot in screenshots.SHOTS if shot.name == "practice-form")
    svg = asyncio.run(screenshots.take(form, database, tmp_path))
    text = svg.read_text(encoding="utf-8")
    assert svg == tmp_path / "practice-form.svg"
    assert "Praktijk&#160;bewerken" in text or "Praktijk bewerken" in text
