"""The per-row loop, derived from the declared checks.

Django-free. :class:`RowChecks` is built once per data file: it asks every declared row check
where it runs in the file (``Check.uses``) and writes one Python function for the file that
reads each value once and settles most rows with a dictionary look-up per value:

- the checks of one term that are cached by value share one cache, whose entries are the
  flags that value gets from all of them (usually none); a repeated value costs one look-up
  whatever the number of checks;
- checks reading several terms are cached by the tuple of their values, or run every row
  when they are not cacheable (an event naming itself as parent);
- checks scanning for a few tokens (null placeholders) cost one set operation per row.

Only a value not seen before runs the declared tests. Caches are bounded: a full one is
emptied. The generated source holds nothing but positions and names made here, never data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from resources.dwca.model import ArchiveFile

from . import dwc, event_types, humboldt  # noqa: F401  (declare their checks)
from .declarations import CHECKS, Check, Finding, Use, message_of, term_name
from .dwc import BASIS_OF_RECORD_VALUES, DWC, EVENT, OCCURRENCE

__all__ = [
    "BASIS_OF_RECORD_VALUES",
    "CHECKS",
    "DWC",
    "EVENT",
    "OCCURRENCE",
    "Flag",
    "RowChecks",
    "make_flag",
    "term_name",
]

CACHE_SIZE = 50_000  # entries per cache; a full cache is emptied, not evicted entry by entry
_CLEAN: tuple[Flag, ...] = ()
_RANK = {code: i for i, code in enumerate(CHECKS)}


@dataclass(frozen=True, slots=True)
class Flag:
    """One problem found: a stable check code, its severity ("error" blocks publication),
    the term it is about ("" for the whole row), the value as found, the message, and the
    value a translation could use instead (None: no suggestion; "": empty)."""

    check: str
    severity: str
    term: str
    value: str
    message: str
    suggestion: str | None = None


def make_flag(code: str, term: str, value: str, **params: str) -> Flag:
    """A flag of the check ``code`` with its message filled in."""
    check = CHECKS[code]
    return Flag(code, check.severity, term, value, message_of(code, value, term, **params))


def _flag(check: Check, use: Use, found: Finding) -> Flag:
    term = use.terms[0] if found.term is None else found.term
    message = message_of(check.code, found.value, term, **found.params)
    return Flag(check.code, check.severity, term, found.value, message, found.suggestion)


def _flags(check: Check, use: Use, found: Finding | list[Finding] | None) -> list[Flag]:
    if found is None:
        return []
    if isinstance(found, Finding):
        return [_flag(check, use, found)]
    return [_flag(check, use, each) for each in found]


def _rank(flag: Flag) -> int:
    return _RANK.get(flag.check, len(_RANK))


Planned = tuple[Check, Use]
RowFn = Callable[[Sequence[str]], Sequence["Flag"]]


class RowChecks:
    """The declared row checks that apply to one data file.

    ``active`` lists, in declaration order, the codes of every check that runs on this file
    (row checks and file checks); ``terms_read`` holds the terms the row checks read.
    """

    def __init__(self, file: ArchiveFile, checks: Iterable[Check] | None = None) -> None:
        self.file = file
        self._checks = list(CHECKS.values() if checks is None else checks)
        planned = [(check, use) for check in self._checks if check.uses for use in check.uses(file)]
        planned = [(check, use) for check, use in planned if set(use.terms) & set(file.terms)]
        self._planned = planned
        first = {term: i for i, term in reversed(list(enumerate(file.terms)))}  # first wins
        read = sorted({first[t] for _check, use in planned for t in use.terms if t in first})
        self._read = tuple(file.terms[i] for i in read)
        self.terms_read: frozenset[str] = frozenset(self._read)
        self.caches: list[dict[Any, tuple[Flag, ...]]] = []  # each bounded by CACHE_SIZE
        self._on_read = _compile(planned, {t: i for i, t in enumerate(self._read)}, self.caches)
        # The flags of a row given as its values in the order of ``file.terms`` (what
        # ``Mapper.cells`` yields): the same as :meth:`check` without building a dict. The
        # derived function itself, not a method calling it: this runs on every row.
        self.check_cells: RowFn = _compile(planned, first, self.caches)
        self._pick_values = _picker(self._read)
        self.active: list[str] = self._active_codes()

    def check(self, values: dict[str, str]) -> Sequence[Flag]:
        """The flags of one mapped row given as values by term URI (a term the row lacks
        counts as empty; only ``terms_read`` are needed). A row without problems gets a
        shared empty tuple, anything else a new list."""
        try:
            read = self._pick_values(values)
        except KeyError:
            read = tuple(values.get(term, "") for term in self._read)
        return self._on_read(read)

    def file_flags(self) -> list[Flag]:
        """Problems of the file as a whole, reported once (file checks)."""
        flags = []
        for check in self._checks:
            found = check.file_test(self.file) if check.file_test else None
            for finding in found or ():
                term = finding.term or ""
                message = message_of(check.code, finding.value, term, **finding.params)
                flags.append(Flag(check.code, check.severity, term, finding.value, message))
        return flags

    def _active_codes(self) -> list[str]:
        runs = {check.code for check, _use in self._planned}
        runs.update(
            check.code
            for check in self._checks
            if check.file_test is not None and check.file_test(self.file) is not None
        )
        return [check.code for check in self._checks if check.code in runs]


# --- the generated loop ---------------------------------------------------------------------


def _compile(
    planned: list[Planned], at: dict[str, int], caches: list[dict[Any, tuple[Flag, ...]]]
) -> RowFn:
    """One function giving the flags of a row whose value of term t is at ``at[t]``.

    Cached uses that read the same values share one cache (keyed by the value, or by the
    tuple of values); guarded uses run their guard inline; scans share one set operation."""
    cached: dict[tuple[int, ...], list[Planned]] = {}
    guarded: dict[tuple[int, ...], list[Planned]] = {}
    scans: list[tuple[int, Planned]] = []
    for check, use in planned:
        where = tuple(at.get(t, -1) for t in use.terms)
        if use.scan is not None:
            scans.append((where[0], (check, use)))
        elif use.guard is not None or not use.cached:
            guarded.setdefault(where, []).append((check, use))
        else:
            cached.setdefault(where, []).append((check, use))
    _fold(cached, guarded)
    names: dict[str, Any] = {"CLEAN": _CLEAN, "RANK": _rank}
    lines = ["def run(c):", "    fl = None"]
    for n, (where, group) in enumerate(cached.items()):
        lines += _cached_lines(n, where, group, names, caches)
    n = 0
    for where, group in guarded.items():
        lines += _guarded_lines(n, where, group, names)
        n += len(group)
    if scans:
        lines += _scan_lines(scans, names)
    lines += [
        "    if fl is None:",
        "        return CLEAN",
        "    if len(fl) > 1:",
        "        return sorted(fl, key=RANK)",
        "    return list(fl)",
    ]
    source = "\n".join(lines)
    exec(compile(source, "<row checks>", "exec"), names)  # noqa: S102  (see module doc)
    run: RowFn = names["run"]
    run.__doc__ = source  # what was derived, for reading and debugging
    return run


def _fold(
    cached: dict[tuple[int, ...], list[Planned]], guarded: dict[tuple[int, ...], list[Planned]]
) -> None:
    """Fewer look-ups: a use of one value joins a cached group that looks that value up
    anyway (as the first of its values): a guarded one, whose guard the cache makes
    unnecessary, and a cached one of its own."""
    firsts = {where[0]: where for where in sorted(cached, key=len)}  # the longest wins
    for where in [w for w in guarded if len(w) == 1 and w[0] in firsts]:
        cached[firsts[where[0]]] += guarded.pop(where)
    for where in [w for w in cached if len(w) == 1 and len(firsts[w[0]]) > 1]:
        cached[firsts[where[0]]] += cached.pop(where)


_ADD = "fl = r if fl is None else fl + r"


def _cells(where: tuple[int, ...]) -> list[str]:
    return ["c[%d]" % i if i >= 0 else '""' for i in where]


def _cached_lines(
    n: int,
    where: tuple[int, ...],
    group: list[Planned],
    names: dict[str, Any],
    caches: list[dict[Any, tuple[Flag, ...]]],
) -> list[str]:
    """A cache by value; for several values, by the first one, remembering the others it was
    last seen with (a date nearly always comes with the same year, month and day, so one
    look-up and a few comparisons settle the row)."""
    cache: dict[Any, Any] = {}
    caches.append(cache)
    names["k%d" % n], names["m%d" % n] = cache, _miss(group, cache, len(where))
    cells = _cells(where)
    on_empty = any(use.on_empty for _check, use in group)
    given = [cell for cell in cells if cell != '""'] or ['""']
    lines = [] if on_empty else ["    if %s:" % " or ".join(given)]
    pad = "    " if on_empty else "        "
    if len(cells) == 1:
        return lines + [
            pad + "w = %s" % cells[0],
            pad + "r = k%d.get(w)" % n,
            pad + "if r is None:",
            pad + "    r = m%d(w)" % n,
            pad + "if r:",
            pad + "    " + _ADD,
        ]
    if len(cells) == 2:  # a pair (value and unit): a tuple is cheap to make and to look up
        names["m%d" % n] = _miss(group, cache, 1)
        return lines + [
            pad + "w = (%s, %s)" % (cells[0], cells[1]),
            pad + "r = k%d.get(w)" % n,
            pad + "if r is None:",
            pad + "    r = m%d(w)" % n,
            pad + "if r:",
            pad + "    " + _ADD,
        ]
    differs = " or ".join("e[%d] != %s" % (i, cell) for i, cell in enumerate(cells[1:]))
    return lines + [
        pad + "e = k%d.get(%s)" % (n, cells[0]),
        pad + "if e is None or %s:" % differs,
        pad + "    e = m%d(%s)" % (n, ", ".join(cells)),
        pad + "r = e[-1]",
        pad + "if r:",
        pad + "    " + _ADD,
    ]


def _miss(group: list[Planned], cache: dict[Any, Any], width: int) -> Callable[..., Any]:
    """What a cache miss runs: every test of the group; the result is remembered (for several
    values, with the values after the first, and by all the values, so that a value seen with
    alternating companions, such as a number with several units, is not tested again)."""

    def flags_of(read: tuple[str, ...]) -> tuple[Flag, ...]:
        flags: list[Flag] = []
        for check, use in group:
            args = read[: len(use.terms)]  # a use of the first value alone takes only it
            if use.on_empty or any(args):
                flags += _flags(check, use, use.test(*args))
        if len(cache) >= CACHE_SIZE:
            cache.clear()
        return tuple(flags)

    if width == 1:  # keyed by the value, or by the tuple of a pair

        def miss_one(key: Any) -> tuple[Flag, ...]:
            result = cache[key] = flags_of(key if isinstance(key, tuple) else (key,))
            return result

        return miss_one

    whole: dict[tuple[str, ...], tuple[Flag, ...]] = {}  # when the others vary (units)

    def miss(*read: str) -> tuple[Any, ...]:
        flags = whole.get(read)
        if flags is None:
            if len(whole) >= CACHE_SIZE:
                whole.clear()
            flags = whole[read] = flags_of(read)
        entry = cache[read[0]] = (*read[1:], flags)
        return entry

    return miss


def _guarded_lines(
    first: int, where: tuple[int, ...], group: list[Planned], names: dict[str, Any]
) -> list[str]:
    """Uses reading the same values: when every guard holds, none of their tests runs."""
    cells = _cells(where)
    given = [cell for cell in cells if cell != '""'] or ['""']
    on_empty = any(use.on_empty for _check, use in group)
    guards = [_guard(use, cells) for _check, use in group]
    lines = [] if on_empty else ["    if %s:" % " or ".join(given)]
    pad = "    " if on_empty else "        "
    if len(group) > 1 and all(guards):
        lines += _try(pad, _hoisted(guards)) + [pad + "if not ok:"]
        pad += "    "
    for n, ((check, use), guard) in enumerate(zip(group, guards, strict=True), start=first):
        names["t%d" % n] = _run_test(check, use)
        inner = pad
        if not use.on_empty and on_empty:
            lines += [inner + "if %s:" % " or ".join(given)]
            inner += "    "
        if guard:
            lines += _try(inner, guard) + [inner + "if not ok:"]
            inner += "    "
        lines += [
            inner + "r = t%d(%s)" % (n, ", ".join(cells)),
            inner + "if r:",
            inner + "    " + _ADD,
        ]
    return lines


_FLOAT = re.compile(r"float\(c\[(\d+)\]\)")


def _hoisted(guards: list[str]) -> str:
    """The guards joined by ``and``, each ``float(c[i])`` of the first guard parsed once
    when that guard is a plain ``and`` chain (then anything after it runs only once all of
    it ran, so the names are bound)."""
    joined = " and ".join("(%s)" % g for g in guards)
    first = guards[0]
    if " or " in first or " if " in first:
        return joined
    bound: set[str] = set()

    def once(match: re.Match[str]) -> str:
        name = "f" + match.group(1)
        if name in bound:
            return name
        bound.add(name)
        return "(%s := %s)" % (name, match.group(0))

    return _FLOAT.sub(once, first) + "".join(
        " and (%s)"
        % _FLOAT.sub(lambda m: "f" + m.group(1) if "f" + m.group(1) in bound else m.group(0), g)
        for g in guards[1:]
    )


def _guard(use: Use, cells: list[str]) -> str:
    guard = use.guard or ""
    for i, cell in reversed(list(enumerate(cells))):
        guard = guard.replace("v%d" % i, cell)
    return guard


def _try(pad: str, expression: str) -> list[str]:
    return [
        pad + "try:",
        pad + "    ok = %s" % expression,
        pad + "except ValueError:",
        pad + "    ok = False",
    ]


def _run_test(check: Check, use: Use) -> Callable[..., tuple[Flag, ...]]:
    def run(*read: str) -> tuple[Flag, ...]:
        return tuple(_flags(check, use, use.test(*read)))

    return run


def _scan_lines(scans: list[tuple[int, Planned]], names: dict[str, Any]) -> list[str]:
    tokens = frozenset().union(*(use.scan or () for _at, (_check, use) in scans))
    names["S"] = tokens

    def scan(cells: Sequence[str]) -> tuple[Flag, ...]:
        flags = []
        for position, (check, use) in scans:
            value = cells[position]
            if use.scan is not None and value in use.scan:
                flags += _flags(check, use, use.test(value))
        return tuple(flags)

    names["scan"] = scan
    return [
        "    if not S.isdisjoint(c):",
        "        r = scan(c)",
        "        if r:",
        "            fl = r if fl is None else fl + r",
    ]


def _picker(keys: tuple[str, ...]) -> Callable[[Any], tuple[str, ...]]:
    """A function giving the values at ``keys`` of a row, as a tuple (C speed)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return itemgetter(*keys) if keys else lambda row: ()
