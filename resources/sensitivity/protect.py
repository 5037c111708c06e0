"""Applying a policy to the archive builder's files, before any row is written.

The rows reach the builder through each part's ``rows``/``ranges``; ``protect`` wraps them, so
the per-row pass, the second passes that name rows in the report and the forked processes
all see the same protected rows, and nothing of the policy has to travel back from a
process.

What a row becomes depends on the row alone, given what a first pass found:

1. **Occurrences** (every file of row type Occurrence): the names are matched (once per
   distinct combination of name terms) and each sensitive record gets its taxon's action.
   The first pass over the occurrence sources counts them per taxon and, for actions that
   change a place or a date, keeps which events (as id hashes) hold one, and the coordinates
   and localities they were found at.
2. **Events** (an Event core): an event holding a sensitive occurrence is generalised for
   the whole event, with its child events (``parentEventID``), and so is every event or
   record elsewhere that gives the same coordinates or locality (a parent site, a sibling
   sample at the same point, an occurrence repeating the event's coordinates): otherwise the
   original location would still be published. A second, lighter pass over the event file
   finds the children and the matching locations. With ``separate_events``, the sensitive
   occurrences move instead to a generated, generalised copy of their event (its id keyed by
   the policy's secret, without parent) and the event keeps full precision.
3. **Other records** linked to a generalised event (measurements, …) or to a sensitive
   occurrence of an Occurrence core take the same location edit; those of a withheld
   occurrence are left out.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import numpy as np

from resources.dwca.ids import id_hash
from resources.dwca.model import ArchiveFile, Chunks, MappedCells, Part, chunk_lists
from resources.dwca.workers import WorkerFailed, run_forked
from resources.sources.errors import SplitRefused

from .edits import (
    LATITUDE,
    LOCALITY,
    LONGITUDE,
    NOTE_TERMS,
    SCIENTIFIC_NAME,
    TAXON_RANK,
    Edit,
    Editor,
)
from .names import RANK_TERMS, Matcher
from .policy import DWC, IDENTIFICATION, WITHHOLD, Action, Policy

OCCURRENCE, EVENT = DWC + "Occurrence", DWC + "Event"
EVENT_ID, PARENT_EVENT_ID = DWC + "eventID", DWC + "parentEventID"
LOCATION_ID = DWC + "locationID"
NAME_TERMS = (SCIENTIFIC_NAME, TAXON_RANK, *(DWC + r for r in RANK_TERMS))
WITHHELD_BIT = 1 << 62  # in a mask: the linked occurrence is withheld
CACHE_LIMIT = 200_000  # distinct name combinations remembered per file


@dataclass
class TaxonCount:
    name: str
    action: dict[str, Any]
    withheld: int = 0
    generalised: int = 0


@dataclass
class Protection:
    """What the first passes found, and the report's sensitivity section."""

    taxa: list[TaxonCount]
    occurrences: int = 0  # occurrence records read
    events_direct: int = 0  # events holding a sensitive occurrence
    events_generalised: int = 0  # events generalised in all (children, same place)
    sharing: int = 0  # non-sensitive occurrences in generalised events
    generated_events: int = 0
    seconds: float = 0.0  # the first passes' time
    rows_read: int = 0
    separate_events: bool = False
    files: list[str] = field(default_factory=list)  # the data files the policy may change

    def report(self) -> dict[str, Any]:
        return {
            "taxa": [
                {
                    "name": t.name,
                    "action": t.action,
                    "withheld": t.withheld,
                    "generalised": t.generalised,
                }
                for t in self.taxa
                if t.withheld or t.generalised
            ],
            "declared": len(self.taxa),
            "withheld": sum(t.withheld for t in self.taxa),
            "generalised": sum(t.generalised for t in self.taxa),
            "occurrences": self.occurrences,
            "events_direct": self.events_direct,
            "events_generalised": self.events_generalised,
            "sharing": self.sharing,
            "generated_events": self.generated_events,
            "separate_events": self.separate_events,
            "seconds": round(self.seconds, 3),
            "rows_read": self.rows_read,
            "files": list(self.files),
        }


class _Plan:
    """The policy's actions, numbered (a record's mask has bit ``i`` for action ``i``), and
    the one edit of each mask met (cached)."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.actions: list[Action] = list(dict.fromkeys(policy.action_of(t) for t in policy.taxa))
        self.bit = {action: 1 << i for i, action in enumerate(self.actions)}
        self.taxon_action = [self.actions.index(policy.action_of(t)) for t in policy.taxa]
        self.matcher = Matcher(policy.taxa)
        self._edits: dict[tuple[int, bool], Edit] = {}
        self._key = policy.secret.encode() or b"sensitive"

    def edit(self, mask: int, *, names: bool) -> Edit:
        key = (mask, names)
        if key not in self._edits:
            chosen = [a for i, a in enumerate(self.actions) if mask >> i & 1]
            self._edits[key] = Edit.of(chosen, names=names)
        return self._edits[key]

    def generated_id(self, event_id: str) -> str:
        digest = hashlib.blake2b(event_id.encode("utf-8", "surrogatepass"), key=self._key[:64])
        return "generalised-" + digest.hexdigest()[:20]


class _Names:
    """The action of each record of one occurrence file (-1: none), from its name terms."""

    def __init__(self, plan: _Plan, terms: list[str]) -> None:
        at = {t: i for i, t in enumerate(terms)}
        self.plan = plan
        self.present = [t for t in NAME_TERMS if t in at]
        indices = [at[t] for t in self.present]
        self.pick: Callable[[Sequence[str]], Any] | None = (
            (itemgetter(*indices) if len(indices) > 1 else (lambda c: (c[indices[0]],)))
            if indices
            else None
        )
        self.cache: dict[Any, tuple[int, int]] = {}  # key -> (taxon, action)
        self.action: dict[Any, int] = {}  # key -> action (the fast path)

    def actions(self, cells: list[Sequence[str]]) -> list[int] | None:
        """The action index of each record (-1: none); None when no record is sensitive.
        C-level calls only for the names met before (nearly all)."""
        if self.pick is None:
            return None
        keys = list(map(self.pick, cells))
        known: list[int | None] = list(map(self.action.get, keys))
        if None in known:
            known = [
                a if a is not None else self._resolve(k)[1]
                for a, k in zip(known, keys, strict=True)
            ]
        actions = cast(list[int], known)
        return actions if max(actions, default=-1) >= 0 else None

    def of(self, cells: Sequence[str]) -> tuple[int, int]:
        """(taxon index, action index) or (-1, -1)."""
        if self.pick is None:
            return -1, -1
        key = self.pick(cells)
        found = self.cache.get(key)
        return found if found is not None else self._resolve(key)

    def _resolve(self, key: Any) -> tuple[int, int]:
        if len(self.cache) > CACHE_LIMIT:
            self.cache.clear()
            self.action.clear()
        values = dict(zip(self.present, key, strict=True))
        higher = {r: values.get(DWC + r, "") for r in RANK_TERMS}
        match = self.plan.matcher.match(
            values.get(SCIENTIFIC_NAME, ""), values.get(TAXON_RANK, ""), higher
        )
        found = (match.taxon, self.plan.taxon_action[match.taxon]) if match else (-1, -1)
        self.cache[key] = found
        self.action[key] = found[1]
        return found


@dataclass
class _State:
    """What the first passes found, shared by the row functions (read-only after)."""

    links: dict[int, int] = field(default_factory=dict)  # linked id hash -> mask
    places: dict[str, int] = field(default_factory=dict)  # "lat lon" / locality -> mask
    generated: set[int] = field(default_factory=set)  # events copied (separate_events)


@dataclass(frozen=True)
class Reading:
    """How the first pass reads the occurrence sources: a file of at least ``min_bytes``
    is cut into ranges read by ``processes`` forked processes (as the archive builder reads
    them), their results written in ``scratch``; otherwise one reading in this process."""

    processes: int = 1
    min_bytes: int = 4 << 20
    scratch: Path | None = None


def protect(files: list[ArchiveFile], policy: Policy, reading: Reading | None = None) -> Protection:
    """Make ``files`` publish their rows under ``policy`` (their parts are wrapped; terms
    ``dataGeneralizations`` and ``informationWithheld`` are added to the Event and
    Occurrence files that may change). Runs the first passes now."""
    started = time.monotonic()
    plan = _Plan(policy)
    core = next((f for f in files if f.core), None)
    event_core = core is not None and core.row_type == EVENT
    separate = policy.separate_events and event_core
    found = Protection(
        taxa=[TaxonCount(t.name, policy.action_of(t).to_json()) for t in policy.taxa],
        separate_events=separate,
    )
    state = _State()
    sharing = _Sharing()
    for file in files:
        if file.row_type == OCCURRENCE:
            linked = event_core or not file.core
            for scan in _occurrence_scans(file, plan, linked, reading or Reading()):
                _absorb(scan, state, found, sharing, linked=linked)
    if event_core and state.links and core is not None:
        if separate:
            state.generated = set(state.links)
            found.generated_events = len(state.links)
        else:
            _event_pass(core, plan, state, found, sharing)
    for file in files:
        _wrap(file, plan, state, core, separate, found)
    found.seconds = time.monotonic() - started
    return found


def _mapped_chunks(file: ArchiveFile, *, fast: bool) -> Iterator[list[MappedCells]]:
    """A file's mapped rows a list at a time; ``fast``: by the block reader where the source
    can be cut (its ranges read one after the other; ``SplitRefused`` when a range meets
    what only a whole reading reports well), else as ``rows`` gives them."""
    for part in file.parts:
        cut = part.ranges(2, 1 << 16) if fast and part.ranges is not None else None
        for read in cut or [part.rows]:
            yield from chunk_lists(read())


class _Sharing:
    """Non-sensitive occurrences per event hash, merged as they come (bounded by events)."""

    def __init__(self) -> None:
        self.pending: list[int] = []
        self.keys = np.zeros(0, dtype=np.uint64)
        self.counts = np.zeros(0, dtype=np.int64)

    def extend(self, ids: list[str]) -> None:
        self.pending.extend(map(id_hash, ids))
        if len(self.pending) >= 1 << 20:
            self.merge()

    def take(self, other: _Sharing) -> None:
        other.merge()
        self.merge()
        self._add(other.keys, other.counts)

    def merge(self) -> None:
        if not self.pending:
            return
        keys = np.array(self.pending, dtype=np.uint64)
        self.pending = []
        self._add(keys, np.ones(len(keys), dtype=np.int64))

    def _add(self, keys: np.ndarray, counts: np.ndarray) -> None:
        self.keys, inverse = np.unique(np.concatenate([self.keys, keys]), return_inverse=True)
        weights = np.concatenate([self.counts, counts])
        self.counts = np.bincount(inverse, weights=weights, minlength=len(self.keys)).astype(
            np.int64
        )

    def of(self, keys: Iterable[int]) -> int:
        self.merge()
        wanted = np.array(sorted(keys), dtype=np.uint64)
        if not len(wanted) or not len(self.keys):
            return 0
        at = np.searchsorted(self.keys, wanted)
        at[at >= len(self.keys)] = 0
        hit = self.keys[at] == wanted
        return int(self.counts[at[hit]].sum())


def _occurrence_scans(
    file: ArchiveFile, plan: _Plan, linked: bool, reading: Reading
) -> list[_OccurrenceScan]:
    """The first pass over one occurrence file: in forked processes, a range each, when the
    file is large; else here, by blocks. A range that meets what only a whole reading
    reports well (``SplitRefused``) makes the file read again as a whole."""
    size = sum(part.size for part in file.parts)
    if reading.processes > 1 and reading.scratch is not None and size >= reading.min_bytes:
        tasks = [
            partial(_scan_task, file, plan, linked, read)
            for part in file.parts
            for read in (
                (part.ranges(reading.processes, reading.min_bytes // 2) if part.ranges else None)
                or [part.rows]
            )
        ]
        try:
            return run_forked(tasks, reading.processes, reading.scratch, lambda _rows: None)
        except WorkerFailed as exc:
            if not isinstance(exc.error, SplitRefused):
                raise exc.error or exc from None
    try:
        scan = _OccurrenceScan(file, plan, linked)
        scan.read(_mapped_chunks(file, fast=True))
    except SplitRefused:
        scan = _OccurrenceScan(file, plan, linked)  # nothing of the first try is kept
        scan.read(_mapped_chunks(file, fast=False))
    return [scan]


def _scan_task(
    file: ArchiveFile,
    plan: _Plan,
    linked: bool,
    read: Callable[[], Iterable[MappedCells]],
    _tick: Callable[[int], None],
) -> _OccurrenceScan:
    scan = _OccurrenceScan(file, plan, linked)
    scan.read(chunk_lists(read()))
    return scan.result()


def _absorb(
    scan: _OccurrenceScan, state: _State, found: Protection, sharing: _Sharing, *, linked: bool
) -> None:
    """Add what one scan found."""
    found.rows_read += scan.rows
    found.occurrences += scan.rows
    for count, (withheld, generalised) in zip(found.taxa, scan.counts, strict=True):
        count.withheld += withheld
        count.generalised += generalised
    _join(state.links, scan.links)
    _join(state.places, scan.places)
    sharing.take(scan.sharing)
    if linked:
        found.events_direct = len(state.links)


def _join(target: dict[Any, int], given: dict[Any, int]) -> None:
    for key, mask in given.items():
        target[key] = target.get(key, 0) | mask


class _OccurrenceScan:
    """One occurrence file's first pass."""

    def __init__(self, file: ArchiveFile, plan: _Plan, linked: bool) -> None:
        self.plan, self.linked = plan, linked
        self.names = _Names(plan, file.terms)
        self.editor = Editor(file.terms)
        self.at = self.editor.at
        self.rows = 0
        self.counts = [[0, 0] for _ in plan.policy.taxa]
        self.links: dict[int, int] = {}
        self.places: dict[str, int] = {}
        self.sharing = _Sharing()

    def result(self) -> _OccurrenceScan:
        """This scan with only what it found (sent back from a forked process)."""
        self.sharing.merge()
        light = object.__new__(_OccurrenceScan)
        light.rows, light.counts, light.links = self.rows, self.counts, self.links
        light.places, light.sharing = self.places, self.sharing
        return light

    def read(self, chunks: Iterable[list[MappedCells]]) -> None:
        for chunk in chunks:
            self.rows += len(chunk)
            actions = self.names.actions([row[2] for row in chunk])
            if actions is None:
                if self.linked:
                    self.sharing.extend([row[1] for row in chunk])
                continue
            if self.linked:
                self.sharing.extend(
                    [row[1] for row, a in zip(chunk, actions, strict=True) if a < 0]
                )
            for j, action_at in enumerate(actions):
                if action_at >= 0:
                    taxon = self.names.of(chunk[j][2])[0]
                    self.one(chunk[j], taxon, self.plan.actions[action_at])

    def one(self, row: MappedCells, taxon: int, action: Action) -> None:
        _line, row_id, cells = row
        if action.kind == WITHHOLD or (
            action.kind == IDENTIFICATION and not self.editor.name_at(cells, action.rank or "genus")
        ):
            self.counts[taxon][0] += 1
            if not self.linked and row_id:  # an Occurrence core: its extension rows go too
                key = id_hash(row_id)
                self.links[key] = self.links.get(key, 0) | WITHHELD_BIT
            return
        self.counts[taxon][1] += 1
        if not action.moves_location:
            return
        bit = self.plan.bit[action]
        if row_id:
            key = id_hash(row_id)
            self.links[key] = self.links.get(key, 0) | bit
        for place in _places(cells, self.at):
            self.places[place] = self.places.get(place, 0) | bit


def _event_pass(
    core: ArchiveFile, plan: _Plan, state: _State, found: Protection, sharing: _Sharing
) -> None:
    """The events generalised besides those holding a sensitive occurrence: their children
    (through ``parentEventID``), and every event at one of their places. Reads the event
    file twice: once for the places and the tree, once to count. Masks only grow, so a
    reading refused by a cut source is simply done again as a whole."""
    try:
        found.rows_read += _event_places(core, state, fast=True)
        generalised, rows = _event_count(core, state, fast=True)
    except SplitRefused:
        found.rows_read += _event_places(core, state, fast=False)
        generalised, rows = _event_count(core, state, fast=False)
    found.rows_read += rows
    found.events_generalised = len(generalised)
    found.sharing = sharing.of(generalised)


def _event_places(core: ArchiveFile, state: _State, *, fast: bool) -> int:
    """Add the places of the events holding a sensitive occurrence, and give their child
    events (all generations) their masks; the rows read."""
    at = {t: i for i, t in enumerate(core.terms)}
    parent_at = at.get(PARENT_EVENT_ID)
    children: dict[int, list[int]] = {}
    rows = [0]
    for key, cells in _event_rows(core, fast, rows):
        mask = state.links.get(key, 0)
        if mask:
            for place in _places(cells, at):
                state.places[place] = state.places.get(place, 0) | mask
        if parent_at is not None and cells[parent_at]:
            children.setdefault(id_hash(cells[parent_at]), []).append(key)
    todo = list(state.links)
    while todo:  # children take their parent's mask
        key = todo.pop()
        mask = state.links[key]
        for child in children.get(key, ()):
            had = state.links.get(child, 0)
            if had | mask != had:
                state.links[child] = had | mask
                todo.append(child)
    return rows[0]


def _event_count(core: ArchiveFile, state: _State, *, fast: bool) -> tuple[set[int], int]:
    """The events generalised (by id or by place), whose masks are kept; the rows read."""
    at = {t: i for i, t in enumerate(core.terms)}
    generalised: set[int] = set()
    rows = [0]
    for key, cells in _event_rows(core, fast, rows):
        had = state.links.get(key, 0)
        mask = had | _place_mask(cells, at, state.places)
        if mask:
            generalised.add(key)
            if mask != had:
                state.links[key] = mask
    return generalised, rows[0]


def _event_rows(
    core: ArchiveFile, fast: bool, rows: list[int]
) -> Iterator[tuple[int, Sequence[str]]]:
    """(id hash, values) of each event; ``rows[0]`` counts them."""
    for chunk in _mapped_chunks(core, fast=fast):
        rows[0] += len(chunk)
        for _line, row_id, cells in chunk:
            yield (id_hash(row_id) if row_id else 0), cells


def _places(cells: Sequence[str], at: dict[str, int]) -> list[str]:
    """The keys of a record's place: its coordinates as written, its locality (lower case)
    and its locationID."""
    found = []
    lat_at, lon_at, loc_at = at.get(LATITUDE), at.get(LONGITUDE), at.get(LOCALITY)
    id_at = at.get(LOCATION_ID)
    if id_at is not None and cells[id_at].strip():
        found.append("locationID " + cells[id_at].strip())
    if lat_at is not None and lon_at is not None and cells[lat_at].strip():
        found.append(cells[lat_at].strip() + " " + cells[lon_at].strip())
    if loc_at is not None and cells[loc_at].strip():
        found.append(cells[loc_at].strip().lower())
    return found


def _place_mask(cells: Sequence[str], at: dict[str, int], places: dict[str, int]) -> int:
    if not places:
        return 0
    mask = 0
    for place in _places(cells, at):
        mask |= places.get(place, 0)
    return mask


def _wrap(
    file: ArchiveFile,
    plan: _Plan,
    state: _State,
    core: ArchiveFile | None,
    separate: bool,
    found: Protection,
) -> None:
    """Give ``file`` the row function of its kind, and the note terms it may need."""
    occurrence = file.row_type == OCCURRENCE
    if not occurrence and not state.links and not state.places:
        return
    if not occurrence and separate and not (file.core and state.generated):
        return  # other records stay with their (precise) event
    if file.row_type in (OCCURRENCE, EVENT):
        file.terms.extend(t for t in NOTE_TERMS if t not in file.terms)
    found.files.append(file.filename)
    rows = _Rows(file, plan, state, separate)
    for part in file.parts:
        _wrap_part(part, rows)


class _Rows:
    """The row function of one file: a chunk of mapped rows in, the protected rows out
    (fewer when records are withheld, more when events are copied)."""

    def __init__(self, file: ArchiveFile, plan: _Plan, state: _State, separate: bool) -> None:
        self.plan, self.state, self.separate = plan, state, separate
        self.core = file.core
        self.editor = Editor(file.terms)
        self.at = self.editor.at
        self.names = _Names(plan, file.terms) if file.row_type == OCCURRENCE else None
        self.copies = separate and file.core and file.row_type == EVENT
        has_place = any(t in self.at for t in (LATITUDE, LOCALITY, LOCATION_ID))
        self.places = state.places if has_place and not separate else {}
        self._touches: dict[int, bool] = {}
        # Links matter where an edit can change this file's records, or where the records of
        # a withheld occurrence are left out (an Occurrence core's extensions).
        every = plan.edit((1 << len(plan.actions)) - 1, names=False)
        drops = not file.core and any(m & WITHHELD_BIT for m in state.links.values())
        self.by_link = (
            bool(state.links)
            and (not file.core or (file.row_type == EVENT and not separate))
            and (self.editor.touches(every) or drops)
        )
        self.event_at = self.at.get(EVENT_ID)
        self.parent_at = self.at.get(PARENT_EVENT_ID)
        self.width = len(file.terms)

    def __call__(self, chunk: list[MappedCells]) -> list[MappedCells]:
        width = self.width
        cells = [c if len(c) == width else _padded(c, width) for _l, _i, c in chunk]
        owns = self.names.actions(cells) if self.names is not None else None
        masks = self._masks(chunk, cells)
        if masks is None and not self.copies:
            return self._own_only(chunk, cells, owns)
        out: list[MappedCells] = []
        for j, (line, row_id, _given) in enumerate(chunk):
            own = owns[j] if owns is not None else -1
            mask = masks[j] if masks is not None else 0
            if own >= 0:
                self._sensitive(out, line, row_id, cells[j], own, mask)
            elif self.copies:
                self._event_and_copy(out, line, row_id, cells[j])
            elif mask & WITHHELD_BIT and not self.core:
                continue  # a record of a withheld occurrence
            elif not mask or not self.touches(mask):
                out.append((line, row_id, cells[j]))
            else:
                values = list(cells[j])
                self.editor.apply(values, self.plan.edit(mask & ~WITHHELD_BIT, names=False))
                out.append((line, row_id, values))
        return out

    def _own_only(
        self, chunk: list[MappedCells], cells: list[Sequence[str]], owns: list[int] | None
    ) -> list[MappedCells]:
        """The rows when only the sensitive records themselves change: those alone are
        looked at."""
        out = [(row[0], row[1], c) for row, c in zip(chunk, cells, strict=True)]
        if owns is not None:
            for j in reversed([j for j, own in enumerate(owns) if own >= 0]):
                line, row_id, _given = chunk[j]
                done: list[MappedCells] = []
                self._sensitive(done, line, row_id, cells[j], owns[j], 0)
                out[j : j + 1] = done
        return out

    def _masks(self, chunk: list[MappedCells], cells: list[Sequence[str]]) -> list[int] | None:
        """Each record's mask from its link and its place; None when all are 0."""
        masks: list[int] | None = None
        if self.by_link:
            links = self.state.links
            masks = [links.get(id_hash(row[1]), 0) if row[1] else 0 for row in chunk]
        if self.places:
            at, places = self.at, self.places
            found = [_place_mask(c, at, places) for c in cells]
            masks = found if masks is None else [a | b for a, b in zip(masks, found, strict=True)]
        return masks if masks is not None and any(masks) else None

    def touches(self, mask: int) -> bool:
        """Whether what ``mask`` does to a linked record can change a record of this file
        (a file without coordinates, places or the terms withheld is left as it is)."""
        if mask not in self._touches:
            edit = self.plan.edit(mask & ~WITHHELD_BIT, names=False)
            self._touches[mask] = self.editor.touches(edit)
        return self._touches[mask]

    def _sensitive(
        self,
        out: list[MappedCells],
        line: int,
        row_id: str,
        cells: Sequence[str],
        own: int,
        mask: int,
    ) -> None:
        """A sensitive occurrence: its own action, with what its event takes."""
        plan = self.plan
        action = plan.actions[own]
        if action.kind == WITHHOLD:
            return
        values = list(cells)
        if self.separate and action.moves_location and row_id:
            row_id = plan.generated_id(row_id)
            if self.event_at is not None:
                values[self.event_at] = row_id
            mask = 0
        edit = plan.edit(plan.bit[action] | (mask & ~WITHHELD_BIT), names=True)
        if action.kind == IDENTIFICATION and not self.editor.name_at(values, edit.rank):
            return  # no name at the rank: withheld (the first pass counted it so)
        self.editor.apply(values, edit)
        out.append((line, row_id, values))

    def _event_and_copy(
        self, out: list[MappedCells], line: int, row_id: str, cells: Sequence[str]
    ) -> None:
        """An event as it is, followed by its generalised copy when a sensitive occurrence
        moved there (``separate_events``)."""
        out.append((line, row_id, cells))
        key = id_hash(row_id) if row_id else 0
        if key not in self.state.generated:
            return
        new_id = self.plan.generated_id(row_id)
        copy = self.editor.coarse_copy(cells, self.plan.edit(self.state.links[key], names=False))
        if self.event_at is not None:
            copy[self.event_at] = new_id
        out.append((line, new_id, copy))


def _padded(cells: Sequence[str], width: int) -> tuple[str, ...]:
    return (*cells, *("",) * (width - len(cells)))


def _wrap_part(part: Part, rows: Callable[[list[MappedCells]], list[MappedCells]]) -> None:
    given_rows, given_ranges = part.rows, part.ranges

    def protected() -> Chunks:
        return _protected(given_rows(), rows)

    part.rows = protected
    if given_ranges is not None:

        def ranges(count: int, min_bytes: int) -> list[Callable[[], Iterable[MappedCells]]] | None:
            cut = given_ranges(count, min_bytes)
            if cut is None:
                return None
            return [partial(_range, read, rows) for read in cut]

        part.ranges = ranges


def _range(
    read: Callable[[], Iterable[MappedCells]],
    rows: Callable[[list[MappedCells]], list[MappedCells]],
) -> Chunks:
    return _protected(read(), rows)


def _protected(
    read: Iterable[MappedCells], rows: Callable[[list[MappedCells]], list[MappedCells]]
) -> Chunks:
    clean = isinstance(read, Chunks) and read.clean
    return Chunks(map(rows, chunk_lists(read)), clean=clean)
