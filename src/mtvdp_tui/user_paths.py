r"""A path as the user gives it: pasted from Windows Explorer ("Kopiëren als pad" adds double
quotes), dropped into a terminal (macOS escapes spaces as `\ `, GNOME wraps the path in single
quotes) or copied from a browser as a `file://` address. `user_path` turns any of these into the
path meant; every place that takes a path from the user (the app's import field, the command
line's `--db`, `-o`, `import FILE`, `export FILE`, `loting verify FILE`, `--ruleset`) uses it.

A name is never mangled: text that names an existing file as it stands is taken literally, so
a file that really has a quote or a backslash in its name is still found.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
