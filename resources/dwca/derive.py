"""Events derived from a flat source: one row per distinct id, in one streaming pass.

A flat table repeats an event's site, date and protocol on each of its occurrences. A
mapping that derives events gives the rows of its source with an id composed from the
columns that identify an event; ``Distinct`` keeps the first row of each id and drops the
others. A later row of an id whose values differ from its first row's (two coordinates for
one site and date) is a conflict, said to ``sink`` with the terms that differ.

Memory: per distinct id, three 64-bit numbers (its hash, the hash of its first row's values
and a signature of each value), in sorted arrays plus a bounded dict of the ids met since the
last merge: 1 M events take about 24 MB, however many rows they have. Rows of one event
that follow each other (the usual order of a flat table) cost a comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from .ids import id_hash
from .model import Chunks, MappedCells, chunk_lists

# (line, id, first line of the id, the terms that differ) of one conflicting row.
Sink = Callable[[int, str, int, list[str]], None]

RECENT = 1 << 16  # ids held in a dict before they are merged into the sorted arrays
_MASK = (1 << 64) - 1


@dataclass
class Derived:
    """What the last pass of one derived mapping found."""

    rows: int = 0
    events: int = 0
    conflicts: int = 0  # rows that disagree with their event's first row
    conflicting_events: int = 0


@dataclass
class Distinct:
    """The distinct ids of a derived mapping's rows. ``terms``: the terms of each row's
    values (to name those that differ); ``block``: a conflict blocks the publication.
    ``sink`` is set by whoever reports the conflicts (the archive builder) for its pass;
    without one, conflicts are only counted."""

    terms: list[str]
    block: bool = False
    sink: Sink | None = None
    found: Derived = field(default_factory=Derived)

    def rows(self, given: Iterable[MappedCells]) -> Chunks:
        """The first row of each distinct id of ``given``, a list at a time. Rows without an
        id pass as they are (the checks flag them)."""
        clean = isinstance(given, Chunks) and given.clean
        return Chunks(self._chunks(given), clean=clean)

    def _chunks(self, given: Iterable[MappedCells]) -> Iterator[list[MappedCells]]:
        found = self.found = Derived()
        seen = _Seen(len(self.terms))
        flagged: set[int] = set()  # ids with a conflict (for the count of events)
        last_id: str | None = None
        last_values: Sequence[str] | None = None
        last_conflict: tuple[int, list[str]] | None = None  # the row before's, if it was one
        for chunk in chunk_lists(given):
            kept: list[MappedCells] = []
            for row in chunk:
                line, row_id, values = row
                found.rows += 1
                if not row_id:
                    kept.append(row)
                    continue
                if row_id == last_id and values == last_values:
                    if last_conflict is not None:  # the same as the row before: judged so
                        self._conflict(line, row_id, *last_conflict)
                    continue
                key = id_hash(row_id)
                whole = hash(tuple(values)) & _MASK
                first = seen.get(key)
                last_id, last_values, last_conflict = row_id, values, None
                if first is None:
                    seen.add(key, whole, _signature(values), line)
                    found.events += 1
                    kept.append(row)
                elif first[0] != whole:
                    last_conflict = (first[2], self._differing(first[1], values))
                    if key not in flagged:
                        flagged.add(key)
                        found.conflicting_events += 1
                    self._conflict(line, row_id, *last_conflict)
            if kept:
                yield kept

    def _conflict(self, line: int, row_id: str, first_line: int, terms: list[str]) -> None:
        self.found.conflicts += 1
        if self.sink is not None:
            self.sink(line, row_id, first_line, terms)

    def _differing(self, signature: int, values: Sequence[str]) -> list[str]:
        """The terms whose value differs from the first row's, as far as the signature
        tells (it can miss one by chance: then every term is named)."""
        bits = _bits(len(self.terms))
        mine = _signature(values)
        mask = (1 << bits) - 1
        differ = [
            term
            for i, term in enumerate(self.terms)
            if ((signature >> (i * bits % 64)) ^ (mine >> (i * bits % 64))) & mask
        ]
        return differ or list(self.terms)


def _bits(width: int) -> int:
    return max(1, 64 // max(width, 1))


def _signature(values: Sequence[str]) -> int:
    """A few bits of the hash of each value, side by side (terms beyond 64 share bits)."""
    bits = _bits(len(values))
    mask = (1 << bits) - 1
    signature = 0
    for i, value in enumerate(values):
        signature ^= (hash(value) & mask) << (i * bits % 64)
    return signature & _MASK


class _Seen:
    """Ids met so far: a dict of the recent ones, merged now and then into sorted arrays of
    id hashes, value hashes, signatures and first lines."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.keys = np.zeros(0, dtype=np.uint64)
        self.values = np.zeros((0, 3), dtype=np.uint64)  # whole hash, signature, first line
        self.recent: dict[int, tuple[int, int, int]] = {}

    def get(self, key: int) -> tuple[int, int, int] | None:
        known = self.recent.get(key)
        if known is not None or not len(self.keys):
            return known
        at = int(self.keys.searchsorted(np.uint64(key)))
        if at < len(self.keys) and int(self.keys[at]) == key:
            whole, signature, line = self.values[at]
            return int(whole), int(signature), int(line)
        return None

    def add(self, key: int, whole: int, signature: int, line: int) -> None:
        self.recent[key] = (whole, signature, line)
        if len(self.recent) >= max(RECENT, len(self.keys) >> 2):
            self.merge()

    def merge(self) -> None:
        if not self.recent:
            return
        keys = np.fromiter(self.recent, dtype=np.uint64, count=len(self.recent))
        values = np.array(list(self.recent.values()), dtype=np.uint64).reshape(-1, 3)
        self.recent = {}
        keys = np.concatenate([self.keys, keys])
        values = np.concatenate([self.values, values])
        order = np.argsort(keys, kind="stable")
        self.keys, self.values = keys[order], values[order]
