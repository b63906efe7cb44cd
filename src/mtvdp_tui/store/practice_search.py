"""The register's search in SQL: the conditions, the order, and the statements for a page and for
the totals per region.

The register runs these on every keystroke of a search. Each statement is built once per shape
of query (and its compiled SQL cached by SQLAlchemy); only the bound values change.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.sql import ColumnElement

from mtvdp_tui.domain.search_text import order_key, practice_key, search_words
from mtvdp_tui.records.practices import PracticeQuery, SortKey
from mtvdp_tui.store.tables import Practice, Region, table_of

P = table_of(Practice)
R = table_of(Region)

ROW_COLUMNS = (
    P.c.id,
    P.c.agb,
    P.c.name,
    R.c.name.label("region"),
    P.c.wijk,
    P.c.ion,
    P.c.preferred_moment,
    P.c.survey_answered,
    P.c.excluded,
    P.c.start_date,
    P.c.stop_date,
)


def search_key(agb: str, name: str, wijk: str) -> str:
    """The stored key the search words are looked for in (accents and case folded)."""
    return practice_key(agb, name, wijk)


def derived_values(agb: str, name: str, wijk: str) -> dict[str, str]:
    """The columns kept from a practice's AGB, name and wijk, for every write that sets them:
    the search key and the keys the lists order by."""
    return {
        "search_key": search_key(agb, name, wijk),
        "name_key": order_key(name),
        "wijk_key": order_key(wijk),
    }


def like_pattern(word: str) -> str:
    """`word` anywhere, LIKE's wildcards in it taken literally (escape character `\\`)."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def practice_conditions(text: str, region: str | None) -> list[ColumnElement[bool]]:
    """Every search word in the practice's AGB, name or wijk (accents and case folded), and
    the region if given."""
    conditions: list[ColumnElement[bool]] = [
        P.c.search_key.like(like_pattern(word), escape="\\") for word in _search_words(text)
    ]
    if region:
        conditions.append(R.c.name == region)
    return conditions


def page_statement(
    query: PracticeQuery, offset: int, limit: int
) -> tuple[Select[Any], dict[str, object]]:
    """The statement for one page of `query`'s rows (`ROW_COLUMNS`), and its values."""
    statement = _page_statement(*_search_shape(query), query.sort, query.descending)
    return statement, {**_search_values(query), "offset": offset, "limit": limit}


def totals_statement(query: PracticeQuery) -> tuple[Select[Any], dict[str, object]]:
    """The statement for (region, practices, ION) of the regions `query` finds, and its values."""
    return _totals_statement(*_search_shape(query)), _search_values(query)


def _search_words(text: str) -> list[str]:
    return search_words(text)


def _search_shape(query: PracticeQuery) -> tuple[int, bool]:
    """What the statement of `query` depends on: the number of search words, and a region."""
    return len(_search_words(query.text)), bool(query.region)


def _search_values(query: PracticeQuery) -> dict[str, object]:
    """The values bound into the statement of `query`'s shape: see `_search_conditions`."""
    words = _search_words(query.text)
    values: dict[str, object] = {f"word_{n}": like_pattern(word) for n, word in enumerate(words)}
    if query.region:
        values["region"] = query.region
    return values


def _search_conditions(words: int, region: bool) -> list[ColumnElement[bool]]:
    """As `practice_conditions`, with the words and region left as bound parameters."""
    conditions: list[ColumnElement[bool]] = [
        P.c.search_key.like(bindparam(f"word_{n}"), escape="\\") for n in range(words)
    ]
    if region:
        conditions.append(R.c.name == bindparam("region"))
    return conditions


def _order(sort: SortKey, descending: bool) -> list[ColumnElement[Any]]:
    status = case(
        (P.c.excluded, 4),
        (P.c.stop_date.is_not(None), 3),
        (P.c.start_date.is_not(None), 2),
        else_=1,
    )
    keys: dict[SortKey, list[ColumnElement[Any]]] = {
        SortKey.AGB: [P.c.agb],
        SortKey.NAME: [P.c.name_key],  # read in order from ix_practice_name_search
        SortKey.REGION: [R.c.position, P.c.name_key],
        SortKey.WIJK: [P.c.wijk_key, P.c.name_key],
        SortKey.ION: [P.c.ion.is_(None), P.c.ion],
        SortKey.PREFERENCE: [P.c.preferred_moment.is_(None), P.c.preferred_moment],
        # No start date last on both engines (SQLite puts NULL first, PostgreSQL last).
        SortKey.STATUS: [status, P.c.start_date.is_(None), P.c.start_date],
    }
    chosen = keys[sort]
    if descending:
        chosen = [key.desc() for key in chosen]
    return [*chosen, P.c.id]


@lru_cache(maxsize=64)
def _page_statement(words: int, region: bool, sort: SortKey, descending: bool) -> Select[Any]:
    return (
        select(*ROW_COLUMNS)
        .select_from(P.join(R))
        .where(*_search_conditions(words, region))
        .order_by(*_order(sort, descending))
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )


def position_statement(
    query: PracticeQuery, practice_id: int
) -> tuple[Select[Any], dict[str, object]]:
    """The statement for the place (from 0) of `practice_id` among `query`'s rows in its order:
    no row when `query` does not find it."""
    statement = _position_statement(*_search_shape(query), query.sort, query.descending)
    return statement, {**_search_values(query), "practice_id": practice_id}


@lru_cache(maxsize=64)
def _position_statement(words: int, region: bool, sort: SortKey, descending: bool) -> Select[Any]:
    place = func.row_number().over(order_by=_order(sort, descending)) - 1
    ranked = (
        select(P.c.id.label("id"), place.label("place"))
        .select_from(P.join(R))
        .where(*_search_conditions(words, region))
        .subquery()
    )
    return select(ranked.c.place).where(ranked.c.id == bindparam("practice_id"))


@lru_cache(maxsize=16)
def _totals_statement(words: int, region: bool) -> Select[Any]:
    return (
        select(R.c.name, func.count(P.c.id), func.coalesce(func.sum(P.c.ion), 0))
        .select_from(P.join(R))
        .where(*_search_conditions(words, region))
        .group_by(R.c.name)
    )
