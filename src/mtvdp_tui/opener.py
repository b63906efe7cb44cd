"""Open a file the program saved with the system's own viewer (a browser for HTML, Excel or
LibreOffice for a spreadsheet): the one place that knows how, per operating system.

Windows: `os.startfile`; macOS: `open`; elsewhere `xdg-open`, and for an HTML page without
`xdg-open` Python's `webbrowser`. Returns at once: the viewer runs on its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import webbrowser
from pathlib import Path


class NoViewerError(Exception):
    """The system has no program to open the file with (`command` is missing)."""

    def __init__(self, command: str) -> None:
        super().__init__(command)
        self.command = command


def open_document(path: Path) -> None:
    """Show `path` with the application the system associates with it. NoViewerError when
    there is none; OSError when the system refuses."""
    target = Path(path).resolve()
    if sys.platform == "win32":
        os.startfile(target)  # type: ignore[attr-defined]  # Windows only
        return
    command = "open" if sys.platform == "darwin" else "xdg-open"
    program = shutil.which(command)
    if program is None:
        if target.suffix.lower() in {".html", ".htm"} and webbrowser.open(target.as_uri()):
            return
        raise NoViewerError(command)
    subprocess.Popen(  # a fixed program and one path argument: no shell
        [program, str(target)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the viewer outlives the app and never draws in its terminal
    )
