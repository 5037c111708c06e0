"""Damage a delimited text file can carry silently, found while its lines are read.

The csv module reads an unclosed quote as one value running to the end of the file, and a
single-byte reading of a file whose lines mix UTF-8 and Latin-1 turns the UTF-8 letters
into mojibake ("ZÃ¼rich"); neither is an error to the reader. These checks turn both into
analysis problems naming the file, line and column, and saying what to fix.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from .encoding import label
from .errors import gettext_noop
from .model import Problem

SHOWN_LINES = 5  # line numbers named in a message; the rest are counted


class LineLog:
    """Physical lines passing to the csv reader: keeps the lines of the current record (to
    place an unclosed quote) and, for single-byte encodings, which non-ASCII lines are
    really UTF-8 and which are not."""

    def __init__(self, lines: Iterator[str], codec: str):
        self._lines, self.number = lines, 0
        self.record: list[str] = []
        name = codecs.lookup(codec).name
        self._codec = None if name.startswith("utf") else name
        self.utf8: list[int] = []
        self.legacy: list[int] = []
        self.first_utf8_column = 0

    def __iter__(self) -> Iterator[str]:
        """The lines, once (a generator: the csv module pulls from it at C speed)."""
        classify = self._codec is not None
        for number, line in enumerate(self._lines, start=1):
            self.number = number
            self.record.append(line)
            if classify and not line.isascii():
                self._classify(line)
            yield line

    def take_record(self) -> list[str]:
        """The lines read since the last call: those of the record just parsed."""
        record, self.record = self.record, []
        return record

    def _classify(self, line: str) -> None:
        raw = line.encode(self._codec or "", "surrogateescape")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            self.legacy.append(self.number)
            return
        if not self.utf8:
            self.first_utf8_column = next(i for i, c in enumerate(line, 1) if not c.isascii())
        self.utf8.append(self.number)

    def mixed_encoding(self, file: str) -> Problem | None:
        """A problem when some non-ASCII lines are UTF-8 and others are not."""
        if not (self.utf8 and self.legacy):
            return None
        return Problem.of(
            "source:encoding-mixed",
            gettext_noop(
                "The file %(file)s mixes encodings: the non-ASCII text of lines %(legacy)s is "
                "%(encoding)s, but that of lines %(utf8)s is UTF-8 and reads as garbled text "
                "(such as Ã¼ for ü), from line %(first)d, column %(position)d. Open the file in a "
                "text editor, correct those lines, save the whole file as UTF-8 and upload it "
                "again."
            ),
            line=self.utf8[0],
            file=file,
            first=self.utf8[0],
            legacy=_lines(self.legacy),
            encoding=label(self._codec or ""),
            utf8=_lines(self.utf8),
            position=self.first_utf8_column,
        )


def _lines(numbers: list[int]) -> str:
    """``3`` or ``2, 5, 7, 9, 11, …``: the first lines, then an ellipsis for the rest."""
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    return shown + (", …" if len(numbers) > SHOWN_LINES else "")


def unclosed_quote(lines: list[str], delimiter: str, quotechar: str) -> tuple[int, int] | None:
    """Where the quote left open at the end of ``lines`` (one record) was opened: its line
    offset in the record and its 1-based column; None when every quote is closed. Follows
    the csv module: a quote opens a field only at its start, and a doubled quote inside a
    quoted field is a quote character."""
    text = "".join(lines)
    quoted, closed, start, opened = False, False, True, -1
    for index, char in enumerate(text):
        if quoted:
            if char == quotechar:
                quoted, closed = False, True
            continue
        if char == quotechar and (start or closed):
            quoted, opened = True, opened if closed else index
        closed = False
        start = char == delimiter or char in "\r\n"
    if not quoted:
        return None
    before = text[:opened]
    return before.count("\n"), opened - (before.rfind("\n") + 1) + 1


def unclosed_quote_problem(file: str, line: int, column: int, field: str) -> Problem:
    """The problem of a quote opened at ``line``/``column`` in ``field`` and never closed."""
    return Problem.of(
        "source:quote-unclosed",
        gettext_noop(
            "In %(file)s, the quote at line %(line_no)d, column %(column_no)d is never closed, "
            "so everything after it to the end of the file was read as one value. Check the "
            'quote at line %(line_no)d, column %(column_no)d: close it, or double it ("") if it '
            "is part of the value."
        ),
        line=line,
        column=field,
        file=file,
        line_no=line,
        column_no=column,
    )
