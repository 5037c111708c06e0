"""Opening a source file as a ``Table`` of rows, whatever its format."""

from __future__ import annotations

from pathlib import Path

from .errors import SourceError, gettext_noop
from .model import SHEET_FORMATS, FileSpec, Table
from .sheet import SheetTable
from .sheet import list_sheets as _list_sheets
from .text import FIELD_LIMIT, LINE_LIMIT, TextTable

__all__ = ["FIELD_LIMIT", "LINE_LIMIT", "list_sheets", "open_table"]


def open_table(path: Path, spec: FileSpec, *, filename: str = "") -> Table:
    """A table over ``path`` read as ``spec`` says; its columns are read now, its rows when
    iterated (each ``rows()`` call reads the file again, in constant memory for text).

    Text: RFC 4180 (quoted delimiters, doubled quotes and line breaks in quoted fields),
    a BOM is dropped, ``quotechar=None`` keeps every quote as data. Spreadsheets: cells as
    text (ISO 8601 dates, plain numbers, ``true``/``false``). Raises ``SourceError``:
    ``source:encoding`` (with line and column), ``source:too-large``, ``source:empty``,
    ``source:format``, ``source:encrypted``.
    """
    name = filename or path.name
    if spec.format == "csv":
        return TextTable(path, spec, filename=name)
    if spec.format in SHEET_FORMATS:
        return SheetTable(path, spec, filename=name)
    raise SourceError(
        gettext_noop(
            "Files in format %(format)r cannot be read as a table. Upload delimited text (CSV, "
            "TSV) or a spreadsheet (xlsx, xlsm, xls, ods)."
        ),
        code="source:format",
        file=name,
        params={"format": spec.format},
    )


def list_sheets(path: Path, fmt: str) -> list[str]:
    """Names of the worksheets of a spreadsheet, in workbook order; ``[]`` for text."""
    if fmt not in SHEET_FORMATS:
        return []
    return _list_sheets(path, fmt)
