"""Names in an OLE2 compound file (legacy ``.xls``, and password-protected ``.xlsx``, which
Office stores as a compound file holding ``EncryptionInfo`` and ``EncryptedPackage``)."""

from __future__ import annotations

import struct
from typing import BinaryIO

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
END_OF_CHAIN = 0xFFFFFFFE
MAX_SECTOR = 0xFFFFFFFA
HEADER_DIFAT = 109
MAX_CHAIN = 1 << 16  # the directory of a real workbook spans a handful of sectors


class NotCompoundFile(ValueError):
    """The bytes are not a readable compound file."""


def entry_names(f: BinaryIO) -> list[str]:
    """Names of the storages and streams in the compound file ``f`` (any order)."""
    f.seek(0)
    header = f.read(512)
    if len(header) < 512 or not header.startswith(SIGNATURE):
        raise NotCompoundFile("no compound-file header")
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):
        raise NotCompoundFile("unsupported sector size")
    size = 1 << shift
    fat = _fat(f, header, size)
    names = []
    for sector in _chain(struct.unpack_from("<I", header, 48)[0], fat):
        names.extend(_names_in(_sector(f, sector, size)))
    return names


def _sector(f: BinaryIO, number: int, size: int) -> bytes:
    f.seek((number + 1) * size)
    data = f.read(size)
    if len(data) < size:
        raise NotCompoundFile("truncated sector %d" % number)
    return data


def _fat(f: BinaryIO, header: bytes, size: int) -> list[int]:
    sectors = [s for s in struct.unpack_from("<109I", header, 76) if s <= MAX_SECTOR]
    difat, count = struct.unpack_from("<II", header, 68)
    per = size // 4 - 1
    for _ in range(min(count, MAX_CHAIN)):
        if difat > MAX_SECTOR:
            break
        entries = struct.unpack("<%dI" % (per + 1), _sector(f, difat, size))
        sectors.extend(s for s in entries[:per] if s <= MAX_SECTOR)
        difat = entries[per]
    fat: list[int] = []
    for sector in sectors[:MAX_CHAIN]:
        fat.extend(struct.unpack("<%dI" % (size // 4), _sector(f, sector, size)))
    return fat


def _chain(start: int, fat: list[int]) -> list[int]:
    chain: list[int] = []
    seen: set[int] = set()
    sector = start
    while sector <= MAX_SECTOR and sector not in seen and len(chain) < MAX_CHAIN:
        chain.append(sector)
        seen.add(sector)
        sector = fat[sector] if sector < len(fat) else END_OF_CHAIN
    return chain


def _names_in(sector: bytes) -> list[str]:
    names = []
    for offset in range(0, len(sector), 128):
        entry = sector[offset : offset + 128]
        length, kind = struct.unpack_from("<HB", entry, 64)
        if kind in (1, 2, 5) and 2 <= length <= 64:
            names.append(entry[: length - 2].decode("utf-16-le", errors="replace"))
    return names
