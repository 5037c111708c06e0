"""The publication report: counts per check, sample rows, and every flagged row in a file."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

FLAGGED_HEADER = "file\tsource\tline\tcheck\tseverity\tterm\tvalue\tmessage\n"

# Checks made across rows by the builder (the per-row ones are in checks.CHECKS).
ERROR, WARNING = "error", "warning"
MESSAGES = {
    "core-missing": (ERROR, "The archive has no core file: map the core first."),
    "core-id-missing": (
        ERROR,
        "A core row has no id; every core row needs one when the "
        "archive has extensions or the id is mapped.",
    ),
    "core-id-duplicate": (ERROR, "The core id %(value)s is used by more than one row."),
    "extension-id-missing": (ERROR, "An extension row has no core id."),
    "orphan-row": (
        ERROR,
        "The core id %(value)s of this extension row is not in the core; "
        "GBIF would drop the row. Fix the id, or publish leaving out "
        "orphan rows.",
    ),
    "orphan-row-dropped": (WARNING, "Left out: the core id %(value)s is not in the core."),
    "occurrence-id-duplicate": (
        ERROR,
        "The occurrenceID %(value)s is used by more than one row; GBIF refuses such archives.",
    ),
    "parent-event-unknown": (ERROR, "The parentEventID %(value)s names no event of the core."),
    "parent-event-cycle": (
        ERROR,
        "The parentEventID chain of event %(value)s loops back on itself.",
    ),
    "occurrence-id-vanished": (
        WARNING,
        "%(value)s occurrenceIDs of the previous version are "
        "gone; GBIF stops ingesting when more than half "
        "change.",
    ),
    "records-dropped": (WARNING, "%(value)s records fewer than in the previous version."),
    "empty-row-skipped": (WARNING, "A row with no values was left out."),
    "value-sanitised": (WARNING, "A tab or line break inside %(value)s was replaced by a space."),
}


def message(check: str, value: str) -> str:
    """The message of a builder check with its value filled in."""
    return MESSAGES[check][1] % {"value": value}


class Report:
    """Collects findings: a count per (file, check), the first ``sample_cap`` rows of each,
    and every flagged row in a gzipped TSV (``flagged``)."""

    def __init__(self, flagged: Path, *, sample_cap: int = 20) -> None:
        self.flagged = flagged
        self.sample_cap = sample_cap
        # Open for the whole build; close() ends it (build_archive calls it in all cases).
        self._out = gzip.open(  # noqa: SIM115
            flagged,
            "wt",
            encoding="utf-8",
            compresslevel=1,
            newline="",
        )
        self._out.write(FLAGGED_HEADER)
        self._entries: dict[tuple[str, str], dict[str, Any]] = {}
        self.errors = 0
        self.dropped_orphans = 0

    def _entry(self, file: str, check: str, severity: str, text: str) -> dict[str, Any]:
        key = (file, check)
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = {
                "check": check,
                "severity": severity,
                "file": file,
                "message": text,
                "count": 0,
                "samples": [],
            }
        return entry

    def expect(self, file: str, check: str, severity: str, text: str) -> None:
        """List a check that ran, so the report shows it even with no hits."""
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
        """Record one flagged row."""
        entry = self._entry(file, check, severity, text)
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
        cells = (file, source, str(line), check, severity, term, value, text)
        self._out.write("\t".join(_clean(c) for c in cells) + "\n")

    def add_total(self, *, file: str, check: str, count: int, value: str = "") -> None:
        """Record a finding about a whole file (a count, not rows)."""
        severity, _text = MESSAGES[check]
        entry = self._entry(file, check, severity, message(check, value or str(count)))
        entry["count"] += count
        if severity == ERROR:
            self.errors += count

    def add_builder(
        self, *, file: str, source: str, line: int, check: str, value: str, term: str = ""
    ) -> None:
        """Record one flagged row for a builder check (message from ``MESSAGES``)."""
        severity, _text = MESSAGES[check]
        self.add(
            file=file,
            source=source,
            line=line,
            check=check,
            severity=severity,
            term=term,
            value=value,
            text=message(check, value),
        )

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
            key=lambda e: (e["severity"] != ERROR, e["count"] == 0, e["file"], e["check"]),
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
