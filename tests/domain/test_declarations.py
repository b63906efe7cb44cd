"""The declaration overview (SPEC §6): quarters, participation, ION used, tariff, totals, status."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui import formatting
from mtvdp_tui.domain.declaration_status import (
    TE_DECLAREREN,
    DeclarationStatus,
    StatusError,
    StatusRecord,
    can_change,
    change_status,
    change_statuses,
)
from mtvdp_tui.domain.declarations import (
    DeclarationFlag,
    DeclarationPractice,
    IonRecord,
    Quarter,
    QuarterError,
    amount_cents,
    ion_for,
    programme_quarters,
    quarter_overview,
    takes_part,
    totals_per_quarter,
)
from mtvdp_tui.domain.ruleset import Payer, TariffPeriod
from mtvdp_tui.domain.ruleset_loader import load_preset
from mtvdp_tui.i18n import t

HOOG = load_preset("hoog-2023")
ROHA = load_preset("roha-2023")
Q3_2023, Q4_2023, Q1_2024 = Quarter(2023, 3), Quarter(2023, 4), Quarter(2024, 1)
TODAY = date(2024, 6, 1)
S = DeclarationStatus


def practice(
    id: int = 1,
    *,
    region: str = "Apeldoorn",
    start: date | None = date(2023, 7, 1),
    ion: tuple[tuple[date, int], ...] = ((date(2023, 7, 1), 1000),),
    **other: object,
) -> DeclarationPractice:
    records = tuple(IonRecord(day, value) for day, value in ion)
    fields = {"agb": f"0100{id:04d}", "name": f"Praktijk {id}", "stop_date": None} | other
    return DeclarationPractice(
        id=id,
        region=region,
        start_date=start,
        ion_records=records,
        **fields,  # type: ignore[arg-type]
    )


def overview(practices, quarter=Q1_2024, statuses=None, ruleset=HOOG):
    return quarter_overview(ruleset, practices, quarter, statuses or {})


def only_row(practices, quarter=Q1_2024, statuses=None, ruleset=HOOG):
    (row,) = overview(practices, quarter, statuses, ruleset).rows
    return row


def test_rows_are_ordered_by_name_as_the_lists_are_accents_and_case_not_counting() -> None:
    names = ["Zwaluw", "Éénhoorn", "de Berg", "Bergzicht", "De Berg", "eenhoorn"]
    rows = overview([practice(n, name=name) for n, name in enumerate(names, 1)]).rows
    assert [row.name for row in rows] == [
        "Bergzicht", "de Berg", "De Berg", "Éénhoorn", "eenhoorn", "Zwaluw"
    ]  # fmt: skip


# --- quarters -------------------------------------------------------------------------------------


def test_quarter_days_labels_and_neighbours() -> None:
    q = Quarter.parse("2024-Q1")
    assert q == Q1_2024
    assert (q.first_day, q.last_day) == (date(2024, 1, 1), date(2024, 3, 31))
    assert Quarter(2024, 2).last_day == date(2024, 6, 30)
    assert Quarter(2024, 3).last_day == date(2024, 9, 30)
    assert Quarter(2024, 4).last_day == date(2024, 12, 31)
    assert (q.label, str(q), q.dutch_label) == ("2024-Q1", "2024-Q1", "1e kwartaal 2024")
    assert q.previous() == Quarter(2023, 4) and q.previous().next() == q
    assert Quarter(2024, 4).next() == Quarter(2025, 1)
    assert Quarter.containing(date(2024, 3, 31)) == q
    assert Quarter.containing(date(2024, 4, 1)) == Quarter(2024, 2)
    assert Quarter.parse(" 2024q3 ") == Quarter.parse("2024 Q3") == Quarter(2024, 3)
    assert sorted([Quarter(2024, 1), Quarter(2023, 4)]) == [Quarter(2023, 4), Quarter(2024, 1)]


@pytest.mark.parametrize("text", ["2024-Q5", "2024-Q0", "Q1-2024", "24-Q1", "", "alles", "0000-Q1"])
def test_a_quarter_that_is_not_one_is_refused_in_dutch(text: str) -> None:
    with pytest.raises(QuarterError) as error:
        Quarter.parse(text)
    assert str(error.value) == t("declaraties.fout.kwartaal", tekst=text.strip())
    assert "schrijf het als 2024-Q1" in str(error.value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_lies_in_its_quarter(day: date) -> None:
    quarter = Quarter.containing(day)
    assert quarter.first_day <= day <= quarter.last_day
    assert quarter.next().first_day == quarter.last_day + timedelta(days=1)
    assert Quarter.parse(quarter.label) == quarter


@pytest.mark.parametrize("ruleset", [HOOG, ROHA], ids=["hoog", "roha"])
def test_programme_runs_from_the_first_moment_to_the_end_of_the_last_tariff(ruleset) -> None:
    labels = [q.label for q in programme_quarters(ruleset)]
    assert labels == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


# --- who takes part -------------------------------------------------------------------------------


def test_a_start_on_the_first_day_of_the_quarter_counts_one_day_later_does_not() -> None:
    on_time = practice(1, start=date(2024, 1, 1))
    a_day_late = practice(2, start=date(2024, 1, 2))
    assert [r.practice_id for r in overview([on_time, a_day_late]).rows] == [1]
    assert [r.practice_id for r in overview([on_time, a_day_late], Quarter(2024, 2)).rows] == [1, 2]
    assert [r.practice_id for r in overview([on_time, a_day_late], Q4_2023).rows] == []


def test_practices_without_a_start_date_or_excluded_do_not_take_part() -> None:
    assert overview([practice(1, start=None), practice(2, excluded=True)]).rows == ()
    assert not takes_part(practice(excluded=True), Q1_2024)


def test_a_stopped_practice_takes_part_until_its_stop_date() -> None:
    stops_on_the_first_day = practice(1, stop_date=date(2024, 1, 1))
    stops_during_the_quarter = practice(2, stop_date=date(2024, 1, 2))
    rows = overview([stops_on_the_first_day, stops_during_the_quarter]).rows
    assert [r.practice_id for r in rows] == [2]
    assert takes_part(stops_on_the_first_day, Q4_2023)
    assert not takes_part(stops_during_the_quarter, Quarter(2024, 2))


def test_rows_follow_the_ruleset_regions_then_the_name() -> None:
    practices = [
        practice(1, region="Zutphen", name="Beek"),
        practice(2, region="Apeldoorn", name="zuid"),
        practice(3, region="Apeldoorn", name="Anker"),
        practice(4, region="Elders", name="Aa"),
    ]
    rows = overview(practices).rows
    assert [r.practice_id for r in rows] == [3, 2, 1, 4]


# --- the ION used ---------------------------------------------------------------------------------


def test_the_record_for_the_peildatum_is_used_even_after_a_mid_quarter_change() -> None:
    records = (
        (date(2023, 10, 1), 1000),
        (date(2023, 11, 15), 1200),  # a change in the middle of 2023-Q4
        (date(2024, 1, 1), 1300),
    )
    p = practice(ion=records)
    q4 = only_row([p], Q4_2023)
    assert (q4.ion, q4.ion_peildatum, q4.flags) == (1000, date(2023, 10, 1), ())
    q1 = only_row([p])
    assert (q1.ion, q1.ion_peildatum, q1.flags) == (1300, date(2024, 1, 1), ())


def test_without_a_record_for_the_peildatum_the_latest_earlier_one_is_used_and_flagged() -> None:
    p = practice(ion=((date(2023, 10, 1), 1000), (date(2023, 11, 15), 1200)))
    row = only_row([p])
    assert (row.ion, row.ion_peildatum) == (1200, date(2023, 11, 15))
    assert row.flags == (DeclarationFlag.ION_OUDER,)
    assert row.remark == "ION ouder dan het kwartaal"


def test_with_only_later_records_the_earliest_later_one_is_used_and_flagged() -> None:
    p = practice(ion=((date(2024, 7, 1), 1500), (date(2024, 4, 1), 1400))[::-1])
    row = only_row([p])
    assert (row.ion, row.ion_peildatum) == (1400, date(2024, 4, 1))
    assert row.flags == (DeclarationFlag.ION_LATER,)
    assert row.amount_cents == 1400 * 314


def test_plain_tuples_work_as_ion_records() -> None:
    records = ((date(2023, 7, 1), 900), (date(2024, 1, 1), 950))
    assert ion_for(records, date(2023, 10, 1)) == (
        (date(2023, 7, 1), 900),
        DeclarationFlag.ION_OUDER,
    )
    assert ion_for(records, date(2024, 1, 1)) == ((date(2024, 1, 1), 950), None)
    assert ion_for((), date(2024, 1, 1)) == (None, DeclarationFlag.GEEN_ION)


def test_a_practice_without_ion_has_no_amount_and_is_counted_apart() -> None:
    result = overview([practice(1, ion=()), practice(2, ion=((date(2024, 1, 1), 2000),))])
    row = result.rows[0]
    assert (row.ion, row.ion_peildatum, row.amount_cents) == (None, None, None)
    assert row.flags == (DeclarationFlag.GEEN_ION,)
    assert row.tariff_cents == 314  # the tariff is known; only the ION is missing
    overall = result.overall
    assert (overall.practices, overall.ion, overall.without_ion) == (2, 2000, 1)
    assert overall.amount_cents == 2000 * 314


def test_an_overdue_plan_is_flagged_first() -> None:
    row = only_row([practice(plan_overdue=True, ion=())])
    assert row.flags == (DeclarationFlag.PLAN_TE_LAAT, DeclarationFlag.GEEN_ION)
    assert row.remark == "plan te laat; geen ION"


# --- tariff, payer, amount ------------------------------------------------------------------------


def test_the_tariff_switches_from_2_96_to_3_14_in_2024() -> None:
    p = practice(ion=((date(2023, 7, 1), 1000),))
    q4, q1 = only_row([p], Q4_2023), only_row([p], Q1_2024)
    assert (formatting.money(q4.tariff_cents), formatting.money(q1.tariff_cents)) == (
        "€\xa02,96",
        "€\xa03,14",
    )
    assert (q4.amount_cents, q1.amount_cents) == (296_000, 314_000)
    assert formatting.money(q1.amount_cents) == "€\xa03.140,00"
    assert q4.payer is q1.payer is Payer.ZORGVERZEKERAAR


def test_roha_pays_itself_in_2023_and_practices_declare_from_2024() -> None:
    p = practice(region="Amsterdam")
    assert only_row([p], Q3_2023, ruleset=ROHA).payer is Payer.ORGANISATIE
    assert only_row([p], Q4_2023, ruleset=ROHA).payer is Payer.ORGANISATIE
    assert only_row([p], Q1_2024, ruleset=ROHA).payer is Payer.ZORGVERZEKERAAR


def test_a_quarter_without_a_tariff_has_no_amount_never_zero() -> None:
    only_2023 = dataclasses.replace(HOOG, tariffs=HOOG.tariffs[:1])
    practices = [practice(1), practice(2, region="Zutphen", ion=())]
    result = overview(practices, Q1_2024, ruleset=only_2023)
    assert result.tariff is None
    for row in result.rows:
        assert (row.tariff_cents, row.amount_cents, row.payer) == (None, None, None)
        assert DeclarationFlag.TARIEF_ONBEKEND in row.flags
    assert "tarief onbekend" in result.rows[0].remark
    totals = [result.overall, *result.regions.values(), *result.by_status.values()]
    assert all(total.amount_cents is None for total in totals)
    assert result.overall.ion == 1000  # the ION is still known
    empty = overview([], Q1_2024, ruleset=only_2023)
    assert empty.overall.amount_cents is None


def test_totals_per_quarter_show_the_unknown_quarter_as_unknown() -> None:
    only_2023 = dataclasses.replace(HOOG, tariffs=HOOG.tariffs[:1])
    per_quarter = totals_per_quarter(only_2023, [practice()], {})
    assert [(q.quarter.label, q.overall.amount_cents) for q in per_quarter] == [
        ("2023-Q3", 296_000),
        ("2023-Q4", 296_000),
    ]
    per_quarter = totals_per_quarter(_with_gap(), [practice()], {})
    assert [q.overall.amount_cents for q in per_quarter] == [296_000, None, 314_000]


def _with_gap():
    """A ruleset whose 2023-Q4 has no tariff."""
    return dataclasses.replace(
        HOOG,
        tariffs=(
            TariffPeriod(date(2023, 7, 1), date(2023, 9, 30), 296, Payer.ORGANISATIE),
            TariffPeriod(date(2024, 1, 1), date(2024, 3, 31), 314, Payer.ORGANISATIE),
        ),
    )


@pytest.mark.parametrize(
    ("ion", "tariff", "expected"),
    [
        (1, Decimal("0.5"), 1),  # 0.5 → 1 (half-up, not to even)
        (5, Decimal("0.5"), 3),  # 2.5 → 3
        (3, Decimal("0.5"), 2),  # 1.5 → 2
        (1, Decimal("296.49"), 296),
        (1, Decimal("296.5"), 297),
        (1000, Decimal("2.9605"), 2961),  # 2960.5 → 2961
        (1234, 314, 387_476),
        (0, 314, 0),
    ],
)
def test_amounts_are_rounded_half_up_to_whole_cents(ion: int, tariff, expected: int) -> None:
    assert amount_cents(ion, tariff) == expected
    assert isinstance(amount_cents(ion, tariff), int)


@given(
    st.integers(min_value=0, max_value=100_000),
    st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False),
)
def test_half_up_rounding_matches_exact_arithmetic(ion: int, tariff: Decimal) -> None:
    exact = Fraction(ion) * Fraction(tariff)
    assert amount_cents(ion, tariff) == int(exact + Fraction(1, 2))  # floor(x + ½) for x ≥ 0


# --- totals ---------------------------------------------------------------------------------------

REGIONS = (*HOOG.regions, "Elders")
PEILDATUMS = [q.first_day for q in programme_quarters(HOOG)] + [date(2023, 8, 15)]


@st.composite
def practices_and_statuses(draw):
    count = draw(st.integers(min_value=0, max_value=25))
    practices, statuses = [], {}
    for id in range(1, count + 1):
        days = sorted(draw(st.sets(st.sampled_from(PEILDATUMS), max_size=4)))
        records = tuple((day, draw(st.integers(1, 20_000))) for day in days)
        practices.append(
            practice(
                id,
                region=draw(st.sampled_from(REGIONS)),
                start=draw(st.sampled_from([None, *PEILDATUMS])),
                stop_date=draw(st.sampled_from([None, *PEILDATUMS])),
                excluded=draw(st.booleans()),
                ion=records,
                plan_overdue=draw(st.booleans()),
            )
        )
        for quarter in draw(st.sets(st.sampled_from(programme_quarters(HOOG)), max_size=3)):
            statuses[id, quarter] = StatusRecord(draw(st.sampled_from(list(S))))
    return practices, statuses


@settings(max_examples=60, deadline=None)
@given(practices_and_statuses(), st.sampled_from(programme_quarters(HOOG)))
def test_region_and_status_totals_equal_the_sum_of_the_rows(data, quarter: Quarter) -> None:
    practices, statuses = data
    result = quarter_overview(HOOG, practices, quarter, statuses)
    assert list(result.regions)[:3] == list(HOOG.regions)
    assert list(result.by_status) == list(S)
    groups = [
        *((total, lambda r, g=region: r.region == g) for region, total in result.regions.items()),
        *(
            (total, lambda r, g=status: r.status.status is g)
            for status, total in result.by_status.items()
        ),
        (result.overall, lambda r: True),
    ]
    for total, belongs in groups:
        rows = [r for r in result.rows if belongs(r)]
        assert total.practices == len(rows)
        assert total.ion == sum(r.ion for r in rows if r.ion is not None)
        assert total.amount_cents == sum(r.amount_cents for r in rows if r.amount_cents is not None)
        assert total.without_ion == sum(1 for r in rows if r.ion is None)
    assert {r.practice_id for r in result.rows} == {
        p.id for p in practices if takes_part(p, quarter)
    }
    for row in result.rows:
        assert row.status == statuses.get((row.practice_id, quarter), TE_DECLAREREN)
        if row.ion is not None:
            assert row.amount_cents == row.ion * row.tariff_cents
    chart = {q.quarter: q for q in totals_per_quarter(HOOG, practices, statuses)}
    assert chart[quarter].overall == result.overall
    assert chart[quarter].by_status == result.by_status


def test_stored_statuses_are_shown_and_counted() -> None:
    declared = StatusRecord(S.GEDECLAREERD, declared_on=date(2024, 2, 1))
    statuses = {(2, Q1_2024): declared, (1, Q4_2023): StatusRecord(S.UITBETAALD)}
    result = overview([practice(1), practice(2)], Q1_2024, statuses)
    assert [r.status for r in result.rows] == [TE_DECLAREREN, declared]
    assert result.by_status[S.GEDECLAREERD].practices == 1
    assert result.by_status[S.TE_DECLAREREN].amount_cents == 1000 * 314
    assert result.by_status[S.UITBETAALD].practices == 0


# --- status transitions ---------------------------------------------------------------------------

DECLARED = StatusRecord(S.GEDECLAREERD, declared_on=date(2024, 2, 1))
PAID = StatusRecord(S.UITBETAALD, declared_on=date(2024, 2, 1), paid_on=date(2024, 3, 1))
REJECTED = StatusRecord(S.AFGEWEZEN, declared_on=date(2024, 2, 1), reason="ION onjuist")


def change(current, target, **kwargs):
    return change_status(current, target, today=TODAY, **kwargs)


def test_the_whole_way_te_declareren_gedeclareerd_uitbetaald() -> None:
    declared = change(TE_DECLAREREN, S.GEDECLAREERD, day=date(2024, 2, 1))
    assert declared == DECLARED and declared.day == date(2024, 2, 1)
    paid = change(declared, S.UITBETAALD, day=date(2024, 3, 1))
    assert paid == PAID and paid.day == date(2024, 3, 1)
    assert change(declared, S.UITBETAALD, day=date(2024, 2, 1)).paid_on == date(2024, 2, 1)


def test_rejections_keep_the_declaration_date_and_can_be_declared_again() -> None:
    rejected = change(DECLARED, S.AFGEWEZEN, reason="  ION   onjuist ", day=date(2024, 3, 1))
    assert rejected == dataclasses.replace(REJECTED, rejected_on=date(2024, 3, 1))
    assert rejected.day == date(2024, 3, 1)
    assert change(TE_DECLAREREN, S.AFGEWEZEN, reason="plan ontbreekt").day is None
    again = change(rejected, S.GEDECLAREERD, day=date(2024, 4, 2))
    assert again == StatusRecord(S.GEDECLAREERD, declared_on=date(2024, 4, 2))


@pytest.mark.parametrize("current", [TE_DECLAREREN, DECLARED, PAID, REJECTED])
def test_terugzetten_is_always_allowed(current: StatusRecord) -> None:
    assert change(current, S.TE_DECLAREREN) == TE_DECLAREREN == StatusRecord()
    assert TE_DECLAREREN.day is None
    assert can_change(current, S.TE_DECLAREREN)


@pytest.mark.parametrize(
    ("current", "target", "kwargs", "message"),
    [
        (
            TE_DECLAREREN,
            S.UITBETAALD,
            {"day": date(2024, 3, 1)},
            "Dit kwartaal is nog niet gedeclareerd; het kan pas uitbetaald zijn nadat het "
            "gedeclareerd is.",
        ),
        (
            REJECTED,
            S.UITBETAALD,
            {"day": date(2024, 3, 1)},
            "Deze declaratie is afgewezen; declareer eerst opnieuw voordat u 'uitbetaald' kiest.",
        ),
        (
            PAID,
            S.UITBETAALD,
            {"day": date(2024, 3, 2)},
            "Dit kwartaal is al uitbetaald (1 mrt 2024). Klopt dat niet, zet het dan eerst terug "
            "naar 'te declareren'.",
        ),
        (
            PAID,
            S.AFGEWEZEN,
            {"reason": "fout"},
            "Dit kwartaal is al uitbetaald (1 mrt 2024). Klopt dat niet, zet het dan eerst terug "
            "naar 'te declareren'.",
        ),
        (
            PAID,
            S.GEDECLAREERD,
            {"day": date(2024, 3, 2)},
            "Dit kwartaal is al uitbetaald (1 mrt 2024). Klopt dat niet, zet het dan eerst terug "
            "naar 'te declareren'.",
        ),
        (
            DECLARED,
            S.GEDECLAREERD,
            {"day": date(2024, 3, 2)},
            "Dit kwartaal is al gedeclareerd (1 feb 2024). Zet het eerst terug naar "
            "'te declareren' om de datum te wijzigen.",
        ),
        (
            REJECTED,
            S.AFGEWEZEN,
            {"reason": "nog een reden"},
            "Dit kwartaal is al afgewezen. Zet het eerst terug naar 'te declareren' om een andere "
            "reden te geven.",
        ),
        (TE_DECLAREREN, S.GEDECLAREERD, {}, "Vul een datum in."),
        (DECLARED, S.UITBETAALD, {}, "Vul een datum in."),
        (
            TE_DECLAREREN,
            S.GEDECLAREERD,
            {"day": TODAY + timedelta(days=1)},
            "2 jun 2024 ligt in de toekomst; kies vandaag of een eerdere datum.",
        ),
        (
            DECLARED,
            S.UITBETAALD,
            {"day": TODAY + timedelta(days=1)},
            "2 jun 2024 ligt in de toekomst; kies vandaag of een eerdere datum.",
        ),
        (
            DECLARED,
            S.UITBETAALD,
            {"day": date(2024, 1, 31)},
            "31 jan 2024 ligt vóór de declaratiedatum (1 feb 2024); kies die dag of een latere.",
        ),
        (
            DECLARED,
            S.AFGEWEZEN,
            {"day": date(2024, 1, 31), "reason": "fout"},
            "31 jan 2024 ligt vóór de declaratiedatum (1 feb 2024); kies die dag of een latere.",
        ),
        (DECLARED, S.AFGEWEZEN, {}, "Geef een reden voor de afwijzing."),
        (DECLARED, S.AFGEWEZEN, {"reason": " \n\t "}, "Geef een reden voor de afwijzing."),
        (
            DECLARED,
            S.AFGEWEZEN,
            {"reason": "x" * 501},
            "De reden is te lang: hoogstens 500 tekens.",
        ),
    ],
)
def test_refused_changes_say_why_in_dutch(current, target, kwargs, message) -> None:
    with pytest.raises(StatusError) as error:
        change(current, target, **kwargs)
    assert str(error.value) == message


def test_a_refused_transition_is_refused_before_its_date_is_checked() -> None:
    assert not can_change(TE_DECLAREREN, S.UITBETAALD)
    assert can_change(DECLARED, S.UITBETAALD)
    with pytest.raises(StatusError, match="nog niet gedeclareerd"):
        change(TE_DECLAREREN, S.UITBETAALD)


def test_a_whole_region_at_once_changes_what_can_change_and_reports_the_rest() -> None:
    records = {1: TE_DECLAREREN, 2: DECLARED, 3: REJECTED}
    changed, refused = change_statuses(records, S.GEDECLAREERD, today=TODAY, day=date(2024, 5, 1))
    declared = StatusRecord(S.GEDECLAREERD, declared_on=date(2024, 5, 1))
    assert changed == {1: declared, 3: declared}
    assert refused == {2: t("declaraties.fout.al_gedeclareerd", datum="1 feb 2024")}


def test_status_labels_are_dutch() -> None:
    assert [s.label for s in S] == ["te declareren", "gedeclareerd", "uitbetaald", "afgewezen"]
    assert [f.label for f in DeclarationFlag] == [
        "plan te laat",
        "geen ION",
        "ION ouder dan het kwartaal",
        "ION van een latere peildatum",
        "tarief onbekend",
    ]
