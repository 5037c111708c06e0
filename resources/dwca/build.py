"""Build a Darwin Core Archive from mapped rows in one streaming pass per file.

Per file, rows go chunk by chunk through: the empty-row rule, the id rules (core ids
collected as hashes, exactly and in lower case; extension core ids looked up in the core's id
set a chunk at a time), the per-row checks, tab/line-break sanitising, and into the zip, whose
deflate runs in a second thread. Cross-row checks (duplicate ids and ids that differ only by
case, parentEventID links and cycles, GBIF's occurrence identifier rule, occurrenceID
stability, record drops) run on the hash arrays after the pass; only when they find something
is the file read again, to name the rows in the report. Their severities follow GBIF
(``resources.quality.crossrow``).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from xxhash import xxh3_64_intdigest

from resources.dwcdp.package import (
    DESCRIPTOR,
    PackageBuilder,
    PackageResult,
    PassPackage,
    PassTables,
)
from resources.dwcdp.validate import Validator, validate_in_child
from resources.quality import crossrow  # noqa: F401  (declares the checks reported here)
from resources.quality.declarations import CHECKS, message_of, term_name
from resources.quality.humboldt import humboldt_consistency
from resources.quality.rows import Flag, RowChecks
from resources.sources.errors import SplitRefused

from .derive import Derived
from .ids import (
    Handover,
    HashTable,
    IdCollector,
    SortedIds,
    Spill,
    cycle_members,
    distinct,
    id_hash,
    mix,
    vanished,
)
from .meta import header_line, meta_xml
from .meta_read import MetaError, read_meta
from .model import (
    CHUNK_ROWS,
    ArchiveFile,
    BuildOptions,
    BuildResult,
    Chunks,
    MappedCells,
    Part,
    ProgressFn,
    chunk_lists,
)
from .report import Report, ReportState
from .segments import Segment, SegmentWriter, ZipAssembler
from .workers import Task, WorkerFailed, run_forked, run_inline
from .writer import sanitise_cells

DWC = "http://rs.tdwg.org/dwc/terms/"
OCCURRENCE = DWC + "Occurrence"
EVENT = DWC + "Event"
OCCURRENCE_ID = DWC + "occurrenceID"
PARENT_EVENT_ID = DWC + "parentEventID"
TRIPLET = (DWC + "institutionCode", DWC + "collectionCode", DWC + "catalogNumber")


class _Builder:
    def __init__(
        self, workdir: Path, files: list[ArchiveFile], options: BuildOptions, progress: ProgressFn
    ) -> None:
        self.files = sorted(files, key=lambda f: not f.core)
        self.options = options
        self.progress = progress
        self.report = Report(workdir / "flagged.tsv.gz", sample_cap=options.sample_cap)
        self.counts: dict[str, int] = {}
        self.core_ids: SortedIds | None = None
        self.occurrence_ids: SortedIds | None = None
        self.rows_done = 0
        self.scratch = workdir / "passes"  # segments, flagged rows and results of the tasks
        self.scratch.mkdir(exist_ok=True)
        self.level = options.compresslevel
        self._serial = 0
        self.spill = Spill(workdir / "ids-spill", bound=options.ids_in_memory)
        self._meanwhile = options.meanwhile
        self._cuts: dict[int, list[Callable[[], Iterable[MappedCells]]] | None] = {}
        # The DwC-DP tables written beside the archive, when asked for.
        self.package = (
            PackageBuilder(self.files, workdir, self.level, options.datapackage_agents)
            if options.datapackage is not None
            else None
        )
        self.occurrence_refs: IdCollector | None = None  # assertions' occurrenceIDs
        self.validator: Validator | None = None  # frictionless, started ahead

    # -- the streaming pass -------------------------------------------------------------
    def write_file(self, zipped: ZipAssembler, file: ArchiveFile) -> None:
        """Write one data file: its rows go through the per-row pass in tasks (one per
        part, or per range of a large delimited-text part), run in forked processes when the
        file is large; the results are joined in order."""
        report, name = self.report, file.filename
        checks = RowChecks(file)
        for code in checks.active:
            report.expect(name, code)
        for flag in checks.file_flags():
            _add_flag(report, name, "", 0, flag)
        results = self._run_passes(file, checks)
        self._validator_ahead(file)
        ids, folded, occ_ids, occ_folded, parents = self._collectors(file)
        header = SegmentWriter(self.scratch / ("%d.head" % self._next()), self.level)
        header.write((header_line(file) + "\n").encode("utf-8"))
        segments = [header.close()]
        written = missing = 0
        for part in file.parts:
            part.date_conversions.clear()
        for result in results:
            segments.append(result.segment)
            report.absorb(result.report, result.flagged)
            written += result.written
            missing += result.missing
            conversions = file.parts[result.part].date_conversions
            for term, count in result.date_conversions.items():
                conversions[term] = conversions.get(term, 0) + count
            distinct = file.parts[result.part].distinct
            if distinct is not None and result.derived is not None:
                distinct.found = result.derived  # what the pass found, in a child or here
            for collector, hashes in (
                (ids, result.ids),
                (folded, result.folded),
                (parents, result.parents),
                (occ_ids, result.occ_ids),
                (occ_folded, result.occ_folded),
            ):
                if collector is not None and hashes is not None:
                    collector.take(hashes)
        zipped.member(name, segments)
        self._package_absorb(results)
        self.counts[name] = written
        self.progress("checks", self.rows_done, None)
        if ids is not None:  # the core file
            self._core_checks(file, ids, folded, parents)
        if occ_ids is not None:
            self._occurrence_checks(file, occ_ids, occ_folded, missing, written)
        previous = self.options.previous_counts.get(name)
        if previous is not None and previous > written:
            self.report.add_total(
                file=name, check="records-dropped", count=1, value=str(previous - written)
            )

    def _validator_ahead(self, file: ArchiveFile) -> None:
        """Once the last file's rows are read, start frictionless in its own process: it
        loads while this one finishes the checks."""
        if file is self.files[-1] and self.package is not None and self.package.usable:
            self.validator = Validator()

    def _package_absorb(self, results: list[_PassResult]) -> None:
        """Join the tasks' DwC-DP segments, and their hashes of the occurrenceIDs the
        package's assertions point to."""
        if self.package is None:
            return
        self.package.absorb([result.package for result in results])
        for result in results:
            if result.occ_refs is not None:
                if self.occurrence_refs is None:
                    self.occurrence_refs = IdCollector(self.spill)
                self.occurrence_refs.take(result.occ_refs)

    def _collectors(
        self, file: ArchiveFile
    ) -> tuple[
        IdCollector | None, IdCollector, IdCollector | None, IdCollector, IdCollector | None
    ]:
        """The id hashes a file's rows give, in the pass and joined after it: core ids
        (exact and in lower case: those that differ only by case), occurrenceIDs (both ways)
        and an Event core's parentEventIDs."""
        core = file.core
        return (
            IdCollector(self.spill, keep_order=True) if core else None,
            IdCollector(self.spill),
            IdCollector(self.spill) if file.row_type == OCCURRENCE else None,
            IdCollector(self.spill),
            IdCollector(self.spill, keep_order=True)
            if core and file.row_type == EVENT and PARENT_EVENT_ID in file.terms
            else None,
        )

    def _next(self) -> int:
        self._serial += 1
        return self._serial

    def _run_passes(self, file: ArchiveFile, checks: RowChecks) -> list[_PassResult]:
        """The per-row pass over every part of ``file``, in order. A large file is cut into
        ranges read by ``options.processes`` forked processes; when a range meets something
        only a whole reading reports well, the file is read again without cutting."""
        options = self.options
        forked = self._forked(file)
        base = self.rows_done

        def tick(rows: int) -> None:
            self.progress("data files", base + rows, None)

        def run(split: bool) -> list[_PassResult]:
            tasks = self._tasks(file, checks, split=split)
            if not forked:
                return list(run_inline(tasks, tick))
            given, self._meanwhile = self._meanwhile, None

            def meanwhile() -> None:
                if given is not None:
                    given()
                self._cut_ahead(file)

            try:
                return list(run_forked(tasks, options.processes, self.scratch, tick, meanwhile))
            except WorkerFailed as exc:
                if exc.error is not None:
                    raise exc.error from None
                raise

        try:
            results = run(split=forked)
        except SplitRefused:
            results = run(split=False)
        self.rows_done = base + sum(r.rows_done for r in results)
        return results

    def _forked(self, file: ArchiveFile) -> bool:
        size = sum(part.size for part in file.parts)
        return self.options.processes > 1 and size >= self.options.parallel_min_bytes

    def _ranges(self, part: Part) -> list[Callable[[], Iterable[MappedCells]]] | None:
        """The ranges a part is cut into (cutting reads the source through, to count the
        lines before each cut): once per part."""
        key = id(part)
        if key not in self._cuts:
            options = self.options
            cut = part.ranges(options.processes, options.split_min_bytes) if part.ranges else None
            self._cuts[key] = cut
        return self._cuts[key]

    def _cut_ahead(self, file: ArchiveFile) -> None:
        """Cut the sources of the files after ``file`` while its processes work."""
        for later in self.files[self.files.index(file) + 1 :]:
            if self._forked(later):
                for part in later.parts:
                    self._ranges(part)

    def _tasks(self, file: ArchiveFile, checks: RowChecks, *, split: bool) -> list[Task]:
        tasks: list[Task] = []
        for at, part in enumerate(file.parts):
            ranges = self._ranges(part) if split else None
            for rows in ranges or [part.rows]:
                tasks.append(partial(self._pass, file, checks, at, rows, self._next()))
        return tasks

    def _pass(
        self,
        file: ArchiveFile,
        checks: RowChecks,
        at: int,
        rows: Callable[[], Iterable[MappedCells]],
        serial: int,
        tick: Callable[[int], None],
    ) -> _PassResult:
        """The per-row work on the rows of one task (of the part ``at`` of ``file``): its
        own report, id hashes and compressed segment, which the parent joins in order.

        A chunk at a time: the rows nothing is to be said of (nearly all) are written and
        their ids hashed in bulk; only the rows that are flagged, lack an id, are orphans or
        hold a tab or line break go through ``_Chunk.one_row``, in order, so the report is
        the one a row-by-row loop gives."""
        part = file.parts[at]
        report = Report(
            self.scratch / ("%d.flagged.gz" % serial),
            sample_cap=self.options.sample_cap,
            header=False,
        )
        ids, folded, occ_ids, occ_folded, parents = self._collectors(file)
        collectors = [c for c in (ids, folded, occ_ids, occ_folded, parents) if c is not None]
        work = _Chunk(
            file=file,
            checks=checks,
            report=report,
            source=part.source,
            needs_id=file.core and self._ids_required(file),
            drop=self.options.drop_orphans,
        )
        core_ids = None if file.core else self.core_ids
        parent_at = file.terms.index(PARENT_EVENT_ID) if parents is not None else None
        occurrence_at = file.terms.index(OCCURRENCE_ID) if OCCURRENCE_ID in file.terms else None
        out = SegmentWriter(self.scratch / ("%d.deflate" % serial), self.level)
        written = missing = 0
        if part.distinct is not None:
            part.distinct.sink = partial(_conflict, report, file, part.source, part.distinct.block)
        tables, refs = self._package_side(file, serial, report, checks)
        read = rows()
        clean = isinstance(read, Chunks) and read.clean
        try:
            for chunk in chunk_lists(read):
                row_ids = [row[1] for row in chunk]
                known = None if core_ids is None else _known(core_ids, row_ids)
                texts, kept_ids, cells, kept = work.run(chunk, row_ids, known, clean=clean)
                if texts:
                    out.write(("\n".join(texts) + "\n").encode("utf-8", "surrogateescape"))
                if tables is not None:
                    _to_package(tables, part.source, chunk, kept, kept_ids, cells, known, refs)
                if ids is not None and folded is not None:  # the core file
                    ids.extend_values(kept_ids)
                    folded.extend_values([v.lower() for v in kept_ids])
                    if parents is not None and parent_at is not None:
                        parents.extend_values([c[parent_at] for c in cells], empty_as_zero=True)
                if occ_ids is not None and occ_folded is not None:
                    values = [c[occurrence_at] for c in cells] if occurrence_at is not None else []
                    given = [v for v in values if v]
                    missing += len(cells) - len(given)
                    occ_ids.extend_values(given)
                    occ_folded.extend_values([v.lower() for v in given])
                for collector in collectors:
                    collector.checkpoint()  # spills to disk beyond the in-memory bound
                written += len(texts)
                tick(written)
        except BaseException:
            out.abort()
            if tables is not None:
                tables.abort()
            report.close()
            raise
        finally:
            if part.distinct is not None:
                part.distinct.sink = None
        report.close()
        package = tables.close() if tables is not None else None
        return _PassResult(
            part=at,
            segment=out.close(),
            written=written,
            rows_done=written,
            missing=missing,
            report=report.state(),
            flagged=report.flagged,
            date_conversions=dict(part.date_conversions),
            derived=part.distinct.found if part.distinct is not None else None,
            ids=_hashes(ids),
            folded=_hashes(folded) if file.core else None,
            parents=_hashes(parents),
            occ_ids=_hashes(occ_ids),
            occ_folded=_hashes(occ_folded) if occ_ids is not None else None,
            package=package,
            occ_refs=_hashes(refs[1]) if refs is not None else None,
        )

    # -- the data package -----------------------------------------------------------------
    def _package_side(
        self, file: ArchiveFile, serial: int, report: Report, checks: RowChecks
    ) -> tuple[PassTables | None, tuple[int, IdCollector] | None]:
        """A task's DwC-DP tables, and for an assertion file the place of its occurrenceIDs
        with the collector of their hashes."""
        if self.package is None:
            return None, None
        tables = self.package.tables(
            file, self.scratch, serial, report.add_builder, checks.check_cells
        )
        at = _assertion_occurrence(self.package, file)
        return tables, ((at, IdCollector(self.spill)) if at is not None else None)

    def finish_package(self, eml: bytes) -> PackageResult | None:
        """Check the package's references to occurrences, then write it unless a check
        blocked it."""
        package = self.package
        if package is None:
            return None
        if package.usable and self.occurrence_refs is not None:
            self._occurrence_references(package)
        for table, name, count in package.repeated_ids(self.scratch):
            self.report.add_total(
                file=table + ".csv", check="dwcdp-id-repeated", count=count, term=name
            )
        for name, terms in package.left_out().items():
            self.report.add_total(
                file=name,
                check="dwcdp-terms-left-out",
                count=len(terms),
                value=name,
                terms=", ".join(term_name(t) for t in terms),
            )
        if package.blocked or not any(package.counts.values()):
            package.discard()
            return PackageResult(None, dict(package.counts), True)
        path = package.write(self.options.datapackage or {}, eml)
        validator, self.validator = self.validator, None
        try:
            errors = validate_in_child(path, validator)
        finally:
            if validator is not None:
                validator.close()
        for error in errors[: self.options.sample_cap]:
            self.report.add_total(file=DESCRIPTOR, check="dwcdp-invalid", count=1, value=error)
        if errors:
            path.unlink()
            return PackageResult(None, dict(package.counts), True, errors)
        return PackageResult(path, dict(package.counts), False, sha256=package.sha256)

    def _occurrence_references(self, package: PackageBuilder) -> None:
        assert self.occurrence_refs is not None
        refs = self.occurrence_refs.finish().hashes
        known = (
            self.occurrence_ids.contains(refs)
            if self.occurrence_ids is not None
            else np.zeros(len(refs), dtype=bool)
        )
        if known.all():
            return
        package.blocked = True
        missing = set(refs[~known].tolist())
        for file in self.files:
            at = _assertion_occurrence(package, file)
            if at is None:
                continue
            self._name_rows(
                file,
                "dwcdp-reference-missing",
                partial(_missing_reference, at, missing),
                table="occurrence-assertion",
                target="occurrence",
            )

    # -- cross-row checks ---------------------------------------------------------------
    def _ids_required(self, core: ArchiveFile) -> bool:
        """Core ids must be there and unique when extensions link to them, and in an Event
        core: GBIF's crawler aborts a sampling-event dataset on a blank or repeated id."""
        return len(self.files) > 1 or core.row_type == EVENT

    def _core_checks(
        self,
        file: ArchiveFile,
        ids: IdCollector,
        folded: IdCollector,
        parents: IdCollector | None,
    ) -> None:
        in_order = np.array(ids.in_order()) if parents is not None else None
        self.core_ids = ids.finish()
        if self._ids_required(file) and len(self.core_ids.duplicates):
            dupes = set(self.core_ids.duplicates.tolist())
            self._name_rows(
                file,
                "core-id-duplicate",
                lambda pos, row: row[1] if id_hash(row[1]) in dupes else None,
            )
        self._case_duplicates(file, "core-id-case-duplicate", self.core_ids, folded, _core_id)
        if parents is not None and in_order is not None:
            self._parent_checks(file, in_order, parents.in_order())

    def _parent_checks(self, file: ArchiveFile, child: np.ndarray, parent: np.ndarray) -> None:
        has_parent = parent != 0
        assert self.core_ids is not None, "_core_checks sets core_ids before calling this"
        known = self.core_ids.contains(parent)
        unknown = set(np.nonzero(has_parent & ~known)[0].tolist())
        at = file.terms.index(PARENT_EVENT_ID)
        if unknown:
            self._name_rows(
                file,
                "parent-event-unknown",
                lambda pos, row: row[2][at] if pos in unknown else None,
            )
            if self.package is not None and self.package.usable:
                # As GBIF indexes the archive (the hierarchy incomplete), the package's events
                # keep no link to a parent the data lacks: a dangling foreign key is invalid.
                gone = set(parent[has_parent & ~known].tolist())
                self.package.parents_left_out(gone, self.scratch)
                self.report.add_total(
                    file=file.filename, check="dwcdp-parent-left-out", count=len(unknown)
                )
        order = np.argsort(child, kind="stable")
        where = np.searchsorted(child[order], parent)
        where[where >= len(child)] = 0
        links = np.where(has_parent & known, order[where], -1)
        members = cycle_members(links)
        looping = set(members[links[members] != members].tolist())  # self-links: row checks
        if looping:
            self._name_rows(
                file, "parent-event-cycle", lambda pos, row: row[1] if pos in looping else None
            )

    def _case_duplicates(
        self,
        file: ArchiveFile,
        check: str,
        exact: SortedIds,
        folded: IdCollector,
        value_of: Callable[[MappedCells], str],
    ) -> None:
        """Name the rows whose id differs from another's only by case (ids are compared
        exactly elsewhere, as GBIF does; the IPT ignores case)."""
        lowered = folded.finish()
        if distinct(lowered) == distinct(exact):
            return
        shared = set(lowered.duplicates.tolist())
        spellings: dict[int, set[str]] = {}
        for _source, row in self.written(file):
            value = value_of(row)
            if value and (key := id_hash(value.lower())) in shared:
                spellings.setdefault(key, set()).add(value)
        for source, row in self.written(file):
            value = value_of(row)
            found = spellings.get(id_hash(value.lower())) if value else None
            if found and len(found) > 1:
                others = ", ".join(sorted(found - {value}))
                self.report.add_builder(
                    file=file.filename,
                    source=source,
                    line=row[0],
                    check=check,
                    value=value,
                    others=others,
                )

    def _occurrence_checks(
        self, file: ArchiveFile, occ_ids: IdCollector, folded: IdCollector, missing: int, rows: int
    ) -> None:
        self.occurrence_ids = found = occ_ids.finish()
        at = file.terms.index(OCCURRENCE_ID) if OCCURRENCE_ID in file.terms else None
        if len(found.duplicates) and at is not None:
            dupes = set(found.duplicates.tolist())
            self._name_rows(
                file,
                "occurrence-id-duplicate",
                lambda pos, row: (
                    value if (value := row[2][at]) and id_hash(value) in dupes else None
                ),
            )
        if at is not None:
            self._case_duplicates(
                file, "occurrence-id-case-duplicate", found, folded, lambda row: row[2][at]
            )
        if missing:
            self._identifier_rule(file, missing, rows, at)
        self._vanished(file, found)

    def _identifier_rule(self, file: ArchiveFile, missing: int, rows: int, at: int | None) -> None:
        """GBIF's crawler accepts occurrences without occurrenceID only when at most 25 % of
        them lack a complete institutionCode/collectionCode/catalogNumber triplet and no two
        share one; then its pipelines drop them (registry-harvest contract C.2, C.3)."""
        incomplete, repeated = self._triplets(file, rows)
        if incomplete * 4 <= rows and not repeated:
            self._name_rows(
                file,
                "occurrence-id-missing",
                lambda pos, row: "" if at is None or not row[2][at] else None,
                count=str(missing),
            )
            return
        self.report.add_total(
            file=file.filename,
            check="occurrence-ids-refused",
            count=1,
            missing=str(missing),
            rows=str(rows),
            incomplete=str(incomplete),
            repeated=str(repeated),
        )

    def _triplets(self, file: ArchiveFile, rows: int) -> tuple[int, int]:
        """How many written rows of an occurrence file lack a complete triplet, and how many
        repeat another row's complete triplet. A part the file lacks is taken from the
        core row of the same id, as GBIF's crawler reads a star-joined archive."""
        at = [file.terms.index(t) if t in file.terms else None for t in TRIPLET]
        from_core = None if file.core else self._core_triplets()
        if from_core is None and None in at:
            return rows, 0
        keys = IdCollector(self.spill)
        incomplete = 0
        chunk: list[MappedCells] = []
        for _source, row in self.written(file):
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                incomplete += _triplet_keys(chunk, at, from_core, keys)
                keys.checkpoint()
                chunk = []
        incomplete += _triplet_keys(chunk, at, from_core, keys)
        return incomplete, keys.finish().duplicate_rows

    def _core_triplets(self) -> HashTable | None:
        """The core's triplet parts (hashes, 0 when empty) by core id, or None when the
        core maps no part of the triplet."""
        core = next((f for f in self.files if f.core), None)
        if core is None or not any(t in core.terms for t in TRIPLET):
            return None
        at = [core.terms.index(t) if t in core.terms else None for t in TRIPLET]
        ids = IdCollector()
        parts = array("Q")
        for _source, row in self.written(core):
            ids.append(id_hash(row[1]))
            parts.extend(_part_hash(row[2], i) for i in at)
        values = np.frombuffer(parts, dtype=np.uint64).reshape(-1, len(TRIPLET))
        return HashTable(np.array(ids.in_order()), values)

    def _vanished(self, file: ArchiveFile, found: SortedIds) -> None:
        """Name the previous version's occurrenceIDs that are gone, from its archive; only
        count them when that archive is gone."""
        previous = self.options.previous_ids
        if previous is None or not previous.exists():
            return
        gone = vanished(SortedIds.load(previous), found)
        if not gone:
            return
        archive = self.options.previous_archive
        if archive is not None and archive.exists():
            listed = previous_occurrence_ids(archive, file.filename)
            if listed is not None:
                self._list_vanished(file, listed, found, gone)
                return
        self.report.add_total(
            file=file.filename, check="occurrence-ids-vanished", count=1, value=str(gone)
        )

    def _list_vanished(
        self, file: ArchiveFile, listed: Iterator[tuple[int, str]], found: SortedIds, gone: int
    ) -> None:
        seen: set[int] = set()
        while chunk := list(islice(listed, CHUNK_ROWS)):
            keys = np.array([id_hash(value) for _line, value in chunk], dtype=np.uint64)
            for (line, value), key, kept in zip(
                chunk, keys.tolist(), found.contains(keys).tolist(), strict=True
            ):
                if kept or key in seen:
                    continue
                seen.add(key)
                self.report.add_builder(
                    file=file.filename,
                    source=PREVIOUS_VERSION,
                    line=line,
                    check="occurrence-id-vanished",
                    value=value,
                    count=str(gone),
                )

    def written(self, file: ArchiveFile) -> Iterator[tuple[str, MappedCells]]:
        """The rows of ``file`` the archive holds, read again: without empty rows, and
        without orphan rows when they are left out."""
        drop = self.options.drop_orphans and not file.core and self.core_ids is not None
        for part in file.parts:
            for chunk in chunk_lists(part.rows()):
                known = (
                    self.core_ids.contains(
                        np.array([id_hash(r[1]) for r in chunk], dtype=np.uint64)
                    )
                    if drop and self.core_ids is not None
                    else None
                )
                for i, row in enumerate(chunk):
                    if not row[1] and not any(row[2]):
                        continue
                    if known is not None and row[1] and not known[i]:
                        continue
                    yield part.source, row

    def _name_rows(
        self,
        file: ArchiveFile,
        check: str,
        pick: Callable[[int, MappedCells], str | None],
        **params: str,
    ) -> None:
        """Second pass: report every written row for which ``pick`` gives a value."""
        for position, (source, row) in enumerate(self.written(file)):
            value = pick(position, row)
            if value is not None:
                self.report.add_builder(
                    file=file.filename,
                    source=source,
                    line=row[0],
                    check=check,
                    value=value,
                    **params,
                )


@dataclass
class _Chunk:
    """What the per-row pass does to a chunk of rows, apart from hashing ids and writing."""

    file: ArchiveFile
    checks: RowChecks
    report: Report
    source: str
    needs_id: bool  # a core whose rows must have an id
    drop: bool  # leave orphan rows out

    def run(
        self,
        chunk: list[MappedCells],
        row_ids: list[str],
        known: np.ndarray | None,
        *,
        clean: bool = False,
    ) -> tuple[list[str], list[str], list[Sequence[str]], list[int] | None]:
        """The lines to write, the ids and cells of the rows kept, in order, and their
        positions in ``chunk`` (None: all of them). ``known``:
        for an extension, whether each row's id is a core id; ``clean``: no value can hold a
        tab or a line break (``Chunks.clean``)."""
        cells = [row[2] for row in chunk]
        flags = list(map(self.checks.check_cells, cells))
        special = {j for j, found in enumerate(flags) if found}
        if not all(row_ids):
            special.update(j for j, row_id in enumerate(row_ids) if not row_id)
        if known is not None and not known.all():
            special.update(np.flatnonzero(~known).tolist())
        tabs = len(self.file.terms)
        if tabs:
            texts = [i + "\t" + "\t".join(c) for i, c in zip(row_ids, cells, strict=True)]
        else:
            texts = list(row_ids)
        if not clean:
            block = "\n".join(texts)
            lines = len(texts)
            if block.count("\t") != tabs * lines or block.count("\n") != lines - 1 or "\r" in block:
                special.update(
                    j
                    for j, text in enumerate(texts)
                    if text.count("\t") != tabs or "\n" in text or "\r" in text
                )
        if not special:
            return texts, row_ids, cells, None
        gone = {j for j in sorted(special) if not self.one_row(chunk[j], flags[j], texts, j, known)}
        if not gone:
            return texts, row_ids, cells, None
        keep = [j for j in range(len(chunk)) if j not in gone]
        return (
            [texts[j] for j in keep],
            [row_ids[j] for j in keep],
            [cells[j] for j in keep],
            keep,
        )

    def one_row(
        self,
        row: MappedCells,
        flags: Sequence[Flag],
        texts: list[str],
        j: int,
        known: np.ndarray | None,
    ) -> bool:
        """Report what is to be said of one row (``flags``: what the row checks found), in
        the order a row-by-row loop says it; sanitise its line in ``texts``. False when the
        row is left out."""
        line_no, row_id, cells = row
        report, name, source = self.report, self.file.filename, self.source
        if not row_id and not any(cells):
            report.add_builder(
                file=name, source=source, line=line_no, check="empty-row-skipped", value=""
            )
            return False
        if self.file.core:
            if self.needs_id and not row_id:
                report.add_builder(
                    file=name, source=source, line=line_no, check="core-id-missing", value=""
                )
        elif not row_id:
            report.add_builder(
                file=name, source=source, line=line_no, check="extension-id-missing", value=""
            )
        elif known is not None and not known[j]:
            if self.drop:
                report.add_builder(
                    file=name,
                    source=source,
                    line=line_no,
                    check="orphan-row-dropped",
                    value=row_id,
                )
                report.dropped_orphans += 1
                return False
            report.add_builder(
                file=name, source=source, line=line_no, check="orphan-row", value=row_id
            )
        for flag in flags:
            _add_flag(report, name, source, line_no, flag)
        text = texts[j]
        if text.count("\t") != len(self.file.terms) or "\n" in text or "\r" in text:
            texts[j] = sanitise_cells((row_id, *cells))
            _sanitised(report, self.file, source, line_no, row_id, cells)
        return True


def _add_flag(report: Report, file: str, source: str, line: int, flag: Flag) -> None:
    report.add(
        file=file,
        source=source,
        line=line,
        check=flag.check,
        severity=flag.severity,
        term=flag.term,
        value=flag.value,
        text=flag.message,
    )


def _known(core_ids: SortedIds, row_ids: list[str]) -> np.ndarray:
    """Whether each id is a core id."""
    xxh = xxh3_64_intdigest  # id_hash inlined: this runs per row
    return core_ids.contains(np.array([xxh(v.encode()) for v in row_ids], dtype=np.uint64))


def _sanitised(
    report: Report, file: ArchiveFile, source: str, line: int, row_id: str, cells: Sequence[str]
) -> None:
    """Name each value of a row that holds a tab or a line break, with its term."""
    for term, value in zip(("id", *file.terms), (row_id, *cells), strict=True):
        if "\t" in value or "\n" in value or "\r" in value:
            report.add_builder(
                file=file.filename,
                source=source,
                line=line,
                check="value-sanitised",
                term=term,
                value=_shown(sanitise_cells((value,))),
            )


def _conflict(
    report: Report,
    file: ArchiveFile,
    source: str,
    block: bool,
    line: int,
    row_id: str,
    first_line: int,
    terms: list[str],
) -> None:
    """Flag a row of a derived event that disagrees with the event's first row."""
    report.add_builder(
        file=file.filename,
        source=source,
        line=line,
        check="event-conflict" if block else "event-conflict-kept",
        value=row_id,
        term=terms[0] if len(terms) == 1 else "",
        first=str(first_line),
        terms=", ".join(term_name(t) for t in terms),
    )


def derived_events(files: list[ArchiveFile]) -> list[dict[str, Any]]:
    """Per mapping that derives events: its file and source, rows read, events written and
    the conflicting rows and events its last pass found."""
    return [
        {"file": file.filename, "source": part.source, **asdict(part.distinct.found)}
        for file in files
        for part in file.parts
        if part.distinct is not None
    ]


def _to_package(
    tables: PassTables,
    source: str,
    chunk: list[MappedCells],
    kept: list[int] | None,
    ids: list[str],
    cells: list[Sequence[str]],
    known: np.ndarray | None,
    refs: tuple[int, IdCollector] | None,
) -> None:
    """Give the DwC-DP tables the rows of a chunk the archive holds; rows whose event is
    not in the core (kept in the archive with a warning) cannot be in the package. ``refs``:
    where the occurrenceIDs of assertions are, and their hashes so far."""
    lines = [row[0] for row in chunk] if kept is None else [chunk[j][0] for j in kept]
    if known is not None and not known.all():
        linked = (known if kept is None else known[kept]).nonzero()[0].tolist()
        lines = [lines[j] for j in linked]
        ids = [ids[j] for j in linked]
        cells = [cells[j] for j in linked]
    tables.write(source, lines, ids, cells)
    if refs is not None:
        at, hashes = refs
        hashes.extend_values([v for c in cells if (v := c[at])])


def _assertion_occurrence(package: PackageBuilder | None, file: ArchiveFile) -> int | None:
    """Where an assertion file holds the occurrenceID its DwC-DP rows point to."""
    if package is None or not package.usable:
        return None
    plan = package.plans.get(file.filename)
    if plan is None or not any(o.table == "occurrence-assertion" for o in plan.outputs):
        return None
    return file.terms.index(OCCURRENCE_ID) if OCCURRENCE_ID in file.terms else None


def _missing_reference(at: int, missing: set[int], pos: int, row: MappedCells) -> str | None:
    value = row[2][at]
    return value if value and id_hash(value) in missing else None


def _hashes(collector: IdCollector | None) -> Handover | None:
    return None if collector is None else collector.handover()


@dataclass
class _PassResult:
    """What one task of the per-row pass gives back (pickled when it ran in a child)."""

    part: int  # its position in the file's parts
    segment: Segment
    written: int
    rows_done: int
    missing: int
    report: ReportState
    flagged: Path
    date_conversions: dict[str, int]
    derived: Derived | None
    ids: Handover | None
    folded: Handover | None
    parents: Handover | None
    occ_ids: Handover | None
    occ_folded: Handover | None
    package: PassPackage | None = None
    occ_refs: Handover | None = None


PREVIOUS_VERSION = "previous version"  # the source named for rows of the previous archive
SHOWN_CHARS = 200  # of a long value in a message


def _shown(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"


def _core_id(row: MappedCells) -> str:
    return row[1]


def _part_hash(cells: Sequence[str], at: int | None) -> int:
    value = cells[at] if at is not None else ""
    return id_hash(value) if value else 0


def _triplet_keys(
    chunk: list[MappedCells],
    at: list[int | None],
    from_core: HashTable | None,
    keys: IdCollector,
) -> int:
    """Add the keys of the chunk's complete triplets to ``keys``; give how many rows have
    none."""
    if not chunk:
        return 0
    own = np.array([[_part_hash(row[2], i) for i in at] for row in chunk], dtype=np.uint64).reshape(
        -1, len(at)
    )
    if from_core is not None:
        core = from_core.get(np.array([id_hash(row[1]) for row in chunk], dtype=np.uint64))
        own = np.where(own == 0, core, own)
    complete = (own != 0).all(axis=1)
    for key in mix(own[complete]).tolist():
        keys.append(key)
    return int((~complete).sum())


def previous_occurrence_ids(archive: Path, filename: str) -> Iterator[tuple[int, str]] | None:
    """(line, occurrenceID) of each row of the previous archive's occurrence file (the file
    named ``filename``, else its first Occurrence file), or None when the archive cannot
    be read or has no occurrenceIDs."""
    try:
        with zipfile.ZipFile(archive) as zf:
            descriptor = read_meta(zf.read("meta.xml"))
            members = set(zf.namelist())
    except (OSError, KeyError, zipfile.BadZipFile, MetaError):
        return None
    files = [descriptor.core, *descriptor.extensions]
    candidates = [f for f in files if f.row_type == OCCURRENCE]
    chosen = next((f for f in candidates if filename in f.locations), None)
    chosen = chosen or (candidates[0] if candidates else None)
    at = next(
        (f.index for f in chosen.fields if f.term == OCCURRENCE_ID and f.index is not None)
        if chosen
        else iter(()),
        None,
    )
    if chosen is None or at is None or chosen.locations[0] not in members:
        return None
    return _column(archive, chosen.locations[0], at, chosen.ignore_header_lines)


def _column(archive: Path, member: str, at: int, skip: int) -> Iterator[tuple[int, str]]:
    """The non-empty values of column ``at`` of a tab-separated member, with line numbers
    (archives this builder wrote: UTF-8, tab-separated, one row a line)."""
    with zipfile.ZipFile(archive) as zf, zf.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
        for number, line in enumerate(text, start=1):
            if number <= skip:
                continue
            cells = line.rstrip("\n").split("\t")
            if at < len(cells) and cells[at]:
                yield number, cells[at]


def build_archive(
    *,
    workdir: Path,
    files: list[ArchiveFile],
    eml: bytes,
    options: BuildOptions,
    progress: ProgressFn,
) -> BuildResult:
    """Write ``workdir/dwca.zip``, ``workdir/flagged.tsv.gz`` and ``workdir/ids.npy``.

    The zip is complete only when ``result.ok``; otherwise it must not be served. Exceptions
    (including those raised by ``progress``, e.g. a cancellation) propagate after the deflate
    thread stopped.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    builder = _Builder(workdir, files, options, progress)
    zipped = ZipAssembler(workdir / "dwca.zip", options.compresslevel)
    try:
        if not any(f.core for f in files):
            builder.report.add_total(file="", check="core-missing", count=1)
        else:
            for file in builder.files:
                builder.write_file(zipped, file)
            humboldt_consistency(builder.files, builder.report.add_builder, builder.written)
        progress("packaging", builder.rows_done, builder.rows_done)
        zipped.add("meta.xml", meta_xml(builder.files))
        zipped.add("eml.xml", eml)
        package = builder.finish_package(eml)
        ids_path = None
        if builder.occurrence_ids is not None:
            ids_path = workdir / "ids.npy"
            builder.occurrence_ids.save(ids_path)
    except BaseException:
        if builder.package is not None:
            builder.package.discard()
        raise
    finally:
        if builder.validator is not None:  # not used: no package, or a failure
            builder.validator.close()
        zipped.close()
        builder.report.close()
        shutil.rmtree(builder.scratch, ignore_errors=True)
        shutil.rmtree(builder.spill.directory, ignore_errors=True)  # runs and merged id sets
    report = builder.report.to_dict(builder.counts)
    report["checks"].extend(date_conversions(builder.files))
    derived = derived_events(builder.files)
    if derived:
        report["derived_events"] = derived
    report["sizes"] = dict(zipped.sizes)
    report["digests"] = dict(zipped.fingerprints)
    if package is not None:
        _package_report(package, report)
    return BuildResult(
        ok=builder.report.ok,
        counts=builder.counts,
        report=report,
        archive=workdir / "dwca.zip",
        flagged=workdir / "flagged.tsv.gz",
        ids=ids_path,
        archive_sha256=zipped.sha256,
        datapackage=package.path if package is not None else None,
        datapackage_sha256=package.sha256 if package is not None else "",
    )


def _package_report(package: PackageResult, report: dict[str, Any]) -> None:
    """What the data package holds, or that it was not published."""
    report["datapackage"] = package.summary()


def date_conversions(files: list[ArchiveFile]) -> list[dict[str, object]]:
    """One ``date-converted`` report entry (severity info) per file, term and date format
    whose values were written as ISO 8601."""
    totals: dict[tuple[str, str, str], int] = {}
    for file in files:
        for part in file.parts:
            for term, count in part.date_conversions.items():
                key = (file.filename, term, part.date_format)
                totals[key] = totals.get(key, 0) + count
    return [
        {
            "check": "date-converted",
            "severity": "info",
            "file": filename,
            "term": term,
            "title": CHECKS["date-converted"].title,
            "message": message_of(
                "date-converted",
                "",
                term,
                count=format(count, ",").replace(",", " "),
                format=fmt,
            ),
            "count": count,
            "samples": [],
        }
        for (filename, term, fmt), count in sorted(totals.items())
        if count
    ]
