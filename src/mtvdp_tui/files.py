"""Writing files the safe way: readable by the user only (0600), and all or nothing.

The data goes to a temporary file in the same folder, is flushed to disk, and then takes the
final name in one step, so a crash or a full disk never leaves half a file under that name.
"""

from __future__ import annotations

import os
from pathlib import Path


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
