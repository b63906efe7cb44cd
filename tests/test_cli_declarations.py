"""`mtvdp-tui declaraties export`: one quarter or all, CSV or XLSX, read back."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import openpyxl
import pytest

from mtvdp_tui.cli import main
from tests import engines

BOTH_ENGINES = True  # see tests/engines.py
drawn_db_value = engines.drawn_db_value
engine = engines.engine
pg_templates = engines.pg_templates


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    engines.parametrize_engines(metafunc)


@pytest.fixture
def drawn(drawn_db_value: Path | str) -> Path | str:
    """A demo database whose lotteries are final in every region: a file or a server's URL."""
    return drawn_db_value


def test_one_quarter_as_csv(drawn: Path | str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "q.csv"
    argv = ["--db", str(drawn), "declaraties", "export", "--kwartaal", "2024-Q1"]
    assert main([*argv, "--format", "csv", "-o", str(out)]) == 0
    assert "(1 kwartaal)" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file, delimiter=";"))
    assert lines[0][0] == "AGB" and len(lines) > 3
    assert all("," in line[6] for line in lines[1:-1])  # amounts with a decimal comma
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_all_quarters_as_xlsx(drawn: Path | str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "alles.xlsx"
    argv = ["--db", str(drawn), "declaraties", "export", "--kwartaal", "all", "-o", str(out)]
    assert main(argv) == 0
    assert "(6 kwartalen)" in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    quarters = {row[0] for row in rows[1:-1]}
    assert quarters == {"2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}


@pytest.mark.parametrize(("quarter", "message"), [("2022-Q1", "buiten het programma"), ("Q5", "")])
def test_a_quarter_that_is_not_there(
    drawn: Path | str, tmp_path: Path, quarter, message, capsys
) -> None:
    argv = ["--db", str(drawn), "declaraties", "export", "--kwartaal", quarter]
    assert main([*argv, "-o", str(tmp_path / "x.csv")]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
