"""Delimited text as a ``Table``: RFC 4180 through the csv module, decoded incrementally."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .encoding import detect_encoding, label, reading_codec
from .errors import SourceError, SplitRefused, gettext_noop
from .findings import LineLog, unclosed_quote, unclosed_quote_problem
from .model import FileSpec, Problem, Row, Table, generic_columns

FIELD_LIMIT = 10 * 1024 * 1024  # characters in one field
LINE_LIMIT = 32 * 1024 * 1024  # characters in one physical line
# Rows are read a block at a time: 64 K characters of unquoted text (a block that fits the
# CPU caches: 1 M characters made reading 2.7 times slower), or this many records.
BLOCK_CHARS = 1 << 16
CHUNK_ROWS = 4096
# Undecodable bytes are read as lone surrogates (the "surrogateescape" error handler), so
# that the error can name the exact line and column while the rows before it are still read.
ESCAPED = re.compile("[\udc80-\udcff]+")


class TextTable(Table):
    """Rows of a delimited text file read with ``spec.text``; see ``Table``."""

    def __init__(self, path: Path, spec: FileSpec, *, filename: str = ""):
        self.path, self.spec, self.filename = path, spec, filename or path.name
        self.codec = reading_codec(spec.text.encoding, file=self.filename)
        self._findings: list[Problem] = []
        self.columns: list[str] = []
        self.columns = self._read_columns()

    def findings(self) -> list[Problem]:
        """Silent damage seen by the last full ``rows()`` read: an unclosed quote, lines in
        mixed encodings (see ``findings.py``)."""
        return list(self._findings)

    def rows(self) -> Iterator[Row]:
        """Data rows in file order; blank lines and rows of empty fields are skipped."""
        with self._records() as records:
            if self.spec.text.header:
                next(records, None)
            yield from records

    def ranges(self, count: int, min_bytes: int) -> list[ByteRange] | None:
        """The file cut after line feeds into at most ``count`` byte ranges of at least
        ``min_bytes`` each, for ``range_cells`` to read in separate processes; None when the
        file cannot be cut safely (an encoding in which a line-feed byte may be part of a
        character) or is too small to be worth it. A cut never falls inside a quoted field:
        the quote characters before it are even in number (a quote inside a field is
        doubled). Only the bytes before the last cut are read here."""
        size = self.path.stat().st_size
        count = min(count, size // max(min_bytes, 1))
        if count < 2 or codecs.lookup(self.codec).name not in SPLITTABLE_CODECS:
            return None
        quote = (self.spec.text.quotechar or "").encode("ascii", "replace")
        cuts = [0]
        lines = [0]  # line feeds before each cut
        with self.path.open("rb") as raw:
            counter = _ByteCounter(raw, quote)
            for i in range(1, count):
                cut = counter.cut_after(size * i // count, even=bool(quote))
                if cut is None or cut <= cuts[-1]:
                    break
                cuts.append(cut)
                lines.append(counter.newlines)
        if len(cuts) < 2:
            return None
        cuts.append(size)
        return [
            ByteRange(
                start, end, 1 + lines[i], lines[i + 1] - lines[i] if i + 1 < len(lines) else None
            )
            for i, (start, end) in enumerate(itertools.pairwise(cuts))
        ]

    def range_cells(self, part: ByteRange) -> Iterator[tuple[int, list[str]]]:
        """The rows of one range of ``ranges`` as ``cells`` gives them, with the file's line
        numbers. Anything unusual raises ``SplitRefused``: the caller reads the whole file
        with ``cells`` instead, which reports it precisely."""
        try:
            yield from self._fast_cells(part)
        except _Unusual as exc:
            raise SplitRefused(self.filename) from exc

    @property
    def splits_at_tabs(self) -> bool:
        return self.spec.text.quotechar is None and self.spec.text.delimiter == "\t"

    def range_chunks(self, part: ByteRange) -> Iterator[list[tuple[int, list[str]]]]:
        """``range_cells`` a block of lines at a time (the rows of one list, in order)."""
        try:
            yield from self._fast_chunks(part)
        except _Unusual as exc:
            raise SplitRefused(self.filename) from exc

    def cells(self) -> Iterator[tuple[int, list[str]]]:
        """The rows as ``(line, values)``, read by the csv module straight from the decoded
        stream (about twice as fast as ``rows()``). Anything unusual (undecodable bytes,
        overlong fields, malformed quoting) makes it read the file again through ``rows()``
        from the start, which raises the precise error; rows already yielded are not
        yielded twice. Overlong lines were refused when the source was analysed, so reading
        whole lines here is bounded."""
        yielded = 0
        try:
            for item in self._fast_cells():
                yield item
                yielded += 1
        except _Unusual:
            for index, row in enumerate(self.rows()):
                if index >= yielded:
                    yield row.line, list(row.values)

    def _fast_cells(self, part: ByteRange | None = None) -> Iterator[tuple[int, list[str]]]:
        for chunk in self._fast_chunks(part):
            yield from chunk

    def _fast_chunks(self, part: ByteRange | None = None) -> Iterator[list[tuple[int, list[str]]]]:
        text = self.spec.text
        csv.field_size_limit(FIELD_LIMIT)
        head = part is None or part.start == 0  # the first range reads header and skips
        try:
            with (
                self.path.open("rb") as raw,
                # strict: an undecodable byte raises, and the careful reader names it
                io.TextIOWrapper(
                    _bounded(raw, part), encoding=self.codec, errors="strict", newline=""
                ) as stream,
            ):
                if head:
                    for _ in range(text.skip_lines):
                        stream.readline()
                base = 1 + text.skip_lines if head or part is None else part.first_line
                if text.quotechar is None:  # no quoting: a record is a line
                    yield from self._split_chunks(stream, base, head, part)
                    return
                yield from self._csv_chunks(stream, base, head, part)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise _Unusual from exc

    def _csv_chunks(
        self, stream: io.TextIOWrapper, base: int, head: bool, part: ByteRange | None
    ) -> Iterator[list[tuple[int, list[str]]]]:
        """Quoted text through the csv module, ``CHUNK_ROWS`` records at a time."""
        text = self.spec.text
        reader = csv.reader(stream, **self._dialect())
        start = base
        first = head
        chunk: list[tuple[int, list[str]]] = []
        for record in reader:
            if first:
                first = False
                if record and record[0].startswith("\ufeff"):
                    record[0] = record[0][1:]
                if text.header:
                    start = reader.line_num + base
                    continue
            if record and (record[0].strip() or _has_value(record)):
                chunk.append((start, record))
                if len(chunk) == CHUNK_ROWS:
                    yield chunk
                    chunk = []
            start = reader.line_num + base
        if chunk:
            yield chunk
        if part is not None and part.lines is not None:
            read = reader.line_num + (text.skip_lines if head else 0)
            if read != part.lines:  # a lone CR: the next range's lines are off
                raise _Unusual

    def _split_cells(
        self, stream: io.TextIOWrapper, base: int, head: bool, part: ByteRange | None
    ) -> Iterator[tuple[int, list[str]]]:
        for chunk in self._split_chunks(stream, base, head, part):
            yield from chunk

    def _split_chunks(
        self, stream: io.TextIOWrapper, base: int, head: bool, part: ByteRange | None
    ) -> Iterator[list[tuple[int, list[str]]]]:
        """What the csv module reads without quoting, faster and a block of lines at a time:
        each line (ended by LF, CRLF or CR, as the stream splits them) split at the
        delimiter. A NUL, which the csv module refuses, makes the careful reader report it."""
        text = self.spec.text
        delimiter = text.delimiter
        number = base  # the line number of the next line
        if head:
            line = stream.readline()
            if line:
                record = _split_line(line, delimiter)
                if record[0].startswith("\ufeff"):
                    record[0] = record[0][1:]
                if not text.header and (record[0].strip() or _has_value(record)):
                    yield [(number, record)]
                number += 1
        while block := stream.read(BLOCK_CHARS):
            if block[-1] != "\n":
                block += stream.readline()  # the rest of the last line
            lines = _block_lines(block)
            split = [line.split(delimiter) for line in lines]
            rows = [
                (at, record)
                for at, record in zip(itertools.count(number), split)
                if record[0].strip() or _has_value(record)
            ]
            number += len(lines)
            if rows:
                yield rows
        read = number - base + (text.skip_lines if head else 0)
        if part is not None and part.lines is not None and read != part.lines:
            raise _Unusual  # a lone CR: the next range's lines are off

    def _read_columns(self) -> list[str]:
        with self._records() as records:
            first = next(records, None)
        if first is None:
            raise SourceError(
                gettext_noop(
                    "The file holds no data after the skipped lines. Check the file, or the "
                    "number of lines to skip."
                ),
                code="source:empty",
                file=self.filename,
            )
        if self.spec.text.header:
            return [name.strip() for name in first.values]
        return generic_columns(len(first.values))

    @contextmanager
    def _records(self) -> Iterator[Iterator[Row]]:
        csv.field_size_limit(FIELD_LIMIT)  # process-wide; every reader here wants the same
        with (
            self.path.open("rb") as raw,
            io.TextIOWrapper(
                raw, encoding=self.codec, errors="surrogateescape", newline=""
            ) as stream,
        ):
            yield self._parse(stream)

    def _parse(self, stream: io.TextIOWrapper) -> Iterator[Row]:
        """Each record that has a value, with the line where it starts."""
        skip = self.spec.text.skip_lines
        log = LineLog(_lines(stream), self.codec)
        lines = iter(log)
        reader = csv.reader(lines, **self._dialect())
        base = 1 + skip  # reader.line_num counts the lines after the skipped ones
        start, skipped = base, 0
        self._findings = []
        try:
            while skipped < skip and next(lines, None) is not None:
                skipped += 1
            log.take_record()
            record: list[str] = []
            last: list[str] = []
            for record in reader:
                if _has_value(record):
                    yield Row(start, tuple(record))
                start = reader.line_num + base
                last = log.take_record()
            self._note_findings(log, last if record else [], start, len(record))
        except csv.Error as exc:
            raise self._csv_error(exc, start) from None
        except _LineError as exc:
            line = skipped + 1 if skipped < skip else reader.line_num + base
            raise self._line_error(exc, line) from None
        except UnicodeDecodeError as exc:
            # Bytes below 0x80 that the codec refuses (UTF-16) cannot be escaped; decoding
            # runs a chunk ahead of the lines, so the line is unknown.
            raise self._encoding_error(None, exc.object[exc.start : exc.end]) from None

    def _note_findings(self, lines: LineLog, last: list[str], end: int, width: int) -> None:
        """Called at the end of the file: ``last`` holds the lines of the last record, which
        ended on line ``end - 1`` and has ``width`` fields."""
        mixed = lines.mixed_encoding(self.filename)
        if mixed is not None:
            self._findings.append(mixed)
        quotechar = self.spec.text.quotechar
        if quotechar is None or len(last) < 2:
            return
        found = unclosed_quote(last, self.spec.text.delimiter, quotechar)
        if found is not None:
            line = end - len(last) + found[0]
            field = width - 1
            name = (
                self.columns[field] if self.spec.text.header and field < len(self.columns) else ""
            )
            self._findings.append(
                unclosed_quote_problem(self.filename, line, found[1], name or "column %d" % width)
            )

    def _dialect(self) -> dict[str, Any]:
        text = self.spec.text
        if text.quotechar is None:
            return {"delimiter": text.delimiter, "quoting": csv.QUOTE_NONE}
        return {"delimiter": text.delimiter, "quotechar": text.quotechar}

    def _line_error(self, exc: _LineError, line: int) -> SourceError:
        if exc.bad is not None:
            bad = bytes(ord(c) - 0xDC00 for c in exc.bad.group())
            return self._encoding_error(line, bad, exc.bad.start() + 1)
        return SourceError(
            gettext_noop(
                "The line is longer than %(size)d MB without a line break. Check that this is a "
                "text table with one record per line."
            ),
            params={"size": LINE_LIMIT >> 20},
            code="source:too-large",
            file=self.filename,
            line=line,
        )

    def _csv_error(self, exc: csv.Error, line: int) -> SourceError:
        if "field larger than field limit" in str(exc):
            return SourceError(
                gettext_noop(
                    "A field starting on this line is larger than %(size)d MB. Usually a quote is "
                    "not closed: check the quotes from this line on, or read the file with no "
                    "quote character."
                ),
                params={"size": FIELD_LIMIT >> 20},
                code="source:too-large",
                file=self.filename,
                line=line,
            )
        return SourceError(
            gettext_noop(
                "The line cannot be read as delimited text (%(error)s). Check the delimiter and "
                "quote character."
            ),
            params={"error": str(exc)},
            code="source:format",
            file=self.filename,
            line=line,
        )

    def _encoding_error(
        self, line: int | None, bad: bytes, column: int | None = None
    ) -> SourceError:
        """Names the line (and column), the bytes, and the encoding to choose instead."""
        current = codecs.lookup(self.codec).name.replace("-sig", "")
        suggestion = detect_encoding(self.path).encoding
        message = gettext_noop(
            "The file cannot be read as %(encoding)s: byte %(bytes)s is not valid in that "
            "encoding. Choose the encoding the file was saved in, probably %(suggested)s, and "
            "read it again."
        )
        if suggestion == current:
            message = gettext_noop(
                "The file cannot be read as %(encoding)s: byte %(bytes)s is not valid in that "
                "encoding. The file may be damaged or cut short: export it again and upload it "
                "again."
            )
        found = " ".join("0x%02X" % b for b in bad[:4])
        params = {"encoding": label(current), "bytes": found, "suggested": label(suggestion)}
        return SourceError(
            message,
            params=params,
            code="source:encoding",
            file=self.filename,
            line=line,
            column=column,
        )


def _has_value(record: list[str]) -> bool:
    """False for blank lines and records of empty or blank fields (``,,,`` from Excel)."""
    if not any(record):
        return False
    return bool(record[0].strip()) or any(v.strip() for v in record)


class _Unusual(Exception):
    """The fast reader met something only the careful reader reports well."""


# Codecs in which the bytes of a line feed and of a quote character only ever stand for
# themselves, so that a file can be cut at a line-feed byte.
SPLITTABLE_CODECS = frozenset(
    {"utf-8", "utf-8-sig", "ascii", "latin-1", "iso8859-1", "iso8859-15"}
    | {"cp125%d" % i for i in range(9)}
)
_BLOCK = 1 << 22


@dataclass(frozen=True)
class ByteRange:
    """Bytes ``start`` to ``end`` of a file, starting at a line start: line ``first_line``;
    ``lines`` line feeds (None: not counted, the last range)."""

    start: int
    end: int
    first_line: int
    lines: int | None = None


class _ByteCounter:
    """Reads a file from its start block by block (no page stays mapped), counting line
    feeds and quote characters up to each cut."""

    def __init__(self, raw: io.BufferedReader, quote: bytes) -> None:
        self._raw, self._quote = raw, quote
        self._at = 0  # bytes counted
        self._pending = b""  # bytes read past ``_at``
        self._quotes = 0
        self.newlines = 0

    def _count(self, data: bytes) -> None:
        view = np.frombuffer(data, dtype=np.uint8)  # ~5x faster than bytes.count
        self.newlines += int(np.count_nonzero(view == 10))
        if self._quote:
            self._quotes += int(np.count_nonzero(view == self._quote[0]))
        self._at += len(data)

    def cut_after(self, offset: int, *, even: bool) -> int | None:
        """The first position after ``offset`` that follows a line feed (with an even
        number of quote characters before it when ``even``), or None at the end."""
        while True:
            data = self._pending or self._raw.read(_BLOCK)
            self._pending = b""
            if not data:
                return None
            at = data.find(b"\n", max(offset - self._at, 0))
            while at >= 0:
                head = data[: at + 1]
                quotes = self._quotes + (head.count(self._quote) if self._quote else 0)
                if not even or quotes % 2 == 0:
                    self._count(head)
                    self._pending = data[at + 1 :]
                    return self._at
                at = data.find(b"\n", at + 1)
            self._count(data)


class _Window(io.RawIOBase):
    """Bytes ``start`` to ``end`` of an open file, as a file of their own."""

    def __init__(self, raw: io.BufferedReader, start: int, end: int) -> None:
        super().__init__()
        raw.seek(start)
        self._raw, self._left = raw, end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: self._left]
        got = self._raw.readinto(view)
        self._left -= got or 0
        return got or 0


def _block_lines(block: str) -> list[str]:
    """The lines of a block of whole lines, without their endings (LF, CRLF or a lone CR,
    as a stream read with ``newline=""`` splits them); a NUL is unusual."""
    if "\0" in block:
        raise _Unusual
    if "\r" not in block:
        lines = block.split("\n")
    elif block.count("\r") == block.count("\r\n"):
        lines = block.replace("\r\n", "\n").split("\n")
    else:  # a lone CR ends a line too
        lines = block.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # after the last line ending
    return lines


def _split_line(line: str, delimiter: str) -> list[str]:
    """One line's values, without its ending (LF, CRLF or CR); a NUL is unusual."""
    if line[-1:] == "\n":
        line = line[:-2] if line[-2:-1] == "\r" else line[:-1]
    elif line[-1:] == "\r":
        line = line[:-1]
    if "\0" in line:
        raise _Unusual
    return line.split(delimiter)


def _bounded(raw: io.BufferedReader, part: ByteRange | None) -> io.BufferedReader:
    if part is None:
        return raw
    return io.BufferedReader(_Window(raw, part.start, part.end), buffer_size=1 << 16)


class _LineError(Exception):
    """A line that cannot be used: too long, or holding undecodable bytes (``bad``)."""

    def __init__(self, bad: re.Match[str] | None = None):
        super().__init__()
        self.bad = bad


def _lines(stream: io.TextIOWrapper) -> Iterator[str]:
    """Physical lines with their endings (LF, CRLF or CR), none longer than LINE_LIMIT;
    the caller knows which line number raised ``_LineError``."""
    readline, limit = stream.readline, LINE_LIMIT + 1
    line = readline(limit)
    if line.startswith("\ufeff"):  # a BOM the codec kept
        line = line[1:]
    while line:
        if len(line) == limit:
            raise _LineError()
        if not line.isascii() and (bad := ESCAPED.search(line)):
            raise _LineError(bad)
        yield line
        line = readline(limit)
