"""The plan rule engine on the shipped presets, without Textual or a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanPractice
from mtvdp_tui.domain.plan_rules import (
    EVALUATORS,
    RuleOutcome,
    RuleStatus,
    all_ok,
    evaluate_plan,
    plan_deadline,
)
from mtvdp_tui.domain.ruleset import RuleKind, Ruleset
from mtvdp_tui.domain.ruleset_loader import load_preset

HOOG = load_preset("hoog-2023")
ROHA = load_preset("roha-2023")
TODAY = date(2023, 8, 1)
START = date(2023, 7, 1)


def planned(intervention: str, year: int, **kwargs: object) -> PlannedIntervention:
    return PlannedIntervention(intervention=intervention, year=year, **kwargs)  # type: ignore[arg-type]


HOOG_INTERVENTIONS = (
    planned("regie-op-veelgebruikers", 1),
    planned("goede-gesprek-trainen", 1),
    planned("lean-werken", 2),
    planned("goede-gesprek-trainen", 2),
    planned("welzijn-op-recept", 2),
    planned("eenmalige-consultaties", 2),
)
ROHA_INTERVENTIONS = (
    planned("regie-op-veelgebruikers", 1),
    planned("goede-gesprek-trainen", 1),
    planned("samenwerking-met-buurtteam", 1),
    planned("lean-werken", 2),
    planned("goede-gesprek-trainen", 2),
    planned("welzijn-op-recept", 2),
    planned("mdo-casuistiektafel", 2),
)


def complete_plan(interventions: tuple[PlannedIntervention, ...] = HOOG_INTERVENTIONS) -> Plan:
    return Plan(
        reflection_practice="Veel ouderen, drukke spreekuren.",
        reflection_population="Wijk met veel eenzaamheid.",
        interventions=interventions,
        intervisie_years=frozenset({1, 2}),
    )


def practice(**kwargs: object) -> PlanPractice:
    values: dict[str, object] = {"agb": "01234567", "name": "De Linde", "start_date": START}
    values.update(kwargs)
    return PlanPractice(**values)  # type: ignore[arg-type]


def evaluate(
    plan: Plan,
    ruleset: Ruleset = HOOG,
    *,
    the_practice: PlanPractice | None = None,
    today: date = TODAY,
    submitted_on: date | None = None,
) -> dict[str, RuleOutcome]:
    outcomes = evaluate_plan(
        ruleset, the_practice or practice(), plan, today=today, submitted_on=submitted_on
    )
    return {o.rule_id: o for o in outcomes}


def not_ok(outcomes: dict[str, RuleOutcome]) -> dict[str, RuleStatus]:
    return {rule_id: o.status for rule_id, o in outcomes.items() if o.status is not RuleStatus.OK}


def without(interventions: tuple[PlannedIntervention, ...], intervention: str, year: int):
    return tuple(p for p in interventions if (p.intervention, p.year) != (intervention, year))


# --- the registry and the complete plan -----------------------------------------------------------


def test_every_rule_kind_has_an_evaluator() -> None:
    assert set(EVALUATORS) == set(RuleKind)


@pytest.mark.parametrize(
    ("ruleset", "interventions"), [(HOOG, HOOG_INTERVENTIONS), (ROHA, ROHA_INTERVENTIONS)]
)
def test_complete_plan_meets_every_rule(
    ruleset: Ruleset, interventions: tuple[PlannedIntervention, ...]
) -> None:
    outcomes = evaluate_plan(ruleset, practice(), complete_plan(interventions), today=TODAY)
    assert [o.rule_id for o in outcomes] == [r.id for r in ruleset.rules]
    assert [o.kind for o in outcomes] == [r.kind for r in ruleset.rules]
    assert not_ok({o.rule_id: o for o in outcomes}) == {"deadline": RuleStatus.ONTBREEKT}
    submitted = evaluate_plan(
        ruleset, practice(), complete_plan(interventions), today=TODAY, submitted_on=TODAY
    )
    assert all_ok(submitted)


def test_all_ok_is_false_for_any_non_ok() -> None:
    outcomes = evaluate_plan(HOOG, practice(), Plan(), today=TODAY)
    assert not all_ok(outcomes)
    assert all_ok([])


def test_empty_hoog_plan_texts_and_steps() -> None:
    outcomes = evaluate_plan(HOOG, practice(), Plan(), today=TODAY)
    table = [(o.rule_id, o.status, o.text, o.detail, o.step) for o in outcomes]
    assert table == [
        (
            "jaar1-anders-werken",
            RuleStatus.ONTBREEKT,
            "Jaar 1: minstens 1 interventie uit Anders werken",
            "nog 1 nodig",
            3,
        ),
        (
            "jaar1-goede-gesprek",
            RuleStatus.ONTBREEKT,
            "Jaar 1: minstens 1 interventie uit Het goede gesprek",
            "nog 1 nodig",
            3,
        ),
        (
            "jaar2-anders-werken-nieuw",
            RuleStatus.ONTBREEKT,
            "Jaar 2: minstens 1 nieuwe interventie uit Anders werken "
            "(niet al in een eerder jaar gekozen)",
            "nog 1 nodig",
            4,
        ),
        (
            "jaar2-goede-gesprek",
            RuleStatus.ONTBREEKT,
            "Jaar 2: minstens 1 interventie uit Het goede gesprek",
            "nog 1 nodig",
            4,
        ),
        (
            "jaar2-samenwerken",
            RuleStatus.ONTBREEKT,
            "Jaar 2: minstens 2 interventies uit Samenwerken met het netwerk",
            "nog 2 nodig",
            4,
        ),
        (
            "opfrissen-beschreven",
            RuleStatus.OK,
            "Bij elke interventie die wordt opgefrist of geïntensiveerd staat hoe",
            "geen interventies om op te frissen of te intensiveren",
            3,
        ),
        (
            "reflectie",
            RuleStatus.ONTBREEKT,
            "Het plan bevat een reflectie op de praktijk en op de praktijkpopulatie",
            "ontbreekt: reflectie op de praktijk en reflectie op de praktijkpopulatie",
            2,
        ),
        (
            "intervisie",
            RuleStatus.ONTBREEKT,
            "Deelname aan intervisie in elk jaar van het plan (jaar 1 en 2)",
            "nog niet toegezegd voor jaar 1 en 2",
            5,
        ),
        (
            "geschikt",
            RuleStatus.OK,
            "De praktijk mag meedoen (is niet uitgesloten)",
            "niet uitgesloten",
            1,
        ),
        (
            "deadline",
            RuleStatus.ONTBREEKT,
            "Plan ingediend binnen 3 maanden na de startdatum (uiterlijk 1 okt 2023)",
            "nog 61 dagen",
            6,
        ),
    ]
    assert all(o.counted == () for o in outcomes)


# --- minimum --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intervention", "year", "rule_id"),
    [
        ("regie-op-veelgebruikers", 1, "jaar1-anders-werken"),
        ("goede-gesprek-trainen", 1, "jaar1-goede-gesprek"),
        ("lean-werken", 2, "jaar2-anders-werken-nieuw"),
        ("goede-gesprek-trainen", 2, "jaar2-goede-gesprek"),
        ("welzijn-op-recept", 2, "jaar2-samenwerken"),
    ],
)
def test_removing_one_intervention_fails_exactly_its_rule(
    intervention: str, year: int, rule_id: str
) -> None:
    plan = complete_plan(without(HOOG_INTERVENTIONS, intervention, year))
    outcomes = evaluate(plan, submitted_on=TODAY)
    assert not_ok(outcomes) == {rule_id: RuleStatus.ONTBREEKT}
    assert outcomes[rule_id].step == 2 + year
    assert outcomes[rule_id].detail.startswith("nog 1 nodig")


def test_minimum_lists_what_counts() -> None:
    outcomes = evaluate(complete_plan())
    assert outcomes["jaar1-anders-werken"].detail == "gekozen: Regie op veelgebruikers"
    assert outcomes["jaar1-anders-werken"].counted == ("regie-op-veelgebruikers",)
    assert outcomes["jaar2-samenwerken"].counted == ("welzijn-op-recept", "eenmalige-consultaties")
    short = evaluate(complete_plan(without(HOOG_INTERVENTIONS, "welzijn-op-recept", 2)))
    samenwerken = short["jaar2-samenwerken"]
    assert samenwerken.detail == (
        "nog 1 nodig; gekozen: Laagdrempelige eenmalige consultaties "
        "(meekijkconsult en intercollegiaal consult)"
    )  # the name's own brackets are the only ones: none nested around them
    assert samenwerken.counted == ("eenmalige-consultaties",)


def test_minimum_counts_distinct_interventions() -> None:
    doubled = (*without(HOOG_INTERVENTIONS, "eenmalige-consultaties", 2),)
    doubled += (planned("welzijn-op-recept", 2, support_wanted="hulp"),)
    outcomes = evaluate(complete_plan(doubled))
    assert outcomes["jaar2-samenwerken"].status is RuleStatus.ONTBREEKT
    assert outcomes["jaar2-samenwerken"].counted == ("welzijn-op-recept",)


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
def test_same_intervention_in_both_years(ruleset: Ruleset) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    repeated = (*without(base, "lean-werken", 2), planned("regie-op-veelgebruikers", 2))
    outcomes = evaluate(complete_plan(repeated), ruleset, submitted_on=TODAY)
    # The year-2 "new" anders-werken rule is not met by a repeat ...
    assert not_ok(outcomes) == {"jaar2-anders-werken-nieuw": RuleStatus.ONTBREEKT}
    assert outcomes["jaar2-anders-werken-nieuw"].detail == (
        "nog 1 nodig; telt niet, want al in een eerder jaar gekozen: Regie op veelgebruikers"
    )
    assert outcomes["jaar2-anders-werken-nieuw"].counted == ()
    # ... but het goede gesprek in year 2 may be the same one as in year 1 (doorontwikkeling).
    assert outcomes["jaar2-goede-gesprek"].status is RuleStatus.OK
    assert outcomes["jaar2-goede-gesprek"].counted == ("goede-gesprek-trainen",)


def test_new_rule_met_by_a_new_one_next_to_a_repeat() -> None:
    plan = complete_plan((*HOOG_INTERVENTIONS, planned("regie-op-veelgebruikers", 2)))
    outcome = evaluate(plan)["jaar2-anders-werken-nieuw"]
    assert outcome.status is RuleStatus.OK
    assert outcome.counted == ("lean-werken",)


def test_repeat_in_year_1_makes_a_year_2_choice_no_longer_new() -> None:
    """The one way adding an intervention can break a rule: that is what "nieuw" means."""
    plan = complete_plan((*HOOG_INTERVENTIONS, planned("lean-werken", 1)))
    assert evaluate(plan)["jaar2-anders-werken-nieuw"].status is RuleStatus.ONTBREEKT


def test_unknown_interventions_are_ignored() -> None:
    plan = complete_plan(
        (
            *HOOG_INTERVENTIONS,
            planned("bestaat-niet", 1),
            planned("bestaat-niet", 2, refresh=True),
            planned("samenwerking-met-buurtteam", 2),  # a ROHA id, unknown to HOOG
        )
    )
    outcomes = evaluate(plan, submitted_on=TODAY)
    assert all_ok(list(outcomes.values()))
    assert "bestaat-niet" not in {i for o in outcomes.values() for i in o.counted}
    empty = evaluate(complete_plan((planned("bestaat-niet", 1),)))
    assert empty["jaar1-anders-werken"].detail == "nog 1 nodig"


# --- verplicht (ROHA) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intervention", "rule_id"),
    [
        ("samenwerking-met-buurtteam", "verplicht-buurtteam"),
        ("welzijn-op-recept", "verplicht-welzijn-op-recept"),
    ],
)
def test_roha_mandatory_interventions(intervention: str, rule_id: str) -> None:
    rest = tuple(p for p in ROHA_INTERVENTIONS if p.intervention != intervention)
    # Keep two samenwerken interventions in year 2, so only the mandatory rule is missed.
    rest += (planned("drie-gesprekken", 2),)
    missing = evaluate(complete_plan(rest), ROHA, submitted_on=TODAY)
    assert not_ok(missing) == {rule_id: RuleStatus.ONTBREEKT}
    assert missing[rule_id].detail == "nog niet gekozen"
    assert missing[rule_id].step == 4
    assert missing[rule_id].counted == ()
    in_year_2 = evaluate(complete_plan((*rest, planned(intervention, 2))), ROHA, submitted_on=TODAY)
    assert all_ok(list(in_year_2.values()))
    assert in_year_2[rule_id].detail == "gekozen in jaar 2"
    assert in_year_2[rule_id].counted == (intervention,)


def test_roha_mandatory_text() -> None:
    outcome = evaluate(complete_plan(ROHA_INTERVENTIONS), ROHA)["verplicht-buurtteam"]
    assert outcome.text == "Verplicht: Samenwerking met buurtteam, uiterlijk in jaar 2"
    assert outcome.detail == "gekozen in jaar 1"


def test_mandatory_chosen_after_its_years_does_not_count() -> None:
    rest = tuple(p for p in ROHA_INTERVENTIONS if p.intervention != "samenwerking-met-buurtteam")
    plan = complete_plan((*rest, planned("samenwerking-met-buurtteam", 3)))
    assert evaluate(plan, ROHA)["verplicht-buurtteam"].status is RuleStatus.ONTBREEKT


# --- opfrissen ------------------------------------------------------------------------------------


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
def test_refresh_needs_a_description(ruleset: Ruleset) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    refreshed = (*without(base, "lean-werken", 2), planned("lean-werken", 2, refresh=True))
    outcomes = evaluate(complete_plan(refreshed), ruleset, submitted_on=TODAY)
    assert not_ok(outcomes) == {"opfrissen-beschreven": RuleStatus.FOUT}
    outcome = outcomes["opfrissen-beschreven"]
    assert outcome.detail == (
        "beschrijving ontbreekt bij: Administratielast verlagen door LEAN werken (jaar 2)"
    )
    assert outcome.step == 4
    assert outcome.counted == ("lean-werken",)

    blank = (
        *without(base, "lean-werken", 2),
        planned("lean-werken", 2, refresh=True, refresh_how=" "),
    )
    assert evaluate(complete_plan(blank), ruleset)["opfrissen-beschreven"].status is RuleStatus.FOUT

    described = (
        *without(base, "lean-werken", 2),
        planned("lean-werken", 2, refresh=True, refresh_how="Nieuwe ronde met de assistentes."),
    )
    outcomes = evaluate(complete_plan(described), ruleset, submitted_on=TODAY)
    assert all_ok(list(outcomes.values()))
    assert outcomes["opfrissen-beschreven"].detail == (
        "beschreven bij: Administratielast verlagen door LEAN werken (jaar 2)"
    )


def test_refresh_step_is_that_of_the_first_offender() -> None:
    plan = complete_plan(
        (
            *without(HOOG_INTERVENTIONS, "regie-op-veelgebruikers", 1),
            planned("regie-op-veelgebruikers", 1, refresh=True),
        )
    )
    assert evaluate(plan)["opfrissen-beschreven"].step == 3


# --- reflectie and intervisie ---------------------------------------------------------------------


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
@pytest.mark.parametrize(
    ("blanked", "detail"),
    [
        ("reflection_practice", "ontbreekt: reflectie op de praktijk"),
        ("reflection_population", "ontbreekt: reflectie op de praktijkpopulatie"),
    ],
)
def test_reflection_needs_both_parts(ruleset: Ruleset, blanked: str, detail: str) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    plan = replace(complete_plan(base), **{blanked: "  \n"})
    outcomes = evaluate(plan, ruleset, submitted_on=TODAY)
    assert not_ok(outcomes) == {"reflectie": RuleStatus.ONTBREEKT}
    assert outcomes["reflectie"].detail == detail
    assert outcomes["reflectie"].step == 2


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
def test_intervisie_in_every_year(ruleset: Ruleset) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    plan = replace(complete_plan(base), intervisie_years=frozenset({1, 3}))
    outcomes = evaluate(plan, ruleset, submitted_on=TODAY)
    assert not_ok(outcomes) == {"intervisie": RuleStatus.ONTBREEKT}
    assert outcomes["intervisie"].detail == "nog niet toegezegd voor jaar 2"
    assert outcomes["intervisie"].step == 5
    assert evaluate(complete_plan(base), ruleset)["intervisie"].detail == (
        "toegezegd voor jaar 1 en 2"
    )


# --- geschikt -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
def test_excluded_practice_fails(ruleset: Ruleset) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    the_practice = practice(excluded=True, excluded_reason="Stopt in 2024")
    outcomes = evaluate(complete_plan(base), ruleset, the_practice=the_practice, submitted_on=TODAY)
    assert not_ok(outcomes) == {"geschikt": RuleStatus.FOUT}
    assert outcomes["geschikt"].detail == "uitgesloten: Stopt in 2024"
    assert outcomes["geschikt"].step == 1
    no_reason = evaluate(complete_plan(base), ruleset, the_practice=practice(excluded=True))
    assert no_reason["geschikt"].detail == "uitgesloten (geen reden opgegeven)"


@pytest.mark.parametrize(
    ("start", "status", "detail"),
    [
        (
            date(2023, 10, 1),
            RuleStatus.FOUT,
            "uitgesloten: Krachtige Basiszorg; niet starten vóór 1 jan 2024",
        ),
        (None, RuleStatus.FOUT, "uitgesloten: Krachtige Basiszorg; niet starten vóór 1 jan 2024"),
        (
            date(2024, 1, 1),
            RuleStatus.OK,
            "uitgesloten wegens Krachtige Basiszorg, maar mag meedoen vanaf 1 jan 2024; "
            "startdatum 1 jan 2024",
        ),
        (
            date(2024, 4, 1),
            RuleStatus.OK,
            "uitgesloten wegens Krachtige Basiszorg, maar mag meedoen vanaf 1 jan 2024; "
            "startdatum 1 apr 2024",
        ),
    ],
)
def test_roha_kb_practice_may_start_from_2024(
    start: date | None, status: RuleStatus, detail: str
) -> None:
    kb = practice(start_date=start, excluded=True, excluded_reason="  krachtige basiszorg ")
    outcome = evaluate(complete_plan(ROHA_INTERVENTIONS), ROHA, the_practice=kb)["geschikt"]
    assert (outcome.status, outcome.detail, outcome.step) == (status, detail, 1)


def test_kb_reason_means_nothing_to_hoog() -> None:
    kb = practice(start_date=date(2024, 1, 1), excluded=True, excluded_reason="Krachtige Basiszorg")
    outcome = evaluate(complete_plan(), HOOG, the_practice=kb)["geschikt"]
    assert (outcome.status, outcome.detail) == (RuleStatus.FOUT, "uitgesloten: Krachtige Basiszorg")


# --- deadline -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "deadline"),
    [
        (date(2023, 7, 1), 3, date(2023, 10, 1)),
        (date(2023, 10, 1), 3, date(2024, 1, 1)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # clamped to the end of a leap February
        (date(2022, 11, 30), 3, date(2023, 2, 28)),
        (date(2023, 8, 31), 1, date(2023, 9, 30)),
        (date(2023, 1, 31), 12, date(2024, 1, 31)),
        (date(2023, 7, 1), 0, date(2023, 7, 1)),
        (date(9999, 12, 1), 3, date.max),
    ],
)
def test_plan_deadline(start: date, months: int, deadline: date) -> None:
    assert plan_deadline(months, start) == deadline


def test_plan_deadline_from_a_ruleset() -> None:
    assert plan_deadline(HOOG, START) == date(2023, 10, 1)


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
@pytest.mark.parametrize(
    ("today", "status", "detail"),
    [
        (date(2023, 9, 29), RuleStatus.ONTBREEKT, "nog 2 dagen"),
        (date(2023, 9, 30), RuleStatus.ONTBREEKT, "nog 1 dag"),
        (date(2023, 10, 1), RuleStatus.ONTBREEKT, "vandaag is de laatste dag"),
        (date(2023, 10, 2), RuleStatus.FOUT, "1 dag te laat"),
        (date(2023, 10, 6), RuleStatus.FOUT, "5 dagen te laat"),
    ],
)
def test_deadline_not_yet_submitted(
    ruleset: Ruleset, today: date, status: RuleStatus, detail: str
) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    outcome = evaluate(complete_plan(base), ruleset, today=today)["deadline"]
    assert (outcome.status, outcome.detail, outcome.step) == (status, detail, 6)
    assert outcome.text == "Plan ingediend binnen 3 maanden na de startdatum (uiterlijk 1 okt 2023)"


@pytest.mark.parametrize(
    ("submitted_on", "status", "detail"),
    [
        (date(2023, 9, 30), RuleStatus.OK, "ingediend op 30 sep 2023"),
        (date(2023, 10, 1), RuleStatus.OK, "ingediend op 1 okt 2023"),
        (date(2023, 10, 2), RuleStatus.FOUT, "ingediend op 2 okt 2023, 1 dag te laat"),
        (date(2023, 10, 13), RuleStatus.FOUT, "ingediend op 13 okt 2023, 12 dagen te laat"),
    ],
)
def test_deadline_submitted(submitted_on: date, status: RuleStatus, detail: str) -> None:
    # Submission decides, whatever today is.
    outcome = evaluate(complete_plan(), today=date(2025, 1, 1), submitted_on=submitted_on)[
        "deadline"
    ]
    assert (outcome.status, outcome.detail) == (status, detail)


def test_deadline_after_month_end_start() -> None:
    late_start = practice(start_date=date(2023, 11, 30))
    on_leap_day = evaluate(complete_plan(), the_practice=late_start, today=date(2024, 2, 29))
    assert on_leap_day["deadline"].detail == "vandaag is de laatste dag"
    after = evaluate(complete_plan(), the_practice=late_start, today=date(2024, 3, 1))
    assert after["deadline"].status is RuleStatus.FOUT


@pytest.mark.parametrize("ruleset", [HOOG, ROHA])
def test_missing_start_date(ruleset: Ruleset) -> None:
    base = HOOG_INTERVENTIONS if ruleset is HOOG else ROHA_INTERVENTIONS
    outcomes = evaluate(
        complete_plan(base), ruleset, the_practice=practice(start_date=None), submitted_on=TODAY
    )
    assert not_ok(outcomes) == {"deadline": RuleStatus.ONTBREEKT}
    outcome = outcomes["deadline"]
    assert outcome.step == 1 and outcome.undecidable
    assert outcome.detail.endswith("zonder startdatum; de termijn is nog niet te bepalen")
    unsubmitted = evaluate(complete_plan(base), ruleset, the_practice=practice(start_date=None))
    assert unsubmitted["deadline"].detail == "startdatum onbekend"
    assert outcome.text == "Plan ingediend binnen 3 maanden na de startdatum"


# --- properties -----------------------------------------------------------------------------------

UNKNOWN_IDS = ("bestaat-niet", "", "REGIE-OP-VEELGEBRUIKERS", "samenwerking-met-buurtteam")


def interventions_of(ruleset: Ruleset) -> st.SearchStrategy[PlannedIntervention]:
    ids = [i.id for i in ruleset.interventions] + list(UNKNOWN_IDS)
    return st.builds(
        PlannedIntervention,
        intervention=st.sampled_from(ids),
        year=st.integers(min_value=1, max_value=3),
        refresh=st.booleans(),
        refresh_how=st.sampled_from(["", " ", "Opnieuw trainen."]),
    )


def plans_of(ruleset: Ruleset) -> st.SearchStrategy[Plan]:
    return st.builds(
        Plan,
        reflection_practice=st.sampled_from(["", "  ", "Tekst"]),
        reflection_population=st.sampled_from(["", "\n", "Tekst"]),
        interventions=st.lists(interventions_of(ruleset), max_size=12).map(tuple),
        intervisie_years=st.frozensets(st.integers(min_value=0, max_value=4)),
    )


reasons = st.sampled_from(["", "Krachtige Basiszorg", "kb", "Stopt"])
practices = st.builds(
    PlanPractice,
    agb=st.just("01234567"),
    name=st.just("De Linde"),
    start_date=st.none() | st.dates(),
    excluded=st.booleans(),
    excluded_reason=reasons,
)
rulesets = st.sampled_from([HOOG, ROHA])


@settings(max_examples=300)
@given(data=st.data(), the_practice=practices, today=st.dates(), submitted=st.none() | st.dates())
def test_evaluate_never_raises_and_covers_every_rule(
    data: st.DataObject, the_practice: PlanPractice, today: date, submitted: date | None
) -> None:
    ruleset = data.draw(rulesets)
    plan = data.draw(plans_of(ruleset))
    outcomes = evaluate_plan(ruleset, the_practice, plan, today=today, submitted_on=submitted)
    assert [o.rule_id for o in outcomes] == [r.id for r in ruleset.rules]
    known = {i.id for i in ruleset.interventions}
    for outcome in outcomes:
        assert outcome.text and outcome.detail
        assert 1 <= outcome.step <= 6
        assert set(outcome.counted) <= known
        if outcome.kind in (RuleKind.MINIMUM, RuleKind.VERPLICHT):
            assert outcome.status is not RuleStatus.FOUT


@settings(max_examples=300)
@given(data=st.data(), today=st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)))
def test_adding_an_intervention_keeps_count_rules_met(data: st.DataObject, today: date) -> None:
    ruleset = data.draw(rulesets)
    plan = data.draw(plans_of(ruleset))
    extra = data.draw(interventions_of(ruleset))
    before = evaluate_plan(ruleset, practice(), plan, today=today)
    bigger = replace(plan, interventions=(*plan.interventions, extra))
    after = evaluate_plan(ruleset, practice(), bigger, today=today)
    for rule, old, new in zip(ruleset.rules, before, after, strict=True):
        if (
            rule.kind not in (RuleKind.MINIMUM, RuleKind.VERPLICHT)
            or old.status is not RuleStatus.OK
        ):
            continue
        # A "nieuw" rule may lose an intervention that is now also chosen in an earlier year
        # (test_repeat_in_year_1_makes_a_year_2_choice_no_longer_new); any other addition keeps it.
        if rule.new_only and rule.year is not None and extra.year < rule.year:
            continue
        assert new.status is RuleStatus.OK, (rule.id, extra)
        assert set(old.counted) <= set(new.counted)
