"""Numbers, money and dates the Dutch way (Babel, nl_NL). Money is always integer cents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date as _format_date
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from mtvdp_tui.i18n import t

LOCALE = "nl_NL"


@lru_cache(maxsize=4096)
def number(value: int | float) -> str:
    """12345 → '12.345'; 0.5 → '0,5'."""
    return format_decimal(value, locale=LOCALE)


def money(cents: int) -> str:
    """123456 → '€ 1.234,56'."""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def whole_euros(cents: int) -> str:
    """123456789 → '€ 1.234.568' (rounded to whole euros, for charts)."""
    return format_currency(
        round(Decimal(cents) / 100), "EUR", format="¤ #,##0", locale=LOCALE, currency_digits=False
    )


@lru_cache(maxsize=1024)
def short_date(day: date) -> str:
    """2023-07-01 → '1 jul 2023'."""
    return _format_date(day, "d MMM yyyy", locale=LOCALE)


def numeric_date(day: date) -> str:
    """2023-07-01 → '01-07-2023' (the form's input format)."""
    return day.strftime("%d-%m-%Y")


def listing(items: Iterable[str], *, alternatives: bool = False) -> str:
    """Items in a Dutch sentence: ['1', '2', '3'] → '1, 2 en 3'; with `alternatives` (to choose
    from) '1, 2 of 3'. Every list inside a Dutch text is joined here, never with a bare comma."""
    return format_list(list(items), style="or" if alternatives else "standard", locale=LOCALE)


def days(count: int) -> str:
    """1 → '1 dag', 12 → '12 dagen'."""
    return t("plan.rule.days.one" if count == 1 else "plan.rule.days.many", count=count)
