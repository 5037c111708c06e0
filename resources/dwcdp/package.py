"""Write the DwC-DP tables beside the archive, in the archive builder's pass.

Each task of the per-row pass gets a ``PassTables``: the rows it writes to the archive go,
a chunk at a time, through the file's outputs (``tables.plan_file``) into one compressed
segment per table, with the key and value checks the table schemas ask for. The parent joins
the segments in order, as it does the archive's, into ``dwc-dp.zip`` with the descriptor
(``datapackage.json``) and the EML. Keys are checked by the builder's id hashes: the event
ids are the core ids, the occurrence ids the occurrenceIDs, and only the foreign keys that
can point elsewhere (an assertion's occurrence, a parent event) are looked up.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice
from pathlib import Path
from typing import Any

import numpy as np
from zlib_ng import zlib_ng

from resources.dwca.ids import id_hash
from resources.dwca.segments import Segment, SegmentWriter, ZipAssembler

from . import checks  # noqa: F401  (declares the checks reported here)
from .schemas import PROFILE_URL, field_of, primary_key
from .tables import (
    EVENT,
    HUMBOLDT,
    FilePlan,
    Output,
    descriptor_fields,
    local_name,
    plan_file,
    schema_key_descriptor,
)

FILE_NAME = "dwc-dp.zip"
DESCRIPTOR = "datapackage.json"
CSV_LINE_END = "\r\n"  # RFC 4180: no dialect needs declaring
# zlib-ng's level for the tables: level 1 deflates in half the time of the archive's level 5
# and the package, narrower than the archive, comes out about as large as the archive
# (1 M occurrences: 72 MB beside 70 MB; 49 MB at level 5). benchmarks/datapackage_cost.py.
LEVEL = 1

AddFn = Callable[..., None]  # Report.add_builder
Cells = Sequence[str]


@dataclass
class _Typed:
    """A typed field of an output: its position in the row and what its values must be."""

    at: int
    name: str
    rule: str  # what the message says the value must be
    test: Callable[[str], bool]
    # Whether all of a column's (non-empty) values pass, in one go; None: one by one.
    whole: Callable[[list[str]], bool] | None = None


_INTEGER = re.compile(r"[+-]?\d+")
_TRUE_FALSE = frozenset(("true", "True", "TRUE", "1", "false", "False", "FALSE", "0"))


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _typed(output: Output) -> list[_Typed]:
    found = []
    for at, name in enumerate(output.fields):
        descriptor = field_of(output.table, name) or {}
        kind = descriptor.get("type", "string")
        limits = descriptor.get("constraints", {})
        low, high, enum = limits.get("minimum"), limits.get("maximum"), limits.get("enum")
        if kind in ("integer", "number"):
            parse = _number if kind == "number" else _integer
            rule = (
                kind
                + (" ≥ %s" % low if low is not None else "")
                + (" ≤ %s" % high if high is not None else "")
            )

            def test(
                value: str,
                parse: Callable[[str], float | None] = parse,
                low: float | None = low,
                high: float | None = high,
            ) -> bool:
                number = parse(value)
                return (
                    number is not None
                    and (low is None or number >= low)
                    and (high is None or number <= high)
                )

            found.append(_Typed(at, name, rule, test, _whole(kind, low, high)))
        elif kind == "boolean":
            found.append(_Typed(at, name, "true or false", _TRUE_FALSE.__contains__))
        if enum:
            allowed = frozenset(enum)
            found.append(_Typed(at, name, " | ".join(enum), allowed.__contains__))
    return found


_PLAIN_NUMBERS = re.compile(r"[0-9.eE+\-\x00]*")
_PLAIN_INTEGERS = re.compile(r"[0-9+\-\x00]*")


def _whole(kind: str, low: float | None, high: float | None) -> Callable[[list[str]], bool]:
    """A column's numbers parsed and bounded by numpy at once (as ``float`` and ``int`` read
    them; any doubt, e.g. a space in an integer, sends the column value by value)."""
    dtype = np.float64 if kind == "number" else np.int64
    plain = _PLAIN_NUMBERS if kind == "number" else _PLAIN_INTEGERS

    def whole(values: list[str]) -> bool:
        if not plain.fullmatch("\x00".join(values)):  # spaces, "nan", "1_000"…: one by one
            return False
        try:
            numbers = np.array(values, dtype=dtype)
        except (ValueError, OverflowError):
            return False
        return bool(
            (low is None or numbers.min() >= low) and (high is None or numbers.max() <= high)
        )

    return whole


def _integer(value: str) -> float | None:
    return float(int(value)) if _INTEGER.fullmatch(value) else None


@dataclass
class PassPackage:
    """What a task's pass gives the parent (pickled from a child): a segment per table, the
    rows written per table, whether a check blocked the package, and unique values' hashes."""

    segments: dict[str, Segment]
    counts: dict[str, int]  # rows written per table
    blocked: bool
    unique: dict[tuple[str, str], np.ndarray]  # hashes of the values of unique fields


class PassTables:
    """The DwC-DP side of one task of the per-row pass."""

    def __init__(
        self,
        plan: FilePlan,
        layouts: dict[str, list[str]],
        scratch: Path,
        serial: int,
        level: int,
        add: AddFn,
        file: str,
        judge: Callable[[Cells], Sequence[Any]] | None = None,
    ) -> None:
        self.outputs = plan.outputs
        # The archive's row checks (``RowChecks.check_cells``): a value they flag already is
        # left out of the package without a second verdict.
        self.judge = judge
        self.add, self.file = add, file
        self.writers = {
            o.table: SegmentWriter(scratch / ("%d.%s.dp" % (serial, o.table)), level)
            for o in self.outputs
        }
        self.counts = dict.fromkeys((o.table for o in self.outputs), 0)
        self.blocked = False
        # Where each output's fields go in its table's columns (None: they are the columns).
        self.places: list[list[int] | None] = []
        self.widths: list[int] = []
        for o in self.outputs:
            layout = layouts[o.table]
            self.places.append(None if o.fields == layout else [layout.index(f) for f in o.fields])
            self.widths.append(len(layout))
        self.typed = [_typed(o) for o in self.outputs]
        # Unique fields other than the primary key (kept unique by the archive's checks):
        # their hashes, checked once every task is done.
        self.unique: dict[tuple[str, str], list[int]] = {}
        self.unique_at: list[list[tuple[int, tuple[str, str]]]] = []
        for o in self.outputs:
            places = []
            for at, name in enumerate(o.fields):
                limits = (field_of(o.table, name) or {}).get("constraints", {})
                if limits.get("unique") and name != primary_key(o.table):
                    places.append((at, (o.table, name)))
                    self.unique[(o.table, name)] = []
            self.unique_at.append(places)

    def write(
        self, source: str, lines: Sequence[int], ids: Sequence[str], cells: Sequence[Cells]
    ) -> None:
        """The rows of a chunk that the archive holds: their lines, ids and cells. Each
        table's part of the chunk is handled a column at a time."""
        for k, output in enumerate(self.outputs):
            found = self._columns(output, source, lines, ids, cells)
            if found is None:
                continue
            columns, lines_of, cells_of = found
            for check in self.typed[k]:
                self._values(output, check, source, lines_of, columns[check.at], cells_of)
            for at, key in self.unique_at[k]:
                self.unique[key].extend(id_hash(v) for v in columns[at] if v)
            place = self.places[k]
            if place is not None:
                empty = [""] * len(columns[0])
                placed: list[list[str]] = [empty] * self.widths[k]
                for i, column in zip(place, columns, strict=True):
                    placed[i] = column
                columns = placed
            self.writers[output.table].write(csv_columns(columns))
            self.counts[output.table] += len(columns[0])

    def _columns(
        self,
        output: Output,
        source: str,
        lines: Sequence[int],
        ids: Sequence[str],
        cells: Sequence[Cells],
    ) -> tuple[list[list[str]], Sequence[int], Sequence[Cells]] | None:
        """An output's columns of a chunk with the lines and cells of their rows (None: no
        row), made a column at a time (``Output.bulk``) or from rows."""
        if output.bulk is not None:
            try:
                if output.mask is not None:
                    keep = output.mask(cells)
                    if not all(keep):
                        ids = list(compress(ids, keep))
                        cells = list(compress(cells, keep))
                        lines = list(compress(lines, keep))
                columns = [  # fresh lists (typed ones are changed), or the ids
                    c if isinstance(c, list) else list(c) for c in output.bulk(ids, cells)
                ]
            except IndexError:  # a short row: row by row
                pass
            else:
                if output.required:
                    columns, lines, cells = self._required(output, source, columns, lines, cells)
                return (columns, lines, cells) if columns and columns[0] else None
        lines_of: Sequence[int] = []
        cells_of: Sequence[Cells] = []
        if output.expand is not None:
            rows = output.expand(ids, cells)
        else:
            rows, lines_of, cells_of = self._rows(output, source, lines, ids, cells)
        if not rows:
            return None
        return [list(c) for c in zip(*rows, strict=True)], lines_of, cells_of

    def _required(
        self,
        output: Output,
        source: str,
        columns: list[list[str]],
        lines: Sequence[int],
        cells: Sequence[Cells],
    ) -> tuple[list[list[str]], Sequence[int], Sequence[Cells]]:
        """The columns without the rows that lack a required key, each said."""
        if all(all(columns[i]) for i in output.required):
            return columns, lines, cells
        gone = sorted({j for i in output.required for j, v in enumerate(columns[i]) if not v})
        for j in gone:
            self._missing(output, source, lines[j], [c[j] for c in columns])
        drop = set(gone)
        keep = [j for j in range(len(columns[0])) if j not in drop]
        return (
            [[c[j] for j in keep] for c in columns],
            [lines[j] for j in keep],
            [cells[j] for j in keep],
        )

    def _rows(
        self,
        output: Output,
        source: str,
        lines: Sequence[int],
        ids: Sequence[str],
        cells: Sequence[Cells],
    ) -> tuple[list[list[str]], Sequence[int], Sequence[Cells]]:
        """An output's rows of a chunk, their lines and cells; a row without its key is
        said."""
        rows, lines_of, cells_of = [], [], []
        row_of, required = output.row, output.required
        for line, row_id, row_cells in zip(lines, ids, cells, strict=True):
            row = row_of(row_id, row_cells, source, line)
            if row is None:
                continue
            if required and not all(row[i] for i in required):
                self._missing(output, source, line, row)
                continue
            rows.append(row)
            lines_of.append(line)
            cells_of.append(row_cells)
        return rows, lines_of, cells_of

    def _missing(self, output: Output, source: str, line: int, row: list[str]) -> None:
        self.blocked = True
        term = next(output.required[i] for i in output.required if not row[i])
        self.add(
            file=self.file,
            source=source,
            line=line,
            check="dwcdp-key-missing",
            value="",
            term=term,
            table=output.table,
        )

    def _values(
        self,
        output: Output,
        check: _Typed,
        source: str,
        lines: Sequence[int],
        column: list[str],
        cells: Sequence[Cells],
    ) -> None:
        """Blank the values of a typed field's column its schema refuses, each said unless
        the archive's own check said it (GBIF's index leaves such values out too)."""
        test, whole = check.test, check.whole
        if whole is not None:
            given = [v for v in column if v]
            if not given or whole(given):
                return
        for j in [j for j, v in enumerate(column) if v and not test(v)]:
            if not (j < len(cells) and self._judged(output, check.name, cells[j])):
                self.add(
                    file=self.file,
                    source=source,
                    line=lines[j] if j < len(lines) else 0,
                    check="dwcdp-value-invalid",
                    value=column[j],
                    term=check.name,
                    table=output.table,
                    rule=check.rule,
                )
            column[j] = ""

    def _judged(self, output: Output, name: str, cells: Cells) -> bool:
        """Whether the archive's row checks flag the term the field ``name`` comes from."""
        term = output.source_term(name)
        if self.judge is None or not term:
            return False
        return any(f.term and local_name(f.term) == term for f in self.judge(cells))

    def close(self) -> PassPackage:
        return PassPackage(
            {table: writer.close() for table, writer in self.writers.items()},
            self.counts,
            self.blocked,
            {key: np.array(values, dtype=np.uint64) for key, values in self.unique.items()},
        )

    def abort(self) -> None:
        for writer in self.writers.values():
            writer.abort()


AGENT_FIELDS = ("agent_pk", "agentID", "agentType", "preferredAgentName")


def _agent_rows(agents: list[dict[str, str]]) -> list[list[str]]:
    """Agent table rows from the metadata's agents (``id``: an ORCID or other identifier,
    ``name``, ``type``), once each by name; the key is the identifier, else made of the
    name."""
    rows: list[list[str]] = []
    seen: set[str] = set()
    for agent in agents:
        name = agent.get("name", "").strip()
        given = agent.get("id", "")
        key = given or "agent:" + name
        if not name or name in seen or key in seen:
            continue
        seen.update((name, key))
        rows.append([key, given, agent.get("type", ""), name])
    return rows


def csv_columns(columns: Sequence[Sequence[str]]) -> bytes:
    """Rows given as columns (of one length) as RFC 4180 lines, UTF-8: values joined with
    commas; in a column where some value holds a comma, a quote or a line break, every value
    quoted, its quotes doubled (a csv reader reads back the values as given). A column is
    looked at and quoted in one go: no row is handled on its own."""
    quoted = [_column_quoted(column) for column in columns]
    lines = map(",".join, zip(*quoted, strict=True))
    return (CSV_LINE_END.join(lines) + CSV_LINE_END).encode("utf-8", "surrogateescape")


def _column_quoted(column: Sequence[str]) -> Sequence[str]:
    joined = "\x00".join(column)
    if not ("," in joined or '"' in joined or "\n" in joined or "\r" in joined):
        return column
    if joined.count("\x00") != len(column) - 1:  # a value holds NUL itself: one by one
        return ['"%s"' % v.replace('"', '""') for v in column]
    return ('"' + joined.replace('"', '""').replace("\x00", '"\x00"') + '"').split("\x00")


@dataclass
class PackageResult:
    """The package the builder wrote, or why it did not."""

    path: Path | None
    counts: dict[str, int]
    blocked: bool
    errors: list[str] = field(default_factory=list)
    sha256: str = ""  # of the zip, worked out as it was written

    def summary(self) -> dict[str, Any]:
        return {
            "published": self.path is not None,
            "tables": dict(self.counts),
            "errors": list(self.errors),
        }


class PackageBuilder:
    """The DwC-DP beside one archive: the plan per file, the segments joined per table."""

    def __init__(
        self,
        files: list[Any],
        workdir: Path,
        level: int,
        agents: list[dict[str, str]] | None = None,
    ) -> None:
        core = next((f for f in files if f.core), None)
        core_type = core.row_type if core is not None else ""
        self.usable = core_type == EVENT
        self.workdir, self.level = workdir, min(level, LEVEL)
        # The agents of the metadata (agent table rows), and their keys by name.
        self.agents = _agent_rows(agents or [])
        by_name = {row[3]: row[0] for row in self.agents}
        humboldt = any(f.row_type == HUMBOLDT for f in files)
        self.plans: dict[str, FilePlan] = {
            f.filename: plan_file(
                f.row_type,
                f.terms,
                core=f.core,
                core_type=core_type,
                agents=by_name,
                humboldt=humboldt,
            )
            for f in files
        }
        self.layouts: dict[str, list[str]] = {}
        if self.agents:
            self.layouts["agent"] = list(AGENT_FIELDS)
        for plan in self.plans.values():
            for output in plan.outputs:
                layout = self.layouts.setdefault(output.table, [])
                layout.extend(f for f in output.fields if f not in layout)
        self.segments: dict[str, list[Segment]] = {table: [] for table in self.layouts}
        self.counts: dict[str, int] = dict.fromkeys(self.layouts, 0)
        if self.agents:
            self._agent_table()
        self.blocked = not self.usable
        self.errors: list[str] = []
        self.unique: dict[tuple[str, str], list[np.ndarray]] = {}
        self.sha256 = ""  # of the written zip

    def tables(
        self,
        file: Any,
        scratch: Path,
        serial: int,
        add: AddFn,
        judge: Callable[[Cells], Sequence[Any]] | None = None,
    ) -> PassTables | None:
        plan = self.plans.get(file.filename)
        if not self.usable or plan is None or not plan.outputs:
            return None
        return PassTables(
            plan, self.layouts, scratch, serial, self.level, add, file.filename, judge
        )

    def absorb(self, passes: list[PassPackage | None]) -> None:
        for found in passes:
            if found is None:
                continue
            self.blocked = self.blocked or found.blocked
            for table, segment in found.segments.items():
                self.segments[table].append(segment)
                self.counts[table] += found.counts[table]
            for key, hashes in found.unique.items():
                self.unique.setdefault(key, []).append(hashes)

    def _agent_table(self) -> None:
        out = SegmentWriter(self.workdir / "agent.dp", self.level)
        out.write(csv_columns(list(zip(*self.agents, strict=True))))
        self.segments["agent"] = [out.close()]
        self.counts["agent"] = len(self.agents)

    def parents_left_out(self, gone: set[int], scratch: Path) -> None:
        """Blank the parent of each event whose parent is not an event (``gone``: the id
        hashes of those parents)."""
        self.blank("event", "parentEvent_fk", gone, scratch)

    def repeated_ids(self, scratch: Path) -> list[tuple[str, str, int]]:
        """Blank the values of unique fields that are not the primary key (an assertion's
        ``assertionID``) where rows repeat them; (table, field, values blanked) each."""
        found = []
        for (table, name), hashes in sorted(self.unique.items()):
            values, counts = np.unique(np.concatenate(hashes), return_counts=True)
            repeated = values[counts > 1]
            if len(repeated):
                self.blank(table, name, set(repeated.tolist()), scratch)
                found.append((table, name, int(counts[counts > 1].sum())))
        return found

    def blank(self, table: str, name: str, gone: set[int], scratch: Path) -> None:
        """Rewrite ``table``'s segments with the values of field ``name`` whose hash is in
        ``gone`` blanked."""
        if table not in self.layouts or name not in self.layouts[table]:
            return
        at = self.layouts[table].index(name)
        plain = scratch / ("%s.csv" % table)
        inflate = zlib_ng.decompressobj(-15)
        with plain.open("wb") as text:
            for segment in self.segments[table]:
                with segment.path.open("rb") as handle:
                    while block := handle.read(1 << 20):
                        text.write(inflate.decompress(block))
                segment.path.unlink()
        out = SegmentWriter(scratch / ("%s.%s.dp" % (table, name)), self.level)
        with plain.open(encoding="utf-8", errors="surrogateescape", newline="") as text:
            rows = csv.reader(text)
            while chunk := list(islice(rows, 4096)):
                for row in chunk:
                    if row[at] and id_hash(row[at]) in gone:
                        row[at] = ""
                out.write(csv_columns(list(zip(*chunk, strict=True))))
        plain.unlink()
        self.segments[table] = [out.close()]

    def left_out(self) -> dict[str, list[str]]:
        """Per file, the terms no table takes."""
        return {name: plan.left_out for name, plan in self.plans.items() if plan.left_out}

    def descriptor(self, meta: dict[str, Any]) -> dict[str, Any]:
        """``datapackage.json``: the profile, the dataset's metadata, one resource per
        table with rows, its schema inline (TDWG's field descriptors, in the written order)
        and its keys."""
        present = {t for t, n in self.counts.items() if n}
        resources = []
        for table in sorted(present):
            fields = self.layouts[table]
            schema: dict[str, Any] = {"fields": descriptor_fields(table, fields)}
            schema.update(schema_key_descriptor(table, present, fields))
            resources.append(
                {
                    "name": table,
                    "path": table + ".csv",
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "schema": schema,
                }
            )
        return {"profile": PROFILE_URL, **meta, "resources": resources}

    def write(self, meta: dict[str, Any], eml: bytes) -> Path:
        """Write ``dwc-dp.zip``: a table per CSV file with a header line, the descriptor and
        the EML."""
        path = self.workdir / FILE_NAME
        zipped = ZipAssembler(path, self.level)
        try:
            for table in sorted(t for t, n in self.counts.items() if n):
                head = SegmentWriter(self.workdir / ("%s.head.dp" % table), self.level)
                head.write(csv_columns([[name] for name in self.layouts[table]]))
                zipped.member(table + ".csv", [head.close(), *self.segments[table]])
                self.segments[table] = []
            zipped.add(DESCRIPTOR, json.dumps(self.descriptor(meta), indent=1).encode())
            zipped.add("eml.xml", eml)
        finally:
            zipped.close()
        self.sha256 = zipped.sha256
        return path

    def discard(self) -> None:
        for segments in self.segments.values():
            for segment in segments:
                segment.path.unlink(missing_ok=True)
            segments.clear()
