"""The audit trail as a list: when, who, what, about what, and the change (before → after)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mtvdp_tui.i18n import t
from mtvdp_tui.records.audit import AuditRow
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList

FIELDS = {
    "agb": "AGB",
    "name": "naam",
    "region": "regio",
    "wijk": "wijk",
    "ion": "ION",
    "email": "e-mail",
    "preferred_moment": "voorkeur",
    "survey_answered": "vragenlijst",
    "excluded": "uitgesloten",
    "excluded_reason": "reden uitsluiting",
    "start_date": "startdatum",
    "stop_date": "stopdatum",
    "notes": "notities",
    "key": "sleutel",
    "revealed": "getoond",
    "declared_on": "gedeclareerd op",
    "paid_on": "uitbetaald op",
    "rejected_on": "afgewezen op",
    "reason": "reden",
}


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return t("audit.yes")
    if value is False:
        return t("audit.no")
    if isinstance(value, list | dict):
        return t("audit.items", count=len(value))
    return str(value)


def change_text(row: AuditRow) -> str:
    """'wijk: — → Centrum; ION: 2500 → 2600' (a new record: its fields; deleted: 'verwijderd')."""
    before, after = row.before or {}, row.after or {}
    if row.after is None:
        return t("audit.deleted")
    parts = []
    for key, new in after.items():
        label = FIELDS.get(key, key.replace("_", " "))
        if row.before is None:
            parts.append(f"{label}: {_value(new)}")
        else:
            parts.append(f"{label}: {_value(before.get(key))} → {_value(new)}")
    return "; ".join(parts)


class AuditList(RowList[AuditRow]):
    """On a narrow line the user goes first, then the part of the program, then the action
    (the change says 'verwijderd', or lists the fields of a new record)."""

    COLUMNS = (
        Column("at", t("audit.col.at"), 16),
        Column("user", t("audit.col.user"), 10, drop=1),
        Column("entity", t("audit.col.entity"), 16, drop=2),
        Column("action", t("audit.col.action"), 10, drop=3),
        Column("subject", t("audit.col.subject"), name=True),
        Column("change", t("audit.col.change"), 30, grow=True),
    )

    def cells(self, row: AuditRow) -> Sequence[str]:
        return (
            row.at.astimezone().strftime("%d-%m-%Y %H:%M"),
            row.os_user,
            t(f"audit.entity.{row.entity.value}"),
            t(f"audit.action.{row.action.value}"),
            row.subject,
            change_text(row),
        )

    def row_class(self, row: AuditRow) -> str | None:
        return "row-list--alert" if row.after is None else None
