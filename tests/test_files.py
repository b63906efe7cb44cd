"""Files the app writes are private (0600) and appear whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mtvdp_tui.files import write_private


def test_written_files_are_readable_by_the_user_only(tmp_path: Path) -> None:
    path = write_private(tmp_path / "map" / "uit.csv", "a;b\n")
    assert path.read_text(encoding="utf-8") == "a;b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_existing_file_is_replaced_and_made_private(tmp_path: Path) -> None:
    path = tmp_path / "uit.html"
    path.write_text("oud")
    path.chmod(0o644)
    write_private(path, b"nieuw")
    assert path.read_bytes() == b"nieuw"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "uit.json"
    path.write_text("oud")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError):
        write_private(path, "nieuw")
    assert path.read_text() == "oud"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.json"]
