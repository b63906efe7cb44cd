"""Reading a practice list (CSV or XLSX) into rows of text, before any value is judged.

The file format is the register export's (`documents/register_export.py`): a header row naming
the columns (`COLUMNS`, in any order, case-insensitive, spaces around ignored), then one practice
per row. Every cell becomes text here; `practice_import.plan_import` judges the values.

- CSV: `;` or `,` (whichever the header line has more of), UTF-8 with or without BOM; a file
  that is not UTF-8 at all is read as Windows text (cp1252), with a note; a file that is partly
  UTF-8 and partly not is refused, naming the first line that is not. Every physical line is
  one row: a line whose quotes do not close on it becomes a row in error (it never swallows
  the next line).
- XLSX: the first sheet, read-only, cached values only (a formula is never evaluated). An AGB
  stored as a number gets its leading zeros back (1234567 → "01234567"); date cells become
  `YYYY-MM-DD`; whole numbers lose their `.0`; TRUE/FALSE become "ja"/"nee".
- Text a spreadsheet export neutralised against formula injection (`'=…`) gets its apostrophe
  taken off again, so export → import gives back the same text.

Reading has bounded cost: `import_limits` sets the limits (size, unpacked size, rows, columns,
cell length). A file that cannot be read at all, or is beyond a limit, raises `ImportFileError`,
whose `str()` is a Dutch message.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from mtvdp_tui import formatting
from mtvdp_tui.domain import import_limits as limits
from mtvdp_tui.domain import office_container
from mtvdp_tui.domain.import_limits import MAX_ROWS, LimitExceeded
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
AGB_DIGITS = 8

_ZIP = b"PK\x03\x04"
_NOT_TEXT = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_C0_CONTROLS = frozenset(chr(code) for code in range(32)) - set("\t\n\r")
_CSV_SUFFIXES = (".csv", ".txt")
HEAD_BYTES = 64 * 1024  # enough of a CSV file to find its header row
XLSX_SUFFIXES = (".xlsx", ".xlsm")


class ImportFileError(Exception):
    """A file that cannot be imported at all; `str()` is the Dutch message for the user."""


@dataclass(frozen=True)
class RawRow:
    """One data row as text. `number` is the row as the user sees it (the header is row 1)."""

    number: int
    values: Mapping[str, str]  # known column → cell text; only the columns the file has
    extra: tuple[str, ...] = ()  # non-empty cells beyond the header's last column
    problem: str = ""  # Dutch: why the line could not be read as cells (then `values` is empty)


@dataclass(frozen=True)
class ImportFile:
    rows: list[RawRow]
    columns: tuple[str, ...]  # the known columns the file has, in its order
    notes: tuple[str, ...] = field(default=())  # Dutch warnings: the import may go on


def read_import(data: bytes, filename: str) -> ImportFile:
    """The rows, columns and notes of a CSV or XLSX file; raises `ImportFileError`."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        return _read(data, name)
    except LimitExceeded as error:
        raise ImportFileError(str(error)) from None


def read_header(data: bytes, filename: str) -> tuple[str, ...]:
    """The titles of the file's header row (lower case, as the import reads them; empty ones
    left out), after the importer's own checks of that row: raises `ImportFileError` as
    `read_import` would (not a CSV or workbook, unreadable, a required column missing, one
    twice). `data`: all of a workbook; of a CSV its first `HEAD_BYTES` will do."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    try:
        if data.startswith(_ZIP):
            limits.check_file_size(len(data), name)
            filled = _xlsx_records(data, name, header_only=True)
            _table(filled, name, notes=())
        else:
            first = next((line for line in _LINE_BREAK_BYTES.split(data) if line.strip()), b"")
            _read(first, name)
            filled = _csv_records(_decode(first, name)[0], name)[0]
    except LimitExceeded as error:
        raise ImportFileError(str(error)) from None
    return tuple(title for title in _titles(filled[0][1]) if title)


def not_a_practice_list(titles: Sequence[str], name: str) -> str | None:
    """Why a file whose header row has `titles` (and passes `read_header`) does not look like a
    practice list, or None when it does: most of its columns are not the import format's. An
    export of something else, such as the declarations (which has agb, naam and regio too), is
    like that; a practice list with a few columns of its own is not."""
    known = [title for title in titles if title in COLUMNS]
    others = [shorten(title) for title in titles if title not in COLUMNS]
    if len(others) <= len(known):
        return None
    return t(
        "import.kies.geen_lijst",
        naam=name,
        bekend=len(known),
        totaal=len(titles),
        kolommen=formatting.listing(others[:4]),
    )


def _read(data: bytes, name: str) -> ImportFile:
    limits.check_file_size(len(data), name)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not data.strip():
        raise ImportFileError(t("import.bestand.leeg", naam=name))
    if data.startswith(office_container.SIGNATURE) and office_container.is_protected(data):
        raise ImportFileError(t("import.bestand.beveiligd", naam=name))
    if data.startswith(office_container.SIGNATURE) or suffix == ".xls":
        raise ImportFileError(t("import.bestand.xls", naam=name))
    if suffix not in _CSV_SUFFIXES + XLSX_SUFFIXES:
        raise ImportFileError(t("import.bestand.soort", naam=name))
    if data.startswith(_ZIP):  # a workbook, whatever its name says
        return _table(_xlsx_records(data, name), name, notes=())
    if suffix in XLSX_SUFFIXES:
        raise ImportFileError(t("import.bestand.xlsx_onleesbaar", naam=name))
    text, notes = _decode(data, name)
    records, broken = _csv_records(text, name)
    return _table(records, name, notes, broken)


# --- CSV ------------------------------------------------------------------------------------------


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    if b"\x00" in data or data.startswith(_NOT_TEXT):
        raise ImportFileError(t("import.bestand.binair", naam=name))
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    _refuse_mixed(data, name)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(t("import.bestand.codering", naam=name)) from None
    if not _C0_CONTROLS.isdisjoint(text):  # not UTF-8 and control characters: not text at all
        raise ImportFileError(t("import.bestand.binair", naam=name))
    return text, (t("import.melding.cp1252"),)


def _refuse_mixed(data: bytes, name: str) -> None:
    """A file that is not UTF-8 as a whole, but has lines that are (with letters beyond ASCII,
    or a UTF-8 BOM), is two encodings in one file: reading it all as cp1252 would garble the
    UTF-8 lines, so it is refused, naming the first line that is not UTF-8."""
    utf8_line = 1 if data.startswith(codecs.BOM_UTF8) else None
    other_line = None
    lines = _LINE_BREAK_BYTES.split(data.removeprefix(codecs.BOM_UTF8))
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other_line = other_line or number
            continue
        if utf8_line is None and not line.isascii():
            utf8_line = number
    if utf8_line is not None and other_line is not None:
        raise ImportFileError(
            t("import.bestand.gemengd", naam=name, regel=other_line, utf8_regel=utf8_line)
        )


def _csv_records(text: str, name: str) -> tuple[list[tuple[int, Sequence[object]]], dict[int, str]]:
    """The filled rows, one per physical line, and the lines that are not valid CSV on their
    own (row number → Dutch problem): a quote that does not close on its line makes that line
    a row in error, instead of taking the next lines into one cell."""
    lines = _LINE_BREAK.split(text)
    header_line = next((line for line in lines if line.strip()), "")
    delimiter = "," if header_line.count(",") > header_line.count(";") else ";"
    broken: dict[int, str] = {}

    def cells() -> Iterator[Sequence[object]]:
        for number, line in enumerate(lines, start=1):
            limits.check_line_length(number, line, name)
            try:
                yield next(csv.reader([line], delimiter=delimiter, strict=True), [])
            except csv.Error:
                broken[number] = t("import.fout.aanhalingsteken")
                yield (line,)

    return _filled(cells(), name), broken


# --- XLSX -----------------------------------------------------------------------------------------


def _xlsx_records(
    data: bytes, name: str, *, header_only: bool = False
) -> list[tuple[int, Sequence[object]]]:
    from openpyxl import load_workbook  # only when a workbook comes in

    try:
        limits.check_workbook(data, name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                sheet.reset_dimensions()  # some writers store a wrong size; read what is there
                rows = sheet.iter_rows(values_only=True)
                return _filled(_through_first_filled(rows) if header_only else rows, name)
            finally:
                workbook.close()
    except (ImportFileError, LimitExceeded):
        raise
    except Exception:  # a damaged workbook can fail anywhere inside openpyxl, zipfile or XML
        raise ImportFileError(t("import.bestand.xlsx_onleesbaar", naam=name)) from None


def _through_first_filled(rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    """The rows up to and including the first that is not blank: the header row."""
    for row in rows:
        yield row
        if not _blank(row):
            return


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
    for number, row in enumerate(rows, start=1):
        limits.check_line(number, name)
        cells = limits.bounded_cells(number, tuple(row), name)
        if _blank(cells):
            continue
        if len(filled) > MAX_ROWS:  # the header and MAX_ROWS practices are in already
            limit = formatting.number(MAX_ROWS)
            raise ImportFileError(t("import.bestand.te_veel_regels", naam=name, max=limit))
        filled.append((number, cells))
    return filled


def _table(
    filled: Sequence[tuple[int, Sequence[object]]],
    name: str,
    notes: tuple[str, ...],
    broken: Mapping[int, str] | None = None,
) -> ImportFile:
    """Header and data rows from the filled rows (row number, cells); `broken` rows (number →
    problem) are rows in error."""
    broken = broken or {}
    if not filled:
        raise ImportFileError(t("import.bestand.leeg", naam=name))
    (header_number, header_cells), data = filled[0], filled[1:]
    if header_number in broken:
        raise ImportFileError(t("import.bestand.csv_fout", naam=name, regel=header_number))
    header = _titles(header_cells)
    positions = _positions(header, name)
    readable = [(number, cells) for number, cells in data if number not in broken]
    notes = notes + _header_notes(header, readable)
    rows = [
        RawRow(number, {}, problem=broken[number])
        if number in broken
        else _raw_row(number, cells, positions, len(header))
        for number, cells in data
    ]
    if not rows:
        notes += (t("import.melding.geen_regels"),)
    return ImportFile(rows=rows, columns=tuple(positions), notes=notes)


def _titles(header_cells: Sequence[object]) -> list[str]:
    return [_cell_text(cell, None).strip().lower() for cell in header_cells]


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
                kolommen=formatting.listing(missing),
                verplicht=formatting.listing(REQUIRED_COLUMNS),
            )
        )
    return dict(sorted(positions.items(), key=lambda item: item[1]))


def _header_notes(
    header: list[str], data: Iterable[tuple[int, Sequence[object]]]
) -> tuple[str, ...]:
    unknown = [title for title in header if title and title not in COLUMNS]
    notes: list[str] = []
    if unknown:
        shown = formatting.listing(shorten(title) for title in dict.fromkeys(unknown))
        known = formatting.listing(COLUMNS)
        notes.append(t("import.melding.onbekende_kolom", kolommen=shown, bekend=known))
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
