"""Every check declared once: its code, severity, title, message, the rule behind its severity
and, for checks of single rows, the terms it reads and its test.

Django-free. A declaration is all there is to a check: the per-row loop of the archive builder
and of the mapping pages is derived from the row checks declared here (``rows.RowChecks``), the
report shows their titles and messages, and README's check table is generated from them
(``manage.py checks_table``). Messages are English, marked for translation where shown.

Severities: ``error`` blocks publication (what makes GBIF's crawler abort the dataset or the IPT
fail the publication), ``warning`` is shown and published (what GBIF flags, drops or leaves
incomplete), ``info`` reports what the toolkit did (values converted, rows left out on request).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (``makemessages``); it is translated where shown."""
    return message


@dataclass(frozen=True, slots=True)
class Finding:
    """What a test found wrong with one row: the value as found, the term it is about (None:
    the first term the test reads; "": the row as a whole), the message's other placeholders,
    and the value a translation could map it to (None: no suggestion; "": translate to empty)."""

    value: str
    term: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    suggestion: str | None = None


# A row test takes the values of the terms its use reads, in order, and gives None when fine,
# else what it found (a list when it finds several things, e.g. both coordinates wrong).
RowTest = Callable[..., Finding | list[Finding] | None]


@dataclass(frozen=True, slots=True)
class Use:
    """One place a row check runs in a file: the terms it reads (in the order its test takes
    them; a term the file lacks reads as ""), its test, whether the verdict depends only on
    those values (then it is cached by value) and whether it runs when they are all empty.
    A use with ``scan`` reads one term and runs only on the values in that set; the engine
    looks for all of them in a row at once (null tokens cost one set operation per row).

    ``guard`` serves values that rarely repeat (coordinates), where a cache would only miss:
    a Python expression over ``v0``, ``v1``, … (the values read) that is true when the row is
    surely fine, written into the generated loop so that the test runs only when it is false
    or raises ``ValueError``. It is written here, never taken from data."""

    terms: tuple[str, ...]
    test: RowTest
    cached: bool = True
    on_empty: bool = False
    scan: frozenset[str] | None = None
    guard: str | None = None


class FileLike:
    """What declarations may ask of a data file (``resources.dwca.model.ArchiveFile``)."""

    row_type: str
    terms: list[str]
    core: bool
    delimiters: dict[str, str]
    vocabularies: dict[str, frozenset[str]]
    required: frozenset[str]
    types: dict[str, str]
    vocabulary_keys: dict[str, dict[str, str]]


UsesFn = Callable[[Any], Iterable[Use]]  # a file (FileLike) -> where the check runs in it
# A file -> what is wrong with it as a whole, or None when the check does not apply to it.
FileTest = Callable[[Any], Iterable[Finding] | None]


@dataclass(frozen=True)
class Check:
    """A check. ``title`` names the problem as a sentence without placeholders (the heading of
    the check in the report); ``message`` is one finding's text, with ``%(value)s``,
    ``%(term)s`` (the term's simple name) and the finding's params; ``rule`` says which GBIF or
    IPT behaviour sets the severity (README). Checks without ``uses`` or ``file_test`` are made
    across rows by the archive builder."""

    code: str
    severity: str
    title: str
    message: str
    rule: str
    uses: UsesFn | None = None
    file_test: FileTest | None = None

    @property
    def scope(self) -> str:
        """ "row", "file" or "archive" (across rows or files)."""
        if self.uses is not None:
            return "row"
        return "file" if self.file_test is not None else "archive"


CHECKS: dict[str, Check] = {}
# Terms whose values checks of their own judge; the checks by property type and vocabulary
# leave them alone, so that one bad value gets one flag.
CLAIMED: set[str] = set()


def claim(*terms: str) -> None:
    """Say that a module's own checks judge the values of ``terms``."""
    CLAIMED.update(terms)


def declare(check: Check) -> Check:
    """Register a check; a code is declared once."""
    if check.code in CHECKS:
        raise ValueError("check %s is declared twice" % check.code)
    if check.severity not in SEVERITIES:
        raise ValueError("check %s has an unknown severity %r" % (check.code, check.severity))
    CHECKS[check.code] = check
    return check


def term_name(term: str) -> str:
    """The simple name of a term URI (``basisOfRecord``)."""
    return term.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def message_of(code: str, value: str = "", term: str = "", **params: str) -> str:
    """The message of one finding of ``code``, its placeholders filled in."""
    return CHECKS[code].message % {"value": value, "term": term_name(term), **params}


# --- where a row check runs -----------------------------------------------------------------


def each(
    terms: Iterable[str],
    test: RowTest,
    *,
    row_types: Iterable[str] = (),
    on_empty: bool = False,
) -> UsesFn:
    """Run ``test(value)`` on each of ``terms`` the file maps (in files of ``row_types``, or
    any file when empty). The verdict is cached by value."""
    wanted, kinds = tuple(terms), frozenset(row_types)

    def uses(file: FileLike) -> Iterable[Use]:
        if kinds and file.row_type not in kinds:
            return []
        return [Use((term,), test, on_empty=on_empty) for term in wanted if term in file.terms]

    return uses


def together(
    terms: Iterable[str],
    test: RowTest,
    *,
    row_types: Iterable[str] = (),
    requires: Iterable[str] = (),
    cached: bool = True,
    on_empty: bool = False,
    guard: str | None = None,
) -> UsesFn:
    """Run ``test(*values)`` on ``terms`` read together, in files that map at least one of
    them (and every term of ``requires``); ``guard`` as in :class:`Use` (not cached then)."""
    wanted, kinds, needed = tuple(terms), frozenset(row_types), tuple(requires)

    def uses(file: FileLike) -> Iterable[Use]:
        if kinds and file.row_type not in kinds:
            return []
        mapped = set(file.terms)
        if not mapped.intersection(wanted) or not mapped.issuperset(needed):
            return []
        return [Use(wanted, test, cached=cached and guard is None, on_empty=on_empty, guard=guard)]

    return uses
