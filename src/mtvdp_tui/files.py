"""Writing files the safe way: readable by the user only (0600), and all or nothing.

The data goes to a temporary file in the same folder, is flushed to disk, and then takes the
final name in one step, so a crash or a full disk never leaves half a file under that name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

SLUG_MAX = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: object) -> str:
    """`text` as a safe part of a file name: ASCII letters and digits joined by `-`, accents
    dropped, at most SLUG_MAX characters, never empty. No separator, dot, control character or
    look-alike letter survives, so data (a region's name, a practice's name or AGB) can never
    lead a file outside its folder or into a subfolder."""
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(char for char in plain if not unicodedata.combining(char)).lower()
    return _NOT_SLUG.sub("-", plain).strip("-")[:SLUG_MAX].strip("-") or "x"


def file_name(*parts: object, suffix: str) -> str:
    """The file name made of `parts`, each through `slug`, joined by `-`: the one way a file
    name is derived from data (`file_name("loting", region, seal, suffix=".json")`)."""
    return "-".join(slug(part) for part in parts) + suffix


def write_private(path: Path, data: bytes | str) -> Path:
    """Write `data` (text as UTF-8) to `path`, creating its folder; returns `path`."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.deel")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(partial, 0o600)  # O_CREAT's mode does not apply to a file that existed
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
