"""Compiling a mapping spec against a source's columns, and mapping its rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter

from ..quality.date_formats import date_convert
from ..sources.model import Row
from .model import (
    FILTER_OPS,
    ON_CONFLICT,
    FieldRule,
    Filter,
    MappedRow,
    MappingError,
    MappingSpec,
    gettext_noop,
)
from .patterns import compile_pattern
from .template import parse_template

Cells = Sequence[str]
Getter = Callable[[Cells], str]
Test = Callable[[str], bool]

# What names a column that is not a term (terms are named by their qualified names).
ID_COLUMN, FILTER = "id column", "filter"


def compile_mapping(spec: MappingSpec, columns: list[str]) -> Mapper:
    """A ``Mapper`` for rows of a source with ``columns``, validated once here.

    Raises ``MappingError``: ``mapping:column`` (a rule, template, filter or the id column
    names a column the source lacks), ``mapping:rule`` (a rule without exactly one of
    column, constant and template), ``mapping:duplicate-term``, ``mapping:template``,
    ``mapping:filter`` (unknown operator, bad pattern, or a term filter on an unmapped term),
    ``mapping:pattern`` (a pattern RE2 cannot match in linear time).
    """
    index = _column_index(columns)
    id_index = _lookup(index, spec.id_column, ID_COLUMN) if spec.id_column else None
    id_get = _id_template_getter(spec.id_template, index) if spec.id_template else None
    if spec.on_conflict not in ON_CONFLICT:
        raise MappingError(
            gettext_noop(
                "Unknown choice for conflicting rows %(choice)r. Use one of: %(choices)s."
            ),
            code="mapping:rule",
            params={"choice": spec.on_conflict, "choices": ", ".join(ON_CONFLICT)},
        )
    getters: dict[str, Getter] = {}
    converted: dict[str, int] = {}
    for rule in spec.fields:
        if rule.term in getters:
            raise MappingError(
                gettext_noop("The term %(term)s is mapped twice. Keep one rule per term."),
                code="mapping:duplicate-term",
                details={"term": rule.term},
                params={"term": rule.term},
            )
        getters[rule.term] = _compile_rule(rule, index)
        if rule.date_format and rule.column is not None:
            getters[rule.term] = _dated(getters[rule.term], rule, converted)
    before = [_compile_filter(f, index) for f in spec.filters if not f.after_translation]
    after = [_compile_term_filter(f, getters) for f in spec.filters if f.after_translation]
    plain = {
        rule.term: index[rule.column]
        for rule in spec.fields
        if rule.column is not None
        and not rule.translations
        and rule.default is None
        and not rule.date_format
    }
    return Mapper(
        spec,
        id_index,
        getters,
        before,
        after,
        plain=plain,
        width=len(columns),
        dated=converted,
        id_get=id_get,
        reads=_columns_read(spec, index) if spec.derive_events else None,
    )


def _columns_read(spec: MappingSpec, index: dict[str, int]) -> list[int]:
    """The positions of every column the mapping reads (ids, rules, templates, filters)."""
    names = [spec.id_column] if spec.id_column else []
    for template in [spec.id_template, *(rule.template for rule in spec.fields)]:
        if template:
            names += [p[0] for p in parse_template(template) if not isinstance(p, str)]
    names += [rule.column for rule in spec.fields if rule.column is not None]
    names += [f.column for f in spec.filters if not f.after_translation]
    return sorted({index[name] for name in names})


class Mapper:
    """A compiled mapping. ``map`` is a generator over the rows given, holding one row at a
    time: memory does not grow with the number of rows."""

    date_conversions: dict[str, int]
    """Per term, how many values the last pass (``map`` or ``cells``) wrote as ISO 8601 from
    the rule's ``date_format``; counted while the rows are read."""

    def __init__(
        self,
        spec: MappingSpec,
        id_index: int | None,
        getters: dict[str, Getter],
        before: list[tuple[int, Test]],
        after: list[tuple[str, Test]],
        *,
        plain: dict[str, int] | None = None,
        width: int = 0,
        dated: dict[str, int] | None = None,
        id_get: Getter | None = None,
        reads: list[int] | None = None,
    ):
        self.spec = spec
        self.date_conversions = {} if dated is None else dated
        self.terms = list(getters)
        self._id_index = id_index
        self._id_get = id_get
        # A mapping that derives events: a row that reads the same cells as the row before
        # (the next occurrence of one event) gives the same id and values, not worked out
        # again (``resources.dwca.derive`` then drops it).
        self._reads = reads
        self._getters = list(getters.items())
        self._getter = getters
        self._before = before
        self._after = after
        self._plain = plain or {}
        self._width = width

    def map(self, rows: Iterable[Row]) -> Iterator[MappedRow]:
        """Mapped rows, in source order, for the rows that pass every filter (AND).

        Every mapped term has a value, ``""`` when there is none. Values are not trimmed:
        what the source holds is published.
        """
        getters, before, after = self._getters, self._before, self._after
        self.date_conversions.clear()
        for row in rows:
            cells = row.values
            if not all(test(_cell(cells, i)) for i, test in before):
                continue
            values = {term: get(cells) for term, get in getters}
            if not all(test(values[term]) for term, test in after):
                continue
            yield MappedRow(line=row.line, id=self._row_id(cells), values=values)

    def _row_id(self, cells: Cells) -> str:
        if self._id_get is not None:
            return self._id_get(cells)
        return _cell(cells, self._id_index) if self._id_index is not None else ""

    def cells(
        self, rows: Iterable[tuple[int, list[str]]], terms: list[str]
    ) -> Iterator[tuple[int, str, Cells]]:
        """Like ``map`` over ``Table.cells()`` pairs, but yields ``(line, id, values)`` with
        the values in the order of ``terms`` (``""`` for terms this mapping does not map):
        the archive writer's fast path, which picks plain columns with one C-level
        ``itemgetter`` per row. The lists given are changed (padded)."""
        self.date_conversions.clear()
        return self._cells(rows, terms)

    def cell_chunks(
        self, chunks: Iterable[list[tuple[int, list[str]]]], terms: list[str]
    ) -> Iterator[list[tuple[int, str, Cells]]]:
        """``cells`` a list of rows at a time (``Table.range_chunks`` gives them so). A mapping
        of plain columns without filters maps a list with a few C-level calls; anything else
        goes row by row through ``cells``."""
        self.date_conversions.clear()
        width, id_index = self._width, self._id_index
        slots = [self._plain.get(term, width) for term in terms]
        plain = self.copies_cells(terms)
        pick = _picker(slots)
        for chunk in chunks:
            given = [cells for _line, cells in chunk]
            if not plain or self._id_get is not None or set(map(len, given)) != {width}:
                yield list(self._cells(chunk, terms))
                continue
            for cells in given:
                cells.append("")  # the cell of the terms not mapped
            lines = [line for line, _cells in chunk]
            ids = [c[id_index] for c in given] if id_index is not None else [""] * len(lines)
            yield list(zip(lines, ids, map(pick, given), strict=True))

    def copies_cells(self, terms: list[str]) -> bool:
        """Whether the values of ``terms`` are the source's cells as they are (or empty):
        no filter, default, constant, template, date format or translation."""
        return not (self._before or self._after) and all(
            term in self._plain or term not in self._getter for term in terms
        )

    def _cells(
        self, rows: Iterable[tuple[int, list[str]]], terms: list[str]
    ) -> Iterator[tuple[int, str, Cells]]:
        width, id_index, before, after = self._width, self._id_index, self._before, self._after
        id_get = self._id_get
        slots = [self._plain.get(term, width) for term in terms]  # width: the padding cell
        computed = [
            (pos, self._getter[term])
            for pos, term in enumerate(terms)
            if term in self._getter and term not in self._plain
        ]
        tests = [(terms.index(term), test) for term, test in after]
        pick = _picker(slots)
        reads = self._reads
        same = _picker(reads) if reads else None
        last_read: Cells | None = None
        last: tuple[str, Cells] | None = None  # None: the row before was filtered out
        for line, cells in rows:
            if same is not None:
                if len(cells) == width:
                    read = same(cells)
                    if read == last_read:
                        if last is not None:  # filters read the same cells: same verdict
                            yield line, *last
                        continue
                    last_read, last = read, None
                else:
                    last_read = None
            if before and not all(test(_cell(cells, i)) for i, test in before):
                continue
            if len(cells) == width:
                cells.append("")
                values = pick(cells)
            else:
                values = tuple([_cell(cells, i) for i in slots])
            if computed:
                values = list(values)
                for pos, get in computed:
                    values[pos] = get(cells)
            if tests and not all(test(values[pos]) for pos, test in tests):
                continue
            if id_get is not None:
                row_id = id_get(cells)
            else:
                row_id = _cell(cells, id_index) if id_index is not None else ""
            last = (row_id, values)
            yield line, row_id, values


def _picker(slots: list[int]) -> Callable[[Cells], Cells]:
    if not slots:
        return lambda cells: ()
    if len(slots) == 1:
        only = slots[0]
        return lambda cells: (cells[only],)
    return itemgetter(*slots)


def _cell(cells: Cells, i: int) -> str:
    # A short row lacks its last cells: they count as empty.
    return cells[i] if i < len(cells) else ""


def _column_index(columns: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(columns):
        index.setdefault(name, i)  # the first of two equally named columns
    return index


# Who names a missing column, when it is not a term: one whole sentence each, so that
# every language words it as it needs.
_NAMED_BY = {
    ID_COLUMN: gettext_noop(
        "The source has no column %(column)r (named by the id column). Choose one of its "
        "columns: %(columns)s."
    ),
    FILTER: gettext_noop(
        "The source has no column %(column)r (named by a filter). Choose one of its "
        "columns: %(columns)s."
    ),
}


def _lookup(index: dict[str, int], column: str, what: str) -> int:
    """The position of ``column``; ``what`` names it: a term, ID_COLUMN or FILTER."""
    if column not in index:
        params = {"column": column, "columns": ", ".join(index)}
        message = _NAMED_BY.get(what)
        if message is None:
            message = gettext_noop(
                "The source has no column %(column)r (named by %(what)s). Choose one of its "
                "columns: %(columns)s."
            )
            params["what"] = what
        raise MappingError(
            message, code="mapping:column", details={"column": column}, params=params
        )
    return index[column]


def _compile_rule(rule: FieldRule, index: dict[str, int]) -> Getter:
    sources = [s for s in (rule.column, rule.constant, rule.template) if s is not None]
    if len(sources) != 1:
        raise MappingError(
            gettext_noop(
                "The term %(term)s needs exactly one of a column, a constant or a template."
            ),
            code="mapping:rule",
            details={"term": rule.term},
            params={"term": rule.term},
        )
    if rule.constant is not None:
        constant = rule.constant
        return lambda cells: constant
    if rule.column is not None:
        get = _column_getter(_lookup(index, rule.column, rule.term))
    else:
        get = _template_getter(rule.template or "", index, rule.term)
    return _finish(get, rule.translations, rule.default)


def _dated(get: Getter, rule: FieldRule, converted: dict[str, int]) -> Getter:
    """Values that fit the rule's date format written as ISO 8601, counted in ``converted``;
    others (ISO dates among them) as they are."""
    fmt, term = rule.date_format or "", rule.term

    def dated(cells: Cells) -> str:
        value = get(cells)
        iso = date_convert(value, fmt) if value else None
        if iso is None:
            return value
        converted[term] = converted.get(term, 0) + 1
        return iso

    return dated


def _column_getter(i: int) -> Getter:
    return lambda cells: cells[i] if i < len(cells) else ""


def _template_getter(template: str, index: dict[str, int], term: str) -> Getter:
    fmt, slots = _compiled_template(template, index, term)
    if not slots:
        text = fmt % ()
        return lambda cells: text
    pick, last = _picker(slots), max(slots)
    return lambda cells: (
        fmt % (pick(cells) if len(cells) > last else tuple(_cell(cells, i) for i in slots))
    )


def _id_template_getter(template: str, index: dict[str, int]) -> Getter:
    """The id a template composes, or "" when every column it names is empty (a row without
    its key columns has no id, rather than one made of separators)."""
    fmt, slots = _compiled_template(template, index, ID_COLUMN)
    pick, last = _picker(slots), max(slots, default=0)

    def get(cells: Cells) -> str:
        values = pick(cells) if len(cells) > last else tuple(_cell(cells, i) for i in slots)
        return fmt % values if any(values) else ""

    return get


def _compiled_template(template: str, index: dict[str, int], term: str) -> tuple[str, list[int]]:
    """A template as a ``%`` format and the positions of the columns it fills in, so that a
    value is composed with one C-level pick and one format (the hot path of derived ids)."""
    fmt: list[str] = []
    slots: list[int] = []
    for part in parse_template(template):
        if isinstance(part, str):
            fmt.append(part.replace("%", "%%"))
        else:
            fmt.append("%s")
            slots.append(_lookup(index, part[0], term))
    return "".join(fmt), slots


def _finish(get: Getter, translations: dict[str, str], default: str | None) -> Getter:
    """Translation first, then the default for what is still empty (IPT order)."""
    table = dict(translations)
    if table:
        translated = get

        def get(cells: Cells) -> str:
            value = translated(cells)
            return table.get(value, value)

    if default is None:
        return get
    plain = get
    return lambda cells: plain(cells) or default


def _compile_filter(flt: Filter, index: dict[str, int]) -> tuple[int, Test]:
    return _lookup(index, flt.column, FILTER), _predicate(flt)


def _compile_term_filter(flt: Filter, getters: dict[str, Getter]) -> tuple[str, Test]:
    if flt.column not in getters:
        raise MappingError(
            gettext_noop(
                "A filter after translation tests the term %(term)s, which is not mapped. Map it "
                "or filter on a column."
            ),
            code="mapping:filter",
            details={"term": flt.column},
            params={"term": flt.column},
        )
    return flt.column, _predicate(flt)


def _predicate(flt: Filter) -> Test:
    """The test of one filter on a value; ``in`` takes a list (a text is a one-item list)."""
    op, value = flt.op, flt.value
    if op not in FILTER_OPS:
        raise MappingError(
            gettext_noop("Unknown filter operator %(op)r. Use one of: %(ops)s."),
            code="mapping:filter",
            details={"op": op},
            params={"op": op, "ops": ", ".join(FILTER_OPS)},
        )
    if op == "in":
        allowed = frozenset([value] if isinstance(value, str) else value)
        return lambda s: s in allowed
    if op == "regex":
        pattern = compile_pattern(str(value))
        return lambda s: pattern.search(s) is not None
    text = value if isinstance(value, str) else ",".join(value)
    tests: dict[str, Test] = {
        "equals": lambda s: s == text,
        "not_equals": lambda s: s != text,
        "empty": lambda s: not s.strip(),
        "not_empty": lambda s: bool(s.strip()),
    }
    return tests[op]
