"""Reading a practice list (CSV or XLSX) into rows of text, before any value is judged.

The file format is the register export's (`documents/register_export.py`): a header row naming
the columns (`COLUMNS`, in any order, case-insensitive, spaces around ignored), then one practice
per row. Every cell becomes text here; `practice_import.plan_import` judges the values.

- CSV: `;` or `,` (whichever the header line has more of), UTF-8 with or without BOM; bytes that
  are not UTF-8 are read as Windows text (cp1252), with a note.
- XLSX: the first sheet, read-only, cached values only (a formula is never evaluated). An AGB
  stored as a number gets its leading zeros back (1234567 → "01234567"); date cells become
  `YYYY-MM-DD`; whole numbers lose their `.0`; TRUE/FALSE become "ja"/"nee".
- Text a spreadsheet export neutralised against formula injection (`'=…`) gets its apostrophe
  taken off again, so export → import gives back the same text.

A file that cannot be read at all raises `ImportFileError`, whose `str()` is a Dutch message.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t

# The file format: column names and the words in cells. Not UI text, so not in the catalogue.
COLUMNS = (
    "agb",
    "naam",
    "regio",
    "wijk",
    "ion",
    "voorkeur",
    "vragenlijst",
    "email",
    "startdatum",
    "uitgesloten",
)
REQUIRED_COLUMNS = ("agb", "naam", "regio")
YES, NO = "ja", "nee"
UNKNOWN_PREFERENCE = "weet ik niet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # as documents.declaraties neutralises them
MAX_ROWS = 10_000
AGB_DIGITS = 8

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and other Office 97) files
_NOT_TEXT = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_C0_CONTROLS = frozenset(chr(code) for code in range(32)) - set("\t\n\r")
_CSV_SUFFIXES = (".csv", ".txt")
_XLSX_SUFFIXES = (".xlsx", ".xlsm")


class ImportFileError(Exception):
    """A file that cannot be imported at all; `str()` is the Dutch message for the user."""


@dataclass(frozen=True)
class RawRow:
    """One data row as text. `number` is the row as the user sees it (the header is row 1)."""

    number: int
    values: Mapping[str, str]  # known column → cell text; only the columns the file has
    extra: tuple[str, ...] = ()  # non-empty cells beyond the header's last column


@dataclass(frozen=True)
class ImportFile:
    rows: list[RawRow]
    columns: tuple[str, ...]  # the known columns the file has, in its order
    notes: tuple[str, ...] = field(default=())  # Dutch warnings: the import may go on


def read_rows(data: bytes, filename: str) -> list[RawRow]:
    """The data rows of a CSV or XLSX file; raises `ImportFileError`."""
    return read_import(data, filename).rows


def read_import(data: bytes, filename: str) -> ImportFile:
    """The rows, columns and notes of a CSV or XLSX file; raises `ImportFileError`."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data.strip():
        raise ImportFileError(t("import.bestand.leeg", naam=name))
    if data.startswith(_OLE2) or suffix == ".xls":
        raise ImportFileError(t("import.bestand.xls", naam=name))
    if suffix not in _CSV_SUFFIXES + _XLSX_SUFFIXES:
        raise ImportFileError(t("import.bestand.soort", naam=name))
    if data.startswith(_ZIP):  # a workbook, whatever its name says
        return _table(_xlsx_records(data, name), name, notes=())
    if suffix in _XLSX_SUFFIXES:
        raise ImportFileError(t("import.bestand.xlsx_onleesbaar", naam=name))
    text, notes = _decode(data, name)
    return _table(_csv_records(text, name), name, notes)


# --- CSV ------------------------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    if b"\x00" in data or data.startswith(_NOT_TEXT):
        raise ImportFileError(t("import.bestand.binair", naam=name))
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(t("import.bestand.codering", naam=name)) from None
    if not _C0_CONTROLS.isdisjoint(text):  # not UTF-8 and control characters: not text at all
        raise ImportFileError(t("import.bestand.binair", naam=name))
    return text, (t("import.melding.cp1252"),)


def _csv_records(text: str, name: str) -> list[tuple[int, Sequence[object]]]:
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "," if header_line.count(",") > header_line.count(";") else ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _filled(reader, name)
    except csv.Error:
        raise ImportFileError(
            t("import.bestand.csv_fout", naam=name, regel=reader.line_num)
        ) from None


# --- XLSX -----------------------------------------------------------------------------------------


def _xlsx_records(data: bytes, name: str) -> list[tuple[int, Sequence[object]]]:
    from openpyxl import load_workbook  # only when a workbook comes in

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # some writers store a wrong size; read what is there
                return _filled(sheet.iter_rows(values_only=True), name)
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception:  # a damaged workbook can fail anywhere inside openpyxl, zipfile or XML
        raise ImportFileError(t("import.bestand.xlsx_onleesbaar", naam=name)) from None


# --- both -----------------------------------------------------------------------------------------


def _cell_text(value: object, column: str | None) -> str:
    """A cell's value as the text a user would have typed for it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if column == "agb" and 0 <= value < 10**AGB_DIGITS:
            return f"{value:0{AGB_DIGITS}d}"
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _unneutralise(value)
    return str(value)


def _unneutralise(text: str) -> str:
    """Undo the export's apostrophe before text a spreadsheet could take for a formula."""
    neutralised = text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)
    return text[1:] if neutralised else text


def _filled(rows: Iterable[Sequence[object]], name: str) -> list[tuple[int, Sequence[object]]]:
    """(row number, cells) of the rows that are not blank; too many stop the import."""
    filled: list[tuple[int, Sequence[object]]] = []
    for number, cells in enumerate(rows, start=1):
        if _blank(cells):
            continue
        if len(filled) > MAX_ROWS:  # the header and MAX_ROWS practices are in already
            limit = formatting.number(MAX_ROWS)
            raise ImportFileError(t("import.bestand.te_veel_regels", naam=name, max=limit))
        filled.append((number, cells))
    return filled


def _table(
    filled: Sequence[tuple[int, Sequence[object]]], name: str, notes: tuple[str, ...]
) -> ImportFile:
    """Header and data rows from the filled rows (row number, cells)."""
    if not filled:
        raise ImportFileError(t("import.bestand.leeg", naam=name))
    (_, header_cells), data = filled[0], filled[1:]
    header = [_cell_text(cell, None).strip().lower() for cell in header_cells]
    positions = _positions(header, name)
    notes = notes + _header_notes(header, data)
    rows = [_raw_row(number, cells, positions, len(header)) for number, cells in data]
    if not rows:
        notes += (t("import.melding.geen_regels"),)
    return ImportFile(rows=rows, columns=tuple(positions), notes=notes)


def _positions(header: list[str], name: str) -> dict[str, int]:
    """Known column → its index; a missing required or a doubled column stops the import."""
    positions: dict[str, int] = {}
    for column in COLUMNS:
        found = [index for index, title in enumerate(header) if title == column]
        if len(found) > 1:
            places = formatting.listing([str(index + 1) for index in found])
            raise ImportFileError(
                t("import.bestand.kolom_dubbel", kolom=column, naam=name, posities=places)
            )
        if found:
            positions[column] = found[0]
    missing = [column for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        raise ImportFileError(
            t(
                "import.bestand.kolom_ontbreekt",
                naam=name,
                kolommen=", ".join(missing),
                verplicht=", ".join(REQUIRED_COLUMNS),
            )
        )
    return dict(sorted(positions.items(), key=lambda item: item[1]))


def _header_notes(
    header: list[str], data: Iterable[tuple[int, Sequence[object]]]
) -> tuple[str, ...]:
    unknown = [title for title in header if title and title not in COLUMNS]
    notes: list[str] = []
    if unknown:
        shown = ", ".join(shorten(title) for title in dict.fromkeys(unknown))
        notes.append(t("import.melding.onbekende_kolom", kolommen=shown, bekend=", ".join(COLUMNS)))
    untitled = [index for index, title in enumerate(header) if not title]
    for index in untitled:
        if any(index < len(cells) and not _blank([cells[index]]) for _, cells in data):
            notes.append(t("import.melding.kolom_zonder_kop", nummer=index + 1))
    return tuple(notes)


def _raw_row(number: int, cells: Sequence[object], positions: dict[str, int], width: int) -> RawRow:
    values = {
        column: _cell_text(cells[index], column) if index < len(cells) else ""
        for column, index in positions.items()
    }
    extra = tuple(text for cell in cells[width:] if (text := _cell_text(cell, None)).strip())
    return RawRow(number=number, values=values, extra=extra)


def _blank(cells: Iterable[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def has_control_characters(text: str) -> bool:
    """Whether `text` has invisible control or format characters (other than tab and newlines)."""
    return any(unicodedata.category(char) in ("Cc", "Cf") and char not in "\t\n\r" for char in text)


def shorten(text: str, limit: int = 40) -> str:
    """A value safe and short enough to quote in a message: invisible characters shown as `?`."""
    visible = "".join(
        "?" if unicodedata.category(char) in ("Cc", "Cf") else char for char in text.strip()
    )
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"
