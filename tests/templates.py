"""New databases for tests that are not about creating one: a copy of a template.

Creating a database runs every migration and syncs the file several times (~0.1 s; a demo
database ~0.2 s more). Tests that only need a fresh database get a byte copy of one made once
per process (per pytest-xdist worker) by the same code, closed and checkpointed, so the copy is
the file a new database is. Tests about creating databases (tests/store/test_database.py,
test_file_safety.py, …) keep calling `open_test_database` on an absent path.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile
import uuid
from contextlib import closing
from pathlib import Path

_made: dict[tuple[str, bool], Path] = {}


def place_new_database(path: Path, preset_id: str = "hoog-2023", *, demo: bool = False) -> None:
    """Put a new (demo) database at the absent `path`, as the app would create it."""
    template = _made.get((preset_id, demo)) or _make(preset_id, demo)
    shutil.copyfile(template, path)
    os.chmod(path, 0o600)  # as the app creates it
    with closing(sqlite3.connect(path)) as connection, connection:
        # every database the program creates has its own identity (migration 0011)
        connection.execute(
            "UPDATE setting SET value = ? WHERE key = 'database_id'", (str(uuid.uuid4()),)
        )


def _make(preset_id: str, demo: bool) -> Path:
    from mtvdp_tui.cli import open_for, parser
    from tests.conftest import today

    folder = Path(tempfile.mkdtemp(prefix="mtvdp-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "new.sqlite"
    argv = ["--db", str(path), "--ruleset", preset_id, *(["--demo"] if demo else [])]
    database = open_for(parser().parse_args(argv), today)  # as the command line creates it
    database.close()  # the last connection checkpoints the WAL into the file and removes it
    assert not path.with_name(path.name + "-wal").exists()
    _made[(preset_id, demo)] = path
    return path
