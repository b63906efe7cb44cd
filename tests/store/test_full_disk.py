"""A really full disk: a new database, an existing one, an export and a backup on it.

How the disk is made full, honestly: a tmpfs of a few kilobytes, mounted in a private mount
namespace (`unshare --mount --map-root-user`, so it works as root in CI and as a normal user
where user namespaces are allowed; elsewhere these tests are skipped). The command line runs in
a subprocess inside that namespace, against the real file system calls (ENOSPC from the kernel,
SQLITE_FULL from SQLite), nothing monkeypatched. The folder is listed before and after inside
the namespace, since the tmpfs disappears with it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import mtvdp_tui
from tests.hostile import ENGLISH, template_database

SRC = Path(mtvdp_tui.__file__).resolve().parents[1]

SCRIPT = """
import json, os, shutil, sys
from pathlib import Path
base = Path(sys.argv[1])
full = base / "vol"
{setup}
filler = full / "vulsel"
try:
    with filler.open("wb") as file:  # take what the disk has left
        while True:
            file.write(b"\\0" * 4096)
            file.flush()
except OSError:
    pass
def listing():
    return sorted(str(p.relative_to(base)) + ":" + str(p.stat().st_size)
                  for p in base.rglob("*") if p.is_file() and p != filler)
before = listing()
import io, contextlib
from mtvdp_tui.cli import main
os.chdir(base)
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    code = main({args!r})
print(json.dumps({{"code": code, "output": out.getvalue(), "before": before, "after": listing()}}))
"""


def on_full_disk(tmp_path: Path, setup: str, args: list[str], size_kb: int = 64) -> dict:
    """Run `main(args)` in `tmp_path` with `tmp_path/vol` a tmpfs of `size_kb` that is full."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not available")
    (tmp_path / "vol").mkdir()
    script = SCRIPT.format(setup=textwrap.dedent(setup), args=args)
    shell = (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {tmp_path / 'vol'} && "
        f'exec "{sys.executable}" -c "$0" "$1"'
    )
    done = subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", shell, script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PYTHONPATH": str(SRC),
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            # the program's settings and log file: beside the folder the test compares
            "XDG_CONFIG_HOME": str(tmp_path.with_name(f"{tmp_path.name}-config")),
            "XDG_STATE_HOME": str(tmp_path.with_name(f"{tmp_path.name}-state")),
        },
    )
    if done.returncode != 0 and "mount" in done.stderr + done.stdout and not done.stdout:
        pytest.skip(f"no private tmpfs here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "Traceback" not in result["output"] and not ENGLISH.search(result["output"])
    return result


def test_a_new_database_on_a_full_disk_is_refused_in_dutch_leaving_nothing(tmp_path) -> None:
    result = on_full_disk(tmp_path, "", ["--db", "vol/nieuw.sqlite", "export", "uit.csv"])
    assert result["code"] == 1
    assert "Kan de nieuwe database" in result["output"]
    assert "de schijf is vol" in result["output"]
    assert result["after"] == result["before"] == []  # no `.nieuw.sqlite.nieuw`, no -wal


def test_a_healthy_database_on_a_full_disk_is_not_called_damaged(tmp_path) -> None:
    shutil.copyfile(template_database(), tmp_path / "bron.sqlite")
    setup = "shutil.copyfile(base / 'bron.sqlite', full / 'db.sqlite')"
    room_kb = (tmp_path / "bron.sqlite").stat().st_size // 1024 + 32  # the file, and a little
    result = on_full_disk(tmp_path, setup, ["--db", "vol/db.sqlite", "export", "uit.csv"], room_kb)
    assert result["code"] == 1
    assert "schijf is vol" in result["output"]
    assert "beschadigd" not in result["output"]
    assert result["after"] == result["before"]


def test_an_export_to_a_full_disk_leaves_no_partial_file(tmp_path) -> None:
    shutil.copyfile(template_database(), tmp_path / "db.sqlite")
    result = on_full_disk(tmp_path, "", ["--db", "db.sqlite", "export", "vol/uit.csv"])
    assert result["code"] == 1
    assert "Kan 'vol/uit.csv' niet opslaan: de schijf is vol" in result["output"]
    assert result["after"] == result["before"]  # no `.uit.csv.deel`


def test_a_backup_to_a_full_disk_leaves_no_partial_file(tmp_path) -> None:
    shutil.copyfile(template_database(), tmp_path / "db.sqlite")
    result = on_full_disk(tmp_path, "", ["--db", "db.sqlite", "backup", "-o", "vol/kopie.sqlite"])
    assert result["code"] == 1
    assert "de schijf is vol" in result["output"]
    assert result["after"] == result["before"]  # no empty `.kopie.sqlite.deel`
