"""The register's search against a model in Python: which practices match, in which order, with
which totals — whatever the words, wildcards, case, region, order and page (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.search_text import fold, order_key
from mtvdp_tui.records.practices import PracticeQuery, PracticeRow, SortKey
from tests.conftest import open_test_database

BOTH_ENGINES = True  # see tests/engines.py

# Names that differ only in case or accents (ties, broken by id), beyond ASCII, and with LIKE's
# wildcards and escape character in them; every third practice in another region.
NAMES = (
    "Huisartsenpraktijk De Linde",
    "huisartsenpraktijk de linde",
    "HUISARTSENPRAKTIJK DE LINDE",
    "Gezondheidscentrum Osseveld",
    "Huisarts Émile",
    "huisarts émile",
    "Praktijk Straße",
    "Praktijk STRASSE",
    "100% Zorg",
    "A_B Huisartsen",
    "Back\\slash",
    "Zoë en Ømer",
    "İlker Huisarts",
    "Huisartsen Dieën",
    "de Berg",
    "De Bergen",
    "Bergzicht",
)
WIJKEN = ("Zuidbroek", "Osseveld", "", "De Maten", "50%_wijk", "Zevenhuizen")
REGIONS = ("Apeldoorn", "Zutphen", "Oost-Achterhoek")
# Search words: pieces of the names and wijken in any case (so that most searches find
# something), or a few characters from letters, digits, wildcards and non-ASCII letters whose
# case folding differs (ß → ss, İ → i̇).
PIECES = sorted(
    {
        text[start:end]
        for text in (*NAMES, *WIJKEN)
        for start in range(len(text))
        for end in range(start + 1, min(start + 6, len(text)) + 1)
        if " " not in text[start:end]
    }
)
ALPHABET = "aAbBdDeEgGhHiIlLnNrRsSzZéÉëßİø%_\\0123"
CASES = (str, str.upper, str.lower, str.swapcase)
words = st.one_of(
    st.builds(lambda piece, case: case(piece), st.sampled_from(PIECES), st.sampled_from(CASES)),
    st.text(ALPHABET, min_size=1, max_size=3),
)


def data(number: int) -> PracticeData:
    return PracticeData(
        agb=f"0{number + 1:07d}",
        name=NAMES[number % len(NAMES)],
        region=REGIONS[number % 3],
        wijk=WIJKEN[number % len(WIJKEN)],
        ion=None if number % 7 == 0 else 1000 + 13 * number,
        preferred_moment=None if number % 4 == 0 else date(2027, 1 + number % 12, 1),
        excluded=number % 11 == 0,
    )


def matches(practice: PracticeData, query: PracticeQuery) -> bool:
    """The search as the user sees it: every word, accents and case folded, in the AGB, name
    or wijk."""
    key = fold(f"{practice.agb} {practice.name} {practice.wijk}")
    words = fold(query.text).split()
    return all(word in key for word in words) and query.region in (None, practice.region)


queries = st.builds(
    PracticeQuery,
    text=st.lists(words, max_size=2).map(" ".join),
    region=st.sampled_from((None, *REGIONS)),
    sort=st.sampled_from(SortKey),
    descending=st.booleans(),
)


def test_search_totals_order_and_pages_match_the_model(tmp_path) -> None:
    database = open_test_database(tmp_path / "zoeken.sqlite")
    stored = {database.practices.create(data(n)): data(n) for n in range(48)}
    repository = database.practices

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(query=queries, offset=st.integers(0, 50), limit=st.integers(1, 20))
    @example(query=PracticeQuery(text="straße"), offset=0, limit=20)  # casefold: ß is ss
    @example(query=PracticeQuery(text="dieen"), offset=0, limit=20)  # accents do not count
    @example(query=PracticeQuery(text="EMILE"), offset=0, limit=20)
    @example(query=PracticeQuery(text="100%"), offset=0, limit=20)  # wildcards are literal
    @example(query=PracticeQuery(text="a_b"), offset=0, limit=20)
    @example(query=PracticeQuery(text="k\\s"), offset=0, limit=20)
    @example(query=PracticeQuery(text="LINDE", descending=True), offset=1, limit=2)  # ties
    def check(query: PracticeQuery, offset: int, limit: int) -> None:
        expected = {pid for pid, practice in stored.items() if matches(practice, query)}
        everything: list[PracticeRow] = repository.page(query, 0, len(stored) + 1)
        assert {row.id for row in everything} == expected
        assert repository.page(query, offset, limit) == everything[offset : offset + limit]
        if query.sort is SortKey.NAME:  # the order that an index supplies: name, then id
            by_id = sorted(everything, key=lambda row: row.id)
            order = sorted(by_id, key=lambda row: order_key(row.name), reverse=query.descending)
            assert everything == order
        totals = {total.region: total for total in repository.totals(query)}
        assert list(totals) == ([query.region] if query.region else list(REGIONS))
        for region, total in totals.items():
            found = [stored[pid] for pid in expected if stored[pid].region == region]
            assert total.practices == len(found)
            assert total.ion == sum(practice.ion or 0 for practice in found)

    try:
        check()
    finally:
        database.close()


def test_by_status_no_start_date_comes_last_within_a_status_on_both_engines(database) -> None:
    """SQLite puts NULL first and PostgreSQL last: the order says which, the same on both."""
    practices = database.practices
    new = practices.create(PracticeData(agb="01000001", name="Nieuw", region="Zutphen"))
    started = practices.create(
        PracticeData(agb="01000002", name="Gestart", region="Zutphen", start_date=date(2024, 1, 1))
    )
    excluded = practices.create(
        PracticeData(agb="01000003", name="Uit", region="Zutphen", excluded=True)
    )
    excluded_started = practices.create(
        PracticeData(
            agb="01000004", name="Uit na start", region="Zutphen", excluded=True,
            start_date=date(2024, 4, 1),
        )
    )  # fmt: skip

    def order(descending: bool) -> list[int]:
        query = PracticeQuery(sort=SortKey.STATUS, descending=descending)
        return [row.id for row in practices.page(query, 0, 10)]

    assert order(False) == [new, started, excluded_started, excluded]
    assert order(True) == [excluded, excluded_started, started, new]
