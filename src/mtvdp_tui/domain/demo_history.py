"""The demo's history: one region that started before the program was used, with what its
practices did since, so that monitoring (SPEC §10) has something to show.

The regeling's last region (Oost-Achterhoek in HOOG's) started in quarterly cohorts over the
two years up to `today` (the first day of each of the last `COHORTS` quarters, this one
included), so that monitoring shows items in every state on whatever day the demo is made: the
first cohorts' work done or late, the latest ones' still planned. Those are not the regeling's
instroommomenten: the demo's story is that this region started before the program was used, so
its lottery is not part of the demo; the other regions' lotteries still are, to be drawn live.

What the practices did is drawn with a fixed seed, relative to `today`, and believable: most
metingen sent around their due date, some late, some not yet; about half started with the social
domain; most jaarverslagen received a month or two after the plan year; the wijkgroepen meeting
about three times a year, MTVDP on most agendas, two in three practices present. A practice whose
plan year, meting or meeting lies after `today` has nothing recorded for it.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mtvdp_tui.domain.demo import DemoPractice
from mtvdp_tui.domain.monitoring import METINGEN, ItemKind, Progress, add_months, items
from mtvdp_tui.domain.plan import Plan, PlannedIntervention, PlanPractice
from mtvdp_tui.domain.plan_rules import RuleStatus, evaluate_plan
from mtvdp_tui.domain.ruleset import RuleKind, Ruleset

SEED = 18  # issue 18
COHORTS = 8  # quarterly start cohorts: two years
SENT_PERCENT = 85  # of the metingen due: sent
SENT_LATE_PERCENT = 20  # of those sent: after the due date
SOCIAL_PERCENT = 55
JAARVERSLAG_PERCENT = 75
MEETING_MONTHS = 4  # a wijkgroep meets about every four months
ON_AGENDA_PERCENT = 85
PRESENT_PERCENT = 65
PLAN_PERCENT = 85  # of the practices: a plan (the others: none yet)
SUBMITTED_PERCENT = 90  # of the plans: submitted (the others: a concept)
EXTRA_PERCENT = 40  # a plan year with one intervention more than the rules ask
REFLECTIONS = (
    (
        "Veel oudere patiënten met meerdere aandoeningen; de assistentes zijn overbelast.",
        "Vergrijzende wijk met veel alleenstaanden en een groeiende groep nieuwkomers.",
    ),
    (
        "Het team wil meer tijd voor complexe zorg en minder administratie.",
        "Jonge gezinnen en studenten; veel vragen over leefstijl en mentale klachten.",
    ),
    (
        "Twee nieuwe huisartsen; de werkdruk aan de telefoon is hoog.",
        "Landelijke praktijk met veel chronische zorg en weinig voorzieningen in de buurt.",
    ),
)


@dataclass(frozen=True)
class DemoMeeting:
    held_on: date
    region: str
    wijk: str
    mtvdp_on_agenda: bool
    attendees: tuple[str, ...]  # AGB codes


@dataclass(frozen=True)
class DemoHistory:
    started: dict[str, date] = field(default_factory=dict)  # AGB → start date
    sent: list[tuple[str, ItemKind, date]] = field(default_factory=list)
    social: dict[str, date] = field(default_factory=dict)
    jaarverslagen: list[tuple[str, int, date]] = field(default_factory=list)
    meetings: list[DemoMeeting] = field(default_factory=list)
    plans: list[tuple[str, Plan, date | None]] = field(default_factory=list)  # None: concept


def demo_history(
    ruleset: Ruleset, practices: Sequence[DemoPractice], today: date, seed: int = SEED
) -> DemoHistory:
    """The history of the regeling's last region's practices up to `today`; empty when the
    regeling has no monitoring rules."""
    history = DemoHistory()
    if ruleset.monitoring is None or not ruleset.regions:
        return history
    rng = random.Random(seed)
    region = ruleset.regions[-1]
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    cohorts = [add_months(quarter, -3 * n) for n in range(COHORTS - 1, -1, -1)]
    members = [p for p in practices if p.region == region and p.excluded_reason is None]
    for practice in members:
        history.started[practice.agb] = rng.choice(cohorts)
    for practice in members:
        _practice_history(rng, ruleset, practice.agb, history.started[practice.agb], today, history)
        _plan_history(rng, ruleset, practice, history.started[practice.agb], today, history)
    history.meetings.extend(_meetings(rng, region, members, cohorts[0], today))
    return history


def _practice_history(
    rng: random.Random, ruleset: Ruleset, agb: str, start: date, today: date, history: DemoHistory
) -> None:
    rules = ruleset.monitoring
    assert rules is not None
    sent: dict[ItemKind, date] = {}
    for kind in METINGEN:  # in order: the 1-meting's due date follows the nulmeting's sending
        progress = Progress(start, sent)
        due = _due(ruleset, progress, kind)
        if due > today + timedelta(days=20) or rng.randrange(100) >= SENT_PERCENT:
            continue
        if rng.randrange(100) < SENT_LATE_PERCENT:
            day = due + timedelta(days=rng.randrange(5, 60))
        else:
            day = due - timedelta(days=rng.randrange(0, 40))
        if day <= today:
            sent[kind] = day
            history.sent.append((agb, kind, day))
    social_due = _due(ruleset, Progress(start), ItemKind.SOCIAAL_DOMEIN)
    if rng.randrange(100) < SOCIAL_PERCENT:
        day = start + timedelta(days=rng.randrange(60, max(61, (social_due - start).days)))
        if day <= today:
            history.social[agb] = day
    for item in items(
        rules,
        Progress(start),
        plan_years=ruleset.plan_years,
        plan_deadline_months=ruleset.plan_deadline_months,
    ):
        if item.kind is ItemKind.JAARVERSLAG and rng.randrange(100) < JAARVERSLAG_PERCENT:
            day = item.due + timedelta(days=rng.randrange(10, 80))
            if day <= today and item.year is not None:
                history.jaarverslagen.append((agb, item.year, day))


def _due(ruleset: Ruleset, progress: Progress, kind: ItemKind) -> date:
    assert ruleset.monitoring is not None
    found = items(
        ruleset.monitoring,
        progress,
        plan_years=ruleset.plan_years,
        plan_deadline_months=ruleset.plan_deadline_months,
    )
    return next(item.due for item in found if item.kind is kind)


def _meetings(
    rng: random.Random, region: str, members: Sequence[DemoPractice], first: date, today: date
) -> list[DemoMeeting]:
    by_wijk: dict[str, list[str]] = defaultdict(list)
    for practice in members:
        if practice.wijk:
            by_wijk[practice.wijk].append(practice.agb)
    found = []
    for wijk in sorted(by_wijk):
        day = first + timedelta(days=rng.randrange(45, 110))
        while day <= today - timedelta(days=7):  # last week's meeting is for the user to record
            present = tuple(agb for agb in by_wijk[wijk] if rng.randrange(100) < PRESENT_PERCENT)
            on_agenda = rng.randrange(100) < ON_AGENDA_PERCENT
            found.append(DemoMeeting(day, region, wijk, on_agenda, present))
            day += timedelta(days=30 * MEETING_MONTHS + rng.randrange(-20, 21))
    return found


def _plan_history(
    rng: random.Random,
    ruleset: Ruleset,
    practice: DemoPractice,
    start: date,
    today: date,
    history: DemoHistory,
) -> None:
    """Most practices wrote a plan that meets every rule; most submitted it, some late."""
    if rng.randrange(100) >= PLAN_PERCENT:
        return
    plan = _plan(rng, ruleset)
    deadline = _due(ruleset, Progress(start), ItemKind.PRAKTIJKPLAN)
    day = start + timedelta(days=rng.randrange(14, (deadline - start).days + 45))
    submitted = day if day <= today and rng.randrange(100) < SUBMITTED_PERCENT else None
    outcomes = evaluate_plan(
        ruleset,
        PlanPractice(practice.agb, practice.name, start),
        plan,
        today=min(day, today),
        submitted_on=submitted,
    )
    if all(o.status is RuleStatus.OK for o in outcomes if o.kind is not RuleKind.DEADLINE):
        history.plans.append((practice.agb, plan, submitted))


def _plan(rng: random.Random, ruleset: Ruleset) -> Plan:
    """A plan that chooses what the regeling's rules ask for, now and then one more."""
    years = range(1, ruleset.plan_years + 1)
    chosen: dict[int, list[str]] = {year: [] for year in years}
    by_kernelement: dict[str, list[str]] = defaultdict(list)
    for intervention in ruleset.interventions:
        by_kernelement[intervention.kernelement].append(intervention.id)
    for rule in ruleset.rules:
        if rule.kind is RuleKind.VERPLICHT and rule.intervention:
            year = rng.randrange(1, min(rule.within_years or 1, ruleset.plan_years) + 1)
            if rule.intervention not in chosen[year]:
                chosen[year].append(rule.intervention)
    for rule in ruleset.rules:
        if rule.kind is not RuleKind.MINIMUM or rule.kernelement is None:
            continue
        for year in [rule.year] if rule.year else years:
            earlier = {i for y in years if y < year for i in chosen[y]}
            have = [i for i in chosen[year] if i in by_kernelement[rule.kernelement]]
            if rule.new_only:
                have = [i for i in have if i not in earlier]
            free = [
                i
                for i in by_kernelement[rule.kernelement]
                if i not in chosen[year] and not (rule.new_only and i in earlier)
            ]
            wanted = max(0, rule.count - len(have))
            chosen[year].extend(rng.sample(free, min(wanted, len(free))))
    for year in years:
        spare = [i.id for i in ruleset.interventions if i.id not in chosen[year]]
        if spare and rng.randrange(100) < EXTRA_PERCENT:
            chosen[year].append(rng.choice(spare))
    reflection = rng.choice(REFLECTIONS)
    return Plan(
        reflection_practice=reflection[0],
        reflection_population=reflection[1],
        interventions=tuple(
            PlannedIntervention(intervention, year)
            for year in years
            for intervention in chosen[year]
        ),
        intervisie_years=frozenset(years),
    )
