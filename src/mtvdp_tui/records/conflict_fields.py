"""A conflict's fields as the app shows them (SPEC §9): per field its Dutch label and the
three sides (basis, mine, theirs) as text — dates dd-mm-jjjj, numbers the Dutch way, yes/no,
"(leeg)" for nothing, a plan summarised per part rather than as its stored JSON. Pure: the
store decodes the values and calls `conflict_fields`."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import TYPE_CHECKING, Any

from mtvdp_tui import formatting
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.i18n import t
from mtvdp_tui.records.sync import ChangeKind, ConflictField

if TYPE_CHECKING:
    from mtvdp_tui.domain.ruleset import Ruleset

Values = dict[str, Any]

# The fields of each kind of record, in the order they are shown: a practice's as it travels
# (everything a user enters but the ION, a change of its own), a plan version's per part.
_FIRST = ("agb", "name", "region")
PRACTICE_FIELDS = (
    *_FIRST,
    *(f.name for f in dataclass_fields(PracticeData) if f.name not in (*_FIRST, "ion")),
)
ION_FIELDS = ("ion",)
PLAN_PARTS = ("reflectie_praktijk", "reflectie_populatie", "interventies", "intervisie_jaren")
PLAN_FIELDS = ("status", *PLAN_PARTS)
FIELDS: dict[ChangeKind, tuple[str, ...]] = {
    ChangeKind.PRAKTIJK: PRACTICE_FIELDS,
    ChangeKind.ION: ION_FIELDS,
    ChangeKind.PLAN: PLAN_FIELDS,
}
_BOOLEAN_FIELDS = frozenset(
    f.name for f in dataclass_fields(PracticeData) if f.type in ("bool", bool)
)
_SHORT = 60  # characters of a reflection shown before "…"


def conflict_fields(
    kind: ChangeKind,
    base: Values | None,
    mine: Values | None,
    theirs: Values | None,
    ruleset: Ruleset,
) -> tuple[ConflictField, ...]:
    names, shown = _shown_values(kind, ruleset)
    sides = [shown(values) if values is not None else None for values in (base, mine, theirs)]
    absent = t("conflicts.value.absent")
    return tuple(
        ConflictField(
            name=name,
            label=t(f"conflicts.field.{kind.value}.{name}"),
            base=None if sides[0] is None else sides[0][name],
            mine=absent if sides[1] is None else sides[1][name],
            theirs=absent if sides[2] is None else sides[2][name],
        )
        for name in names
    )


def _shown_values(
    kind: ChangeKind, ruleset: Ruleset
) -> tuple[tuple[str, ...], Callable[[Values], dict[str, str]]]:
    if kind is ChangeKind.PRAKTIJK:
        return PRACTICE_FIELDS, lambda values: {
            name: _text(name, values.get(name)) for name in PRACTICE_FIELDS
        }
    if kind is ChangeKind.ION:
        return ION_FIELDS, lambda values: {"ion": _text("ion", values.get("ion"))}
    return PLAN_FIELDS, lambda values: _plan_texts(values, ruleset)


def _text(name: str, value: object) -> str:
    if value is None or value == "":
        return t("conflicts.value.empty")
    if name in _BOOLEAN_FIELDS:
        return t("conflicts.value.yes") if value else t("conflicts.value.no")
    if isinstance(value, date):
        return formatting.numeric_date(value)
    if isinstance(value, int):
        return formatting.number(value)
    return " ".join(str(value).split())


def _plan_texts(values: Values, ruleset: Ruleset) -> dict[str, str]:
    content = json.loads(values["content"])
    submitted = values.get("submitted_on")
    if values.get("status") == PlanStatus.INGEDIEND.value and submitted is not None:
        status = t("conflicts.plan.submitted_on", date=formatting.numeric_date(submitted))
    else:
        status = t(f"conflicts.plan.status.{values.get('status')}")
    return {
        "status": status,
        "reflectie_praktijk": _short(content["reflectie_praktijk"]),
        "reflectie_populatie": _short(content["reflectie_populatie"]),
        "interventies": _interventions(content["interventies"], ruleset),
        "intervisie_jaren": ", ".join(str(year) for year in content["intervisie_jaren"])
        or t("conflicts.value.empty"),
    }


def _short(text: str) -> str:
    plain = " ".join(text.split())
    if not plain:
        return t("conflicts.value.empty")
    return plain if len(plain) <= _SHORT else plain[: _SHORT - 1] + "…"


def _interventions(chosen: list[dict[str, Any]], ruleset: Ruleset) -> str:
    """'jaar 1: Name, Name; jaar 2: Name' (the ruleset's names where known)."""
    if not chosen:
        return t("conflicts.value.empty")
    by_year: dict[int, list[str]] = {}
    for item in chosen:
        by_year.setdefault(item["jaar"], []).append(_intervention_name(item, ruleset))
    return "; ".join(
        t("conflicts.plan.year", year=year, names=", ".join(names))
        for year, names in sorted(by_year.items())
    )


def _intervention_name(item: Mapping[str, Any], ruleset: Ruleset) -> str:
    known = {intervention.id: intervention.name for intervention in ruleset.interventions}
    return known.get(item["interventie"], str(item["interventie"]))
