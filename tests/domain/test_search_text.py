"""Search ignores accents and case: the same folding for the stored key and the typed words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.search_text import fold, practice_key, search_words


def test_accents_and_case_do_not_count() -> None:
    assert fold("Dieën") == "dieen"
    assert fold("Zwolle") == "zwolle"
    assert fold("Straße") == "strasse"
    assert fold("Émile Zoë") == "emile zoe"
    assert fold("ﬁ") == "fi"  # a ligature is its letters
    assert "dieen" in practice_key("01000001", "Huisartsen Dieën", "Centrum")
    assert search_words("  DIËEN  zwolle ") == ["dieen", "zwolle"]


def test_folding_twice_changes_nothing_more() -> None:
    for text in ("Dieën", "İlker", "ǅ", "ΣΑΣ", "Ångström"):
        assert fold(fold(text)) == fold(text)


@given(st.text(max_size=40), st.data())
def test_the_fold_of_any_part_of_a_name_is_found_in_the_fold_of_the_name(name, data) -> None:
    start = data.draw(st.integers(0, len(name)))
    end = data.draw(st.integers(start, len(name)))
    assert fold(name[start:end]) in fold(name)
