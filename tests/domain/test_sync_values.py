"""The outbox's values: encoded and decoded unchanged; a shape the program never writes is named."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.sync_values import SHAPES, decode, encode, shape_problem

PRACTICE = {
    "agb": "01000001",
    "name": "De Linde",
    "region": "Apeldoorn",
    "wijk": "",
    "email": None,
    "preferred_moment": date(2027, 1, 1),
    "survey_answered": True,
    "excluded": False,
    "excluded_reason": "",
    "start_date": None,
    "notes": "",
}


def test_what_the_program_writes_has_no_problem_and_comes_back_equal():
    for kind, values in [
        ("praktijk", PRACTICE),
        ("ion", {"ion": 2500}),
        ("praktijkplan", {"status": "concept", "submitted_on": None, "content": "{}"}),
    ]:
        assert shape_problem(kind, values) is None
        assert decode(kind, encode(values)) == values
        assert shape_problem(kind, None) is None


@given(
    name=st.sampled_from(sorted(PRACTICE)),
    value=st.one_of(st.integers(), st.booleans(), st.floats(), st.lists(st.integers()), st.none()),
)
def test_a_field_of_the_wrong_type_is_a_problem(name, value):
    allowed = SHAPES["praktijk"][name]
    fits = isinstance(value, allowed) and (bool in allowed) == isinstance(value, bool)
    changed = {**PRACTICE, name: value}
    assert (shape_problem("praktijk", changed) is None) == fits


@given(st.integers())
def test_an_ion_is_a_whole_number_in_range(ion):
    assert (shape_problem("ion", {"ion": ion}) is None) == (0 <= ion <= 1_000_000)


def test_missing_or_extra_fields_and_unknown_kinds_are_problems():
    assert shape_problem("praktijk", {k: v for k, v in PRACTICE.items() if k != "name"})
    assert shape_problem("ion", {"ion": 1, "extra": 2})
    assert shape_problem("loting", {"x": 1})
    assert shape_problem("praktijk", {**PRACTICE, "agb": "0100000A"})
    assert shape_problem("praktijkplan", {"status": "weg", "submitted_on": None, "content": ""})
