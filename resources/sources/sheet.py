"""Spreadsheets (xlsx, xlsm, xls, ods) as a ``Table``, through python-calamine."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import python_calamine

from .cells import cell_text
from .errors import SourceError, gettext_noop
from .model import FileSpec, Row, Table, generic_columns


class Workbook:
    """A calamine workbook whose failures become SourceErrors naming the file."""

    def __init__(self, path: Path, *, filename: str = ""):
        self.filename = filename or path.name
        with self._errors():
            self.book = python_calamine.CalamineWorkbook.from_path(str(path))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except python_calamine.PasswordError:
            raise SourceError(
                gettext_noop(
                    "The workbook is protected with a password. Remove the password in Excel "
                    "(File > Info > Protect Workbook), save, and upload it again."
                ),
                code="source:encrypted",
                file=self.filename,
            ) from None
        except (python_calamine.CalamineError, OSError, ValueError) as exc:
            raise SourceError(
                gettext_noop(
                    "The workbook cannot be read (%(error)s). Open it in Excel or LibreOffice and "
                    "save it again as an Excel Workbook (.xlsx), or export the sheet as CSV."
                ),
                code="source:format",
                file=self.filename,
                params={"error": str(exc)},
            ) from None

    def worksheet_names(self) -> list[str]:
        """Worksheets in workbook order (chart and macro sheets hold no table)."""
        kinds = {m.name: str(m.typ) for m in self.book.sheets_metadata}
        return [n for n in self.book.sheet_names if kinds.get(n, "").endswith("WorkSheet")]

    def sheet(self, name: str) -> python_calamine.CalamineSheet:
        with self._errors():
            return self.book.get_sheet_by_name(name)


def open_workbook(path: Path, *, filename: str = "") -> Workbook:
    """The workbook, or a SourceError saying what to do when it cannot be opened."""
    return Workbook(path, filename=filename)


def list_sheets(path: Path, fmt: str) -> list[str]:
    """Names of the worksheets of a workbook, in order."""
    return open_workbook(path).worksheet_names()


def sheet_rows(workbook: Workbook, name: str) -> Iterator[tuple[int, list[str]]]:
    """(sheet row number, cell texts) for each row with a value, in order."""
    sheet = workbook.sheet(name)
    if sheet.start is None:
        return
    offset = None
    for index, cells in enumerate(sheet.iter_rows()):
        values = [cell_text(v) for v in cells]
        if not any(v.strip() for v in values):
            continue
        if offset is None:
            # iter_rows may start at row 1 (padding rows above the data) or at the first
            # data row; the first row with a value is sheet row start[0] + 1 either way.
            offset = sheet.start[0] - index
        yield index + offset + 1, values


def first_data_sheet(workbook: Workbook) -> str | None:
    """The first worksheet with at least one value."""
    for name in workbook.worksheet_names():
        if next(sheet_rows(workbook, name), None) is not None:
            return name
    return None


class SheetTable(Table):
    """Rows of one worksheet (``spec.sheet``, else the first with data); see ``Table``.

    Rows are as wide as the columns: empty cells past the last value are dropped and short
    rows padded, so only values beyond the last column make a row longer.
    """

    def __init__(self, path: Path, spec: FileSpec, *, filename: str = ""):
        self.path, self.spec, self.filename = path, spec, filename or path.name
        workbook = open_workbook(path, filename=self.filename)
        self.sheet = self._choose_sheet(workbook)
        first = next(self._records(workbook), None)
        if first is None:
            raise SourceError(
                gettext_noop(
                    "Sheet %(sheet)r holds no data after the skipped rows. Choose another sheet or "
                    "check the number of rows to skip."
                ),
                code="source:empty",
                file=self.filename,
                params={"sheet": self.sheet},
            )
        if spec.text.header:
            self.columns = [c.strip() for c in _trim(first[1])]
        else:
            self.columns = generic_columns(workbook.sheet(self.sheet).width)

    def rows(self) -> Iterator[Row]:
        """Data rows in sheet order; rows without any value are skipped."""
        workbook = open_workbook(self.path, filename=self.filename)
        records = self._records(workbook)
        if self.spec.text.header:
            next(records, None)
        width = len(self.columns)
        for line, values in records:
            yield Row(line, tuple(_fit(values, width)))

    def _choose_sheet(self, workbook: Workbook) -> str:
        names = workbook.worksheet_names()
        if self.spec.sheet is not None:
            if self.spec.sheet not in names:
                raise SourceError(
                    gettext_noop(
                        "The workbook has no sheet %(sheet)r; its sheets are: %(sheets)s. Choose "
                        "one of them."
                    ),
                    code="source:format",
                    file=self.filename,
                    params={"sheet": self.spec.sheet, "sheets": ", ".join(names)},
                )
            return self.spec.sheet
        name = first_data_sheet(workbook)
        if name is None:
            raise SourceError(
                gettext_noop("The workbook holds no data in any sheet."),
                code="source:empty",
                file=self.filename,
            )
        return name

    def _records(self, workbook: Workbook) -> Iterator[tuple[int, list[str]]]:
        skip = self.spec.text.skip_lines
        return ((line, values) for line, values in sheet_rows(workbook, self.sheet) if line > skip)


def _trim(values: list[str]) -> list[str]:
    end = len(values)
    while end and not values[end - 1].strip():
        end -= 1
    return values[:end]


def _fit(values: list[str], width: int) -> list[str]:
    values = values[:width] + _trim(values[width:])
    return values + [""] * (width - len(values))
