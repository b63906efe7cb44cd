"""The limits that keep reading a practice list cheap, whatever the file holds.

A practice list has at most `MAX_ROWS` practices of ten short columns. A file far beyond that is
not a practice list: it is refused at once, with a Dutch message naming the limit, before it can
take minutes or gigabytes (a zip bomb of one 1 GB shared string, 16,384 empty cells per row,
millions of shared strings, a CSV line of megabytes).

- the file: at most `MAX_FILE_BYTES` (checked by `reading.read_bounded` and again here);
- a workbook: at most `MAX_UNPACKED_BYTES` unpacked, by the sizes the zip declares *and* by
  counting while unpacking (declared sizes can lie), and at most `MAX_ZIP_MEMBERS` parts;
- rows: at most `MAX_LINES` physical rows (blank ones included), `MAX_ROWS` filled ones;
- columns: no value beyond column `MAX_COLUMNS`;
- cells: at most `MAX_CELL_CHARS` characters; a CSV line at most `MAX_LINE_CHARS`.
"""

from __future__ import annotations

import io
import zipfile

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.reading import size_text

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 1_000
MAX_ROWS = 10_000
MAX_LINES = 50_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 1_000
MAX_LINE_CHARS = 20_000
_CHUNK = 1 << 20


class LimitExceeded(Exception):
    """The file is beyond one of the limits; `str()` is the Dutch message naming it."""


def check_file_size(size: int, name: str) -> None:
    if size > MAX_FILE_BYTES:
        raise LimitExceeded(t("import.bestand.te_groot", naam=name, max=size_text(MAX_FILE_BYTES)))


def check_workbook(data: bytes, name: str) -> None:
    """Refuse a workbook that unpacks to more than the limit; raises zipfile.BadZipFile (and
    other zip errors) for a damaged one."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _unpacked_too_large(name, members[MAX_ZIP_MEMBERS].filename)
        declared = 0
        for member in members:
            declared += member.file_size
            if declared > MAX_UNPACKED_BYTES:
                raise _unpacked_too_large(name, member.filename)
        unpacked = 0
        for member in members:
            with archive.open(member) as part:
                while chunk := part.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED_BYTES:
                        raise _unpacked_too_large(name, member.filename)


def check_line(number: int, name: str) -> None:
    """Called for every physical row, blank ones too."""
    if number > MAX_LINES:
        limit = formatting.number(MAX_LINES)
        raise LimitExceeded(t("import.bestand.te_veel_fysieke_regels", naam=name, max=limit))


def check_line_length(number: int, line: str, name: str) -> None:
    if len(line) > MAX_LINE_CHARS:
        limit = formatting.number(MAX_LINE_CHARS)
        raise LimitExceeded(t("import.bestand.regel_te_lang", naam=name, regel=number, max=limit))


def bounded_cells(number: int, cells: tuple[object, ...], name: str) -> tuple[object, ...]:
    """The row's cells up to `MAX_COLUMNS`; refused when a value lies beyond, or a cell is too
    long."""
    for index, cell in enumerate(cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if index >= MAX_COLUMNS:
            raise LimitExceeded(
                t(
                    "import.bestand.te_veel_kolommen",
                    naam=name,
                    regel=number,
                    kolom=formatting.number(index + 1),
                    max=formatting.number(MAX_COLUMNS),
                )
            )
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            limit = formatting.number(MAX_CELL_CHARS)
            raise LimitExceeded(t("import.bestand.cel_te_lang", naam=name, regel=number, max=limit))
    return cells[:MAX_COLUMNS]


def _unpacked_too_large(name: str, part: str) -> LimitExceeded:
    return LimitExceeded(
        t("import.bestand.xlsx_te_groot", naam=name, max=size_text(MAX_UNPACKED_BYTES), deel=part)
    )
