"""Compact id sets for tens of millions of ids: 64-bit hashes in numpy arrays.

A Python set of strings costs ~100 bytes per id; a hash costs 8. xxh3 is stable across
processes, so the occurrenceIDs of one version can be saved and compared with the next.
Collisions are possible in theory (about 1 in 10^5 for 10^7 ids against 2^64); they can only
make a check stricter, never let a problem through unnoticed, and are reported as what they
look like (a duplicate), with the rows named by a second pass.

Beyond a bound (``Spill.bound`` hashes per collector, 8 M = 64 MB by default) a collector
sorts what it holds and writes it to disk as a run; ``finish`` merges the runs block by block
into one sorted file, counting repeats on the way, so memory stays bounded whatever the
number of rows. A set on disk answers ``contains`` through a sparse index (one hash per 4 KiB
page) and pages mapped only for the call; ``vanished`` compares two sets by a streaming merge.
"""

from __future__ import annotations

import mmap
import os
import shutil
import tempfile
from array import array
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from xxhash import xxh3_64_intdigest

DEFAULT_BOUND = 8_000_000  # hashes a collector holds in memory (64 MB) before it spills
DUPLICATES_CAP = 1_000_000  # repeated hashes a merged set keeps to name their rows
PAGE = 512  # hashes per page of a set on disk (4 KiB): one index entry each
BLOCK = 1 << 20  # hashes read at a time when streaming a set on disk (8 MB)
QUERY_SLICE = 4096  # hashes looked up on disk at a time (a slice gathers 16 MB of pages)
_U64 = np.dtype("<u8")


def id_hash(value: str) -> int:
    """The stable 64-bit hash of an id."""
    return xxh3_64_intdigest(value.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Spill:
    """Where collectors write their sorted runs, and how many hashes each holds in memory
    before it does. ``duplicates_cap`` bounds the repeated hashes a merged set keeps (the
    count of repeated rows stays exact; beyond the cap only the smallest hashes' rows are
    named)."""

    directory: Path
    bound: int = DEFAULT_BOUND
    duplicates_cap: int = DUPLICATES_CAP


def _new_file(directory: Path, kind: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="ids-", suffix="." + kind, dir=directory)
    os.close(fd)
    return Path(name)


def _read_blocks(
    path: Path, offset: int, count: int, size: int
) -> Generator[np.ndarray, None, None]:
    """``count`` hashes from byte ``offset`` of ``path``, ``size`` at a time."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        while count > 0:
            want = min(size, count)
            data = fh.read(want * 8)
            if len(data) != want * 8:
                raise OSError(f"{path}: {count} hashes missing")
            count -= want
            yield np.frombuffer(data, dtype=_U64)


# What ``IdCollector.handover`` gives: hashes in memory, or (runs, order file, count).
Handover = np.ndarray | tuple[list[Path], Path | None, int]


class IdCollector:
    """Hashes of ids in the order they were added (``append`` is ``list.append``-cheap).

    With a ``spill``, ``checkpoint`` (called between chunks of rows: ``append`` itself does
    not check, to stay cheap) writes the hashes to a sorted run on disk once they reach the
    bound. ``in_order`` then needs ``keep_order``: the hashes are also appended, unsorted, to
    an order file, and ``in_order`` reads them all back into memory (meant for a core's ids
    and parent ids, 8 bytes per row).
    """

    def __init__(self, spill: Spill | None = None, *, keep_order: bool = False) -> None:
        self._hashes = array("Q")
        self.append = self._hashes.append  # append(id_hash(value)) in hot loops
        self._spill = spill
        self._keep_order = keep_order
        self._runs: list[Path] = []
        self._order: Path | None = None
        self._spilled = 0  # hashes written to runs

    def add(self, value: str) -> None:
        """Add one id."""
        self.append(id_hash(value))

    def extend_values(self, values: list[str], *, empty_as_zero: bool = False) -> None:
        """Add the ids ``values`` (with ``empty_as_zero``, an empty one as the hash 0: no id)."""
        xxh = xxh3_64_intdigest
        if empty_as_zero:
            self._hashes.extend([xxh(v.encode()) if v else 0 for v in values])
        else:
            self._hashes.extend([xxh(v.encode()) for v in values])

    def extend(self, hashes: np.ndarray) -> None:
        """Add hashes collected elsewhere (another process's ``in_order()``)."""
        self._hashes.frombytes(np.ascontiguousarray(hashes, dtype=np.uint64).tobytes())

    def __len__(self) -> int:
        return self._spilled + len(self._hashes)

    @property
    def spilled(self) -> bool:
        """Whether some hashes are on disk."""
        return bool(self._runs)

    def checkpoint(self) -> None:
        """Spill the hashes held in memory when they reached the bound."""
        if self._spill is not None and len(self._hashes) >= self._spill.bound:
            self._write_run(self._spill)

    def _write_run(self, spill: Spill) -> None:
        buffer = np.frombuffer(self._hashes, dtype=_U64)
        if self._keep_order:
            if self._order is None:
                self._order = _new_file(spill.directory, "order")
            with open(self._order, "ab") as fh:
                fh.write(buffer.data)
        buffer.sort()
        run = _new_file(spill.directory, "run")
        self._runs.append(run)
        with open(run, "wb") as fh:
            fh.write(buffer.data)
        self._spilled += len(buffer)
        del buffer  # releases the array so that it can shrink
        del self._hashes[:]  # the same array: ``append`` stays bound to it

    def in_order(self) -> np.ndarray:
        """The hashes in insertion order (in memory: a view, do not keep adding while using
        it; spilled: a copy read back from the order file)."""
        held = (
            np.frombuffer(self._hashes, dtype=_U64)
            if self._hashes
            else np.empty(0, dtype=np.uint64)
        )
        if not self._runs:
            return held
        if self._order is None:
            raise RuntimeError("in_order() of a spilled collector needs keep_order=True")
        return np.concatenate([np.fromfile(self._order, dtype=_U64), held])

    def finish(self) -> SortedIds:
        """The sorted hashes with their duplicates; sorts in place (no copy), so the
        collector must not be used afterwards. A spilled collector merges its runs into
        one file (the runs are deleted); the set then lives on disk."""
        self.append = None  # type: ignore[assignment]
        if not self._runs or self._spill is None:
            return SortedIds.from_hashes(self.in_order(), keep_alive=self._hashes)
        spill = self._spill
        if self._hashes:
            self._write_run(spill)
        self._hashes = array("Q")
        try:
            return _merge(self._runs, _new_file(spill.directory, "ids"), spill)
        finally:
            self.close()

    def handover(self) -> Handover:
        """What a forked process gives the parent's collector (``take``): the hashes held in
        memory, or, once spilled, its runs (and order file) with every hash written. The
        collector is not used afterwards; the files are the parent's."""
        if not self._runs or self._spill is None:
            return np.array(self.in_order())
        if self._hashes:
            self._write_run(self._spill)
        given = (self._runs, self._order, self._spilled)
        self._runs, self._order = [], None
        return given

    def take(self, given: Handover) -> None:
        """Add what another collector handed over, after the hashes held so far."""
        if isinstance(given, np.ndarray):
            self.extend(given)
            self.checkpoint()
            return
        runs, order, count = given
        if self._spill is None:
            raise RuntimeError("a collector without a spill cannot take runs")
        if self._hashes:
            self._write_run(self._spill)  # keeps the order file in order
        if self._keep_order:
            if order is None:
                raise RuntimeError("the runs handed over have no order file")
            if self._order is None:
                self._order = _new_file(self._spill.directory, "order")
            with open(order, "rb") as source, open(self._order, "ab") as target:
                shutil.copyfileobj(source, target, 1 << 22)
        if order is not None:
            order.unlink()
        self._runs.extend(runs)
        self._spilled += count

    def close(self) -> None:
        """Delete the runs and the order file."""
        for path in [*self._runs, *([self._order] if self._order else [])]:
            path.unlink(missing_ok=True)
        self._runs, self._order = [], None


class SortedIds:
    """Sorted id hashes (repeats included: ``searchsorted`` does not mind, and compacting
    would need a second copy of the array) and the hashes that occur more than once; in
    memory, or on disk (``on_disk``: a raw or ``.npy`` file of sorted little-endian uint64)."""

    def __init__(
        self, hashes: np.ndarray, duplicates: np.ndarray, repeats: int, keep_alive: object = None
    ) -> None:
        self._hashes: np.ndarray | None = hashes
        self._path: Path | None = None
        self._offset = 0  # of the first hash in the file (after a .npy header)
        self._count = len(hashes)
        self._index: np.ndarray | None = None  # the first hash of each page, on disk
        self._owned = False  # the file is a merge's output, deleted by ``close``
        self.duplicates = duplicates
        self.duplicate_rows = repeats  # rows that repeat an id seen before
        self._keep_alive = keep_alive  # the buffer ``hashes`` is a view of

    @classmethod
    def on_disk(
        cls,
        path: Path,
        count: int,
        duplicates: np.ndarray,
        repeats: int,
        *,
        offset: int = 0,
        index: np.ndarray | None = None,
        owned: bool = False,
    ) -> SortedIds:
        """A set whose ``count`` sorted hashes are in ``path`` from byte ``offset``."""
        ids = cls(np.empty(0, dtype=np.uint64), duplicates, repeats)
        ids._hashes, ids._path, ids._offset, ids._count = None, path, offset, count
        ids._index, ids._owned = index, owned
        return ids

    @classmethod
    def from_hashes(cls, hashes: np.ndarray, *, keep_alive: object = None) -> SortedIds:
        """Build from unsorted hashes (sorted in place)."""
        hashes.sort()
        if len(hashes) < 2:
            return cls(hashes, np.empty(0, dtype=np.uint64), 0, keep_alive)
        repeated = hashes[1:] == hashes[:-1]
        repeats = int(repeated.sum())
        duplicates = _distinct_sorted(hashes[1:][repeated]) if repeats else np.empty(0, np.uint64)
        return cls(hashes, duplicates, repeats, keep_alive)

    def __len__(self) -> int:
        return self._count

    @property
    def on_file(self) -> bool:
        """Whether the hashes are on disk."""
        return self._path is not None

    @property
    def hashes(self) -> np.ndarray:
        """All the sorted hashes in memory (read whole from disk for a set there: for small
        sets and tests; the checks use ``blocks`` and ``contains``)."""
        if self._hashes is not None:
            return self._hashes
        assert self._path is not None
        return np.fromfile(self._path, dtype=_U64, count=self._count, offset=self._offset)

    def blocks(self, size: int = BLOCK) -> Iterator[np.ndarray]:
        """The sorted hashes, ``size`` at a time."""
        if self._hashes is not None:
            for start in range(0, self._count, size):
                yield self._hashes[start : start + size]
            return
        assert self._path is not None
        yield from _read_blocks(self._path, self._offset, self._count, size)

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        """A boolean mask: which of ``hashes`` are in the set."""
        if not self._count or not len(hashes):
            return np.zeros(len(hashes), dtype=bool)
        if self._hashes is None:
            return self._contains_on_disk(np.asarray(hashes, dtype=_U64))
        where = np.searchsorted(self._hashes, hashes)
        where[where >= self._count] = 0
        found: np.ndarray = self._hashes[where] == hashes
        return found

    def _contains_on_disk(self, hashes: np.ndarray) -> np.ndarray:
        """Each query's page by the sparse index, the pages gathered from a mapping that
        lives for one slice of queries (mapped pages count in the process's RSS)."""
        if self._index is None:
            self._index = np.concatenate([b[::PAGE] for b in self.blocks(BLOCK)])
        page = np.searchsorted(self._index, hashes, side="right").astype(np.int64) - 1
        found = np.zeros(len(hashes), dtype=bool)
        within = np.arange(PAGE, dtype=np.int64)
        assert self._path is not None
        with open(self._path, "rb") as fh:
            for start in range(0, len(hashes), QUERY_SLICE):
                at = np.nonzero(page[start : start + QUERY_SLICE] >= 0)[0] + start
                if not len(at):
                    continue
                where = np.minimum(page[at, None] * PAGE + within, self._count - 1)
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
                    sorted_ids = np.frombuffer(
                        mapped, dtype=_U64, count=self._count, offset=self._offset
                    )
                    rows = sorted_ids[where]
                    del sorted_ids  # the mapping cannot close while a view exists
                found[at] = (rows == hashes[at, None]).any(axis=1)
        return found

    def save(self, path: Path) -> None:
        """Store the sorted hashes (for the next version's stability check) as ``.npy``."""
        if self._hashes is not None:
            with open(path, "wb") as fh:
                np.save(fh, self._hashes, allow_pickle=False)
            return
        header = {
            "descr": np.lib.format.dtype_to_descr(_U64),
            "fortran_order": False,
            "shape": (self._count,),
        }
        with open(path, "wb") as fh:
            np.lib.format.write_array_header_1_0(fh, header)
            for block in self.blocks():
                fh.write(block.data)

    @classmethod
    def load(cls, path: Path) -> SortedIds:
        """Sorted hashes saved by :meth:`save`, left on disk (repeats are not counted)."""
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
            offset = fh.tell()
        if dtype != _U64 or len(shape) != 1 or fortran:
            hashes = np.load(path, allow_pickle=False).astype(np.uint64).ravel()
            return cls(np.sort(hashes), np.empty(0, dtype=np.uint64), 0)
        return cls.on_disk(path, shape[0], np.empty(0, dtype=np.uint64), 0, offset=offset)

    def close(self) -> None:
        """Delete the file of a merged set."""
        if self._owned and self._path is not None:
            self._path.unlink(missing_ok=True)


def _merge(runs: list[Path], out: Path, spill: Spill) -> SortedIds:
    """K-way merge of sorted runs into ``out``, in blocks: each round takes from every run
    what is not above the smallest last hash of the runs' current blocks (nothing later can
    come before it), sorts that and writes it. Counts the repeats and keeps the repeated
    hashes (up to the cap) on the way, and the sparse index."""
    size = max(spill.bound // (2 * len(runs)), 64)
    readers = [_read_blocks(run, 0, run.stat().st_size // 8, size) for run in runs]
    heads: list[np.ndarray | None] = [next(r, None) for r in readers]
    count = repeats = kept = 0
    last: np.uint64 | None = None
    last_dupe: np.uint64 | None = None
    dupes: list[np.ndarray] = []
    index: list[np.ndarray] = []
    try:
        with open(out, "wb") as fh:
            while live := [h for h in heads if h is not None]:
                limit = min(h[-1] for h in live)
                parts = []
                for i, head in enumerate(heads):
                    if head is None:
                        continue
                    cut = int(np.searchsorted(head, limit, side="right"))
                    parts.append(head[:cut])
                    heads[i] = head[cut:] if cut < len(head) else next(readers[i], None)
                block = np.concatenate(parts)
                block.sort()
                fh.write(block.data)
                index.append(block[(-count) % PAGE :: PAGE].copy())  # a view keeps the block
                count += len(block)
                repeated = block[1:] == block[:-1]
                first = bool(last is not None and block[0] == last)
                found = int(repeated.sum()) + int(first)
                if found:
                    repeats += found
                    values = _distinct_sorted(block[1:][repeated])
                    if first and (not len(values) or values[0] != block[0]):
                        values = np.concatenate([block[:1], values])
                    if last_dupe is not None and len(values) and values[0] == last_dupe:
                        values = values[1:]
                    if len(values):
                        last_dupe = values[-1]
                        if kept < spill.duplicates_cap:
                            dupes.append(values[: spill.duplicates_cap - kept].copy())
                            kept += len(dupes[-1])
                last = block[-1]
    finally:
        for reader in readers:
            reader.close()
    return SortedIds.on_disk(
        out,
        count,
        np.concatenate(dupes) if dupes else np.empty(0, dtype=np.uint64),
        repeats,
        index=np.concatenate(index) if index else None,
        owned=True,
    )


def _unique_blocks(blocks: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
    """Sorted blocks without repeats, within a block or across blocks."""
    last: np.uint64 | None = None
    for block in blocks:
        keep = np.ones(len(block), dtype=bool)
        keep[1:] = block[1:] != block[:-1]
        if last is not None and len(block) and block[0] == last:
            keep[0] = False
        if len(block):
            last = block[-1]
        if keep.any():
            yield block[keep]


def _members(
    queries: Iterable[np.ndarray], table: Iterable[np.ndarray]
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(queries, found mask) for sorted query blocks against a sorted table, both streamed:
    one block of each in memory. A query not above a table block's last hash is in the
    table only if it is in that block or an earlier one, where it was looked for already."""
    pending = iter(queries)
    waiting = next(pending, None)
    for block in table:
        if not len(block):
            continue
        while waiting is not None:
            cut = int(np.searchsorted(waiting, block[-1], side="right"))
            if cut:
                asked = waiting[:cut]
                where = np.searchsorted(block, asked)
                where[where >= len(block)] = 0
                yield asked, block[where] == asked
            if cut < len(waiting):
                waiting = waiting[cut:]
                break
            waiting = next(pending, None)
        if waiting is None:
            return
    while waiting is not None:
        yield waiting, np.zeros(len(waiting), dtype=bool)
        waiting = next(pending, None)


def vanished(previous: SortedIds, current: SortedIds) -> int:
    """How many of the previous version's ids are not in the current one (a streaming
    merge of the two sorted sets)."""
    if not len(previous):
        return 0
    return sum(
        int((~found).sum())
        for _asked, found in _members(_unique_blocks(previous.blocks()), current.blocks())
    )


def distinct(ids: SortedIds) -> int:
    """How many different hashes the set holds."""
    return len(ids) - ids.duplicate_rows


def _distinct_sorted(hashes: np.ndarray) -> np.ndarray:
    """The distinct values of ``hashes``, sorted: without sorting again when they are
    sorted, as ``SortedIds.save`` stores them. (numpy 2's ``np.unique`` takes ~15 times as
    long as a sort on a million 64-bit hashes.)"""
    if len(hashes) < 2:
        return np.sort(hashes)
    if not bool(np.all(hashes[1:] >= hashes[:-1])):
        hashes = np.sort(hashes)
    keep = np.empty(len(hashes), dtype=bool)
    keep[0] = True
    np.not_equal(hashes[1:], hashes[:-1], out=keep[1:])
    return hashes[keep]


def cycle_members(parents: np.ndarray) -> np.ndarray:
    """Positions whose chain of parents never reaches a root (-1): they are in a cycle or
    lead into one. ``parents[i]`` is the position of i's parent or -1. Pointer doubling, so
    O(n log n) in numpy rather than a Python walk per event."""
    n = len(parents)
    if not n:
        return np.empty(0, dtype=np.int64)
    hop = parents.astype(np.int64, copy=True)
    for _ in range(max(1, int(n).bit_length()) + 1):
        at_root = hop < 0
        nxt = np.where(at_root, -1, hop[np.where(at_root, 0, hop)])
        if np.array_equal(nxt, hop):
            break
        hop = nxt
    return np.nonzero(hop >= 0)[0]


def mix(parts: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of ``parts`` (an n×k array of hashes), equal for equal rows.
    Multiplying by distinct odd constants and xoring keeps the parts' order significant."""
    key = np.zeros(len(parts), dtype=np.uint64)
    for i in range(parts.shape[1]):
        key ^= parts[:, i] * np.uint64(_MIXERS[i % len(_MIXERS)])
    return key


_MIXERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)


class HashTable:
    """Rows of hashes looked up by an id hash (the first row of a repeated id wins): e.g. a
    core's triplet parts by core id, 8 bytes per id and per part."""

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._values = values[order]

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The rows of ``keys`` (zeros for keys not in the table)."""
        found = np.zeros((len(keys), self._values.shape[1]), dtype=np.uint64)
        if not len(self._keys):
            return found
        where = np.searchsorted(self._keys, keys)
        where[where >= len(self._keys)] = 0
        hit = self._keys[where] == keys
        found[hit] = self._values[where[hit]]
        return found
