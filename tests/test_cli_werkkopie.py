"""`mtvdp-tui werkkopie URL BESTAND`, as a user runs it against a real organisation database."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtvdp_tui.cli import main
from mtvdp_tui.store.outbox import werkkopie_info
from tests.conftest import open_test_database
from tests.engines import pg_templates  # noqa: F401 (fixture)
from tests.hostile import ENGLISH
from tests.sync.conftest import organisation  # noqa: F401 (fixture)


def test_werkkopie_copies_the_organisation_database_and_says_where(
    organisation: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "laptop.sqlite"
    assert main(["werkkopie", organisation, str(target)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Werkkopie maken van ")
    assert "  practice: 140 rijen gekopieerd\n" in out
    assert f"Werkkopie gemaakt: {target} van " in out
    copy = open_test_database(target)
    try:
        with copy.engine.connect() as connection:
            info = werkkopie_info(connection)
        assert info is not None and info.waiting == 0 and info.conflicts == 0
        assert copy.practices.count() == 140
    finally:
        copy.close()


def test_werkkopie_never_writes_over_an_existing_file(
    organisation: str,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "belangrijk.sqlite"
    target.write_bytes(b"")  # even an empty file is the user's
    assert main(["werkkopie", organisation, str(target)]) == 1
    err = capsys.readouterr().err
    assert "bestaat al" in err and "nooit over een bestaand bestand" in err
    assert not ENGLISH.search(err)
    assert target.read_bytes() == b""


def test_werkkopie_of_a_file_is_refused_in_dutch(tmp_path: Path, capsys) -> None:
    target = tmp_path / "kopie.sqlite"
    assert main(["werkkopie", str(tmp_path / "bron.sqlite"), str(target)]) == 1
    err = capsys.readouterr().err
    assert "postgresql://" in err and not ENGLISH.search(err)
    assert not target.exists()


def test_werkkopie_help_is_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["werkkopie", "-h"])
    out = capsys.readouterr().out
    assert "URL" in out and "BESTAND" in out and "nooit overschreven" in out
    assert not ENGLISH.search(out)
