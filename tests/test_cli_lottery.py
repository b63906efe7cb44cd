"""`mtvdp-tui loting simulate` (a rehearsal that stores nothing) and `loting verify`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.domain.lottery_protocol import build_protocol, content_hash, protocol_bytes
from mtvdp_tui.domain.lottery_seals import grouped, poolzegel, trekkingszegel
from mtvdp_tui.store.lottery_session import prepare
from tests import engines
from tests.conftest import open_test_database

BOTH_ENGINES = True  # see tests/engines.py
engine = engines.engine
fresh_db_value = engines.fresh_db_value


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    engines.parametrize_engines(metafunc)


OLD_JSON = Path(__file__).parent / "data" / "loting-voor-zegels.json"
OLD_POOLZEGEL = "414fdfb5a8fb9b526317f91ccad49474f7d4545967cb47acc1f5c6540c3407ca"
OLD_ZEGEL = "698f55a7b262b8628ea2e55c8139cbed924d647473eb92b663e966ddea581bde"
SOURCES = ["--bron", "9319", "--bron", "10 2 8 12 5", "--bron", "45 9 18 26 34 41"]


@pytest.fixture
def demo(fresh_db_value: str) -> str:
    path = fresh_db_value
    assert (
        main(["--db", str(path), "--demo", "loting", "simulate", "--regio", "Zutphen", *SOURCES])
        == 0
    )
    return path


def test_simulate_prints_the_draw_and_stores_nothing(demo: str, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo), "loting", "simulate", "--regio", "Zutphen", *SOURCES]) == 0
    out = capsys.readouterr().out
    assert "Sleutel: 9319./2.5.8.10.12./9.18.26.34.41.45./" in out
    database = open_test_database(demo)
    assert database.lotteries.active("Zutphen") is None
    database.close()


def test_simulate_json_is_the_rehearsal_protocol(demo: str, capsys) -> None:
    capsys.readouterr()
    argv = ["--db", str(demo), "loting", "simulate", "--regio", "Zutphen", "--json", *SOURCES]
    assert main(argv) == 0
    protocol = json.loads(capsys.readouterr().out)
    assert protocol["oefening"] is True and protocol["tijden"] == {}
    assert protocol["bronnen"] == [[9319], [10, 2, 8, 12, 5], [45, 9, 18, 26, 34, 41]]
    assert len(protocol["stappen"]) == len(protocol["pool"]) == 32


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--regio", "Zutphen", "--bron", "1 -2"], "bron 1: "),
        (["--regio", "Utrecht", "--bron", "1"], "Regio 'Utrecht' bestaat niet"),
    ],
)
def test_simulate_refuses_bad_input_in_dutch(demo: str, argv, message, capsys) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo), "loting", "simulate", *argv]) == 1
    assert message in capsys.readouterr().err


def protocol_file(demo: str, tmp_path: Path) -> Path:
    from mtvdp_tui.domain.lottery import draw_all

    database = open_test_database(demo)
    inputs = prepare(database.ruleset, database.lotteries, "Zutphen").inputs
    database.close()
    sources = [[9319], [10, 2, 8, 12, 5]]
    times = {"getrokken": "2023-05-01T10:00:00+02:00"}
    protocol = build_protocol(draw_all(inputs.with_sources(sources)), times)
    path = tmp_path / "loting.json"
    path.write_bytes(protocol_bytes(protocol))
    return path


def test_verify_says_klopt_for_a_true_protocol(demo: str, tmp_path: Path, capsys) -> None:
    path = protocol_file(demo, tmp_path)
    capsys.readouterr()
    assert main(["loting", "verify", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    protocol = json.loads(path.read_bytes())
    assert out[0] == "Poolzegel:      " + grouped(protocol["poolzegel"])
    assert out[1] == "Trekkingszegel: " + grouped(protocol["trekkingszegel"])
    assert "NIET DEFINITIEF" in out[3] and out[-1] == "klopt"


def test_verify_names_the_first_difference(demo: str, tmp_path: Path, capsys) -> None:
    path = protocol_file(demo, tmp_path)
    data = path.read_bytes().replace(b'"ion_regio":148774', b'"ion_regio":148775')
    path.write_bytes(data)
    capsys.readouterr()
    assert main(["loting", "verify", str(path)]) == 1
    assert capsys.readouterr().err.startswith("mtvdp-tui: ")


def test_verify_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["loting", "verify", str(tmp_path / "weg.json")]) == 1
    assert "Kan " in capsys.readouterr().err


def test_verify_compares_the_published_seals(demo: str, tmp_path: Path, capsys) -> None:
    """A copy edited and resealed (self-hash and seals recomputed) says "klopt" alone, but not
    against the seal read aloud at the ceremony; the untouched file matches it."""
    path = protocol_file(demo, tmp_path)
    protocol = json.loads(path.read_bytes())
    read_aloud = grouped(protocol["trekkingszegel"]).upper()
    forged = dict(protocol, regio="Elders")
    forged["poolzegel"] = poolzegel(forged)
    forged["trekkingszegel"] = trekkingszegel(forged)
    forged["sha256"] = content_hash(forged)
    copy = tmp_path / "kopie.json"
    copy.write_bytes(protocol_bytes(forged))
    capsys.readouterr()
    assert main(["loting", "verify", str(copy)]) == 0
    assert main(["loting", "verify", str(copy), "--zegel", read_aloud]) == 1
    assert "Het trekkingszegel wijkt af van het gepubliceerde." in capsys.readouterr().err
    assert main(["loting", "verify", str(path), "--zegel", read_aloud]) == 0
    out = capsys.readouterr().out
    assert "Het trekkingszegel is gelijk aan het gepubliceerde." in out and "klopt" in out
    assert main(["loting", "verify", str(path), "--poolzegel", "12 34"]) == 1
    assert "is geen zegel" in capsys.readouterr().err


def test_simulate_writes_a_rehearsal_page_that_verifies(demo: str, tmp_path: Path, capsys) -> None:
    page = tmp_path / "oefening.html"
    argv = ["--db", str(demo), "loting", "simulate", "--regio", "Zutphen", *SOURCES]
    assert main([*argv, "-o", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "OEFENING" in text
    capsys.readouterr()
    assert main(["loting", "verify", str(page)]) == 0
    assert "OEFENING" in capsys.readouterr().out
    cell = next(line for line in text.split("<td>") if line.startswith("Huisarts"))
    name = cell.split("</td>")[0]
    edited = text.replace(f"<td>{name}</td>", f"<td>{name}x</td>", 1)
    page.write_text(edited, encoding="utf-8")
    assert main(["loting", "verify", str(page)]) == 1
    assert "De pagina toont in tabel 'pool'" in capsys.readouterr().err
    assert main([*argv, "-o", str(tmp_path / "oefening.txt")]) == 1


def test_simulate_on_a_fresh_machine(tmp_path: Path, capsys, monkeypatch) -> None:
    """The README's example: without a database it says to use --demo (and makes none);
    with --demo it works; an empty region's pool is refused in Dutch."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    argv = ["loting", "simulate", "--regio", "Zutphen", *SOURCES]
    assert main(argv) == 1
    assert "--demo" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
    assert main([*argv, "--demo"]) == 0
    empty = tmp_path / "leeg.sqlite"
    open_test_database(empty).close()
    assert main(["--db", str(empty), *argv]) == 1
    assert "De pool van Zutphen is leeg" in capsys.readouterr().err


def test_verify_an_old_protocol_from_before_the_seals(capsys) -> None:
    """A protocol the previous version saved (tests/data, written by commit 7a0be93's code)
    still checks out: both seals computed from it, the verdict says none was shown then, and
    the seals computed now can be compared like published ones."""
    assert main(["loting", "verify", str(OLD_JSON)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Poolzegel:      {grouped(OLD_POOLZEGEL)}"
    assert out[1] == f"Trekkingszegel: {grouped(OLD_ZEGEL)}"
    assert out[2] == (
        "klopt — dit protocol is gemaakt vóór de zegels; er was bij de trekking geen zegel getoond."
    )
    seals = ["--poolzegel", grouped(OLD_POOLZEGEL).upper(), "--zegel", grouped(OLD_ZEGEL)]
    assert main(["loting", "verify", str(OLD_JSON), *seals]) == 0
    assert "Het trekkingszegel is gelijk aan het gepubliceerde." in capsys.readouterr().out
    wrong = OLD_ZEGEL[:-1] + ("0" if OLD_ZEGEL[-1] != "0" else "1")
    assert main(["loting", "verify", str(OLD_JSON), "--zegel", wrong]) == 1
    assert "Het trekkingszegel wijkt af van het gepubliceerde." in capsys.readouterr().err


def test_verify_an_old_page_says_to_check_the_json_file(capsys) -> None:
    assert main(["loting", "verify", str(OLD_JSON.with_suffix(".html"))]) == 1
    assert "controleer het JSON-bestand" in capsys.readouterr().err
