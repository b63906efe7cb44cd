"""One judgement of a practice's fields, for the form and the import alike (pure)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.import_reading import RawRow, has_control_characters
from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.domain.practice_entry import PracticeEntry, judge_practice
from mtvdp_tui.domain.practice_import import RowKind, plan_import
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
REGION = HOOG.regions[0]
# PracticeData field → the import's column
COLUMN = {
    "agb": "agb",
    "name": "naam",
    "region": "regio",
    "wijk": "wijk",
    "ion": "ion",
    "email": "email",
    "excluded_reason": "uitgesloten",
    "start_date": "startdatum",
}


def test_a_complete_entry_becomes_the_practice() -> None:
    entry = PracticeEntry(
        agb=" 01234567 ",
        name="  De   Linde ",
        region=REGION,
        wijk=" Noord  Oost ",
        ion="2.345",
        email="info@delinde.nl",
        preferred_moment=date(2023, 10, 1),
        survey_answered=True,
        excluded=False,
        excluded_reason="",
        start_date="01-10-2023",
        notes="  belt terug  ",
    )
    judgement = judge_practice(entry)
    assert judgement.errors == {}
    assert judgement.data == PracticeData(
        agb="01234567",
        name="De Linde",
        region=REGION,
        wijk="Noord Oost",
        ion=2345,
        email="info@delinde.nl",
        preferred_moment=date(2023, 10, 1),
        survey_answered=True,
        start_date=date(2023, 10, 1),
        notes="belt terug",
    )


def test_every_field_in_error_has_its_code_and_nothing_is_made() -> None:
    entry = PracticeEntry(agb="123", ion="veel", email="geen", start_date="02-10-2023")
    judgement = judge_practice(entry, base=None)
    assert judgement.data is None
    codes = {name: error.code for name, error in judgement.errors.items()}
    assert codes == {
        "agb": "field.agb.format",
        "name": "field.name.required",
        "region": "field.region.required",
        "ion": "field.ion.format",
        "email": "field.email.format",
        "start_date": "field.start_date.quarter",
    }
    assert str(judgement.errors["agb"]) == "AGB-code moet precies 8 cijfers zijn."


def test_an_excluded_practice_needs_a_reason() -> None:
    entry = PracticeEntry(agb="01234567", name="X", region=REGION, excluded=True)
    assert judge_practice(entry).errors["excluded_reason"].code == "field.excluded_reason.required"
    reason = judge_practice(PracticeEntry(**{**entry.__dict__, "excluded_reason": " KBZ "}))
    assert reason.data is not None and reason.data.excluded_reason == "KBZ"


def test_what_is_not_given_keeps_the_stored_value() -> None:
    stored = PracticeData(
        agb="01234567",
        name="De Linde",
        region=REGION,
        ion=2000,
        preferred_moment=date(2023, 7, 1),
        excluded=True,
        excluded_reason="KBZ",
        notes="n",
    )
    judgement = judge_practice(PracticeEntry(ion="2.100"), base=stored)
    assert judgement.data == PracticeData(**{**stored.__dict__, "ion": 2100})
    cleared = judge_practice(PracticeEntry(preferred_moment=None, excluded=False), base=stored)
    assert cleared.data is not None
    assert cleared.data.preferred_moment is None and cleared.data.excluded_reason == ""


def test_a_field_error_is_a_code_with_parameters() -> None:
    error = FieldError("field.agb.taken", agb="01234567")
    assert (error.code, error.params) == ("field.agb.taken", {"agb": "01234567"})
    assert str(error) == "AGB-code 01234567 is al in gebruik bij een andere praktijk."


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12).filter(
    lambda text: not has_control_characters(text)
)
_AGB = st.one_of(st.from_regex(r"[0-9]{7,9}", fullmatch=True), _TEXT)
_ION = st.one_of(st.integers(-5, 200_000).map(str), st.just("2.345"), _TEXT)
_DATE = st.one_of(
    st.dates(date(2022, 1, 1), date(2025, 12, 31)).map(lambda d: d.strftime("%d-%m-%Y")), _TEXT
)
_EMAIL = st.one_of(st.just("info@praktijk.nl"), st.just(""), _TEXT)
_REASON = st.one_of(st.just(""), st.just("Krachtige Basiszorg"), _TEXT).filter(
    lambda text: " ".join(text.split()).casefold() not in ("ja", "nee")  # the file's own error
)


@given(
    agb=_AGB,
    name=_TEXT,
    region=st.sampled_from(HOOG.regions),
    wijk=_TEXT,
    ion=_ION,
    email=_EMAIL,
    reason=_REASON,
    start=_DATE,
)
def test_the_form_and_the_import_agree_on_every_input(
    agb: str, name: str, region: str, wijk: str, ion: str, email: str, reason: str, start: str
) -> None:
    """The same texts typed in the form and written in a file: the same practice, or errors on
    the same fields with the same messages (the file's AGB message may add a hint)."""
    excluded = bool(reason.strip())
    form = judge_practice(
        PracticeEntry(
            agb=agb,
            name=name,
            region=region,
            wijk=wijk,
            ion=ion,
            email=email,
            preferred_moment=None,
            survey_answered=False,
            excluded=excluded,
            excluded_reason=reason,
            start_date=start,
            notes="",
        )
    )
    cells = {
        "agb": agb,
        "naam": name,
        "regio": region,
        "wijk": wijk,
        "ion": ion,
        "email": email,
        "uitgesloten": reason,
        "startdatum": start,
    }
    [row] = plan_import([RawRow(number=2, values=cells)], HOOG, {}).rows
    if form.data is not None:
        assert row.kind is RowKind.NIEUW and row.data == form.data
        return
    assert row.kind is RowKind.FOUT
    found = {error.column: error.message for error in row.errors}
    assert set(found) == {COLUMN[name] for name in form.errors}
    for name, error in form.errors.items():
        assert found[COLUMN[name]].startswith(str(error))
