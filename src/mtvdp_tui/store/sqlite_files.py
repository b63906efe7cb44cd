"""The one way a database path becomes a connection: from the path itself, never a URL string.

A path may hold `?`, `#` or `%20`; formatted into `sqlite:///…` those would be read as URL syntax
and open (or create) another file. The engine gets a `URL` whose database is the plain absolute
path, and `sqlite3` gets the absolute path (relative names starting with `file:` would otherwise
be read as URIs, SQLite here is built with URI names on). A read-only look uses a URI that is
built by quoting the path.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import URL

from mtvdp_tui.files import SIDE_SUFFIXES


def absolute(path: Path) -> Path:
    """`path` made absolute (home expanded), without following links."""
    return Path(os.path.abspath(os.path.expanduser(path)))


def engine_url(path: Path) -> URL:
    return URL.create("sqlite", database=str(absolute(path)))


def connect(path: Path) -> sqlite3.Connection:
    """A plain read-write connection on the file at `path`."""
    return sqlite3.connect(str(absolute(path)))


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file and leaves nothing beside it: with no `-wal`
    or `-shm` present the file is opened as immutable (SQLite would otherwise create both and
    leave them behind); with them present (another copy is open) as read-only."""
    uri = absolute(path).as_uri()
    idle = not any(side.exists() for side in side_files(path))
    return sqlite3.connect(f"{uri}?mode=ro{'&immutable=1' if idle else ''}", uri=True)


def side_files(path: Path) -> list[Path]:
    """The `-wal`, `-shm` and `-journal` files SQLite keeps beside `path`."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_SUFFIXES]
