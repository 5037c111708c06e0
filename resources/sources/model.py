"""Plain data shared by the source library: options, rows, tables and analyses."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

TEXT_FORMATS = ("csv",)
SHEET_FORMATS = ("xlsx", "xlsm", "xls", "ods")
FORMATS = TEXT_FORMATS + SHEET_FORMATS


@dataclass(frozen=True, slots=True)
class Row:
    """One data record: ``line`` is the 1-based physical line where the record starts (text)
    or the sheet row number (spreadsheets); ``values`` are the fields as text."""

    line: int
    values: tuple[str, ...]


@dataclass
class TextOptions:
    """How to read a file. ``header`` and ``skip_lines`` (lines or sheet rows skipped before
    the header) also apply to spreadsheets; ``quotechar`` None means no quoting at all."""

    encoding: str = "utf-8"
    delimiter: str = ","
    quotechar: str | None = '"'
    header: bool = True
    skip_lines: int = 0


@dataclass
class FileSpec:
    """Everything needed to read one source file again; JSON-able through ``to_dict``."""

    format: str
    text: TextOptions = field(default_factory=TextOptions)
    sheet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileSpec:
        """Inverse of ``to_dict``; missing keys take their defaults, unknown keys are ignored."""
        known = TextOptions.__dataclass_fields__
        text = {k: v for k, v in (d.get("text") or {}).items() if k in known}
        return cls(format=d["format"], text=TextOptions(**text), sheet=d.get("sheet"))


@dataclass
class Sniffed:
    """What sniffing found: a spec to read the file with, plus facts shown to the publisher."""

    spec: FileSpec
    bom: bool = False
    line_ending: str = ""
    sheets: list[str] = field(default_factory=list)


class Table:
    """A readable table: ``columns`` are known on opening; ``rows()`` yields data rows only,
    lazily and in constant memory, and can be called again to re-read from the start.

    Without a header the columns are ``column_1``, ``column_2``, ... A row shorter or
    longer than the columns is yielded as it is (the analysis reports it).
    """

    columns: list[str]

    def rows(self) -> Iterator[Row]:  # pragma: no cover - interface
        raise NotImplementedError

    def findings(self) -> list[Problem]:
        """Problems the last full read of ``rows()`` saw in the file itself (an unclosed
        quote, mixed encodings); tables that cannot see such damage find none."""
        return []

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """The rows of ``rows()`` as ``(line, values)`` with ``values`` a fresh list the
        caller may change; tables with a faster way to read override it."""
        for row in self.rows():
            yield row.line, list(row.values)

    def ranges(self, count: int, min_bytes: int) -> list[Any] | None:
        """Parts of the table that ``range_cells`` reads independently (in separate
        processes), together all of ``cells()`` in order; None when the table cannot be cut
        (only delimited text can)."""
        return None

    def range_cells(self, part: Any) -> Iterator[tuple[int, list[str]]]:  # pragma: no cover
        """The rows of one part given by ``ranges``."""
        raise NotImplementedError

    @property
    def splits_at_tabs(self) -> bool:
        """Whether the values read can hold no tab and no line break (text without quoting,
        split at tabs and line ends)."""
        return False

    def range_chunks(self, part: Any) -> Iterator[list[tuple[int, list[str]]]]:
        """``range_cells`` in lists of rows; tables that read blocks override it."""
        chunk: list[tuple[int, list[str]]] = []
        for row in self.range_cells(part):
            chunk.append(row)
            if len(chunk) == 4096:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


@dataclass
class Problem:
    """One finding of the analysis; ``column`` is a column name when it concerns one.
    ``message`` is the English text; ``template`` (a msgid, "" when the message is not
    marked) and ``params`` let a page show it translated, filled in after translating."""

    code: str
    message: str
    line: int | None = None
    column: str | None = None
    template: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        code: str,
        template: str,
        *,
        line: int | None = None,
        column: str | None = None,
        **params: Any,
    ) -> Problem:
        """A problem whose message is ``template`` filled with ``params``."""
        return cls(code, template % params, line, column, template, params)


@dataclass
class Analysis:
    """The result of one full read: counts, samples and problems (at most ``max_problems``,
    the rest counted in ``truncated_problems``)."""

    columns: list[str]
    row_count: int
    non_empty: list[int]
    samples: list[list[str]]
    problems: list[Problem]
    truncated_problems: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def generic_columns(width: int) -> list[str]:
    """Names for a table without a header row: ``column_1`` ... ``column_<width>``."""
    return ["column_%d" % i for i in range(1, width + 1)]
