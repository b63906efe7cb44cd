"""The declaration overview's list: one line per practice taking part in the quarter.

On a wide screen every column of the export shows. On a narrower one the tariff and the payer go
first (the same for every row of a quarter, and named above the list), then the peildatum, the
region (in the filter and the totals), the remark and the ION; the highlighted row is shown in
full below the list.
"""

from __future__ import annotations

from collections.abc import Sequence

from mtvdp_tui import formatting
from mtvdp_tui.domain.declaration_status import DeclarationStatus
from mtvdp_tui.domain.declarations import DeclarationFlag, DeclarationRow, payer_label
from mtvdp_tui.domain.ruleset import TariffPeriod
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList


def status_text(row: DeclarationRow) -> str:
    record = row.status
    label = record.status.label
    return f"{label} {formatting.numeric_date(record.day)}" if record.day else label


def amount_text(row: DeclarationRow) -> str:
    if row.amount_cents is not None:
        return formatting.money(row.amount_cents)
    return "—"


def tariff_text(tariff: TariffPeriod | None) -> str:
    """The line above the list: the quarter's tariff and who pays it."""
    if tariff is None:
        return t("declaraties.scherm.geen_tarief")
    return t(
        "declaraties.scherm.tarief",
        tarief=formatting.money(tariff.amount_cents),
        betaler=payer_label(tariff.payer),
    )


def detail_text(row: DeclarationRow) -> str:
    """The line below the list: the highlighted row's name, ION, reason and remark in full."""
    parts = [f"{row.name} ({row.agb})"]
    if row.ion_peildatum:
        parts.append(
            t(
                "declaraties.scherm.ion_van",
                ion=formatting.number(row.ion or 0),
                datum=formatting.short_date(row.ion_peildatum),
            )
        )
    if row.status.reason:
        parts.append(t("declaraties.scherm.reden", reden=row.status.reason))
    if row.remark:
        parts.append(row.remark)
    return " · ".join(parts)


BLOCKING = {DeclarationFlag.GEEN_ION, DeclarationFlag.TARIEF_ONBEKEND}


class DeclarationList(RowList[DeclarationRow]):
    COLUMNS = (
        Column("agb", t("declaraties.kolom.agb"), 8),
        Column("naam", t("declaraties.kolom.naam"), name=True),
        Column("regio", t("declaraties.kolom.regio"), 16, drop=4),
        Column("ion", t("declaraties.kolom.ion"), 6, right=True, drop=6),
        Column("peildatum", t("declaraties.kolom.peildatum_kort"), 10, drop=3),
        Column("tarief", t("declaraties.kolom.tarief"), 7, right=True, drop=1),
        Column("bedrag", t("declaraties.kolom.bedrag"), 11, right=True),
        Column("betaler", t("declaraties.kolom.betaler"), 15, drop=2),
        Column("status", t("declaraties.kolom.status"), 23),
        Column("opmerking", t("declaraties.kolom.opmerking"), 14, drop=5, grow=True),
    )

    def cells(self, row: DeclarationRow) -> Sequence[str]:
        return (
            row.agb,
            row.name,
            row.region,
            formatting.number(row.ion) if row.ion is not None else "—",
            formatting.numeric_date(row.ion_peildatum) if row.ion_peildatum else "—",
            formatting.money(row.tariff_cents) if row.tariff_cents is not None else "—",
            amount_text(row),
            payer_label(row.payer) if row.payer else "—",
            status_text(row),
            row.remark,
        )

    def row_class(self, row: DeclarationRow) -> str | None:
        """Red where money is held up (rejected, no ION, no tariff); paid rows dimmed. Other
        remarks (an older ION, a late plan) are in the Opmerking column, not in colour: they
        are common, and colour that is everywhere says nothing."""
        if row.status.status is DeclarationStatus.AFGEWEZEN or BLOCKING & set(row.flags):
            return "row-list--alert"
        if row.status.status is DeclarationStatus.UITBETAALD:
            return "row-list--muted"
        return None
