"""The claims of a Humboldt inventory compared with the occurrences of the same event.

GBIF makes no such comparison; these are the toolkit's warnings, made once after all files are
written (:func:`humboldt_consistency`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from resources.dwca.model import ArchiveFile, MappedCells

from ..declarations import WARNING, Check, declare, gettext_noop
from .rows import DWC, ECO, HUMBOLDT, as_boolean, scope_names

EVENT, OCCURRENCE = DWC + "Event", DWC + "Occurrence"
PARENT_EVENT_ID = DWC + "parentEventID"
IS_ABSENCE_REPORTED = ECO + "isAbsenceReported"
IS_ABUNDANCE_REPORTED = ECO + "isAbundanceReported"
HAS_NON_TARGET_TAXA = ECO + "hasNonTargetTaxa"
TARGET_TAXONOMIC_SCOPE = ECO + "targetTaxonomicScope"
OCCURRENCE_STATUS = DWC + "occurrenceStatus"
QUANTITIES = (DWC + "organismQuantity", DWC + "individualCount")
SCIENTIFIC_NAME = DWC + "scientificName"
# The occurrence's own classification, most specific last; scientificName is compared apart.
RANKS = tuple(
    DWC + name
    for name in (
        "kingdom",
        "phylum",
        "class",
        "order",
        "superfamily",
        "family",
        "subfamily",
        "tribe",
        "subtribe",
        "genus",
        "genericName",
        "subgenus",
    )
)
_CACHE_SIZE = 50_000

AddFn = Callable[..., None]  # resources.dwca.report.Report.add_builder


@dataclass(slots=True)
class _Inventory:
    """What the Humboldt rows of one event claim, and what its occurrences showed so far.
    ``absence``/``abundance`` hold where a row claims it (source, line); ``scope`` the
    lower-cased target taxa when every row that says so says hasNonTargetTaxa=false."""

    absence: tuple[str, int] | None = None
    abundance: tuple[str, int] | None = None
    scope: set[str] = field(default_factory=set)
    non_target: bool | None = None  # hasNonTargetTaxa as the rows say it; None: not said
    absent_seen: bool = False
    quantity_seen: bool = False
    closed: frozenset[str] | None = None  # the scope, once read, when it admits nothing else

    def close(self) -> None:
        """Fix the target taxa when the event declares it has no non-target taxa, and count
        as seen what no row claims (nothing to look for)."""
        self.closed = frozenset(self.scope) if self.non_target is False and self.scope else None
        self.absent_seen = self.absence is None
        self.quantity_seen = self.abundance is None


def _positions(file: ArchiveFile, terms: Iterable[str]) -> list[int]:
    at = {term: i for i, term in enumerate(file.terms)}
    return [at.get(term, -1) for term in terms]


def _cell(cells: Sequence[str], i: int) -> str:
    return cells[i] if i >= 0 else ""


# The rows of a file the archive holds, as (source, (line, core id, cells)): the builder's
# own reader (``_Builder.written``), so that rows it left out are left out here too.
ReadFn = Callable[[ArchiveFile], Iterable[tuple[str, MappedCells]]]


def _every_row(file: ArchiveFile) -> Iterator[tuple[str, MappedCells]]:
    """Every row of the file but empty ones (what the archive holds without orphan rows
    left out)."""
    for part in file.parts:
        for row in part.rows():
            if row[1] or any(row[2]):
                yield part.source, row


def _rows(read: ReadFn, file: ArchiveFile) -> Iterator[tuple[str, int, str, Sequence[str]]]:
    """The rows ``read`` gives, as (source, line, core id, cells)."""
    for source, (line, core_id, cells) in read(file):
        yield source, line, core_id, cells


def _inventories(read: ReadFn, file: ArchiveFile) -> dict[str, _Inventory]:
    """What the Humboldt rows claim, per event."""
    absence, abundance, non_target, scope = _positions(
        file,
        (IS_ABSENCE_REPORTED, IS_ABUNDANCE_REPORTED, HAS_NON_TARGET_TAXA, TARGET_TAXONOMIC_SCOPE),
    )
    delimiter = file.delimiters.get(TARGET_TAXONOMIC_SCOPE, "")
    found: dict[str, _Inventory] = {}
    for source, line, event, cells in _rows(read, file):
        inventory = found.setdefault(event, _Inventory())
        if inventory.absence is None and as_boolean(_cell(cells, absence)):
            inventory.absence = (source, line)
        if inventory.abundance is None and as_boolean(_cell(cells, abundance)):
            inventory.abundance = (source, line)
        said = as_boolean(_cell(cells, non_target))
        if said is not None:
            inventory.non_target = bool(inventory.non_target) or said
        inventory.scope.update(scope_names(_cell(cells, scope), delimiter))
    for inventory in found.values():
        inventory.close()
    return found


def _parents(read: ReadFn, files: list[ArchiveFile]) -> dict[str, str]:
    """parentEventID per eventID from the event core (empty when it maps none)."""
    core = next((f for f in files if f.core and f.row_type == EVENT), None)
    if core is None or PARENT_EVENT_ID not in core.terms:
        return {}
    at = core.terms.index(PARENT_EVENT_ID)
    return {event: cells[at] for _s, _l, event, cells in _rows(read, core) if cells[at]}


class _Lineage:
    """The inventories that cover an event, its own then its ancestors' (an inventory of a
    survey covers the occurrences of its site visits), and the closed scope of the nearest
    one that has one; cached per event."""

    def __init__(self, inventories: dict[str, _Inventory], parents: dict[str, str]) -> None:
        self.inventories = inventories
        self.parents = parents
        self._cache: dict[str, tuple[tuple[_Inventory, ...], frozenset[str] | None]] = {}

    def __call__(self, event: str) -> tuple[tuple[_Inventory, ...], frozenset[str] | None]:
        found = self._cache.get(event)
        if found is None:
            covering = tuple(self._walk(event))
            scope = next((i.closed for i in covering if i.closed), None)
            found = self._cache[event] = (covering, scope)
        return found

    def _walk(self, event: str) -> Iterator[_Inventory]:
        seen: set[str] = set()
        while event and event not in seen:  # a cycle is reported by the builder's own check
            seen.add(event)
            inventory = self.inventories.get(event)
            if inventory is not None:
                yield inventory
            event = self.parents.get(event, "")


class _Taxa:
    """Whether an occurrence's names fall inside a target scope: one of its classification
    values is a scope taxon, or its scientificName is one or starts with one (a species
    scope covers ``Galiteuthis glacialis Chun, 1906``). An occurrence without names is taken
    as inside: there is nothing to compare."""

    def __init__(self, file: ArchiveFile) -> None:
        wanted = [*RANKS, SCIENTIFIC_NAME]
        at = _positions(file, wanted)
        self.positions = [(i, term) for i, term in zip(at, wanted, strict=True) if i >= 0]
        # Picks the names out of a row as a tuple in one C-level step (-1: no name mapped).
        self._names = itemgetter(*[i for i, _term in self.positions], -1)
        self._cache: dict[tuple[frozenset[str], tuple[str, ...]], bool] = {}

    def inside(self, scope: frozenset[str], cells: Sequence[str]) -> bool:
        written: tuple[str, ...] = self._names(cells)[:-1] if self.positions else ()
        key = (scope, written)
        verdict = self._cache.get(key)
        if verdict is None:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            names = [name.strip().lower() for name in written if name.strip()]
            verdict = self._cache[key] = not names or _in_scope(scope, names)
        return verdict

    def shown(self, cells: Sequence[str]) -> tuple[str, str]:
        """The most specific name of the occurrence and its term (scientificName first)."""
        for i, term in reversed(self.positions):
            if cells[i].strip():
                return cells[i], term
        return "", ""


def _in_scope(scope: frozenset[str], names: list[str]) -> bool:
    if any(name in scope for name in names):
        return True
    return any(name.startswith(taxon + " ") for name in names for taxon in scope)


def _occurrences(read: ReadFn, file: ArchiveFile, lineage: _Lineage, add: AddFn) -> None:
    """Note absences and quantities per inventory, and report occurrences outside a closed
    target scope."""
    status, *quantities = _positions(file, (OCCURRENCE_STATUS, *QUANTITIES))
    taxa = _Taxa(file)
    for source, line, event, cells in _rows(read, file):
        inventories, scope = lineage(event)
        if not inventories:
            continue
        for inventory in inventories:
            if not inventory.absent_seen:
                inventory.absent_seen = _cell(cells, status).strip().lower() == "absent"
            if not inventory.quantity_seen:
                inventory.quantity_seen = any(_cell(cells, i).strip() for i in quantities)
        if scope is None:
            continue
        if not taxa.inside(scope, cells):
            value, term = taxa.shown(cells)
            add(
                file=file.filename,
                source=source,
                line=line,
                check="humboldt-non-target-taxon",
                value=value,
                term=term,
            )


def _unsupported_claims(file: ArchiveFile, inventories: dict[str, _Inventory], add: AddFn) -> None:
    for event, inventory in inventories.items():
        if inventory.absence is not None and not inventory.absent_seen:
            source, line = inventory.absence
            add(
                file=file.filename,
                source=source,
                line=line,
                check="humboldt-absence-unreported",
                value=event,
                term=IS_ABSENCE_REPORTED,
            )
        if inventory.abundance is not None and not inventory.quantity_seen:
            source, line = inventory.abundance
            add(
                file=file.filename,
                source=source,
                line=line,
                check="humboldt-abundance-unreported",
                value=event,
                term=IS_ABUNDANCE_REPORTED,
            )


def humboldt_consistency(files: list[ArchiveFile], add: AddFn, read: ReadFn = _every_row) -> None:
    """Compare the claims of the Humboldt file with the occurrences of the same event (and of
    its sub-events, through the core's parentEventID) and ``add`` each finding as
    ``add(file=, source=, line=, check=, value=, term=)``.

    Does nothing unless the archive has both a Humboldt file and an Occurrence extension.
    Reads each file's rows once more through ``read`` (the builder's reader, which leaves
    out what the archive left out); keeps per event of the Humboldt file a few flags and
    its target taxa, and per event of the core its parent.
    """
    humboldt = next((f for f in files if f.row_type == HUMBOLDT), None)
    occurrences = [f for f in files if f.row_type == OCCURRENCE and not f.core]
    if humboldt is None or not occurrences:
        return
    inventories = _inventories(read, humboldt)
    if not inventories:
        return
    lineage = _Lineage(inventories, _parents(read, files))
    for file in occurrences:
        _occurrences(read, file, lineage, add)
    _unsupported_claims(humboldt, inventories, add)


declare(
    Check(
        "humboldt-absence-unreported",
        severity=WARNING,
        title=gettext_noop("An inventory reports absences, but none of its occurrences is absent."),
        message=gettext_noop(
            'Event "%(value)s" says isAbsenceReported true, but none of its occurrences has '
            "occurrenceStatus absent. Publish the absences as occurrences with occurrenceStatus "
            "absent, or set isAbsenceReported to false."
        ),
        rule=gettext_noop(
            "Toolkit choice: GBIF does not compare the claim with the occurrences, but users "
            "who filter on it would read the missing taxa as absent."
        ),
    )
)
declare(
    Check(
        "humboldt-abundance-unreported",
        severity=WARNING,
        title=gettext_noop(
            "An inventory reports abundances, but none of its occurrences has a quantity."
        ),
        message=gettext_noop(
            'Event "%(value)s" says isAbundanceReported true, but none of its occurrences has '
            "an organismQuantity or individualCount. Map the counts, or set isAbundanceReported "
            "to false."
        ),
        rule=gettext_noop(
            "Toolkit choice: GBIF does not compare the claim with the occurrences, but users "
            "who filter on it expect counts."
        ),
    )
)
declare(
    Check(
        "humboldt-non-target-taxon",
        severity=WARNING,
        title=gettext_noop("An occurrence is outside its inventory's target taxonomic scope."),
        message=gettext_noop(
            '%(term)s "%(value)s" is not within the targetTaxonomicScope of its event, which '
            "says hasNonTargetTaxa false. Add the taxon to the scope, set hasNonTargetTaxa to "
            "true and list it in nonTargetTaxa, or correct the occurrence's classification."
        ),
        rule=gettext_noop(
            "Toolkit choice: GBIF matches the scope against its backbone but does not compare "
            "it with the occurrences; this compares the occurrence's own kingdom to genus and "
            "scientificName with the scope's names."
        ),
    )
)
