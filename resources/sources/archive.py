"""Unpacking uploaded archives (zip, gzip, tar) safely: no path tricks, no bombs, no leftovers."""

from __future__ import annotations

import gzip
import os
import re
import stat
import time
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from .detect import detect_format
from .errors import SourceError, gettext_noop

CHUNK = 1 << 20
RATIO_FLOOR = 1 << 20  # below 1 MB a high compression ratio is harmless
SKIPPED_DIRS = ("__MACOSX",)
UNSAFE_CHARS = re.compile(r'[\x00-\x1f<>:"|?*]')


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _Budget:
    """Counts bytes written against the total limit and one member's ratio limit."""

    def __init__(self, max_total: int, max_ratio: int, name: str):
        self.max_total, self.max_ratio, self.name = max_total, max_ratio, name
        self.total = 0

    def check(self, written: int, compressed: int, member: str) -> None:
        if self.total > self.max_total:
            raise _bomb(
                gettext_noop(
                    "Unpacked, the archive holds more than %(limit)s. This looks like a zip "
                    "bomb, so nothing was kept. Upload the files themselves, or a smaller archive."
                ),
                self.name,
                limit=_size(self.max_total),
            )
        if written > max(RATIO_FLOOR, compressed * self.max_ratio):
            raise _bomb(
                gettext_noop(
                    "%(member)r expands more than %(ratio)d times (%(written)s from "
                    "%(compressed)s). This looks like a zip bomb, so nothing was kept. Upload "
                    "the files themselves, or a smaller archive."
                ),
                self.name,
                member=member,
                ratio=self.max_ratio,
                written=_size(written),
                compressed=_size(compressed),
            )


def _bomb(message: str, name: str, **params: Any) -> SourceError:
    """A ``source:zip-bomb`` error; each message says it looks like a zip bomb."""
    return SourceError(message, code="source:zip-bomb", file=name, params=params)


def _size(n: int) -> str:
    return "%.0f MB" % (n / 1e6) if n >= 1e6 else "%d bytes" % n


def unpack(
    path: Path,
    filename: str,
    dest: Path,
    *,
    max_total_bytes: int,
    max_ratio: int = 100,
    max_members: int = 1000,
) -> list[Path]:
    """Extract a ``.zip`` or a tar (plain, ``.tar.gz`` or ``.tgz``) (each regular file, flat
    under ``dest``, names de-duplicated, ``__MACOSX/`` and dotfiles skipped) or a ``.gz``
    (one file named without ``.gz``).

    Refuses, extracting nothing: members with an absolute or ``..`` path or links, hard
    or symbolic (``source:zip-unsafe``), encrypted members (``source:encrypted``), more than
    ``max_members`` members, declared or actual output above ``max_total_bytes`` or a member
    expanding more than ``max_ratio`` times (``source:zip-bomb``). Bytes are counted while
    extracting, since declared sizes can lie. On any error the files already written are
    removed. Returns the extracted files in archive order.
    """
    from .tar import is_tar, unpack_tar  # tar builds on this module's limits

    name = filename or path.name
    kind = detect_format(path, name)
    dest.mkdir(parents=True, exist_ok=True)
    created: list[Path] = []
    try:
        if kind in ("gz", "tar") and is_tar(path):
            budget = _Budget(max_total_bytes, max_ratio, name)
            unpack_tar(path, name, dest, budget, max_members, created, tree=False)
        elif kind == "zip":
            _unpack_zip(
                path, name, dest, _Budget(max_total_bytes, max_ratio, name), max_members, created
            )
        elif kind == "gz":
            _unpack_gzip(path, name, dest, _Budget(max_total_bytes, max_ratio, name), created)
        else:
            raise SourceError(
                gettext_noop("The file is not a zip, gzip or tar archive; read it as it is."),
                code="source:format",
                file=name,
            )
    except BaseException:
        for file in created:
            file.unlink(missing_ok=True)
        raise
    return created


def unpack_tree(
    path: Path, dest: Path, *, max_total_bytes: int, max_ratio: int = 100, max_members: int = 10_000
) -> list[Path]:
    """Extract a ``.zip`` or a tar (plain, ``.tar.gz`` or ``.tgz``) keeping its folders
    (``a/b/c.txt`` becomes ``dest/a/b/c.txt``), with the same refusals and limits as
    ``unpack``; ``__MACOSX/`` and any path with a part starting with ``.`` are skipped,
    unsafe characters in names become ``_``. Each file keeps the modification time recorded
    in the archive. On any error every file written is removed again (folders may stay).
    Returns the extracted files in archive order."""
    from .tar import is_tar, unpack_tar  # tar builds on this module's limits

    name = path.name
    dest.mkdir(parents=True, exist_ok=True)
    budget = _Budget(max_total_bytes, max_ratio, name)
    created: list[Path] = []
    try:
        if is_tar(path):
            unpack_tar(path, name, dest, budget, max_members, created, tree=True)
            return created
        with zipfile.ZipFile(path) as zf:
            members = [
                i
                for i in _checked_members(zf, name, budget, max_members)
                if _tree_wanted(i.filename)
            ]
            for info in members:
                target = _tree_target(dest, info.filename)
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src:
                    _copy(
                        src,
                        target.name,
                        target.parent,
                        created,
                        (budget, info.compress_size, info.filename),
                    )
                stamp = time.mktime((*info.date_time, 0, 0, -1))
                os.utime(created[-1], (stamp, stamp))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        _remove(created)
        raise SourceError(
            gettext_noop(
                "The zip archive is damaged (%(error)s). Create it again and upload it again."
            ),
            code="source:format",
            file=name,
            params={"error": str(exc)},
        ) from None
    except BaseException:
        _remove(created)
        raise
    return created


def _remove(files: list[Path]) -> None:
    for file in files:
        file.unlink(missing_ok=True)


def _tree_wanted(member: str) -> bool:
    parts = [p for p in re.split(r"[\\/]+", member) if p]
    return (
        not member.endswith(("/", "\\"))
        and bool(parts)
        and parts[0] not in SKIPPED_DIRS
        and not any(p.startswith(".") for p in parts)
    )


def _tree_target(dest: Path, member: str) -> Path:
    parts = [UNSAFE_CHARS.sub("_", p) for p in re.split(r"[\\/]+", member) if p]
    return dest.joinpath(*parts)


def _unpack_zip(
    path: Path, name: str, dest: Path, budget: _Budget, max_members: int, created: list[Path]
) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            members = _checked_members(zf, name, budget, max_members)
            for info in members:
                with zf.open(info) as src:
                    _copy(
                        src,
                        _basename(info.filename),
                        dest,
                        created,
                        (budget, info.compress_size, info.filename),
                    )
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise SourceError(
            gettext_noop(
                "The zip archive is damaged (%(error)s). Create it again and upload it again."
            ),
            code="source:format",
            file=name,
            params={"error": str(exc)},
        ) from None


def _checked_members(
    zf: zipfile.ZipFile, name: str, budget: _Budget, max_members: int
) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > max_members:
        raise _bomb(
            gettext_noop(
                "The archive has %(count)d entries, more than %(limit)d. This looks like a zip "
                "bomb, so nothing was kept. Upload the files themselves, or a smaller archive."
            ),
            name,
            count=len(infos),
            limit=max_members,
        )
    for info in infos:
        _check_safe(info, name)
    members = [i for i in infos if _wanted(i)]
    declared = sum(i.file_size for i in members)
    if declared > budget.max_total:
        raise _bomb(
            gettext_noop(
                "Unpacked, the archive would hold %(size)s, more than %(limit)s. This looks like "
                "a zip bomb, so nothing was kept. Upload the files themselves, or a smaller "
                "archive."
            ),
            name,
            size=_size(declared),
            limit=_size(budget.max_total),
        )
    for info in members:
        budget.check(info.file_size, info.compress_size, info.filename)
    return members


def _check_safe(info: zipfile.ZipInfo, name: str) -> None:
    member = info.filename
    _check_path(member, name)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise SourceError(
            gettext_noop(
                "The archive entry %(member)r is a symbolic link, so nothing was unpacked. Put "
                "the files themselves in the zip."
            ),
            code="source:zip-unsafe",
            file=name,
            params={"member": member},
        )
    if info.flag_bits & 0x1:
        raise SourceError(
            gettext_noop(
                "The archive entry %(member)r is protected with a password. Create the zip "
                "again without a password and upload it again."
            ),
            code="source:encrypted",
            file=name,
            params={"member": member},
        )


def _check_path(member: str, name: str) -> None:
    parts = re.split(r"[\\/]+", member)
    if member.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", member) or ".." in parts:
        raise SourceError(
            gettext_noop(
                "The archive entry %(member)r points outside the archive (an absolute path or "
                "'..'), so nothing was unpacked. Create the archive again from the folder "
                "holding the files."
            ),
            code="source:zip-unsafe",
            file=name,
            params={"member": member},
        )


def _wanted(info: zipfile.ZipInfo) -> bool:
    parts = [p for p in re.split(r"[\\/]+", info.filename) if p]
    if info.is_dir() or not parts or parts[0] in SKIPPED_DIRS:
        return False
    return not parts[-1].startswith(".")


def _basename(member: str) -> str:
    base = re.split(r"[\\/]+", member.rstrip("/\\"))[-1]
    return UNSAFE_CHARS.sub("_", base) or "file"


def _free_name(dest: Path, base: str) -> Path:
    """``dest/base``, or ``stem_2.ext``, ``stem_3.ext``... when the name is taken."""
    target = dest / base
    stem, suffix = PurePosixPath(base).stem, PurePosixPath(base).suffix
    number = 1
    while target.exists():
        number += 1
        target = dest / ("%s_%d%s" % (stem, number, suffix))
    return target


def _copy(
    src: _Readable, base: str, dest: Path, created: list[Path], limits: tuple[_Budget, int, str]
) -> None:
    """Stream ``src`` into a new file in ``dest`` (recorded in ``created`` at once)."""
    budget, compressed, member = limits
    target = _free_name(dest, base)
    written = 0
    with target.open("xb") as out:
        created.append(target)
        while chunk := src.read(CHUNK):
            written += len(chunk)
            budget.total += len(chunk)
            budget.check(written, compressed, member)
            out.write(chunk)


def _unpack_gzip(path: Path, name: str, dest: Path, budget: _Budget, created: list[Path]) -> None:
    base = _basename(name)
    lower = base.lower()
    if lower.endswith(".tgz"):
        base = base[:-4] + ".tar"
    else:
        base = base[:-3] if lower.endswith(".gz") else base + ".out"
    try:
        with gzip.open(path, "rb") as src:
            _copy(src, base, dest, created, (budget, path.stat().st_size, base))
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise SourceError(
            gettext_noop(
                "The gzip file is damaged (%(error)s). Compress the file again and upload it again."
            ),
            code="source:format",
            file=name,
            params={"error": str(exc)},
        ) from None
