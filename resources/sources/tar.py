"""Unpacking tar archives (plain, ``.tar.gz``, ``.tgz``) with the zip rules of ``archive``:
no absolute or ``..`` paths, no links, member count and size limits, nothing left on error.

The archive is read twice as a stream through a byte cap (never seeking, never extracting
with ``tarfile`` itself): first every header is checked, then the regular files are copied.
"""

from __future__ import annotations

import gzip
import os
import tarfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, cast

from .archive import (
    RATIO_FLOOR,
    _basename,
    _bomb,
    _Budget,
    _check_path,
    _copy,
    _Readable,
    _size,
    _tree_target,
    _tree_wanted,
)
from .errors import SourceError, gettext_noop

MAGIC_OFFSET, MAGIC = 257, b"ustar"  # the POSIX tar magic in the first header
HEADER_ALLOWANCE = 1024  # bytes of headers (long names, pax) a member may take besides data
MAX_EXTENDED_HEADER = 1 << 20  # tarfile reads long-name and pax headers whole into memory
EXTENDED_TYPES = (
    tarfile.GNUTYPE_LONGNAME,
    tarfile.GNUTYPE_LONGLINK,
    tarfile.XHDTYPE,
    tarfile.XGLTYPE,
    tarfile.SOLARIS_XHDTYPE,
)
Visit = Callable[[tarfile.TarFile, tarfile.TarInfo], None]


def is_tar(path: Path) -> bool:
    """Whether ``path`` is a tar archive, plain or gzip-compressed: its first header has the
    POSIX ``ustar`` magic (GNU tar and Python's tarfile write it)."""
    try:
        with _stream(path) as stream:
            head = stream.read(MAGIC_OFFSET + len(MAGIC))
    except (OSError, EOFError, zlib.error):
        return False
    return head[MAGIC_OFFSET:] == MAGIC


def _stream(path: Path) -> IO[bytes]:
    with path.open("rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    return cast(IO[bytes], gzip.open(path, "rb")) if compressed else path.open("rb")


class _Capped:
    """A stream giving at most ``limit`` bytes: a tar is read through it, headers included,
    so a gzip bomb stops early whatever its headers declare."""

    def __init__(self, stream: _Readable, limit: int, name: str):
        self.stream, self.limit, self.name, self.count = stream, limit, name, 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise _bomb(
                gettext_noop(
                    "Unpacked, the archive holds more than %(limit)s. This looks like a zip "
                    "bomb, so nothing was kept. Upload the files themselves, or a smaller archive."
                ),
                self.name,
                limit=_size(self.limit),
            )
        return data


class _ExtendedHeaderTooLarge(ValueError):
    """A long-name or pax header larger than ``MAX_EXTENDED_HEADER`` (its size in ``args``)."""


class _BoundedInfo(tarfile.TarInfo):
    """A header whose long-name or pax data, read into memory by tarfile, is refused above
    ``MAX_EXTENDED_HEADER`` bytes."""

    def _proc_member(self, tarfile: tarfile.TarFile) -> tarfile.TarInfo:
        if self.type in EXTENDED_TYPES and self.size > MAX_EXTENDED_HEADER:
            raise _ExtendedHeaderTooLarge(self.size)
        return super()._proc_member(tarfile)  # type: ignore[misc,no-any-return]


def unpack_tar(
    path: Path,
    name: str,
    dest: Path,
    budget: _Budget,
    max_members: int,
    created: list[Path],
    *,
    tree: bool,
) -> None:
    """Check every header (count, paths, links, declared sizes) before writing anything, then
    extract the regular files, flat or keeping their folders (``tree``), recording each in
    ``created`` at once (the caller removes them on error). Refusals as ``archive.unpack``;
    a damaged archive is ``source:format``."""
    declared = 0
    compressed = path.stat().st_size

    def check(_tf: tarfile.TarFile, info: tarfile.TarInfo) -> None:
        nonlocal declared
        _check_member(info, name)
        declared += info.size if info.isreg() else 0
        if declared > budget.max_total:
            raise _bomb(
                gettext_noop(
                    "Unpacked, the archive would hold more than %(limit)s. This looks like a zip "
                    "bomb, so nothing was kept. Upload the files themselves, or a smaller archive."
                ),
                name,
                limit=_size(budget.max_total),
            )

    def extract(tf: tarfile.TarFile, info: tarfile.TarInfo) -> None:
        if info.isreg() and _tree_wanted(info.name):
            _extract(tf, info, dest, created, (budget, compressed), tree=tree)

    try:
        _each(path, name, budget, max_members, check)
        _each(path, name, budget, max_members, extract)
    except _ExtendedHeaderTooLarge as exc:
        raise _bomb(
            gettext_noop(
                "An entry has a %(size)s header. This looks like a zip bomb, so nothing was kept. "
                "Upload the files themselves, or a smaller archive."
            ),
            name,
            size=_size(exc.args[0]),
        ) from None
    except (tarfile.TarError, zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise SourceError(
            gettext_noop(
                "The tar archive is damaged (%(error)s). Create it again and upload it again."
            ),
            code="source:format",
            file=name,
            params={"error": str(exc)},
        ) from None


def _each(path: Path, name: str, budget: _Budget, max_members: int, visit: Visit) -> None:
    """Call ``visit`` on each header in archive order, the archive read once as a stream."""
    limit = budget.max_total + (max_members + 2) * HEADER_ALLOWANCE + RATIO_FLOOR
    with _stream(path) as stream:
        capped = cast(IO[bytes], _Capped(stream, limit, name))
        with tarfile.open(fileobj=capped, mode="r|", tarinfo=_BoundedInfo) as tf:
            for count, info in enumerate(tf, start=1):
                if count > max_members:
                    raise _bomb(
                        gettext_noop(
                            "The archive has more than %(limit)d entries. This looks like a zip "
                            "bomb, so nothing was kept. Upload the files themselves, or a smaller "
                            "archive."
                        ),
                        name,
                        limit=max_members,
                    )
                visit(tf, info)


def _check_member(info: tarfile.TarInfo, name: str) -> None:
    _check_path(info.name, name)
    if info.issym() or info.islnk():
        raise SourceError(
            gettext_noop(
                "The archive entry %(member)r is a link, so nothing was unpacked. Put the files "
                "themselves in the archive."
            ),
            code="source:zip-unsafe",
            file=name,
            params={"member": info.name},
        )


def _extract(
    tf: tarfile.TarFile,
    info: tarfile.TarInfo,
    dest: Path,
    created: list[Path],
    limits: tuple[_Budget, int],
    *,
    tree: bool,
) -> None:
    budget, compressed = limits
    target = _tree_target(dest, info.name) if tree else dest / _basename(info.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = tf.extractfile(info)
    if src is None:  # not a regular file after all: nothing to copy
        return
    _copy(src, target.name, target.parent, created, (budget, compressed, info.name))
    if tree:
        os.utime(created[-1], (info.mtime, info.mtime))
