"""Reading a file the user named, with bounded cost: regular files only, and only up to a limit.

`/dev/zero` would fill the memory and a FIFO would block forever, so the path is checked with
`os.stat` before it is opened, opened without blocking (a FIFO swapped in between the check and
the open still cannot hang), checked again on the open descriptor, and read in chunks that stop
one byte past the limit (a file that grows while it is read is still refused).

Every reader of user files (the practice import, `loting verify`, `--ruleset`) goes through
`read_bounded`; `FileRefused` carries a Dutch message naming the file and the limit. Errors of
the operating system (missing, no permission, a folder) are raised as the usual `OSError`s.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t

CHUNK = 1 << 20


class FileRefused(Exception):
    """A file that is not read: not a regular file, or larger than the limit.

    `str()` is a Dutch sentence naming the file; `reason` the same without the name, for a
    message that names the file itself (as the ruleset errors do)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(t("bestand.geweigerd", naam=name, reden=reason))
        self.reason = reason


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; raises FileRefused."""
    _check(path, os.stat(path), limit)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        _check(path, os.fstat(descriptor), limit)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(descriptor, min(CHUNK, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileRefused(path.name, too_large(limit))
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_head(path: Path, limit: int) -> bytes:
    """The first `limit` bytes of the regular file at `path` (all of it when it is smaller): to
    look at what a file is without reading it all. Raises as `read_bounded` does, but never for
    the size."""
    _check(path, os.stat(path), sys.maxsize)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        _check(path, os.fstat(descriptor), sys.maxsize)
        chunks: list[bytes] = []
        size = 0
        while size < limit and (chunk := os.read(descriptor, min(CHUNK, limit - size))):
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def too_large(limit: int) -> str:
    """Why a file over `limit` bytes is refused (Dutch, without the file's name)."""
    return t("bestand.te_groot", max=size_text(limit))


def size_text(size: int) -> str:
    """A byte count as a Dutch size (`20 MB`)."""
    if size >= 1 << 20:
        return f"{formatting.number(size // (1 << 20))} MB"
    if size >= 1 << 10:
        return f"{formatting.number(size // (1 << 10))} kB"
    return f"{formatting.number(size)} bytes"


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in Dutch ("een pijp (FIFO)", "een apparaat"):
    the one description every refusal of such a file uses (database, output, input)."""
    if stat.S_ISDIR(mode):
        return t("db.kind.folder")
    if stat.S_ISFIFO(mode):
        return t("db.kind.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("db.kind.device")
    if stat.S_ISSOCK(mode):
        return t("db.kind.socket")
    return t("db.kind.other")


def _check(path: Path, status: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(21, os.strerror(21), str(path))
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(path.name, t("bestand.niet_gewoon", soort=file_kind(status.st_mode)))
    if status.st_size > limit:
        raise FileRefused(path.name, too_large(limit))
