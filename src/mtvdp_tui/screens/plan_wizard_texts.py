"""What the plan wizard shows that is made from the ruleset and the stored plan alone: the
interventions to choose from, and the practice with its deadline and plan version (step 1)."""

from __future__ import annotations

from textual.widgets.selection_list import Selection

from mtvdp_tui import formatting
from mtvdp_tui.domain.plan import PlanStatus
from mtvdp_tui.domain.plan_rules import plan_deadline
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.records.plans import StoredPlan


def intervention_choices(ruleset: Ruleset) -> list[Selection[str]]:
    """Every intervention, in the order of its kernelement, with its notes (top 3, supported)."""
    order = {k.id: n for n, k in enumerate(ruleset.kernelementen)}
    choices = []
    for item in sorted(ruleset.interventions, key=lambda i: order[i.kernelement]):
        notes = []
        if item.top3_count is not None:
            notes.append(t("wizard.top3", count=item.top3_count))
        if item.supported:
            notes.append(t("wizard.supported", organisation=ruleset.organisation))
        suffix = f"  ({', '.join(notes)})" if notes else ""
        kernelement = ruleset.kernelement(item.kernelement).name
        choices.append(Selection(f"{kernelement} · {item.name}{suffix}", item.id))
    return choices


def practice_text(ruleset: Ruleset, data: PracticeData, stored: StoredPlan | None) -> str:
    """Step 1: the practice, its start and deadline, and which version of the plan this is."""
    lines = [
        t("wizard.practice.name", name=data.name, agb=data.agb),
        t("wizard.practice.region", region=data.region, wijk=data.wijk or "—"),
    ]
    if data.start_date is None:
        lines.append(t("wizard.practice.no_start"))
    else:
        deadline = plan_deadline(ruleset, data.start_date)
        lines.append(
            t(
                "wizard.practice.start",
                date=formatting.short_date(data.start_date),
                deadline=formatting.short_date(deadline),
            )
        )
    lines.append(version_text(stored))
    return "\n\n".join(lines)


def version_text(stored: StoredPlan | None) -> str:
    if stored is None:
        return t("wizard.version.none")
    if stored.status is PlanStatus.INGEDIEND and stored.submitted_on:
        return t(
            "wizard.version.submitted",
            version=stored.version,
            date=formatting.short_date(stored.submitted_on),
        )
    return t("wizard.version.concept", version=stored.version)
