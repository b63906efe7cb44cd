"""The register's columns: titles, widths and the text of each cell (shared by header and rows)."""

from __future__ import annotations

from datetime import date

from mtvdp_tui import formatting
from mtvdp_tui.domain.practice import PracticeStatus, practice_status
from mtvdp_tui.i18n import t
from mtvdp_tui.records.practices import PracticeRow, SortKey
from mtvdp_tui.widgets.columns import Column

# Widths are the texts' known maxima (8 digits, "99.999", "geen antwoord", "gestart 30 sep
# 2023"); on a narrow line the wijk goes first, then the region (both in the filter and the
# totals), then the preference. The status stays: it says whether a practice takes part.
COLUMNS: tuple[Column, ...] = (
    Column(SortKey.AGB, t("register.col.agb"), 8),
    Column(SortKey.NAME, t("register.col.name"), name=True),
    Column(SortKey.REGION, t("register.col.region"), 16, drop=2),
    Column(SortKey.WIJK, t("register.col.wijk"), 16, drop=1),
    Column(SortKey.ION, t("register.col.ion"), 6, right=True),
    Column(SortKey.PREFERENCE, t("register.col.preference"), 13, drop=3),
    Column(SortKey.STATUS, t("register.col.status"), 19),
)


def preference_text(row: PracticeRow) -> str:
    if row.preferred_moment is not None:
        return formatting.short_date(row.preferred_moment)
    return t("practice.pref.unknown") if row.survey_answered else t("practice.pref.no_answer")


def status_text(row: PracticeRow, today: date) -> str:
    status = practice_status(
        excluded=row.excluded, start_date=row.start_date, stop_date=row.stop_date, today=today
    )
    if status in (PracticeStatus.GESTART, PracticeStatus.START_GEPLAND) and row.start_date:
        return t(f"practice.status.{status}", date=formatting.short_date(row.start_date))
    return t(f"practice.status.{status}")


def cells(row: PracticeRow, today: date) -> tuple[str, ...]:
    return (
        row.agb,
        row.name,
        row.region,
        row.wijk,
        formatting.number(row.ion) if row.ion is not None else "—",
        preference_text(row),
        status_text(row, today),
    )
