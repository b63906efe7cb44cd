"""Consistency checks across a ruleset's parts, once each part has been read.

Every check raises `RulesetError` naming the key (`instroommoment[2].datum`, 1-based as in the file)
and the problem in Dutch. The checks only look at built domain objects; reading the TOML values is
`ruleset_reading`'s job.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import NoReturn

from mtvdp_tui.domain.quarters import is_quarter_start
from mtvdp_tui.domain.ruleset import (
    Instroommoment,
    Intervention,
    PlanRule,
    TariffPeriod,
)
from mtvdp_tui.domain.ruleset_errors import RulesetError
from mtvdp_tui.formatting import listing
from mtvdp_tui.i18n import t

# Every number in a ruleset has a sane range (minimum, maximum), by its key: a value far outside
# would be accepted and break the app later (a plan of a billion years hangs the wizard, a
# deadline of 24,000 months overflows the date, a version of 10**24 overflows the database).
LIMITS: dict[str, tuple[int, int]] = {
    "versie": (1, 999_999),
    "jaren": (1, 10),
    "deadline_maanden": (1, 120),
    "capaciteit_procent": (0, 100),
    "top3": (0, 1_000_000),
    "jaar": (1, 10),
    "aantal": (1, 100),
    "binnen_jaren": (1, 10),
    "maanden": (1, 120),
    "bedrag_cent": (-(10**6), 100_000),  # 1 cent to € 1.000 per ION per quarter; ≤ 0 is told apart
    "nulmeting_maanden": (0, 120),
    "een_meting_maanden": (0, 120),
    "slotmeting_maanden": (0, 120),
    "sociaal_domein_binnen_jaren": (1, 10),
    "jaarverslag_maanden_na_planjaar": (0, 12),
}
# Dates (moments, tariff periods, exclusions) lie in this century.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


class Checker:
    """The checks for one ruleset file; `source` names the file in every error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, problem: str) -> NoReturn:
        raise RulesetError(self.source, key, problem)

    def not_empty(self, section: str, items: Sequence[object]) -> None:
        if not items:
            self.fail(section, t("ruleset.none", section=section))

    def unique(self, section: str, values: Sequence[str], field: str | None = "id") -> None:
        """No value twice; `section` is the list's key (`kernelement`, `regios` with no field)."""
        first_at: dict[str, int] = {}
        for number, value in enumerate(values, start=1):
            if value in first_at:
                other = _item_key(section, first_at[value], field)
                self.fail(
                    _item_key(section, number, field),
                    t("ruleset.duplicate", value=value, other=other),
                )
            first_at[value] = number

    def region_names(self, regions: Sequence[str]) -> None:
        """Region names are shown, compared and turned into file names: only Latin letters,
        digits, spaces and a few marks, and no two that only differ in case, accents written
        otherwise (NFD) or look-alike forms (NFKC, case-folded)."""
        first_at: dict[str, int] = {}
        for number, name in enumerate(regions, start=1):
            odd = next((c for c in name if not _region_char(c)), None)
            if odd is not None:
                self.fail(f"regios[{number}]", t("ruleset.region.letters", name=name, char=odd))
            key = unicodedata.normalize("NFKC", name).casefold()
            key = "".join(
                c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c)
            )
            key = " ".join(key.split())
            if key in first_at:
                other = first_at[key]
                self.fail(
                    f"regios[{number}]",
                    t(
                        "ruleset.region.lookalike",
                        name=name,
                        other=f"regios[{other}]",
                        other_name=regions[other - 1],
                    ),
                )
            first_at[key] = number

    def references(
        self, section: str, field: str, values: Sequence[str | None], known: Sequence[str]
    ) -> None:
        """Each value names one of `known` (None: the item has no such reference)."""
        for number, value in enumerate(values, start=1):
            if value is not None and value not in known:
                self.fail(
                    _item_key(section, number, field),
                    _unknown_reference(field, value, listing(known)),
                )

    def moments(self, moments: Sequence[Instroommoment]) -> None:
        """Dates on quarter starts and strictly ascending; cumulative capacities not decreasing."""
        for number, moment in enumerate(moments, start=1):
            if not is_quarter_start(moment.date):
                self.fail(
                    _item_key("instroommoment", number, "datum"),
                    t("ruleset.moment.quarter", day=moment.date.isoformat()),
                )
        for number, (earlier, later) in enumerate(pairwise(moments), start=2):
            if later.date <= earlier.date:
                self.fail(
                    _item_key("instroommoment", number, "datum"),
                    t(
                        "ruleset.moment.order",
                        day=later.date.isoformat(),
                        previous=earlier.date.isoformat(),
                    ),
                )
        self._capacities_ascending(moments)

    def _capacities_ascending(self, moments: Sequence[Instroommoment]) -> None:
        previous: int | None = None
        for number, moment in enumerate(moments, start=1):
            if moment.capacity_percent is None:
                continue
            if previous is not None and moment.capacity_percent < previous:
                self.fail(
                    _item_key("instroommoment", number, "capaciteit_procent"),
                    t("ruleset.capacity.order", value=moment.capacity_percent, previous=previous),
                )
            previous = moment.capacity_percent

    def lottery_capacities(self, moments: Sequence[Instroommoment]) -> None:
        """With a lottery, every moment has a capacity and the last one takes everybody (100%)."""
        for number, moment in enumerate(moments, start=1):
            if moment.capacity_percent is None:
                self.fail(
                    _item_key("instroommoment", number, "capaciteit_procent"),
                    t("ruleset.capacity.missing"),
                )
        last = moments[-1].capacity_percent
        if last != 100:
            self.fail(
                _item_key("instroommoment", len(moments), "capaciteit_procent"),
                t("ruleset.capacity.last", value=last),
            )

    def default_moment(self, default: date, moments: Sequence[Instroommoment]) -> None:
        if default not in {moment.date for moment in moments}:
            self.fail(
                "loting.standaard_moment",
                t(
                    "ruleset.default_moment",
                    day=default.isoformat(),
                    moments=listing(
                        (moment.date.isoformat() for moment in moments), alternatives=True
                    ),
                ),
            )

    def interventions(
        self, interventions: Sequence[Intervention], kernelement_ids: Sequence[str]
    ) -> None:
        self.not_empty("interventie", interventions)
        self.unique("interventie", [i.id for i in interventions])
        self.references(
            "interventie", "kernelement", [i.kernelement for i in interventions], kernelement_ids
        )

    def rules(
        self,
        rules: Sequence[PlanRule],
        kernelement_ids: Sequence[str],
        intervention_ids: Sequence[str],
        plan_years: int,
    ) -> None:
        self.unique("regel", [rule.id for rule in rules])
        self.references("regel", "kernelement", [r.kernelement for r in rules], kernelement_ids)
        self.references("regel", "interventie", [r.intervention for r in rules], intervention_ids)
        self._within_plan("jaar", [rule.year for rule in rules], plan_years)
        self._within_plan("binnen_jaren", [rule.within_years for rule in rules], plan_years)

    def _within_plan(self, field: str, values: Sequence[int | None], plan_years: int) -> None:
        for number, value in enumerate(values, start=1):
            if value is not None and value > plan_years:
                self.fail(
                    _item_key("regel", number, field),
                    t("ruleset.beyond_plan", value=value, years=plan_years),
                )

    def tariffs(self, tariffs: Sequence[TariffPeriod]) -> None:
        """No two periods share a day (the file may list them in any order)."""
        by_start = sorted(enumerate(tariffs, start=1), key=lambda pair: pair[1].start)
        for (earlier_number, earlier), (number, later) in pairwise(by_start):
            if later.start <= earlier.end:
                self.fail(
                    _item_key("tarief", number, "van"),
                    t(
                        "ruleset.tariff.overlap",
                        start=later.start.isoformat(),
                        end=later.end.isoformat(),
                        other=_item_key("tarief", earlier_number, None),
                        other_start=earlier.start.isoformat(),
                        other_end=earlier.end.isoformat(),
                    ),
                )


_REGION_MARKS = frozenset(" -'’().,&")


def _region_char(char: str) -> bool:
    """A letter of the Latin script (with its accents), a digit, or one of a few marks."""
    if char in _REGION_MARKS or (char.isdigit() and char.isascii()):
        return True
    if unicodedata.combining(char):
        return True
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN ")


def _unknown_reference(field: str, value: str, known: str) -> str:
    if field == "kernelement":
        return t("ruleset.unknown_kernelement", value=value, known=known)
    return t("ruleset.unknown_interventie", value=value, known=known)


def _item_key(section: str, number: int, field: str | None) -> str:
    """`interventie[3].kernelement`; a plain list such as `regios` gives `regios[2]`."""
    item = f"{section}[{number}]"
    return f"{item}.{field}" if field else item
