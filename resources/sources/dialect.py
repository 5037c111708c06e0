"""Guessing how delimited text is written, from a decoded sample: delimiter, quoting, a
preamble to skip, and whether the first record is a header."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

DELIMITERS = (",", ";", "\t", "|")
MAX_RECORDS = 1000
SYSTEMATIC_QUOTING = 0.3  # share of quoted fields that makes quoting a tab file's habit
VALUE = re.compile(
    r"""^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$     # 42, -1.5, 5,00, 1e5
      |^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$       # 2012-08-07, 2012/9/12 0:00:00
      |^\d{1,2}:\d{2}(:\d{2})?$                         # 14:30
    """,
    re.VERBOSE,
)


@dataclass
class Dialect:
    """What the sample says about the text."""

    delimiter: str = ","
    quotechar: str | None = '"'
    header: bool = True
    skip_lines: int = 0


@dataclass
class _Parsed:
    records: list[list[str]]
    lines: list[int]  # the physical line each record ends on


def physical_lines(text: str, complete: bool) -> list[str]:
    """The sample's lines with their endings; a cut-off last line is dropped."""
    lines = list(io.StringIO(text, newline=""))
    if not complete and len(lines) > 1:
        lines.pop()
    return lines


def line_ending(text: str) -> str:
    """The most frequent line break in ``text``: ``"\\r\\n"``, ``"\\n"``, ``"\\r"`` or ``""``."""
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else ""


def parse(
    lines: list[str], delimiter: str, quotechar: str | None, complete: bool = True
) -> _Parsed:
    """Records of the sample (at most MAX_RECORDS), each with the line it ends on."""
    kwargs = {"quoting": csv.QUOTE_NONE} if quotechar is None else {"quotechar": quotechar}
    reader = csv.reader(iter(lines), delimiter=delimiter, **kwargs)
    parsed = _Parsed([], [])
    try:
        for record in reader:
            parsed.records.append(record)
            parsed.lines.append(reader.line_num)
            if len(parsed.records) >= MAX_RECORDS:
                return parsed
    except csv.Error:
        pass  # a field over the size limit: keep what was parsed
    if not complete and parsed.records and parsed.lines[-1] == len(lines):
        # The last record may continue past the sample (an open quoted field).
        parsed.records.pop()
        parsed.lines.pop()
    return parsed


def _widths(records: list[list[str]]) -> list[int]:
    return [len(r) for r in records if any(v.strip() for v in r)]


def _score(records: list[list[str]]) -> tuple[float, int]:
    """(share of records with the most common width, that width); width 1 scores nothing."""
    widths = _widths(records)
    if not widths:
        return 0.0, 1
    width, count = Counter(widths).most_common(1)[0]
    return (count / len(widths) if width > 1 else 0.0), width


def choose_delimiter(lines: list[str], complete: bool) -> str:
    """The candidate giving the most consistent column count (more columns break ties),
    parsed with quotes so that a delimiter inside a quoted field does not count."""
    scored = [
        (_score(parse(lines, d, '"', complete).records), -i, d) for i, d in enumerate(DELIMITERS)
    ]
    return max(scored)[2]


def preamble(parsed: _Parsed) -> int:
    """Lines before the header that hold a single field (a title, ``sep=;``) while the
    records below have several; at most 10 such records."""
    _, width = _score(parsed.records)
    if width < 2:
        return 0
    skipped = 0
    for i, record in enumerate(parsed.records[:10]):
        if len(record) > 1:
            return skipped
        skipped = parsed.lines[i]
    return 0


def choose_quotechar(lines: list[str], delimiter: str, complete: bool) -> str | None:
    """``"`` for comma, semicolon and pipe. For tabs, ``"`` only when most text fields are
    quoted (R ``write.table``, Access), or when a quoted field holds a tab or a line break
    and reading the quotes keeps the column count as consistent; otherwise None, so that
    literal quotes stay in the values (IPT archives are tab-separated and unquoted)."""
    if delimiter != "\t":
        return '"'
    raw = parse(lines, delimiter, None, complete).records
    fields = [v for r in raw for v in r if v]
    quoted = sum(1 for v in fields if len(v) > 1 and v[0] == v[-1] == '"')
    if fields and quoted >= SYSTEMATIC_QUOTING * len(fields):
        return '"'
    records = parse(lines, delimiter, '"', complete).records
    needed = any("\t" in v or "\n" in v or "\r" in v for r in records for v in r)
    return '"' if needed and _score(records) >= _score(raw) else None


def is_value(text: str) -> bool:
    """True for text that reads as data (a number, a date or a time), not a column name."""
    return bool(VALUE.match(text.strip()))


def looks_like_header(first: list[str], rest: list[list[str]]) -> bool:
    """A header has names: no numbers or dates, at most one gap (or only trailing gaps),
    and its names do not recur as values in their own column. Repeated names are a header
    only above a column of numbers or dates (``id,name,date,name``), so that a data row of
    repeated codes is not taken for one; the analysis then reports the repeated names."""
    names = [v.strip() for v in first]
    filled = [n for n in names if n]
    if not filled or any(is_value(n) for n in filled):
        return False
    if len(set(filled)) < len(filled) and not _typed_below(names, rest):
        return False
    inner_gaps = sum(1 for n in names[: len(names) - _trailing_gaps(names)] if not n)
    if inner_gaps > 1:
        return False
    recurring = sum(
        1 for i, n in enumerate(names) if n and any(len(r) > i and r[i].strip() == n for r in rest)
    )
    return recurring * 2 < len(filled)


def _typed_below(names: list[str], rest: list[list[str]]) -> bool:
    """Whether some named column holds only numbers or dates below its name."""
    for index, name in enumerate(names):
        values = [r[index].strip() for r in rest if len(r) > index and r[index].strip()]
        if name and values and all(is_value(v) for v in values):
            return True
    return False


def _trailing_gaps(names: list[str]) -> int:
    count = 0
    for name in reversed(names):
        if name:
            break
        count += 1
    return count


def sniff_text(text: str, complete: bool) -> Dialect:
    """Everything ``Dialect`` holds, guessed from a decoded sample of the file's start."""
    lines = physical_lines(text, complete)
    forced = re.match(r"^sep=(.)\r?\n?$", lines[0]) if lines else None
    delimiter = forced.group(1) if forced else choose_delimiter(lines, complete)
    quotechar = choose_quotechar(lines, delimiter, complete)
    parsed = parse(lines, delimiter, quotechar, complete)
    skip = 1 if forced else preamble(parsed)
    kept = [r for r, end in zip(parsed.records, parsed.lines, strict=True) if end > skip]
    kept = [r for r in kept if any(v.strip() for v in r)]
    header = bool(kept) and looks_like_header(kept[0], kept[1:])
    return Dialect(delimiter, quotechar, header, skip)
