"""The checksum's normaliser: one text per value, whichever engine handed it back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.store.transfer_checksum import TableChecksum, normalise, row_digest

moments = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(moments, offsets)
def test_one_instant_is_one_text_in_every_zone_and_naive_is_utc(moment, offset) -> None:
    text = normalise(moment)
    assert normalise(moment.astimezone(offset)) == text
    assert normalise(moment.replace(tzinfo=None)) == text


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(0, 99))
def test_a_number_is_one_text_whatever_its_type(whole, cents) -> None:
    exact = Decimal(whole) + Decimal(cents) / 100
    assert normalise(exact) == normalise(exact.quantize(Decimal("0.00001")))
    assert normalise(whole) == normalise(Decimal(whole)) == normalise(Decimal(f"{whole}.00"))
    assert normalise(float(whole)) == normalise(whole) or abs(whole) > 2**53


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@given(json_values)
def test_json_is_one_text_whatever_its_key_order(value) -> None:
    again = json.loads(json.dumps(value, sort_keys=True, indent=2))
    if isinstance(value, dict):
        again = dict(reversed(list(again.items())))
    assert normalise(again, is_json=True) == normalise(value, is_json=True)
    if value is not None:  # a JSON string or number is JSON, not the column's text or number
        assert normalise(value, is_json=True) != normalise(json.dumps(value))


def test_values_of_different_kinds_differ() -> None:
    kinds = [None, True, 1, "1", "true", date(2025, 1, 1), "2025-01-01", b"1", "", "\x00null"]
    assert len({normalise(value) for value in kinds}) == len(kinds)
    assert normalise(False) != normalise(0)


@given(st.lists(st.tuples(st.integers(), st.text(), st.booleans()), unique_by=lambda r: r[0]))
def test_a_table_checksum_ignores_row_order_but_not_content(rows) -> None:
    forward, backward = TableChecksum(), TableChecksum()
    for row in rows:
        forward.add(row)
    for row in reversed(rows):
        backward.add(row)
    assert forward.hexdigest() == backward.hexdigest()
    assert forward.rows == len(rows)
    if rows:
        changed = TableChecksum()
        for row in [(*rows[0][:2], not rows[0][2]), *rows[1:]]:
            changed.add(row)
        assert changed.hexdigest() != forward.hexdigest()


def test_values_never_run_together() -> None:
    assert row_digest(("ab", "c")) != row_digest(("a", "bc"))
