"""One evaluator per `RuleKind` (see `plan_rules`): each judges a plan on one rule and says, in
Dutch from the catalogue (`plan.rule.*`), what the rule asks and what counts or is missing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from babel.lists import format_list

from mtvdp_tui.domain.plan import PlannedIntervention
from mtvdp_tui.domain.plan_rule_context import (
    STEP_INTERVISIE,
    STEP_OVERVIEW,
    STEP_PRACTICE,
    STEP_REFLECTION,
    Evaluator,
    PlanContext,
    RuleOutcome,
    RuleStatus,
    plan_deadline,
    year_step,
)
from mtvdp_tui.domain.ruleset import Exclusion, PlanRule, RuleKind
from mtvdp_tui.formatting import LOCALE, days, short_date
from mtvdp_tui.i18n import t

# --- helpers --------------------------------------------------------------------------------------


def _outcome(
    rule: PlanRule,
    text: str,
    status: RuleStatus,
    detail: str,
    step: int,
    counted: Iterable[str] = (),
) -> RuleOutcome:
    return RuleOutcome(rule.id, rule.kind, text, status, detail, tuple(counted), step)


def _distinct(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _names(context: PlanContext, ids: Iterable[str]) -> str:
    return format_list([context.name(i) for i in ids], locale=LOCALE)


def _numbers(values: Iterable[int]) -> str:
    return format_list([str(v) for v in sorted(values)], locale=LOCALE)


def _amount(count: int, new_only: bool) -> str:
    if new_only:
        if count == 1:
            return t("plan.rule.amount.new.one", count=count)
        return t("plan.rule.amount.new.many", count=count)
    if count == 1:
        return t("plan.rule.amount.one", count=count)
    return t("plan.rule.amount.many", count=count)


def _months(count: int) -> str:
    if count == 1:
        return t("plan.rule.months.one", count=count)
    return t("plan.rule.months.many", count=count)


def _blank(text: str) -> bool:
    return not text.strip()


# --- minimum --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _YearCount:
    year: int
    counted: list[str]  # distinct ids that count, in plan order
    repeats: list[str]  # new_only: ids of the kernelement not counted because chosen earlier


def _count_year(rule: PlanRule, context: PlanContext, year: int) -> _YearCount:
    of_kernelement = _distinct(
        p.intervention
        for p in context.chosen(year)
        if context.known[p.intervention].kernelement == rule.kernelement
    )
    if not rule.new_only:
        return _YearCount(year, of_kernelement, [])
    earlier = {p.intervention for p in context.plan.interventions if p.year < year}
    return _YearCount(
        year,
        [i for i in of_kernelement if i not in earlier],
        [i for i in of_kernelement if i in earlier],
    )


def _minimum_text(rule: PlanRule, context: PlanContext) -> str:
    amount = _amount(rule.count, rule.new_only)
    kernelement = context.kernelement_name(rule.kernelement)
    if rule.year is None:
        return t("plan.rule.minimum.text.every", amount=amount, kernelement=kernelement)
    if rule.new_only:
        return t(
            "plan.rule.minimum.text.new", year=rule.year, amount=amount, kernelement=kernelement
        )
    return t("plan.rule.minimum.text", year=rule.year, amount=amount, kernelement=kernelement)


def _minimum_missing(rule: PlanRule, context: PlanContext, result: _YearCount) -> str:
    detail = t("plan.rule.minimum.missing", missing=rule.count - len(result.counted))
    notes = []
    if result.counted:
        notes.append(t("plan.rule.chosen", names=_names(context, result.counted)))
    if result.repeats:
        notes.append(t("plan.rule.minimum.repeats", names=_names(context, result.repeats)))
    if notes:
        detail = t("plan.rule.with_notes", detail=detail, notes="; ".join(notes))
    if rule.year is None:
        detail = t("plan.rule.in_year", year=result.year, detail=detail)
    return detail


def _minimum(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """At least `count` interventions of a kernelement in a plan year (or in every year)."""
    years = [rule.year] if rule.year is not None else range(1, context.ruleset.plan_years + 1)
    results = [_count_year(rule, context, year) for year in years]
    text = _minimum_text(rule, context)
    short = next((r for r in results if len(r.counted) < rule.count), None)
    if short is not None:
        detail = _minimum_missing(rule, context, short)
        step = year_step(short.year, context.ruleset)
        return _outcome(rule, text, RuleStatus.ONTBREEKT, detail, step, short.counted)
    counted = _distinct(i for r in results for i in r.counted)
    detail = t("plan.rule.chosen", names=_names(context, counted)) if counted else ""
    step = year_step(results[0].year if results else 1, context.ruleset)
    return _outcome(rule, text, RuleStatus.OK, detail, step, counted)


# --- verplicht ------------------------------------------------------------------------------------


def _verplicht(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """A named intervention chosen in one of the first `within_years` plan years."""
    within = rule.within_years or context.ruleset.plan_years
    text = t(
        "plan.rule.verplicht.text", intervention=context.name(str(rule.intervention)), years=within
    )
    years = sorted(
        {p.year for p in context.plan.interventions if p.intervention == rule.intervention}
        & set(range(1, within + 1))
    )
    step = year_step(within, context.ruleset)
    if not years or rule.intervention not in context.known:
        return _outcome(rule, text, RuleStatus.ONTBREEKT, t("plan.rule.verplicht.missing"), step)
    detail = t("plan.rule.verplicht.ok", years=_numbers(years))
    return _outcome(rule, text, RuleStatus.OK, detail, step, [str(rule.intervention)])


# --- opfrissen ------------------------------------------------------------------------------------


def _opfrissen(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """Every intervention marked "opfrissen/intensiveren" says how."""
    text = t("plan.rule.opfrissen.text")
    refreshed = [
        p for p in context.plan.interventions if p.refresh and p.intervention in context.known
    ]
    undescribed = [p for p in refreshed if _blank(p.refresh_how)]
    if not refreshed:
        return _outcome(
            rule, text, RuleStatus.OK, t("plan.rule.opfrissen.none"), year_step(1, context.ruleset)
        )
    if undescribed:
        detail = t("plan.rule.opfrissen.missing", names=_names_in_years(context, undescribed))
        step = year_step(undescribed[0].year, context.ruleset)
        ids = _distinct(p.intervention for p in undescribed)
        return _outcome(rule, text, RuleStatus.FOUT, detail, step, ids)
    detail = t("plan.rule.opfrissen.ok", names=_names_in_years(context, refreshed))
    step = year_step(refreshed[0].year, context.ruleset)
    return _outcome(
        rule, text, RuleStatus.OK, detail, step, _distinct(p.intervention for p in refreshed)
    )


def _names_in_years(context: PlanContext, planned: Sequence[PlannedIntervention]) -> str:
    return format_list(
        [
            t("plan.rule.name_in_year", name=context.name(p.intervention), year=p.year)
            for p in planned
        ],
        locale=LOCALE,
    )


# --- reflectie ------------------------------------------------------------------------------------


def _reflectie(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """The plan reflects on the practice and on its population."""
    text = t("plan.rule.reflectie.text")
    missing = []
    if _blank(context.plan.reflection_practice):
        missing.append(t("plan.rule.reflectie.practice"))
    if _blank(context.plan.reflection_population):
        missing.append(t("plan.rule.reflectie.population"))
    if missing:
        detail = t("plan.rule.reflectie.missing", parts=format_list(missing, locale=LOCALE))
        return _outcome(rule, text, RuleStatus.ONTBREEKT, detail, STEP_REFLECTION)
    return _outcome(rule, text, RuleStatus.OK, t("plan.rule.reflectie.ok"), STEP_REFLECTION)


# --- intervisie -----------------------------------------------------------------------------------


def _intervisie(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """Intervisie participation committed for every plan year."""
    years = range(1, context.ruleset.plan_years + 1)
    text = t("plan.rule.intervisie.text", years=_numbers(years))
    missing = [y for y in years if y not in context.plan.intervisie_years]
    if missing:
        detail = t("plan.rule.intervisie.missing", years=_numbers(missing))
        return _outcome(rule, text, RuleStatus.ONTBREEKT, detail, STEP_INTERVISIE)
    detail = t("plan.rule.intervisie.ok", years=_numbers(years))
    return _outcome(rule, text, RuleStatus.OK, detail, STEP_INTERVISIE)


# --- geschikt -------------------------------------------------------------------------------------


def _same_reason(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _exclusion(context: PlanContext) -> Exclusion | None:
    reason = context.practice.excluded_reason
    return next((e for e in context.ruleset.exclusions if _same_reason(e.reason, reason)), None)


def _geschikt(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """The practice may take part: not excluded, or excluded only for starts before a date."""
    text = t("plan.rule.geschikt.text")
    practice = context.practice
    if not practice.excluded:
        return _outcome(rule, text, RuleStatus.OK, t("plan.rule.geschikt.ok"), STEP_PRACTICE)
    exclusion = _exclusion(context)
    if exclusion is None:
        reason = practice.excluded_reason.strip()
        detail = (
            t("plan.rule.geschikt.excluded", reason=reason)
            if reason
            else t("plan.rule.geschikt.excluded_no_reason")
        )
        return _outcome(rule, text, RuleStatus.FOUT, detail, STEP_PRACTICE)
    if exclusion.no_start_before is None:
        detail = t("plan.rule.geschikt.excluded", reason=exclusion.reason)
        return _outcome(rule, text, RuleStatus.FOUT, detail, STEP_PRACTICE)
    day = short_date(exclusion.no_start_before)
    start = practice.start_date
    if start is not None and start >= exclusion.no_start_before:
        detail = t(
            "plan.rule.geschikt.from", reason=exclusion.reason, day=day, start=short_date(start)
        )
        return _outcome(rule, text, RuleStatus.OK, detail, STEP_PRACTICE)
    detail = t("plan.rule.geschikt.not_before", reason=exclusion.reason, day=day)
    return _outcome(rule, text, RuleStatus.FOUT, detail, STEP_PRACTICE)


# --- deadline -------------------------------------------------------------------------------------


def _deadline(rule: PlanRule, context: PlanContext) -> RuleOutcome:
    """The plan is submitted within `months` months after the start date (see the module doc)."""
    months = rule.months if rule.months is not None else context.ruleset.plan_deadline_months
    start = context.practice.start_date
    if start is None:
        text = t("plan.rule.deadline.text", months=_months(months))
        submitted = context.submitted_on
        detail = (
            t("plan.rule.deadline.no_start_submitted", day=short_date(submitted))
            if submitted is not None
            else t("plan.rule.deadline.no_start")
        )
        outcome = _outcome(rule, text, RuleStatus.ONTBREEKT, detail, STEP_PRACTICE)
        return replace(outcome, undecidable=True)
    deadline = plan_deadline(months, start)
    text = t("plan.rule.deadline.text.day", months=_months(months), day=short_date(deadline))
    status, detail = _deadline_status(deadline, context.today, context.submitted_on)
    late = max(0, ((context.submitted_on or context.today) - deadline).days)
    outcome = _outcome(rule, text, status, detail, STEP_OVERVIEW)
    return replace(outcome, deadline=deadline, days_late=late)


def _deadline_status(
    deadline: date, today: date, submitted_on: date | None
) -> tuple[RuleStatus, str]:
    if submitted_on is not None:
        if submitted_on <= deadline:
            return RuleStatus.OK, t("plan.rule.deadline.submitted", day=short_date(submitted_on))
        late = days((submitted_on - deadline).days)
        return RuleStatus.FOUT, t(
            "plan.rule.deadline.submitted_late", days=late, day=short_date(submitted_on)
        )
    if today > deadline:
        return RuleStatus.FOUT, t("plan.rule.deadline.late", days=days((today - deadline).days))
    left = (deadline - today).days
    if left == 0:
        return RuleStatus.ONTBREEKT, t("plan.rule.deadline.last_day")
    return RuleStatus.ONTBREEKT, t("plan.rule.deadline.left", days=days(left))


EVALUATORS: dict[RuleKind, Evaluator] = {
    RuleKind.MINIMUM: _minimum,
    RuleKind.VERPLICHT: _verplicht,
    RuleKind.OPFRISSEN: _opfrissen,
    RuleKind.REFLECTIE: _reflectie,
    RuleKind.INTERVISIE: _intervisie,
    RuleKind.GESCHIKT: _geschikt,
    RuleKind.DEADLINE: _deadline,
}
