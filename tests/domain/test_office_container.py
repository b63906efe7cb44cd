"""A password-protected or labelled .xlsx (an encrypted package in an OLE2/CFB container) is
told apart from an old .xls; the test files are built here by hand, after MS-CFB."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtvdp_tui.domain.import_reading import ImportFileError, read_import
from mtvdp_tui.domain.office_container import SIGNATURE, directory_names, is_protected

SECTOR = 512
END, FREE, FAT_MARK, NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
ENCRYPTED = ("Root Entry", "EncryptedPackage", "\x06DataSpaces", "EncryptionInfo")
OLD_XLS = ("Root Entry", "Workbook", "\x05SummaryInformation")
MANY = ("Root Entry", *(f"Stroom {n}" for n in range(7)), *ENCRYPTED[1:])  # 3 sectors


def entry(name: str, kind: int, right: int = NONE, child: int = NONE) -> bytes:
    """One 128-byte directory entry: name, its length, type, colour (black), left and right
    sibling, child; then CLSID, state, times, start and size (all zero: an empty stream)."""
    raw = name.encode("utf-16-le") + b"\x00\x00"
    links = struct.pack("<HBBIII", len(raw), kind, 1, NONE, right, child)
    return raw.ljust(64, b"\x00") + links + bytes(48)


def entries_of(names: tuple[str, ...]) -> list[bytes]:
    """The root (child: entry 1), then each entry with the next as its right sibling."""
    found = [entry(names[0], 5, child=1 if len(names) > 1 else NONE)]
    for number, name in enumerate(names[1:], start=1):
        right = number + 1 if number + 1 < len(names) else NONE
        found.append(entry(name, 1 if name.startswith("\x06") else 2, right=right))
    return found


def cfb(names: tuple[str, ...], *, padding: int = 1) -> bytes:
    """A version 3 compound file (512-byte sectors): sector 0 the FAT, then the directory
    (four entries a sector, chained), then `padding` data sectors."""
    entries = entries_of(names)
    directory = [entries[i : i + 4] for i in range(0, len(entries), 4)]
    first = 1 + padding  # data sectors first, so the directory chain is not simply 1, 2, 3
    fat = [FAT_MARK] + [END] * padding
    for number in range(len(directory)):
        fat.append(first + number + 1 if number < len(directory) - 1 else END)
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = bytearray(SECTOR)
    header[:8] = SIGNATURE
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, first, 0, 4096, END, 0, END, 0)
    struct.pack_into(f"<{109}I", header, 76, 0, *([FREE] * 108))
    sectors = [struct.pack(f"<{SECTOR // 4}I", *fat)]
    sectors += [b"\x00" * SECTOR] * padding
    sectors += [b"".join(part).ljust(SECTOR, b"\x00") for part in directory]
    return bytes(header) + b"".join(sectors)


def test_the_directory_is_read_along_its_chain() -> None:
    assert directory_names(cfb(ENCRYPTED)) == list(ENCRYPTED)
    assert directory_names(cfb(MANY, padding=3)) == list(MANY)


@pytest.mark.parametrize("name", ["praktijken.xlsx", "praktijken.xls", "lijst.csv"])
def test_a_protected_workbook_is_told_as_protected(name: str) -> None:
    with pytest.raises(ImportFileError) as refused:
        read_import(cfb(MANY), name)
    message = str(refused.value)
    assert message.startswith(f"'{name}' is een Excel-bestand dat beveiligd is met een wachtwoord")
    assert "vertrouwelijkheidslabel" in message and "oude Excel-indeling" not in message


def test_only_the_data_spaces_is_enough() -> None:
    assert is_protected(cfb(("Root Entry", "\x06DataSpaces")))


def test_an_old_xls_is_still_an_old_xls() -> None:
    assert not is_protected(cfb(OLD_XLS))
    with pytest.raises(ImportFileError, match="oude Excel-indeling"):
        read_import(cfb(OLD_XLS), "oud.xls")


def test_a_directory_chain_that_loops_or_runs_off_the_file_ends() -> None:
    looping = bytearray(cfb(MANY))  # directory in sectors 2, 3, 4
    struct.pack_into("<I", looping, SECTOR + 4 * 4, 2)  # the last directory sector → the first
    assert directory_names(bytes(looping)) == list(MANY)
    assert directory_names(cfb(ENCRYPTED)[: SECTOR * 2]) == []


@given(st.binary(max_size=3000))
def test_any_bytes_after_the_signature_never_break_the_reading(tail: bytes) -> None:
    data = SIGNATURE + tail
    assert isinstance(directory_names(data), list)
    with pytest.raises(ImportFileError):
        read_import(data, "x.xlsx")


@given(st.binary(min_size=SECTOR, max_size=SECTOR * 3))
def test_a_damaged_fat_or_header_never_breaks_the_reading(noise: bytes) -> None:
    data = bytearray(cfb(ENCRYPTED))
    data[44 : 44 + 8] = noise[:8]  # FAT count and first directory sector
    data[SECTOR : SECTOR + len(noise) - 8] = noise[8 : SECTOR + 8]
    assert isinstance(directory_names(bytes(data)), list)
