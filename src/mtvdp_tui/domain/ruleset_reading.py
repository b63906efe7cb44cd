"""Typed reading of a parsed TOML table: each value checked, each fault a `RulesetError`.

TOML has no null, so "missing" and "absent" are the same thing. Booleans are never numbers, and a
date-time or a quoted "2023-07-01" is never a date.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NoReturn

from mtvdp_tui.domain.ruleset_errors import RulesetError
from mtvdp_tui.domain.ruleset_validation import FIRST_DAY, LAST_DAY
from mtvdp_tui.formatting import listing
from mtvdp_tui.i18n import t

_SHOWN_TEXT_MAX = 40


def parse_toml(text: str, source: str) -> TomlTable:
    """The document's root table; a syntax error names tomllib's line and column."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(error, text, source) from None
    except RecursionError:
        raise RulesetError(source, None, t("ruleset.too_deep")) from None
    return TomlTable(data, source)


def _syntax_error(error: tomllib.TOMLDecodeError, text: str, source: str) -> RulesetError:
    detail, _, where = str(error).rpartition(" (at ")
    if not detail:
        return RulesetError(source, None, t("ruleset.syntax", detail=str(error)))
    line, column = _position(where.rstrip(")"), text)
    return RulesetError(source, None, t("ruleset.syntax", detail=detail), line=line, column=column)


def _position(where: str, text: str) -> tuple[int, int]:
    """(line, column) from tomllib's "line 3, column 7" or "end of document"."""
    if where.startswith("line "):
        line, _, column = where.removeprefix("line ").partition(", column ")
        if line.isdigit() and column.isdigit():
            return int(line), int(column)
    lines = text.splitlines() or [""]
    return len(lines), len(lines[-1]) + 1


def describe(value: object) -> str:
    """What was found instead, in Dutch: `tekst '50'`, `het getal 3`, `een lijst`."""
    if isinstance(value, bool):
        return t("ruleset.found.boolean", value="true" if value else "false")
    if isinstance(value, int):
        return t("ruleset.found.integer", value=value)
    if isinstance(value, float):
        return t("ruleset.found.float", value=value)
    if isinstance(value, str):
        shown = value if len(value) <= _SHOWN_TEXT_MAX else value[:_SHOWN_TEXT_MAX] + "…"
        return t("ruleset.found.text", value=shown)
    if isinstance(value, datetime):
        return t("ruleset.found.datetime", value=value.isoformat())
    if isinstance(value, date):
        return t("ruleset.found.date", value=value.isoformat())
    if isinstance(value, time):
        return t("ruleset.found.time", value=value.isoformat())
    if isinstance(value, list):
        return t("ruleset.found.list")
    return t("ruleset.found.table")


@dataclass(frozen=True)
class TomlTable:
    """One TOML table, with its dotted path for messages (`""` for the document itself)."""

    data: Mapping[str, object]
    source: str
    path: str = ""

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> NoReturn:
        raise RulesetError(self.source, self.key(name), problem)

    def has(self, name: str) -> bool:
        return name in self.data

    def only_keys(self, allowed: Collection[str]) -> None:
        """Reject keys this table does not know (usually a typo)."""
        for name in self.data:
            if name not in allowed:
                self.fail(name, t("ruleset.unknown_key", allowed=listing(allowed)))

    def holder_of(self, name: str) -> str | None:
        """The path of the sub-table or `[[block]]` that holds `name`, if any does."""
        for key, value in self.data.items():
            if isinstance(value, dict) and name in value:
                return self.key(key)
            blocks = value if isinstance(value, list) else []
            for number, block in enumerate(blocks, start=1):
                if isinstance(block, dict) and name in block:
                    return f"{self.key(key)}[{number}]"
        return None

    def _required(self, name: str) -> object:
        if name not in self.data:
            self.fail(name, t("ruleset.missing"))
        return self.data[name]

    def text(self, name: str) -> str:
        return self._check_text(name, self._required(name))

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None else self._check_text(name, value)

    def _check_text(self, name: str, value: object) -> str:
        """Text in NFC without spaces around; invisible control or format characters (a NUL,
        a zero-width space) are refused."""
        if not isinstance(value, str):
            self.fail(name, t("ruleset.type.text", found=describe(value)))
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            self.fail(name, t("ruleset.empty"))
        hidden = next((c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs")), None)
        if hidden is not None:
            self.fail(name, t("ruleset.text.invisible", code=f"U+{ord(hidden):04X}"))
        return text

    def integer(self, name: str, limits: tuple[int, int]) -> int:
        """A whole number within `limits` (minimum, maximum): every number has a sane range."""
        return self._check_integer(name, self._required(name), limits)

    def optional_integer(self, name: str, limits: tuple[int, int]) -> int | None:
        value = self.data.get(name)
        return None if value is None else self._check_integer(name, value, limits)

    def _check_integer(self, name: str, value: object, limits: tuple[int, int]) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, t("ruleset.type.integer", found=describe(value)))
        minimum, maximum = limits
        if not minimum <= value <= maximum:
            shown = str(value) if len(str(value)) <= 12 else f"{str(value)[:12]}…"
            self.fail(name, t("ruleset.range", minimum=minimum, maximum=maximum, value=shown))
        return value

    def boolean(self, name: str) -> bool:
        return self._check_boolean(name, self._required(name))

    def optional_boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name)
        return default if value is None else self._check_boolean(name, value)

    def _check_boolean(self, name: str, value: object) -> bool:
        if not isinstance(value, bool):
            self.fail(name, t("ruleset.type.boolean", found=describe(value)))
        return value

    def day(self, name: str) -> date:
        return self._check_day(name, self._required(name))

    def optional_day(self, name: str) -> date | None:
        value = self.data.get(name)
        return None if value is None else self._check_day(name, value)

    def _check_day(self, name: str, value: object) -> date:
        if not isinstance(value, date) or isinstance(value, datetime):
            self.fail(name, t("ruleset.type.date", found=describe(value)))
        if not FIRST_DAY <= value <= LAST_DAY:
            first, last = FIRST_DAY.isoformat(), LAST_DAY.isoformat()
            self.fail(name, t("ruleset.date_range", first=first, last=last, day=value.isoformat()))
        return value

    def table(self, name: str) -> TomlTable:
        value = self._required(name)
        if not isinstance(value, dict):
            self.fail(name, t("ruleset.type.table", found=describe(value)))
        return TomlTable(value, self.source, self.key(name))

    def optional_table(self, name: str) -> TomlTable | None:
        return self.table(name) if self.has(name) else None

    def tables(self, name: str) -> list[TomlTable]:
        """The `[[name]]` blocks, each with its path `name[1]`, `name[2]`, …; none when absent."""
        items = self.data.get(name, [])
        if not isinstance(items, list):
            self.fail(name, t("ruleset.type.tables", name=name, found=describe(items)))
        tables = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                self.fail(f"{name}[{number}]", t("ruleset.type.table", found=describe(item)))
            tables.append(TomlTable(item, self.source, f"{self.key(name)}[{number}]"))
        return tables

    def texts(self, name: str) -> list[str]:
        """A required list of non-empty strings, each checked as `name[1]`, `name[2]`, …"""
        items = self._required(name)
        if not isinstance(items, list):
            self.fail(name, t("ruleset.type.list", found=describe(items)))
        return [self._check_text(f"{name}[{n}]", item) for n, item in enumerate(items, start=1)]
