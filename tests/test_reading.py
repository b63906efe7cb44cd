"""Reading a file the user named: regular files only, bounded in size, never hanging."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtvdp_tui.cli import main
from mtvdp_tui.reading import FileRefused, read_bounded, read_head
from tests.conftest import open_test_database


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pijp.csv"
    os.mkfifo(path)
    return path


@pytest.fixture(autouse=True)
def never_hang() -> Iterator[None]:
    """A FIFO that blocks would hang the test run: fail after 20 s instead."""

    def timed_out(*_: object) -> None:
        raise TimeoutError("reading blocked")

    previous = signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), limit=st.integers(min_value=0, max_value=300))
def test_a_regular_file_is_read_whole_up_to_the_limit(
    tmp_path: Path, content: bytes, limit: int
) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(content)
    if len(content) <= limit:
        assert read_bounded(path, limit) == content
    else:
        with pytest.raises(FileRefused, match="groter dan"):
            read_bounded(path, limit)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), limit=st.integers(min_value=0, max_value=300))
def test_the_head_of_a_file_is_its_first_bytes_whatever_its_size(
    tmp_path: Path, content: bytes, limit: int
) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(content)
    assert read_head(path, limit) == content[:limit]


@pytest.mark.parametrize("special", ["fifo", "device"])
def test_the_head_of_a_fifo_or_a_device_is_refused(fifo: Path, special: str) -> None:
    with pytest.raises(FileRefused, match="geen gewoon bestand"):
        read_head(fifo if special == "fifo" else Path("/dev/zero"), 1024)


def test_a_device_is_refused_before_it_is_read() -> None:
    with pytest.raises(FileRefused, match="geen gewoon bestand"):
        read_bounded(Path("/dev/zero"), 1024)


def test_a_fifo_is_refused_without_waiting_for_a_writer(fifo: Path) -> None:
    with pytest.raises(FileRefused, match="geen gewoon bestand"):
        read_bounded(fifo, 1024)


def test_a_file_is_counted_while_read_whatever_its_size_says() -> None:
    status = Path("/proc/self/status")  # a regular file whose size says 0
    assert status.stat().st_size == 0
    with pytest.raises(FileRefused, match="groter dan 10 bytes"):
        read_bounded(status, 10)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite"
    open_test_database(path).close()
    return path


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
@pytest.mark.parametrize(
    "command",
    [
        lambda db, path: ["--db", str(db), "import", str(path)],
        lambda db, path: ["loting", "verify", str(path)],
        lambda db, path: ["--db", str(db.with_name("nieuw.sqlite")), "--ruleset", str(path)],
    ],
    ids=["import", "loting verify", "--ruleset"],
)
def test_commands_refuse_devices_and_fifos_in_dutch(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, command
) -> None:
    path = Path(target) if target == "/dev/zero" else tmp_path / "pijp"
    if target == "fifo":
        os.mkfifo(path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(command(db, path)) == 1
    error = capsys.readouterr().err
    assert "geen gewoon bestand" in error and "Traceback" not in error
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_import_over_the_size_limit_is_refused_in_dutch(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "groot.csv"
    with big.open("wb") as file:
        file.truncate(21 * 1024 * 1024)
    assert main(["--db", str(db), "import", str(big)]) == 1
    assert "groter dan 20 MB" in capsys.readouterr().err
