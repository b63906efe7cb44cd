"""The plans overview's list: one line per practice with its plan state and what it means."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from mtvdp_tui import formatting
from mtvdp_tui.domain.plan_overview import PlanState
from mtvdp_tui.domain.plan_rules import plan_deadline
from mtvdp_tui.i18n import t
from mtvdp_tui.records.plans import PlanOverviewRow, PlanSortKey
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList

# On a narrow line the start goes first (the deadline follows from it), then the region (in the
# filter and the counts), then the deadline (the detail says how many days are left). The detail
# is cut to 26 cells before the name is, and gets its whole text back when the name is whole.
COLUMNS: tuple[Column, ...] = (
    Column(PlanSortKey.AGB, t("overview.col.agb"), 8),
    Column(PlanSortKey.NAME, t("overview.col.name"), name=True),
    Column(PlanSortKey.REGION, t("overview.col.region"), 16, drop=2),
    Column(PlanSortKey.START, t("overview.col.start"), 11, drop=1),
    Column(PlanSortKey.START, t("overview.col.deadline"), 11, drop=3),
    Column(PlanSortKey.STATE, t("overview.col.state"), 11),
    Column(PlanSortKey.STATE, t("overview.col.detail"), 26, grow=True),
)


def state_text(state: PlanState) -> str:
    return t(f"overview.state.{state.value}")


def detail_text(row: PlanOverviewRow, deadline: date | None, today: date) -> str:
    """What the state means for this practice: days left or late, versions, dates."""
    if row.state is PlanState.UITGESLOTEN:
        return row.excluded_reason or t("overview.detail.no_reason")
    if row.state is PlanState.INGEDIEND:
        assert row.submitted_on is not None
        day, version = formatting.short_date(row.submitted_on), row.submitted_version
        if deadline is not None and row.submitted_on > deadline:
            late = formatting.days((row.submitted_on - deadline).days)
            text = t("overview.detail.submitted_late", day=day, days=late)
        else:
            text = t("overview.detail.submitted", day=day, version=version)
        return t("overview.detail.newer_concept", detail=text) if row.newer_concept else text
    if row.state is PlanState.TE_LAAT:
        assert deadline is not None
        late = formatting.days((today - deadline).days)
        if row.concept_version is None:
            return t("overview.detail.late_nothing", days=late)
        return t("overview.detail.late_concept", days=late)
    return _open_text(row.concept_version, deadline, today)


def _open_text(version: int | None, deadline: date | None, today: date) -> str:
    if deadline is None:
        no_start = t("overview.detail.no_start")
        return t("overview.detail.version", version=version) if version else no_start
    left = (deadline - today).days
    if left == 0:
        return t("overview.detail.last_day")
    if version is None:
        return t("overview.detail.left", days=formatting.days(left))
    return t("overview.detail.version_left", version=version, days=formatting.days(left))


class PlanList(RowList[PlanOverviewRow]):
    """Practices with their plan state; late ones stand out, excluded ones are dimmed."""

    COLUMNS = COLUMNS

    def __init__(self, *, months: int, today: Callable[[], date], id: str | None = None) -> None:
        super().__init__(id=id)
        self._months = months
        self._today = today

    def cells(self, row: PlanOverviewRow) -> Sequence[str]:
        start = row.start_date
        deadline = plan_deadline(self._months, start) if start else None
        return (
            row.agb,
            row.name,
            row.region,
            formatting.short_date(start) if start else "—",
            formatting.short_date(deadline) if deadline else "—",
            state_text(row.state),
            detail_text(row, deadline, self._today()),
        )

    def row_class(self, row: PlanOverviewRow) -> str | None:
        if row.state is PlanState.TE_LAAT:
            return "row-list--alert"
        return "row-list--muted" if row.state is PlanState.UITGESLOTEN else None
