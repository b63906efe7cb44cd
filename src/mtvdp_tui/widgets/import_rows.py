"""The rows of an import preview: what happens to each row of the file."""

from __future__ import annotations

from collections.abc import Sequence

from mtvdp_tui.documents.import_report import explanation
from mtvdp_tui.domain.practice_import import ImportRow, RowKind
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList

_CLASSES = {
    RowKind.FOUT: "row-list--alert",
    RowKind.GEWIJZIGD: "row-list--notice",
    RowKind.ONGEWIJZIGD: "row-list--muted",
}


class ImportRowList(RowList[ImportRow]):
    """On a narrow line the AGB goes (the highlighted row is shown in full below the list);
    the explanation gets 30 cells, and its whole text once the name is whole."""

    COLUMNS = (
        Column("number", t("import.col.regel"), 6, right=True),
        Column("kind", t("import.col.soort"), 11),
        Column("agb", t("import.col.agb"), 8, drop=1),
        Column("name", t("import.col.naam"), name=True),
        Column("explanation", t("import.col.toelichting"), 30, grow=True),
    )

    def cells(self, row: ImportRow) -> Sequence[str]:
        return (str(row.number), row.kind.label, row.agb, row.name, explanation(row))

    def row_class(self, row: ImportRow) -> str | None:
        return _CLASSES.get(row.kind)
