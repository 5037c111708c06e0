"""Build a Darwin Core Archive from mapped rows in one streaming pass per file.

Per file, rows go chunk by chunk through: the empty-row rule, the id rules (core ids
collected as hashes; extension core ids looked up in the core's id set a chunk at a time),
the per-row checks, tab/line-break sanitising, and into the zip, whose deflate runs in a
second thread. Cross-row checks (duplicate ids, parentEventID links and cycles, occurrenceID
stability, record drops) run on the hash arrays after the pass; only when they find
something is the file read a second time, to name the rows in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np
from xxhash import xxh3_64_intdigest

from resources.quality.messages import CHECKS
from resources.quality.rows import RowChecks

from .ids import IdCollector, SortedIds, cycle_members, id_hash, vanished
from .meta import header_line, meta_xml
from .model import ArchiveFile, BuildOptions, BuildResult, MappedCells, ProgressFn
from .report import Report
from .writer import MemberWriter, ZipSink

CHUNK_ROWS = 4096
DWC = "http://rs.tdwg.org/dwc/terms/"
OCCURRENCE = DWC + "Occurrence"
EVENT = DWC + "Event"
OCCURRENCE_ID = DWC + "occurrenceID"
PARENT_EVENT_ID = DWC + "parentEventID"


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def _sanitise(cells: Iterable[str]) -> str:
    return "\t".join(c.replace("\t", " ").replace("\r", " ").replace("\n", " ") for c in cells)


def _chunks(rows: Iterable[MappedCells]) -> Iterator[list[MappedCells]]:
    it = iter(rows)
    while chunk := list(islice(it, CHUNK_ROWS)):
        yield chunk


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

    # -- the streaming pass -------------------------------------------------------------
    # Over the complexity ceiling on purpose: this loop runs once per row of every file, and
    # splitting it into calls costs measurable time on millions of rows (benchmarks/).
    def write_file(self, sink: ZipSink, file: ArchiveFile) -> None:  # noqa: C901
        report, name = self.report, file.filename
        checks = RowChecks(file)
        for code in checks.active:
            severity, template = CHECKS[code]
            report.expect(name, code, severity, template % _Blank())
        for flag in checks.file_flags():
            report.add(
                file=name,
                source="",
                line=0,
                check=flag.check,
                severity=flag.severity,
                term=flag.term,
                value=flag.value,
                text=flag.message,
            )
        core = file.core
        needs_id = core and (len(self.files) > 1)
        ids = IdCollector() if core else None
        occurrence = file.row_type == OCCURRENCE and OCCURRENCE_ID in file.terms
        occ_ids = IdCollector() if occurrence else None
        parents = (
            IdCollector()
            if core and file.row_type == EVENT and PARENT_EVENT_ID in file.terms
            else None
        )
        tabs = len(file.terms)
        check = checks.check_cells
        index = {term: i for i, term in enumerate(file.terms)}
        parent_at = index.get(PARENT_EVENT_ID)
        occurrence_at = index.get(OCCURRENCE_ID)
        out = MemberWriter(sink, name)
        out.write_lines([header_line(file)])
        written = 0
        drop = self.options.drop_orphans
        xxh = xxh3_64_intdigest  # id_hash inlined: this loop runs per row
        for part in file.parts:
            source = part.source
            for chunk in _chunks(part.rows()):
                known = (
                    None
                    if core or self.core_ids is None
                    else self.core_ids.contains(
                        np.array([xxh(r[1].encode()) for r in chunk], dtype=np.uint64)
                    )
                )
                lines = []
                for i, (line_no, row_id, cells) in enumerate(chunk):
                    if not row_id and not any(cells):
                        report.add_builder(
                            file=name,
                            source=source,
                            line=line_no,
                            check="empty-row-skipped",
                            value="",
                        )
                        continue
                    if ids is not None:  # the core file
                        if needs_id and not row_id:
                            report.add_builder(
                                file=name,
                                source=source,
                                line=line_no,
                                check="core-id-missing",
                                value="",
                            )
                        ids.append(xxh(row_id.encode()))
                        if parents is not None and parent_at is not None:
                            parent = cells[parent_at]
                            parents.append(xxh(parent.encode()) if parent else 0)
                    elif not row_id:
                        report.add_builder(
                            file=name,
                            source=source,
                            line=line_no,
                            check="extension-id-missing",
                            value="",
                        )
                    elif known is not None and not known[i]:
                        if drop:
                            report.add_builder(
                                file=name,
                                source=source,
                                line=line_no,
                                check="orphan-row-dropped",
                                value=row_id,
                            )
                            report.dropped_orphans += 1
                            continue
                        report.add_builder(
                            file=name, source=source, line=line_no, check="orphan-row", value=row_id
                        )
                    flags = check(cells)
                    if flags:
                        for flag in flags:
                            report.add(
                                file=name,
                                source=source,
                                line=line_no,
                                check=flag.check,
                                severity=flag.severity,
                                term=flag.term,
                                value=flag.value,
                                text=flag.message,
                            )
                    if occ_ids is not None and occurrence_at is not None:
                        occurrence_id = cells[occurrence_at]
                        if occurrence_id:
                            occ_ids.append(xxh(occurrence_id.encode()))
                    text = row_id + "\t" + "\t".join(cells) if tabs else row_id
                    if text.count("\t") != tabs or "\n" in text or "\r" in text:
                        text = _sanitise((row_id, *cells))
                        report.add_builder(
                            file=name,
                            source=source,
                            line=line_no,
                            check="value-sanitised",
                            value=text[:80],
                        )
                    lines.append(text)
                out.write_lines(lines)
                written += len(lines)
                self.rows_done += len(lines)
                self.progress("data files", self.rows_done, None)
        out.close()
        self.counts[name] = written
        self.progress("checks", self.rows_done, None)
        if ids is not None:  # the core file
            self._core_checks(file, ids, parents)
        if occ_ids is not None:
            self._occurrence_checks(file, occ_ids)
        previous = self.options.previous_counts.get(name)
        if previous is not None and previous > written:
            self.report.add_total(
                file=name, check="records-dropped", count=1, value=str(previous - written)
            )

    # -- cross-row checks ---------------------------------------------------------------
    def _core_checks(
        self, file: ArchiveFile, ids: IdCollector, parents: IdCollector | None
    ) -> None:
        in_order = np.array(ids.in_order()) if parents is not None else None
        self.core_ids = ids.finish()
        if len(self.files) > 1 and len(self.core_ids.duplicates):
            dupes = set(self.core_ids.duplicates.tolist())
            self._name_rows(
                file,
                "core-id-duplicate",
                lambda pos, row: row[1] if id_hash(row[1]) in dupes else None,
            )
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

    def _occurrence_checks(self, file: ArchiveFile, occ_ids: IdCollector) -> None:
        self.occurrence_ids = found = occ_ids.finish()
        if len(found.duplicates):
            dupes = set(found.duplicates.tolist())
            at = file.terms.index(OCCURRENCE_ID)
            self._name_rows(
                file,
                "occurrence-id-duplicate",
                lambda pos, row: (
                    value if (value := row[2][at]) and id_hash(value) in dupes else None
                ),
            )
        if self.options.previous_ids is not None and self.options.previous_ids.exists():
            gone = vanished(SortedIds.load(self.options.previous_ids), found)
            if gone:
                self.report.add_total(
                    file=file.filename, check="occurrence-id-vanished", count=1, value=str(gone)
                )

    def _name_rows(
        self, file: ArchiveFile, check: str, pick: Callable[[int, MappedCells], str | None]
    ) -> None:
        """Second pass: report every written row for which ``pick`` gives a value."""
        position = 0
        for part in file.parts:
            for row in part.rows():
                if not row[1] and not any(row[2]):
                    continue
                value = pick(position, row)
                if value is not None:
                    self.report.add_builder(
                        file=file.filename,
                        source=part.source,
                        line=row[0],
                        check=check,
                        value=value,
                    )
                position += 1


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
    sink = ZipSink(workdir / "dwca.zip", compresslevel=options.compresslevel)
    try:
        if not any(f.core for f in files):
            builder.report.add_total(file="", check="core-missing", count=1)
        else:
            for file in builder.files:
                builder.write_file(sink, file)
        progress("packaging", builder.rows_done, builder.rows_done)
        sink.add("meta.xml", meta_xml(builder.files))
        sink.add("eml.xml", eml)
        sink.close()
    except BaseException:
        sink.abort()
        builder.report.close()
        raise
    builder.report.close()
    ids_path = None
    if builder.occurrence_ids is not None:
        ids_path = workdir / "ids.npy"
        builder.occurrence_ids.save(ids_path)
    report = builder.report.to_dict(builder.counts)
    report["checks"].extend(date_conversions(builder.files))
    report["sizes"] = dict(sink.sizes)
    report["digests"] = dict(sink.digests)
    return BuildResult(
        ok=builder.report.ok,
        counts=builder.counts,
        report=report,
        archive=workdir / "dwca.zip",
        flagged=workdir / "flagged.tsv.gz",
        ids=ids_path,
    )


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
            "message": "%s %s values were converted from %s to ISO 8601."
            % (format(count, ",").replace(",", " "), term.rsplit("/", 1)[-1], fmt),
            "count": count,
            "samples": [],
        }
        for (filename, term, fmt), count in sorted(totals.items())
        if count
    ]
