"""`mtvdp-tui loting simulate` (a rehearsal that stores nothing) and `loting verify`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.domain.lottery_protocol import build_protocol, protocol_bytes
from mtvdp_tui.store.lottery_session import prepare
from tests.conftest import open_test_database

SOURCES = ["--bron", "9319", "--bron", "10 2 8 12 5", "--bron", "45 9 18 26 34 41"]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    assert (
        main(["--db", str(path), "--demo", "loting", "simulate", "--regio", "Zutphen", *SOURCES])
        == 0
    )
    return path


def test_simulate_prints_the_draw_and_stores_nothing(demo: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo), "loting", "simulate", "--regio", "Zutphen", *SOURCES]) == 0
    out = capsys.readouterr().out
    assert "Sleutel: 9319./2.5.8.10.12./9.18.26.34.41.45./" in out
    database = open_test_database(demo)
    assert database.lotteries.active("Zutphen") is None
    database.close()


def test_simulate_json_is_the_protocol_without_hash_and_times(demo: Path, capsys) -> None:
    capsys.readouterr()
    argv = ["--db", str(demo), "loting", "simulate", "--regio", "Zutphen", "--json", *SOURCES]
    assert main(argv) == 0
    protocol = json.loads(capsys.readouterr().out)
    assert "sha256" not in protocol and "tijden" not in protocol
    assert protocol["bronnen"] == [[9319], [10, 2, 8, 12, 5], [45, 9, 18, 26, 34, 41]]
    assert len(protocol["stappen"]) == len(protocol["pool"]) == 32


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--regio", "Zutphen", "--bron", "1 -2"], "bron 1: "),
        (["--regio", "Utrecht", "--bron", "1"], "Regio 'Utrecht' bestaat niet"),
    ],
)
def test_simulate_refuses_bad_input_in_dutch(demo: Path, argv, message, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo), "loting", "simulate", *argv]) == 1
    assert message in capsys.readouterr().err


def protocol_file(demo: Path, tmp_path: Path) -> Path:
    from mtvdp_tui.domain.lottery import draw_all

    database = open_test_database(demo)
    inputs = prepare(database.ruleset, database.lotteries, "Zutphen").inputs
    database.close()
    sources = [[9319], [10, 2, 8, 12, 5]]
    protocol = build_protocol(draw_all(inputs.with_sources(sources)), {"getrokken": "2023-05-01"})
    path = tmp_path / "loting.json"
    path.write_bytes(protocol_bytes(protocol))
    return path


def test_verify_says_klopt_for_a_true_protocol(demo: Path, tmp_path: Path, capsys) -> None:
    path = protocol_file(demo, tmp_path)
    capsys.readouterr()
    assert main(["loting", "verify", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "klopt"


def test_verify_names_the_first_difference(demo: Path, tmp_path: Path, capsys) -> None:
    path = protocol_file(demo, tmp_path)
    data = path.read_bytes().replace(b'"ion_regio":148774', b'"ion_regio":148775')
    path.write_bytes(data)
    capsys.readouterr()
    assert main(["loting", "verify", str(path)]) == 1
    assert capsys.readouterr().err.startswith("mtvdp-tui: ")


def test_verify_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["loting", "verify", str(tmp_path / "weg.json")]) == 1
    assert "Kan " in capsys.readouterr().err
