"""Compact id sets for tens of millions of ids: 64-bit hashes in numpy arrays.

A Python set of strings costs ~100 bytes per id; a hash costs 8. xxh3 is stable across
processes, so the occurrenceIDs of one version can be saved and compared with the next.
Collisions are possible in theory (about 1 in 10^5 for 10^7 ids against 2^64); they can only
make a check stricter, never let a problem through unnoticed, and are reported as what they
look like (a duplicate), with the rows named by a second pass.
"""

from __future__ import annotations

from array import array
from pathlib import Path

import numpy as np
from xxhash import xxh3_64_intdigest


def id_hash(value: str) -> int:
    """The stable 64-bit hash of an id."""
    return xxh3_64_intdigest(value.encode("utf-8", "surrogatepass"))


class IdCollector:
    """Hashes of ids in the order they were added (``add`` is ``list.append``-cheap)."""

    def __init__(self) -> None:
        self._hashes = array("Q")
        self.append = self._hashes.append  # append(id_hash(value)) in hot loops

    def add(self, value: str) -> None:
        """Add one id."""
        self.append(id_hash(value))

    def extend(self, hashes: np.ndarray) -> None:
        """Add hashes collected elsewhere (another process's ``in_order()``)."""
        self._hashes.frombytes(np.ascontiguousarray(hashes, dtype=np.uint64).tobytes())

    def __len__(self) -> int:
        return len(self._hashes)

    def in_order(self) -> np.ndarray:
        """The hashes in insertion order (a view; do not keep adding while using it)."""
        return (
            np.frombuffer(self._hashes, dtype=np.uint64)
            if self._hashes
            else np.empty(0, dtype=np.uint64)
        )

    def finish(self) -> SortedIds:
        """The sorted hashes with their duplicates; sorts in place (no copy), so the
        collector must not be used afterwards."""
        hashes = self.in_order()
        self.append = None  # type: ignore[assignment]
        return SortedIds.from_hashes(hashes, keep_alive=self._hashes)


class SortedIds:
    """Sorted id hashes (repeats included: ``searchsorted`` does not mind, and compacting
    would need a second copy of the array) and the hashes that occur more than once."""

    def __init__(
        self, hashes: np.ndarray, duplicates: np.ndarray, repeats: int, keep_alive: object = None
    ) -> None:
        self.hashes = hashes
        self.duplicates = duplicates
        self.duplicate_rows = repeats  # rows that repeat an id seen before
        self._keep_alive = keep_alive  # the buffer ``hashes`` is a view of

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

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        """A boolean mask: which of ``hashes`` are in the set."""
        if not len(self.hashes):
            return np.zeros(len(hashes), dtype=bool)
        where = np.searchsorted(self.hashes, hashes)
        where[where >= len(self.hashes)] = 0
        found: np.ndarray = self.hashes[where] == hashes
        return found

    def save(self, path: Path) -> None:
        """Store the sorted hashes (for the next version's stability check)."""
        with open(path, "wb") as fh:
            np.save(fh, self.hashes, allow_pickle=False)

    @staticmethod
    def load(path: Path) -> np.ndarray:
        """Sorted hashes saved by :meth:`save`."""
        hashes: np.ndarray = np.load(path, allow_pickle=False)
        return hashes


def vanished(previous: np.ndarray, current: SortedIds) -> int:
    """How many of the previous version's ids are not in the current one."""
    if not len(previous):
        return 0
    return int((~current.contains(_distinct_sorted(previous))).sum())


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


def distinct(ids: SortedIds) -> int:
    """How many different hashes the set holds."""
    return len(ids.hashes) - ids.duplicate_rows


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
