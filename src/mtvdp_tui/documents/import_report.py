"""An import preview in words: one line per row for the list, all of it for the detail pane, and
the report `mtvdp-tui import` prints. Shared by the screen and the command line, so both say the
same thing about the same file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtvdp_tui import formatting
from mtvdp_tui.domain.practice_import import ImportPlan, ImportRow, RowError, RowKind
from mtvdp_tui.i18n import t

if TYPE_CHECKING:
    from mtvdp_tui.records.imports import Written


def explanation(row: ImportRow) -> str:
    """One line: the differences of a changed row, the errors of a row in error."""
    if row.kind is RowKind.FOUT:
        return "; ".join(_error_text(error) for error in row.errors)
    if row.kind is RowKind.GEWIJZIGD:
        return "; ".join(f"{d.field}: {d.old} → {d.new}" for d in row.differences)
    if row.kind is RowKind.NIEUW and row.data is not None:
        ion = "—" if row.data.ion is None else formatting.number(row.data.ion)
        return t("import.voorbeeld.nieuw_detail", regio=row.data.region, ion=ion)
    return ""


def details(row: ImportRow) -> list[str]:
    """Everything about the row, one fact per line."""
    if row.kind is RowKind.FOUT:
        return [_error_text(error) for error in row.errors]
    if row.kind is RowKind.GEWIJZIGD:
        return [f"{d.field}: {d.old} → {d.new}" for d in row.differences]
    if row.kind is RowKind.ONGEWIJZIGD:
        return [t("import.voorbeeld.ongewijzigd_detail")]
    return [explanation(row)]


def _error_text(error: RowError) -> str:
    if not error.column:
        return f"{t('import.voorbeeld.geheel')}: {error.message}"
    return f"{t('import.voorbeeld.kolom', kolom=error.column)}: {error.message}"


def counts_text(plan: ImportPlan, key: str, **extra: object) -> str:
    counts = plan.counts
    return t(
        key,
        regels=formatting.number(len(plan.rows)),
        nieuw=formatting.number(counts[RowKind.NIEUW]),
        gewijzigd=formatting.number(counts[RowKind.GEWIJZIGD]),
        ongewijzigd=formatting.number(counts[RowKind.ONGEWIJZIGD]),
        fout=formatting.number(counts[RowKind.FOUT]),
        **extra,
    )


def verdict_text(plan: ImportPlan) -> str:
    """What the user can do with this preview: import, correct the file, or nothing."""
    counts = plan.counts
    errors = counts[RowKind.FOUT]
    valid = counts[RowKind.NIEUW] + counts[RowKind.GEWIJZIGD]
    if errors and valid:
        number = formatting.number
        return t("import.voorbeeld.fouten", fout=number(errors), geldig=number(valid))
    if errors:
        return t("import.voorbeeld.fouten_alleen")
    if valid:
        return counts_text(plan, "import.voorbeeld.klaar")
    return t("import.voorbeeld.niets")


def written_text(written: Written) -> str:
    """What an import wrote, for the screen and the command line alike."""
    key = "import.klaar.overgeslagen" if written.skipped else "import.klaar"
    return t(
        key,
        nieuw=formatting.number(written.new),
        gewijzigd=formatting.number(written.changed),
        fout=formatting.number(written.skipped),
    )


def report_lines(plan: ImportPlan, filename: str) -> list[str]:
    """The preview for the command line: the counts, the file's notes, then every row that is
    in error, changed or new (unchanged rows only in the count), errors first."""
    lines = [counts_text(plan, "cli.import.telling", naam=filename)]
    lines += [t("cli.import.let_op", melding=note) for note in plan.notes]
    order = (RowKind.FOUT, RowKind.GEWIJZIGD, RowKind.NIEUW)
    for kind in order:
        for row in plan.rows:
            if row.kind is not kind:
                continue
            heading = t("import.voorbeeld.regel", nummer=row.number)
            lines.append(f"{heading}  {kind.label}  {row.agb}  {row.name}".rstrip())
            lines += [f"    {line}" for line in details(row)]
    return lines
