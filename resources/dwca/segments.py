"""Zip members assembled from deflate segments compressed independently (in parallel).

Each segment is a raw deflate stream ended by a sync flush (byte-aligned, not final), so
segments can be concatenated in order and closed with one final empty block: the result is
one valid deflate stream, as pigz makes it. Each segment starts without a dictionary; at a few
segments per member of tens of megabytes, the cost in size is a few kilobytes. The CRC-32 of
the member is combined from the segments' CRCs (zlib's ``crc32_combine``).

zlib-ng deflates about twice as fast as zlib at the same level, and a little smaller.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from zlib_ng import zlib_ng

FINAL_EMPTY_BLOCK = b"\x03\x00"  # BFINAL=1, fixed Huffman codes, end of block
_COPY = 1 << 20


@dataclass(frozen=True)
class Segment:
    """A compressed segment on disk: its uncompressed CRC-32 and size."""

    path: Path
    crc: int
    size: int


class SegmentWriter:
    """Deflates what is written into a segment file."""

    def __init__(self, path: Path, level: int) -> None:
        self.path = path
        self._out = path.open("wb")
        self._compressor = zlib_ng.compressobj(level, zlib_ng.DEFLATED, -15)
        self._crc = 0
        self._size = 0

    def write(self, data: bytes) -> None:
        """Append uncompressed bytes."""
        self._crc = zlib_ng.crc32(data, self._crc)
        self._size += len(data)
        self._out.write(self._compressor.compress(data))

    def close(self) -> Segment:
        """End the segment (sync flush) and close its file."""
        self._out.write(self._compressor.flush(zlib_ng.Z_SYNC_FLUSH))
        self._out.close()
        return Segment(self.path, self._crc, self._size)

    def abort(self) -> None:
        """Close without finishing (the caller removes the folder)."""
        self._out.close()


class _Stored:
    """Stands in for zipfile's compressor: the data given is already deflated."""

    def compress(self, data: bytes) -> bytes:
        return data

    def flush(self) -> bytes:
        return FINAL_EMPTY_BLOCK


class _Digest:
    """The SHA-256 of a file being written, worked out in a thread from the part already
    final (hashlib and reading release the GIL), so that little is left once it is closed."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._sha = hashlib.sha256()
        self._done = 0  # bytes handed to the thread so far
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def advance(self, upto: int) -> None:
        """Bytes up to ``upto`` will not change any more: hash them (in the background)."""
        self.wait()
        start, self._done = self._done, upto
        if upto > start:
            self._thread = threading.Thread(target=self._read, args=(start, upto), daemon=True)
            self._thread.start()

    def _read(self, start: int, end: int) -> None:
        try:
            with self._path.open("rb") as handle:
                handle.seek(start)
                while start < end:
                    block = handle.read(min(_COPY, end - start))
                    if not block:
                        raise OSError("%s ended before byte %d" % (self._path, end))
                    self._sha.update(block)
                    start += len(block)
        except BaseException as exc:  # noqa: BLE001 - raised again by ``wait``
            self._error = exc

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error

    def hexdigest(self, size: int) -> str:
        """The digest of the whole file, ``size`` bytes."""
        self.advance(size)
        self.wait()
        return self._sha.hexdigest()


class ZipAssembler:
    """A zip whose data members are joined from segments; ``add`` deflates small members
    here. ``fingerprints`` gives each member's CRC-32 and size (what the zip itself records,
    so an archive read back gives the same), ``sizes`` its uncompressed size, and ``sha256``
    (once closed) the whole archive's SHA-256, hashed as its members are done."""

    def __init__(self, path: Path, level: int) -> None:
        self.path = path
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level)
        self.level = level
        self.fingerprints: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self.sha256 = ""
        self._digest = _Digest(path)

    def _member_done(self) -> None:
        # zipfile rewrites a member's local header only while writing that member: all
        # bytes before the end of the last member are final.
        out = self._zip.fp
        assert out is not None, "the zip is open"
        out.flush()
        self._digest.advance(out.tell())

    def member(self, name: str, segments: list[Segment]) -> None:
        """Write the member ``name`` from ``segments`` in order (each file is removed)."""
        crc = size = 0
        with self._zip.open(name, "w", force_zip64=True) as member:
            # zipfile has no public way to store data deflated elsewhere: the segments are
            # copied straight to the zip's file (the member's ``write`` would work out a
            # CRC-32 of the deflated bytes only to have it replaced), the member's compressor
            # is swapped for a pass-through that ends the stream, and its compressed size,
            # CRC-32 and size are set before it closes. Typeshed does not declare
            # _ZipWriteFile, the class that ZipFile.open(name, "w") returns.
            member._compressor = _Stored()  # type: ignore[attr-defined]
            out = member._fileobj  # type: ignore[attr-defined]
            for segment in segments:
                with segment.path.open("rb") as data:
                    _copy(data, out)
                member._compress_size += segment.path.stat().st_size  # type: ignore[attr-defined]
                segment.path.unlink()
                crc = zlib_ng.crc32_combine(crc, segment.crc, segment.size)
                size += segment.size
            member._crc = crc  # type: ignore[attr-defined]
            member._file_size = size  # type: ignore[attr-defined]
        self.fingerprints[name] = fingerprint(crc, size)
        self.sizes[name] = size
        self._member_done()

    def add(self, name: str, data: bytes) -> None:
        """A whole small member (meta.xml, eml.xml)."""
        self._zip.writestr(name, data)
        info = self._zip.getinfo(name)
        self.fingerprints[name] = fingerprint(info.CRC, info.file_size)
        self.sizes[name] = info.file_size

    def close(self) -> None:
        """Write the central directory; ``sha256`` then holds the archive's digest."""
        try:
            self._zip.close()
        finally:
            self._digest.wait()
        self.sha256 = self._digest.hexdigest(self.path.stat().st_size)


def fingerprint(crc: int, size: int) -> str:
    """What identifies a member's content in ``data_sha256``: its CRC-32 and size."""
    return "crc32:%08x:%d" % (crc, size)


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    shutil.copyfileobj(source, target, _COPY)
