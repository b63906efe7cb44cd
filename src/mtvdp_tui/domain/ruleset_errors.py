"""The one error a ruleset file can produce, and finding the line a key is on.

A key is a dotted path as a person reads the file: `regeling.naam`, `regios[2]`,
`interventie[3].kernelement`. Indices count from 1, as one counts the `[[interventie]]` blocks.
"""

from __future__ import annotations

import re

from mtvdp_tui.i18n import t

_PATH = re.compile(r"([A-Za-z0-9_-]+)(?:\[([0-9]+)\])?(?:\.([A-Za-z0-9_-]+))?")
_HEADER = re.compile(r"\s*\[\[?\s*([A-Za-z0-9_-]+)\s*\]\]?\s*(?:#.*)?")


class RulesetError(Exception):
    """A ruleset that cannot be used: which file, which key (if any), and the Dutch problem."""

    def __init__(
        self,
        source: str,
        key: str | None,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.source = source
        self.key = key
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(self.message())

    def message(self) -> str:
        """The Dutch one-liner: file, key or line, problem."""
        if self.key is not None and self.line is not None:
            return t(
                "ruleset.error.key_line",
                source=self.source,
                key=self.key,
                line=self.line,
                problem=self.problem,
            )
        if self.key is not None:
            return t("ruleset.error.key", source=self.source, key=self.key, problem=self.problem)
        if self.line is not None and self.column is not None:
            return t(
                "ruleset.error.position",
                source=self.source,
                line=self.line,
                column=self.column,
                problem=self.problem,
            )
        return t("ruleset.error", source=self.source, problem=self.problem)

    def __str__(self) -> str:
        return self.message()

    def located_in(self, text: str) -> RulesetError:
        """The same error, with the line of its key in `text` when that can be found."""
        if self.key is None or self.line is not None:
            return self
        line = locate_line(text, self.key)
        if line is None:
            return self
        return RulesetError(self.source, self.key, self.problem, line=line)


def locate_line(text: str, key: str) -> int | None:
    """The 1-based line of `key` in the TOML `text`, best effort (None when not found)."""
    path = _PATH.fullmatch(key)
    if path is None:
        return None
    section, index, field = path.groups()
    lines = text.splitlines()
    header = _header_line(lines, section, int(index or 1))
    if header is None:
        return _assignment_line(lines, 0, section)
    if field is None:
        return header + 1
    return _assignment_line(lines, header + 1, field) or header + 1


def _header_line(lines: list[str], section: str, occurrence: int) -> int | None:
    """The 0-based line of the `occurrence`-th `[section]` or `[[section]]` header."""
    seen = 0
    for number, line in enumerate(lines):
        match = _HEADER.fullmatch(line)
        if match and match.group(1) == section:
            seen += 1
            if seen == occurrence:
                return number
    return None


def _assignment_line(lines: list[str], start: int, name: str) -> int | None:
    """The 1-based line assigning `name` in the block starting at `start` (until a header)."""
    assignment = re.compile(rf"\s*{re.escape(name)}\s*=")
    for number in range(start, len(lines)):
        if _HEADER.fullmatch(lines[number]):
            return None
        if assignment.match(lines[number]):
            return number + 1
    return None
