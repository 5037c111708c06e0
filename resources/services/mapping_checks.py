"""What breaks a rule in a mapping's values, before any publication.

The archive builder's own row checks (``resources.quality.rows``) run over the rows this
mapping writes, built as publication builds its archive file, so the mapping page, the API
``…/checks`` and the publication report count the same things. Every row is checked for
sources up to ``ALL_ROWS_MAX`` rows, the first ``ALL_ROWS_MAX`` otherwise (the result says
which). Results are cached per mapping definition and source state.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext as _

from catalogue.selectors import vocabulary_links
from catalogue.services.store import as_vocabulary
from core.errors import UserError
from resources import error_codes as codes
from resources.mapping import match_vocabulary
from resources.models import ExtensionMapping
from resources.quality.rows import Flag, RowChecks

from .mappings import gbif_notes, mapping_definition, mapping_missing_required
from .publication.archive import mapping_archive_file

ALL_ROWS_MAX = 100_000  # rows checked; a longer source is checked on its first rows
EXAMPLES = 5  # distinct example values per term and check
SUGGESTED_MAX = 50  # distinct flagged values per term and check offered a translation
CACHE_SECONDS = 3600  # a bound on staleness after a vocabulary changes in the catalogue
# Checks about a vocabulary-backed term's own value: an unmatched value may be a concept
# written differently, which the vocabulary matcher can suggest.
VOCABULARY_CHECKS = frozenset({"vocabulary-value", "basis-of-record-unknown"})


@dataclass
class _Entry:
    """One check on one term: how many rows it flagged and the distinct values seen."""

    check: str
    severity: str
    message: str
    count: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # value -> first line
    suggestions: dict[str, str] = field(default_factory=dict)  # from the flags

    def add(self, flag: Flag, line: int) -> None:
        self.count += 1
        if flag.value in self.lines or len(self.lines) >= SUGGESTED_MAX:
            return
        self.lines[flag.value] = line
        suggestion = getattr(flag, "suggestion", None)
        if suggestion is not None and suggestion != flag.value:
            self.suggestions[flag.value] = suggestion


@dataclass
class _Tally:
    """Everything the row checks found in the rows read so far."""

    rows: int = 0
    all_rows: bool = True
    entries: dict[tuple[str, str], _Entry] = field(default_factory=dict)

    def add(self, flag: Flag, line: int) -> None:
        key = (flag.term, flag.check)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = _Entry(flag.check, flag.severity, flag.message)
        entry.add(flag, line)


def mapping_checks(mapping: ExtensionMapping) -> dict:
    """What is wrong with the mapping's values, by the rules publication applies: per mapped
    term and check, the count, severity, message, a few example values with their source
    lines and the suggested translations; the checks of the file as a whole; which rows were
    checked; required terms left unmapped; and what GBIF would drop. Cached until the
    mapping or its source changes."""
    key = _cache_key(mapping)
    found = cache.get(key)
    if found is None:
        found = _checked(mapping)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _cache_key(mapping: ExtensionMapping) -> str:
    source = mapping.source
    state = {
        "definition": mapping_definition(mapping),
        "extension": [mapping.extension_id, str(mapping.extension.updated_at)],
        "source": source
        and [source.pk, source.sha256, source.size, str(source.modified), source.spec],
    }
    digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
    return "mapping-checks:%d:%s" % (mapping.pk, digest)


def _checked(mapping: ExtensionMapping) -> dict:
    if mapping.source is None:
        raise UserError(_("This mapping has no source any more."), code=codes.MAPPING_SOURCE)
    file = mapping_archive_file(mapping)
    checks = RowChecks(file)
    tally = _tally(checks, (row for part in file.parts for row in part.rows()))
    vocabularies = _vocabularies(mapping, {term for term, _check in tally.entries})
    return {
        "scope": {
            "all_rows": tally.all_rows,
            "rows_checked": tally.rows,
            "source_rows": mapping.source.row_count,
        },
        "terms": _terms(tally, vocabularies),
        "file_checks": [_file_check(flag) for flag in checks.file_flags()],
        "required_unmapped": mapping_missing_required(mapping),
        "vocabulary_problems": _vocabulary_problems(tally, vocabularies),
        "gbif": gbif_notes(mapping),
    }


def _tally(checks: RowChecks, rows: Iterable) -> _Tally:
    """Run the checks over at most ``ALL_ROWS_MAX`` written rows (rows without id and
    values are left out, as the archive leaves them out)."""
    tally = _Tally()
    check = checks.check_cells
    for line, row_id, cells in rows:
        if not row_id and not any(cells):
            continue
        if tally.rows == ALL_ROWS_MAX:
            tally.all_rows = False
            break
        tally.rows += 1
        for flag in check(cells):
            tally.add(flag, line)
    return tally


def _vocabularies(mapping: ExtensionMapping, terms: set[str]) -> dict:
    """The installed vocabulary of each flagged term that has one."""
    properties = mapping.extension.properties.filter(qual_name__in=terms).exclude(thesaurus="")
    links = vocabulary_links({p.thesaurus for p in properties})
    return {p.qual_name: links[p.thesaurus] for p in properties if p.thesaurus in links}


def _suggestions(entry: _Entry, vocabulary) -> dict[str, str]:
    """Flagged value -> the value to translate it to: the check's own suggestion, else the
    vocabulary's concept for a value the vocabulary checks refused."""
    found = dict(entry.suggestions)
    if vocabulary is not None and entry.check in VOCABULARY_CHECKS:
        open_values = [v for v in entry.lines if v not in found]
        matched = match_vocabulary(open_values, as_vocabulary(vocabulary)).matched
        found.update({v: c for v, c in matched.items() if c != v})
    return found


def _terms(tally: _Tally, vocabularies: dict) -> dict[str, list[dict]]:
    """Per term ("" for a row as a whole), its checks that flagged something, most first."""
    terms: dict[str, list[dict]] = {}
    for (term, _check), entry in tally.entries.items():
        suggestions = _suggestions(entry, vocabularies.get(term))
        examples = list(entry.lines.items())[:EXAMPLES]
        terms.setdefault(term, []).append(
            {
                "check": entry.check,
                "severity": entry.severity,
                "message": entry.message,
                "count": entry.count,
                "examples": [
                    {"value": value, "line": line, "suggestion": suggestions.get(value)}
                    for value, line in examples
                ],
                "translations": suggestions,
            }
        )
    for found in terms.values():
        found.sort(key=lambda c: (c["severity"] != "error", -c["count"], c["check"]))
    return terms


def _file_check(flag: Flag) -> dict:
    return {
        "check": flag.check,
        "severity": flag.severity,
        "term": flag.term,
        "message": flag.message,
    }


def _vocabulary_problems(tally: _Tally, vocabularies: dict) -> dict[str, dict]:
    """The earlier shape of vocabulary findings: per term, the values outside it and the
    concepts they probably mean."""
    problems: dict[str, dict] = {}
    for (term, _check), entry in tally.entries.items():
        if entry.check not in VOCABULARY_CHECKS:
            continue
        found = problems.setdefault(term, {"values": [], "suggested": {}})
        found["values"] = sorted(set(found["values"]) | set(entry.lines))
        found["suggested"].update(_suggestions(entry, vocabularies.get(term)))
    return problems
