"""One pass over a table: counts, samples and the problems a publisher must see."""

from __future__ import annotations

from collections import Counter

from .errors import gettext_noop
from .model import Analysis, Problem, Table


class _Problems:
    """Keeps the first ``limit`` problems and counts the rest."""

    def __init__(self, limit: int):
        self.kept: list[Problem] = []
        self.limit, self.dropped = limit, 0

    def add(self, problem: Problem) -> None:
        if len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.dropped += 1


def _header_problems(columns: list[str], problems: _Problems) -> None:
    for index, name in enumerate(columns, start=1):
        if not name:
            problems.add(
                Problem.of(
                    "source:header-empty",
                    gettext_noop(
                        "Column %(index)d has no name in the header row. Name it, or remove the "
                        "column if it is empty."
                    ),
                    line=None,
                    column="column %d" % index,
                    index=index,
                )
            )
    for name, count in Counter(n for n in columns if n).items():
        if count > 1:
            places = [str(i) for i, n in enumerate(columns, start=1) if n == name]
            where = ", ".join(places[:-1]) + " and " + places[-1]
            problems.add(
                Problem.of(
                    "source:header-duplicate",
                    gettext_noop(
                        "The column name %(name)r is used %(count)d times in the header row, at "
                        "columns %(where)s. Rename one, so that each column has its own name; "
                        "until then mappings read the first."
                    ),
                    column=name,
                    name=name,
                    count=count,
                    where=where,
                )
            )


def _ragged(line: int, found: int, expected: int) -> Problem:
    return Problem.of(
        "source:ragged",
        gettext_noop(
            "This row has %(found)d values where the header has %(expected)d columns. Check the "
            "delimiter, the quotes, or a missing or extra value on this line."
        ),
        line=line,
        found=found,
        expected=expected,
    )


def analyse(table: Table, *, samples: int = 5, max_problems: int = 100) -> Analysis:
    """Read every row once: the row count, the non-empty values per column, up to ``samples``
    distinct sample values per column (in order of appearance), and problems (empty or
    repeated column names, rows with more or fewer values than columns, and what the table
    found in the file: an unclosed quote, mixed encodings) with their line.
    A ``SourceError`` while reading (encoding, too large) stops the analysis and is raised."""
    columns = list(table.columns)
    width = len(columns)
    problems = _Problems(max_problems)
    _header_problems(columns, problems)
    non_empty = [0] * width
    seen: list[dict[str, None]] = [{} for _ in columns]
    count = 0
    for row in table.rows():
        count += 1
        if len(row.values) != width:
            problems.add(_ragged(row.line, len(row.values), width))
        for index, value in enumerate(row.values[:width]):
            if value.strip():
                non_empty[index] += 1
                if len(seen[index]) < samples:
                    seen[index].setdefault(value, None)
    return Analysis(
        columns=columns,
        row_count=count,
        non_empty=non_empty,
        samples=[list(s) for s in seen],
        problems=table.findings() + problems.kept,  # the cause first: a quote, an encoding
        truncated_problems=problems.dropped,
    )
