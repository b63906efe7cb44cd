"""Reading a file the user named, with bounded cost: regular files only, and only up to a limit.

`/dev/zero` would fill the memory and a FIFO would block forever, so the path is checked with
`os.stat` before it is opened, opened without blocking (a FIFO swapped in between the check and
the open still cannot hang), checked again on the open descriptor, and read in chunks that stop
one byte past the limit (a file that grows while it is read is still refused).

Every reader of user files (the practice import, `loting verify`, `--ruleset`) goes through
`read_bounded`; `FileRefused` carries a Dutch message naming the file and the limit. Errors of
the operating system (missing, no permission, a folder) are raised as the usual `OSError`s.

A path as the user gives it: pasted from Windows Explorer ("Kopiëren als pad" adds double
quotes), dropped into a terminal (macOS escapes spaces with a backslash, GNOME wraps the path in
single quotes) or copied from a browser as a `file://` address. `user_path` turns any of these
into the path meant; every place that takes a path from the user (the app's import field, the
command line's `--db`, `-o`, `import FILE`, `export FILE`, `loting verify FILE`, `--ruleset`)
uses it. A name is never mangled: text that names an existing file as it stands is taken
literally, so a file that really has a quote or a backslash in its name is still found.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


# --- a path as the user typed or pasted it --------------------------------------------------------

WINDOWS = os.name == "nt"
QUOTES = ('"', "'")
_SHELL_ESCAPE = re.compile(r"\\(.)", re.DOTALL)  # a backslash and the character it protects
_DOUBLE_QUOTED_ESCAPE = re.compile(r'\\([\\"$`])')  # inside "…" the shell unescapes only these
_DRIVE = re.compile(r"^/[A-Za-z]:")  # file:///C:/… on Windows


def path_text(text: str, *, windows: bool = WINDOWS) -> str:
    r"""The path in `text` without what a shell, Explorer or a browser added around it: the
    surrounding white space, one matching pair of quotes, shell escapes (not on Windows, where
    `\` is the separator) and a `file://` address's form (percent-escapes decoded)."""
    text = _strip(text, windows=windows)
    if text[:7].lower() == "file://":
        return _from_file_url(text, windows=windows)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in QUOTES:
        inner = text[1:-1]
        if windows:
            return inner
        if text[0] == "'":  # literal, but for a quote written as '\'' (GNOME) or '"'"' (shlex)
            return inner.replace("'\\''", "'").replace("'\"'\"'", "'")
        return _DOUBLE_QUOTED_ESCAPE.sub(r"\1", inner)
    if windows:
        return text
    return _SHELL_ESCAPE.sub(r"\1", text)


def user_path(text: str, *, windows: bool = WINDOWS) -> Path:
    """The path the user means by `text` (`~` expanded). When `text` as typed (or without the
    white space around it) names an existing file or folder, that is the path: a real name is
    never changed. Otherwise `path_text` takes off quotes, escapes and `file://`."""
    for literal in dict.fromkeys((text, text.strip())):
        if literal and os.path.lexists(os.path.expanduser(literal)):
            return Path(literal).expanduser()
    return Path(path_text(text, windows=windows)).expanduser()


def _strip(text: str, *, windows: bool) -> str:
    r"""`text` without white space around it; but a space escaped as `\ ` at its end stays."""
    text = text.lstrip()
    stripped = text.rstrip()
    escapes = len(stripped) - len(stripped.rstrip("\\"))
    if not windows and escapes % 2 == 1 and len(stripped) < len(text):
        return text[: len(stripped) + 1]
    return stripped


def _from_file_url(text: str, *, windows: bool) -> str:
    parts = urlsplit(text)
    path = unquote(parts.path)
    host = parts.netloc if parts.netloc.lower() != "localhost" else ""
    if not windows:
        return f"//{host}{path}" if host else path
    if host:  # file://server/share/x.csv: the network path \\server\share\x.csv
        return "\\\\" + host + path.replace("/", "\\")
    if _DRIVE.match(path):
        path = path[1:]
    return path.replace("/", "\\")
