"""Office files in the old container (OLE2 / Compound File Binary, MS-CFB): an old Excel file
(.xls), or a new one (.xlsx) that Office wrapped because it is protected.

A workbook saved with a password ("Versleutelen met wachtwoord") or with a sensitivity label
that encrypts it is not a ZIP any more: Office stores the encrypted ZIP as the stream
`EncryptedPackage` in a CFB container, beside a storage `\x06DataSpaces` (MS-OFFCRYPTO 2.3.4).
`is_protected` reads the container's directory (following its sector chains, never further
than the file is long) to tell these apart from an old .xls.
"""

from __future__ import annotations

import struct

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PROTECTED_NAMES = frozenset({"encryptedpackage", "\x06dataspaces"})
HEADER_SIZE = 512
DIFAT_IN_HEADER = 109
ENTRY_SIZE = 128
LAST_REGULAR_SECTOR = 0xFFFFFFFA  # above: ENDOFCHAIN, FREESECT and the markers


def is_protected(data: bytes) -> bool:
    """True for a CFB container holding an encrypted Office document."""
    return not PROTECTED_NAMES.isdisjoint(name.casefold() for name in directory_names(data))


def directory_names(data: bytes) -> list[str]:
    """The names of the entries in the CFB directory of `data`; [] when `data` is not such a
    container or its directory cannot be read."""
    if not data.startswith(SIGNATURE) or len(data) < HEADER_SIZE:
        return []
    (shift,) = struct.unpack_from("<H", data, 30)
    if shift not in (9, 12):
        return []
    fat = _fat(data, shift)
    first_directory = struct.unpack_from("<I", data, 48)[0]
    names: list[str] = []
    for sector in _chain(first_directory, fat, data, shift):
        start = (sector + 1) << shift
        for offset in range(start, start + (1 << shift), ENTRY_SIZE):
            name = _entry_name(data[offset : offset + ENTRY_SIZE])
            if name:
                names.append(name)
    return names


def _fat(data: bytes, shift: int) -> list[int]:
    """The file allocation table: for each sector, the next sector of its chain."""
    per_sector = (1 << shift) // 4
    fat: list[int] = []
    for sector in _fat_sectors(data, shift):
        start = (sector + 1) << shift
        if start + (1 << shift) <= len(data):
            fat.extend(struct.unpack_from(f"<{per_sector}I", data, start))
    return fat


def _fat_sectors(data: bytes, shift: int) -> list[int]:
    """Where the FAT lies: the first 109 places in the header, the rest in DIFAT sectors."""
    count = struct.unpack_from("<I", data, 44)[0]
    places = list(struct.unpack_from(f"<{DIFAT_IN_HEADER}I", data, 76))
    per_sector = (1 << shift) // 4
    difat, seen = struct.unpack_from("<I", data, 68)[0], set()
    while difat <= LAST_REGULAR_SECTOR and difat not in seen and len(places) < count:
        seen.add(difat)
        start = (difat + 1) << shift
        if start + (1 << shift) > len(data):
            break
        *more, difat = struct.unpack_from(f"<{per_sector}I", data, start)
        places.extend(more)
    return [place for place in places[:count] if place <= LAST_REGULAR_SECTOR]


def _chain(first: int, fat: list[int], data: bytes, shift: int) -> list[int]:
    """The sectors of the chain starting at `first`, stopping at its end, at a loop, or at a
    sector beyond the file."""
    sectors: list[int] = []
    seen: set[int] = set()
    sector = first
    while sector <= LAST_REGULAR_SECTOR and sector not in seen:
        if ((sector + 2) << shift) > len(data):
            break
        seen.add(sector)
        sectors.append(sector)
        sector = fat[sector] if sector < len(fat) else LAST_REGULAR_SECTOR + 1
    return sectors


def _entry_name(entry: bytes) -> str:
    if len(entry) < ENTRY_SIZE or entry[66] == 0:  # an unused entry
        return ""
    (length,) = struct.unpack_from("<H", entry, 64)  # in bytes, with the closing NUL
    if not 2 <= length <= 64 or length % 2:
        return ""
    return entry[: length - 2].decode("utf-16-le", "replace")
