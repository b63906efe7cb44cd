"""The settings file: read with tomllib, written in one step (0600), a mistake reported in Dutch
with the file and the line, and a file with a mistake never written over."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.settings import (
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_file,
    toml_string,
)


def test_the_settings_file_is_in_the_user_config_folder() -> None:
    assert settings_file() == Path(os.environ["XDG_CONFIG_HOME"]) / "mtvdp-tui/instellingen.toml"


def test_no_file_means_defaults() -> None:
    settings = load_settings()
    assert (settings.theme, settings.export_folder, settings.backup_folder) == (None, None, None)
    assert not settings.broken and settings.problems == ()


def test_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "instellingen.toml"
    chosen = Settings(path, "textual-light", tmp_path / "uit", Path("/mnt/regio share/mtvdp"))
    save_settings(chosen)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["instellingen.toml"]  # no temporary left
    again = load_settings(path)
    assert (again.theme, again.export_folder, again.backup_folder) == (
        "textual-light",
        tmp_path / "uit",
        Path("/mnt/regio share/mtvdp"),
    )


def test_a_home_folder_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_text('exportmap = "~/mtvdp"\n', encoding="utf-8")
    assert load_settings(path).export_folder == Path.home() / "mtvdp"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('thema = "a"\nexportmap = /zonder/aanhalingstekens\n', "bevat een fout op regel 2"),
        ('thema = "a"\n\n[kapot\n', "bevat een fout op regel 3"),
        ('thema = "a"\nkleur = "rood"\n', "regel 2: 'kleur' is geen instelling"),
        ("reservekopiemap = 12\n", "regel 1: 'reservekopiemap' moet een tekst"),
        ('exportmap = ""\n', "regel 1: 'exportmap' moet een tekst"),
    ],
)
def test_a_mistake_names_the_file_and_line_and_defaults_are_used(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_text(text, encoding="utf-8")
    settings = load_settings(path)
    assert settings.broken
    assert any(str(path) in problem and expected in problem for problem in settings.problems)
    assert settings.export_folder is None and settings.backup_folder is None


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_bytes('thema = "caf\xe9"\n'.encode("latin-1"))
    settings = load_settings(path)
    assert settings.broken and "geen UTF-8" in settings.problems[0]


def test_a_file_with_a_mistake_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    text = "thema = kapot\n"
    path.write_text(text, encoding="utf-8")
    settings = load_settings(path)
    with pytest.raises(SettingsError, match="bevat een fout en wordt niet overschreven"):
        save_settings(settings.with_theme("textual-light"))
    assert path.read_text(encoding="utf-8") == text


def test_a_settings_folder_that_cannot_be_written_is_a_dutch_error(tmp_path: Path) -> None:
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    with pytest.raises(SettingsError, match="kan niet worden opgeslagen"):
        save_settings(Settings(blocker / "instellingen.toml", theme="textual-light"))


@given(st.text())
def test_any_text_survives_the_toml_writer(value: str) -> None:
    assert tomllib.loads(f"x = {toml_string(value)}")["x"] == value


def test_the_werkkopie_warning_days_default_to_7_and_are_read_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "instellingen.toml"
    assert load_settings(path).werkkopie_stale_days == 7
    path.write_text('thema = "textual-light"\nwerkkopie_verouderd_na_dagen = 3\n', "utf-8")
    settings = load_settings(path)
    assert settings.werkkopie_stale_days == 3 and not settings.broken
    save_settings(settings.with_theme("textual-dark"))  # a new theme keeps the days
    assert load_settings(path).werkkopie_stale_days == 3


@pytest.mark.parametrize("value", ['"7"', "0", "-2", "true", "2.5"])
def test_werkkopie_warning_days_that_are_no_days_are_reported(tmp_path: Path, value) -> None:
    path = tmp_path / "instellingen.toml"
    path.write_text(f"werkkopie_verouderd_na_dagen = {value}\n", "utf-8")
    settings = load_settings(path)
    assert settings.werkkopie_stale_days == 7
    assert settings.problems == (
        f"{path}, regel 1: 'werkkopie_verouderd_na_dagen' moet een heel aantal dagen zijn "
        "(bijvoorbeeld werkkopie_verouderd_na_dagen = 7); de standaardwaarde wordt gebruikt.",
    )
