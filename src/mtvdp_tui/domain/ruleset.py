"""The programme's rules for one organisation and period (a *regeling*), as plain data.

Rulesets are shipped as TOML files (`mtvdp_tui/rulesets/`) and loaded by
`mtvdp_tui.domain.ruleset_loader`. Nothing here knows about files, Textual or the database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class Payer(enum.StrEnum):
    """Who pays a tariff period: the GP organisation, or the insurer (the practice declares)."""

    ORGANISATIE = "organisatie"
    ZORGVERZEKERAAR = "zorgverzekeraar"


class RuleKind(enum.StrEnum):
    """Kinds of practice-plan rules. The plan rule engine interprets each kind."""

    MINIMUM = "minimum"  # >= count interventions of a kernelement in a plan year
    VERPLICHT = "verplicht"  # a named intervention chosen within the first N plan years
    OPFRISSEN = "opfrissen"  # an intervention marked "opfrissen/intensiveren" needs a description
    REFLECTIE = "reflectie"  # reflection on practice and population both filled in
    INTERVISIE = "intervisie"  # intervisie participation committed for every plan year
    GESCHIKT = "geschikt"  # the practice is eligible (not excluded)
    DEADLINE = "deadline"  # plan complete within N months after the start date


@dataclass(frozen=True)
class Kernelement:
    id: str
    name: str


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    kernelement: str
    top3_count: int | None = None  # times put in the survey's top 3, where known
    supported: bool = False  # the organisation offers support for it


@dataclass(frozen=True)
class Instroommoment:
    date: date
    capacity_percent: int | None = None  # cumulative % of the region's ION; None = no limit


@dataclass(frozen=True)
class TariffPeriod:
    start: date
    end: date  # inclusive
    amount_cents: int  # per ION per quarter
    payer: Payer


@dataclass(frozen=True)
class Exclusion:
    """A reason a practice may not take part, optionally only for starts before a date."""

    code: str
    reason: str
    no_start_before: date | None = None


@dataclass(frozen=True)
class PlanRule:
    """One rule a practice plan must meet; which fields matter depends on `kind`."""

    id: str
    kind: RuleKind
    year: int | None = None  # plan year (1-based) for MINIMUM; None = every year
    kernelement: str | None = None
    intervention: str | None = None
    count: int = 1
    new_only: bool = False  # MINIMUM: only interventions not chosen in an earlier plan year
    within_years: int | None = None  # VERPLICHT: within this many plan years
    months: int | None = None  # DEADLINE


@dataclass(frozen=True)
class Monitoring:
    nulmeting_months: int  # within N months after the start
    een_meting_months: int  # N months after the start
    slotmeting_months: int  # N months after the start
    social_domain_within_years: int
    # the interventions that count as work with the social domain: a plan choosing one suggests
    # (does not decide) that the collaboration has started (SPEC §10)
    social_domain_interventions: frozenset[str] = frozenset()
    # the jaarverslag over a plan year is due this many months after that year's end
    jaarverslag_months: int = 0


@dataclass(frozen=True)
class Ruleset:
    id: str  # e.g. "hoog-2023"
    name: str  # e.g. "HOOG 2023"
    version: int
    organisation: str
    source: str  # the document the rules come from
    regions: tuple[str, ...]
    kernelementen: tuple[Kernelement, ...]
    interventions: tuple[Intervention, ...]
    moments: tuple[Instroommoment, ...]  # ascending by date
    lottery: bool  # whether places are decided by lottery (capacity limits apply)
    default_moment: date  # moment for practices without a (known) preference
    plan_years: int
    plan_deadline_months: int
    plan_approval_needed: bool
    rules: tuple[PlanRule, ...]
    tariffs: tuple[TariffPeriod, ...]  # ascending, non-overlapping
    monitoring: Monitoring | None = None
    exclusions: tuple[Exclusion, ...] = field(default=())

    def kernelement(self, kernelement_id: str) -> Kernelement:
        return next(k for k in self.kernelementen if k.id == kernelement_id)

    def intervention(self, intervention_id: str) -> Intervention:
        return next(i for i in self.interventions if i.id == intervention_id)

    def moment_dates(self) -> tuple[date, ...]:
        return tuple(m.date for m in self.moments)

    def tariff_on(self, day: date) -> TariffPeriod | None:
        """The tariff period containing `day`, or None when the ruleset has none for it."""
        return next((p for p in self.tariffs if p.start <= day <= p.end), None)
