"""The form's three-way merge: nothing typed is lost, nothing they saved is overwritten unseen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.merge import three_way

FIELDS = ("agb", "name", "wijk", "survey")
values = st.one_of(st.sampled_from(["", "Emst", "Vaassen-Noord", "Apeldoorn"]), st.booleans())
states = st.fixed_dictionaries({field: values for field in FIELDS})


def test_the_lead_s_case_mine_theirs_and_both() -> None:
    base = {"wijk": "Vaassen", "email": "", "name": "De Linde"}
    mine = {"wijk": "Emst", "email": "info@linde.nl", "name": "De Linde"}
    theirs = {"wijk": "Vaassen-Noord", "email": "", "name": "Huisartsen De Linde"}
    merged = three_way(base, mine, theirs)
    assert merged.values == {
        "wijk": "Vaassen-Noord",
        "email": "info@linde.nl",
        "name": "Huisartsen De Linde",
    }
    assert merged.conflicts == {"wijk": "Emst"}


@given(states, states, states)
def test_nothing_of_mine_is_lost_and_nothing_of_theirs_is_dropped_unseen(base, mine, theirs):
    merged = three_way(base, mine, theirs)
    for field in FIELDS:
        shown = merged.values[field]
        if mine[field] != base[field]:  # typed here: shown, or kept beside theirs
            assert mine[field] in (shown, merged.conflicts.get(field, shown))
        if theirs[field] != base[field]:  # they changed it: theirs is shown
            assert shown == theirs[field]
        elif mine[field] != base[field]:  # only I changed it: mine is shown, no conflict
            assert shown == mine[field] and field not in merged.conflicts
        if field in merged.conflicts:
            assert base[field] != mine[field] != theirs[field] != base[field]


@given(states, states)
def test_without_their_change_the_form_keeps_what_i_typed(base, mine):
    merged = three_way(base, mine, base)
    assert merged.values == mine and merged.conflicts == {}
