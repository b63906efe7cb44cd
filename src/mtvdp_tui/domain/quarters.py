"""Calendar quarters: peildatums and instroommomenten are always the first day of one."""

from __future__ import annotations

from datetime import date


def quarter_start(day: date) -> date:
    """The first day of the quarter containing `day` (its peildatum)."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def is_quarter_start(day: date) -> bool:
    return day == quarter_start(day)
