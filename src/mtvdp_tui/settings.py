"""The user's settings: one small TOML file in the user config folder (platformdirs:
`~/.config/mtvdp-tui/instellingen.toml` on Linux, `~/Library/Application Support/mtvdp-tui/` on
macOS, `%LOCALAPPDATA%\\mtvdp-tui\\` on Windows).

    thema = "textual-dark"                  # remembered when changed in the app
    exportmap = "/home/anna/Documenten/mtvdp" # where the app saves documents and exports
    reservekopiemap = "/mnt/regio/mtvdp"    # where backups go (may be a network share)
    werkkopie_verouderd_na_dagen = 7        # a werkkopie not synchronised for longer: warned

Read with tomllib. A file with a mistake is reported in Dutch (the file and the line), the
defaults are used, and the program never writes over it: a change (a new theme) is then not
remembered, and the user is told so. Written to a temporary file that takes the name in one
step, readable by the user only.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from mtvdp_tui import APP_NAME
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch

SETTINGS_NAME = "instellingen.toml"
KEYS = {"thema": "theme", "exportmap": "export_folder", "reservekopiemap": "backup_folder"}
# whole numbers of days (setting → attribute, default, largest)
DAY_KEYS = {"werkkopie_verouderd_na_dagen": ("werkkopie_stale_days", 7, 3650)}
_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


def settings_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / SETTINGS_NAME


def default_export_dir() -> Path:
    """Where documents go unless `exportmap` says otherwise: `mtvdp` in the documents folder."""
    from platformdirs import user_documents_path

    return user_documents_path() / "mtvdp"


class SettingsError(Exception):
    """The settings could not be stored; the message is Dutch."""


@dataclass(frozen=True)
class Settings:
    """What the user chose (None: the default), where it came from, and what was wrong."""

    path: Path
    theme: str | None = None
    export_folder: Path | None = None
    backup_folder: Path | None = None
    werkkopie_stale_days: int = DAY_KEYS["werkkopie_verouderd_na_dagen"][1]
    problems: tuple[str, ...] = field(default=())  # Dutch, one per mistake found
    broken: bool = False  # the file could not be read: never written over

    def with_theme(self, theme: str) -> Settings:
        return replace(self, theme=theme)


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default `settings_file()`); a missing file means defaults."""
    path = path or settings_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(path)
    except OSError as error:
        problem = t("settings.unreadable", path=path, error=dutch(error))
        return Settings(path, problems=(problem,), broken=True)
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Settings(path, problems=(t("settings.not_utf8", path=path),), broken=True)
    except tomllib.TOMLDecodeError as error:
        found = _LINE.search(str(error))
        line = found.group(1) if found else "?"
        problem = t("settings.syntax", path=path, line=line)
        return Settings(path, problems=(problem,), broken=True)
    return _from_data(path, data, raw.decode("utf-8"))


def _from_data(path: Path, data: dict[str, object], text: str) -> Settings:
    values: dict[str, object] = {}
    problems = []
    for key, value in data.items():
        line = _line_of(text, key)
        if key in DAY_KEYS:
            attribute, _default, largest = DAY_KEYS[key]
            if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= largest:
                values[attribute] = value
            else:
                problems.append(t("settings.not_days", path=path, line=line, key=key))
        elif key not in KEYS:
            problems.append(t("settings.unknown_key", path=path, line=line, key=key))
        elif not isinstance(value, str) or not value.strip():
            problems.append(t("settings.not_text", path=path, line=line, key=key))
        elif key == "thema":
            values["theme"] = value.strip()
        else:
            values[KEYS[key]] = Path(value).expanduser()
    # a file with a mistake in it is the user's to correct: never rewritten by the program
    return Settings(path, problems=tuple(problems), broken=bool(problems), **values)  # type: ignore[arg-type]


def _line_of(text: str, key: str) -> int | str:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf'\s*"?{re.escape(key)}"?\s*=', line):
            return number
    return "?"


def save_settings(settings: Settings) -> None:
    """Write `settings` to its file in one step (0600). Refused (SettingsError) when the file
    had a mistake: the program does not silently replace what the user wrote."""
    if settings.broken:
        raise SettingsError(t("settings.not_saved_broken", path=settings.path))
    lines = [t("settings.header")]
    for key, attribute in KEYS.items():
        value = getattr(settings, attribute)
        if value is not None:
            lines.append(f"{key} = {toml_string(str(value))}")
    for key, (attribute, default, _largest) in DAY_KEYS.items():
        if getattr(settings, attribute) != default:
            lines.append(f"{key} = {getattr(settings, attribute)}")
    try:
        _write_atomically(settings.path, "\n".join(lines) + "\n")
    except OSError as error:
        raise SettingsError(
            t("settings.not_saved", path=settings.path, error=dutch(error))
        ) from error


def toml_string(value: str) -> str:
    """`value` as a TOML basic string (quotes, backslashes and control characters escaped)."""
    escaped = []
    for char in value:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04X}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.deel")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
