"""Reading a practice list has bounded cost: zip bombs and huge files stop at a named limit."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from mtvdp_tui.domain.import_limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINES
from mtvdp_tui.domain.import_reading import ImportFileError, read_import

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def workbook(*rows: Iterable[object]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replaced(data: bytes, part: str, chunks: Iterable[bytes], *, zip64: bool = True) -> bytes:
    """The workbook with `part` replaced by the streamed `chunks` (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info, source.read(info))
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=zip64) as stream:
            for chunk in chunks:
                stream.write(chunk)
    return out.getvalue()


def refused_quickly(data: bytes, match: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match=match):
        read_import(data, "lijst.xlsx")
    assert time.perf_counter() - started < 5


def sheet_xml(rows: Iterable[bytes]) -> Iterable[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    yield from rows
    yield b"</sheetData></worksheet>"


def test_one_huge_shared_string_is_refused_by_the_unpacked_limit() -> None:
    base = workbook(["agb", "naam", "regio"], ["01234567", "x", "Zutphen"])
    strings = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>']
    strings += [b"x" * (1 << 20)] * 30 + [b"</t></si></sst>"]
    refused_quickly(replaced(base, STRINGS, strings), "uitgepakt groter dan 20 MB")


def test_millions_of_shared_strings_are_refused() -> None:
    base = workbook(["agb", "naam", "regio"], ["01234567", "x", "Zutphen"])
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    many = (b"<si><t>a</t></si>" * 100_000 for _ in range(20))  # 2 million strings
    refused_quickly(replaced(base, STRINGS, [head, *many, b"</sst>"]), "deel 'xl/sharedStrings")


def test_rows_of_16384_empty_cells_are_refused() -> None:
    empty = b"".join(b'<c r="%s"/>' % f"A{n}".encode() for n in range(16_384))
    rows = (b'<row r="%d">' % r + empty + b"</row>" for r in range(1, 301))
    refused_quickly(replaced(workbook(["agb"]), SHEET, sheet_xml(rows)), "uitgepakt groter dan")


def test_a_declared_size_that_lies_does_not_let_more_through() -> None:
    base = workbook(["agb", "naam", "regio"], ["01234567", "x", "Zutphen"])
    chunks = [*[b"x" * (1 << 20)] * 30, b"</t></si></sst>"]
    lying = _declare_size(replaced(base, STRINGS, chunks, zip64=False), STRINGS, 100)
    with zipfile.ZipFile(io.BytesIO(lying)) as archive:
        assert archive.getinfo(STRINGS).file_size == 100
    refused_quickly(lying, "'lijst.xlsx' kon niet als Excel-bestand worden gelezen")


def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """The zip with the central directory's uncompressed size of `part` set to `size`."""
    buffer = bytearray(data)
    header = buffer.rfind(b"PK\x01\x02", 0, buffer.rfind(part.encode()))
    buffer[header + 24 : header + 28] = size.to_bytes(4, "little")
    return bytes(buffer)


def test_a_value_beyond_the_column_limit_is_refused_naming_it() -> None:
    row = ["01234567", "x", "Zutphen"] + [None] * (MAX_COLUMNS + 10) + ["verstopt"]
    data = workbook(["agb", "naam", "regio"], row)
    refused_quickly(data, f"op regel 2 een waarde in kolom {MAX_COLUMNS + 14}; meer dan 100")


def test_empty_cells_beyond_the_column_limit_are_ignored() -> None:
    empty = b"".join(b'<c r="%s" s="0"/>' % f"{c}2".encode() for c in ("DZ", "EA", "XFD"))
    rows = [
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>agb</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>naam</t></is></c>'
        b'<c r="C1" t="inlineStr"><is><t>regio</t></is></c></row>',
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>01234567</t></is></c>' + empty + b"</row>",
    ]
    data = replaced(workbook(["agb"]), SHEET, sheet_xml(rows))
    assert [r.values["agb"] for r in read_import(data, "lijst.xlsx").rows] == ["01234567"]


def test_a_cell_over_the_length_limit_is_refused() -> None:
    data = workbook(["agb", "naam", "regio"], ["01234567", "x" * (MAX_CELL_CHARS + 1), "Z"])
    refused_quickly(data, "op regel 2 een cel van meer dan 1.000 tekens")


def test_too_many_physical_lines_are_refused_even_when_blank() -> None:
    data = ("agb;naam;regio\r\n" + "\r\n" * MAX_LINES + "01234567;x;Zutphen").encode()
    with pytest.raises(ImportFileError, match=r"meer dan 50\.000 regels \(lege regels"):
        read_import(data, "lijst.csv")


@settings(max_examples=30, deadline=None)
@given(lines=st.lists(st.text(st.sampled_from('ab;"\r\n é'), max_size=12), min_size=1, max_size=12))
def test_every_physical_csv_line_is_a_row_or_blank(lines: list[str]) -> None:
    """Whatever the quotes do, each line after the header is one row (read or in error) or
    blank: no line takes another with it."""
    body = [line.replace("\r", "").replace("\n", "") for line in lines]
    data = "\r\n".join(["agb;naam;regio", *body]).encode()
    numbers = [row.number for row in read_import(data, "l.csv").rows]
    filled = {n for n, line in enumerate(body, start=2) if line.replace('"', "").strip(" ;")}
    assert filled <= set(numbers) <= set(range(2, len(body) + 2))
    assert numbers == sorted(set(numbers))
