"""The publication report: counts per check, sample rows, and every flagged row in a file.

Severities, titles and messages come from the checks' declarations
(``resources.quality.declarations``; the builder's own checks are in
``resources.quality.crossrow``). An entry's ``message`` is the check's title, or for a
finding about a whole file (``add_total``) the filled message; each sample and flagged row
carries its own filled message. ``info`` entries count neither as errors nor as warnings.
"""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resources.quality.declarations import CHECKS, ERROR, INFO, WARNING, message_of

FLAGGED_HEADER = "file\tsource\tline\tcheck\tseverity\tterm\tvalue\tmessage\n"

_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass
class ReportState:
    """A report's findings without its file: entries by (file, check), errors and rows
    dropped as orphans."""

    entries: dict[tuple[str, str], dict[str, Any]]
    errors: int
    dropped_orphans: int


def _severity(check: str, given: str) -> str:
    declared = CHECKS.get(check)
    return declared.severity if declared is not None else given


def _title(check: str, given: str) -> str:
    declared = CHECKS.get(check)
    return declared.title if declared is not None else given


class Report:
    """Collects findings: a count per (file, check), the first ``sample_cap`` rows of each,
    and every flagged row in a gzipped TSV (``flagged``)."""

    def __init__(self, flagged: Path, *, sample_cap: int = 20, header: bool = True) -> None:
        self.flagged = flagged
        self.sample_cap = sample_cap
        # Open for the whole build; close() ends it (build_archive calls it in all cases).
        self._out = self._open("wt")
        if header:
            self._out.write(FLAGGED_HEADER)
        self._entries: dict[tuple[str, str], dict[str, Any]] = {}
        self.errors = 0
        self.dropped_orphans = 0

    def _entry(self, file: str, check: str, severity: str, heading: str) -> dict[str, Any]:
        key = (file, check)
        entry = self._entries.get(key)
        if entry is None:
            title = _title(check, heading)
            entry = self._entries[key] = {
                "check": check,
                "severity": _severity(check, severity),
                "file": file,
                "title": title,
                "message": title,
                "count": 0,
                "samples": [],
            }
        return entry

    def expect(self, file: str, check: str, severity: str = "", text: str = "") -> None:
        """List a check that ran, so the report shows it even with no hits. A declared check
        takes its severity and title from its declaration; ``severity`` and ``text`` serve
        only checks not declared."""
        self._entry(file, check, severity, text)

    def add(
        self,
        *,
        file: str,
        source: str,
        line: int,
        check: str,
        severity: str,
        term: str,
        value: str,
        text: str,
    ) -> None:
        """Record one flagged row (a declared check's severity wins over ``severity``)."""
        entry = self._entry(file, check, severity, text)
        severity = entry["severity"]
        entry["count"] += 1
        if severity == ERROR:
            self.errors += 1
        if len(entry["samples"]) < self.sample_cap:
            entry["samples"].append(
                {
                    "file": file,
                    "source": source,
                    "line": line,
                    "term": term,
                    "value": value,
                    "message": text,
                }
            )
        row = "\t".join((file, source, str(line), check, severity, term, value, text))
        if row.count("\t") != 7 or "\n" in row or "\r" in row:  # rare: clean each cell
            cells = (file, source, str(line), check, severity, term, value, text)
            row = "\t".join(_clean(c) for c in cells)
        self._out.write(row + "\n")

    def add_total(
        self, *, file: str, check: str, count: int, value: str = "", **params: str
    ) -> None:
        """Record a finding about a whole file (a count, not rows); the entry's message is
        the declared message filled with ``value`` (the count when empty) and ``params``."""
        entry = self._entry(file, check, "", "")
        entry["message"] = message_of(check, value or str(count), **params)
        entry["count"] += count
        if entry["severity"] == ERROR:
            self.errors += count

    def add_builder(
        self,
        *,
        file: str,
        source: str,
        line: int,
        check: str,
        value: str,
        term: str = "",
        **params: str,
    ) -> None:
        """Record one flagged row for a declared check, its message filled with ``value``,
        ``term`` and ``params``."""
        self.add(
            file=file,
            source=source,
            line=line,
            check=check,
            severity="",
            term=term,
            value=value,
            text=message_of(check, value, term, **params),
        )

    def state(self) -> ReportState:
        """What ``absorb`` needs of this report (a task's, in another process)."""
        return ReportState(self._entries, self.errors, self.dropped_orphans)

    def absorb(self, other: ReportState, flagged: Path) -> None:
        """Add a task's findings after those found so far (samples keep the order of the
        rows) and append its flagged rows (``flagged``, without header; removed here)."""
        for (file, check), theirs in other.entries.items():
            entry = self._entry(file, check, theirs["severity"], theirs["title"])
            entry["count"] += theirs["count"]
            room = self.sample_cap - len(entry["samples"])
            if room > 0:
                entry["samples"].extend(theirs["samples"][:room])
            if theirs["message"] != theirs["title"]:
                entry["message"] = theirs["message"]
        self.errors += other.errors
        self.dropped_orphans += other.dropped_orphans
        # A gzip file may hold several members, read as one: the task's is appended as it
        # is, between the member written so far and a new one for what follows.
        self._out.close()
        with flagged.open("rb") as rows, self.flagged.open("ab") as out:
            shutil.copyfileobj(rows, out, 1 << 20)
        flagged.unlink()
        self._out = self._open("at")

    def _open(self, mode: str) -> Any:
        return gzip.open(self.flagged, mode, encoding="utf-8", compresslevel=1, newline="")

    def count(self, file: str, check: str) -> int:
        """How many rows of ``file`` the check flagged so far."""
        entry = self._entries.get((file, check))
        return entry["count"] if entry else 0

    def close(self) -> None:
        """Finish the flagged-rows file."""
        self._out.close()

    @property
    def ok(self) -> bool:
        """No blocking problem found."""
        return self.errors == 0

    def to_dict(self, counts: dict[str, int]) -> dict[str, Any]:
        """The JSON report: errors first, then warnings, each by file and check."""
        checks = sorted(
            self._entries.values(),
            key=lambda e: (
                _RANK.get(e["severity"], 1),
                e["count"] == 0,
                e["file"],
                e["check"],
            ),
        )
        return {
            "ok": self.ok,
            "counts": counts,
            "errors": self.errors,
            "warnings": sum(e["count"] for e in checks if e["severity"] == WARNING),
            "dropped_orphans": self.dropped_orphans,
            "checks": checks,
        }


def _clean(cell: str) -> str:
    return cell.replace("\t", " ").replace("\n", " ").replace("\r", " ")
