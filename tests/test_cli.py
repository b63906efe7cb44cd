"""The command line: help and errors in Dutch, where databases go, and the demo database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mtvdp_tui import __version__
from mtvdp_tui.cli import data_dir, database_path, main, open_for, parser


def test_help_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parser().parse_args(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: mtvdp-tui")
    assert "opties:" in out and "--demo" in out and "demodatabase" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--size", "x"], "optie --size: 'x' is geen geldig aantal praktijken"),
        (["--size", "0"], "optie --size: '0' is geen geldig aantal praktijken"),
        (["--onbekend"], "onbekende opties: --onbekend"),
        (["--db"], "optie --db: hier hoort een waarde bij"),
    ],
)
def test_bad_options_get_a_dutch_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parser().parse_args(argv)
    assert exit_info.value.code == 2
    assert f"mtvdp-tui: fout: {message}" in capsys.readouterr().err


def test_databases_live_in_the_user_data_dir_unless_named(tmp_path: Path) -> None:
    assert data_dir() == Path(os.environ["XDG_DATA_HOME"]) / "mtvdp-tui"
    assert database_path(parser().parse_args([])) == data_dir() / "mtvdp.sqlite"
    assert database_path(parser().parse_args(["--demo"])) == data_dir() / "mtvdp-demo.sqlite"
    big = parser().parse_args(["--demo", "--size", "10000"])
    assert database_path(big) == data_dir() / "mtvdp-demo-10000.sqlite"
    named = tmp_path / "eigen.sqlite"
    assert database_path(parser().parse_args(["--db", str(named), "--demo"])) == named


def test_demo_database_is_filled_once_and_separate_from_real_data() -> None:
    demo = open_for(parser().parse_args(["--demo"]))
    try:
        assert demo.practices.count() == 140
        assert demo.path.name == "mtvdp-demo.sqlite"
    finally:
        demo.close()
    again = open_for(parser().parse_args(["--demo"]))  # reopened, not filled twice
    try:
        assert again.practices.count() == 140
    finally:
        again.close()
    assert not (data_dir() / "mtvdp.sqlite").exists()


def test_roha_demo_uses_the_roha_ruleset(tmp_path: Path) -> None:
    db = open_for(
        parser().parse_args(
            ["--db", str(tmp_path / "r.sqlite"), "--demo", "--ruleset", "roha-2023"]
        )
    )
    try:
        assert db.ruleset.id == "roha-2023"
        assert db.practices.count() == 140
    finally:
        db.close()


def test_an_unusable_database_file_stops_with_a_dutch_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tekst.sqlite"
    path.write_text("geen database")
    assert main(["--db", str(path)]) == 1
    assert "is geen database" in capsys.readouterr().err
    assert path.read_text() == "geen database"


def test_python_dash_m_reports_the_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mtvdp_tui", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"mtvdp-tui {__version__}"


def test_a_faulty_ruleset_file_stops_before_any_database_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ruleset = tmp_path / "mijn-regeling.toml"
    ruleset.write_text('regios = ["Noord"]\n[regeling]\nid = "x"\n', encoding="utf-8")
    database = tmp_path / "nieuw.sqlite"
    assert main(["--db", str(database), "--ruleset", str(ruleset)]) == 1
    error = capsys.readouterr().err
    assert "mijn-regeling.toml" in error
    assert not database.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mijn-regeling.toml"]
