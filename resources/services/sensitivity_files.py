"""Lists of sensitive taxa as publishers write them: an uploaded table (CSV, TSV, Excel) or
lines typed on the page. Both give ``Taxon`` objects of the engine
(``resources.sensitivity.policy``); a problem is a ``UserError`` naming file, line and
column.

An uploaded table has a header row; the names of its columns (case, spaces, ``_`` and ``-``
do not matter):

- ``scientificName`` (or ``name``): the taxon, authorship allowed; required;
- ``taxonRank`` (or ``rank``): optional;
- ``synonyms``: optional, several separated by ``|``;
- ``action``: optional, the taxon's own action (``withhold``, ``coordinates``,
  ``identification``, ``fields``); empty: the policy's default;
- ``grid`` (for ``coordinates``: ``0.01``, ``0.1``, ``1``, ``<N>km``, ``decimals:<k>``),
  ``toRank`` (or ``rank-to``; for ``identification``: genus when empty) and ``fields`` (for
  ``fields``: term names separated by ``|`` or ``,``).

A typed line reads ``name``, ``name | rank`` or ``name | rank | synonym | synonym …``.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop

from core.errors import Text, UserError, located
from resources import error_codes as codes
from resources.sensitivity.policy import MAX_TAXA, Action, PolicyError, Taxon
from resources.sources.detect import sniff
from resources.sources.errors import SourceError
from resources.sources.reader import open_table

from .sources import source_error_text

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = MAX_TAXA

# Accepted header names, compared after ``_key`` (lower case, no spaces, '_' or '-').
HEADERS = {
    "name": ("scientificname", "name", "taxon", "taxonname"),
    "rank": ("taxonrank", "rank"),
    "synonyms": ("synonyms", "synonym"),
    "action": ("action", "kind"),
    "grid": ("grid",),
    "to_rank": ("torank", "rankto", "generaliseto", "generalizeto"),
    "fields": ("fields", "withheld", "withhold"),
}


def _key(header: str) -> str:
    return "".join(c for c in header.strip().lower() if c not in " _-")


def _error(
    message: str | Text,
    filename: str,
    line: int | None = None,
    column: int | None = None,
    **params: Any,
) -> UserError:
    text = message if isinstance(message, Text) else Text(message, params)
    return UserError(
        located(text, filename, line, column),
        code=codes.SENSITIVITY_FILE,
        details={"file": filename, "line": line, "column": column},
    )


def taxa_parse(data: bytes, filename: str) -> list[Taxon]:
    """The taxa of an uploaded list (format recognised from its content); at most
    ``MAX_BYTES`` and ``MAX_ROWS``. Blank rows are skipped; a bad row raises ``UserError``
    naming file, line and column."""
    if not data.strip():
        raise _error(gettext_noop("The file is empty."), filename)
    if len(data) > MAX_BYTES:
        raise _error(
            gettext_noop("The file is larger than %(limit)s MB; split the list."),
            filename,
            limit=MAX_BYTES // (1024 * 1024),
        )
    folder = Path(tempfile.mkdtemp(prefix="taxa-"))
    try:
        path = folder / "upload"
        path.write_bytes(data)
        return list(_table_taxa(path, filename))
    except SourceError as exc:
        raise UserError(
            source_error_text(exc),
            code=codes.SENSITIVITY_FILE,
            details={"file": exc.file, "line": exc.line, "column": exc.column},
        ) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _table_taxa(path: Path, filename: str) -> Iterator[Taxon]:
    spec = sniff(path, filename).spec
    spec.text.header = True
    table = open_table(path, spec, filename=filename)
    where = _columns(table.columns, filename, spec.text.skip_lines + 1)
    count = 0
    for row in table.rows():
        values = [v.strip() for v in row.values]
        if not any(values):
            continue
        count += 1
        if count > MAX_ROWS:
            raise _error(
                gettext_noop("The list holds more than %(limit)s taxa."),
                filename,
                row.line,
                limit=MAX_ROWS,
            )
        yield _row_taxon(values, where, filename, row.line)


def _columns(columns: list[str], filename: str, line: int) -> dict[str, int]:
    """Which column (0-based) holds what; the name column is required."""
    found: dict[str, int] = {}
    for index, header in enumerate(columns):
        for what, names in HEADERS.items():
            if _key(header) in names and what not in found:
                found[what] = index
    if "name" not in found:
        raise _error(
            gettext_noop(
                "No scientificName column: the first row must name the columns "
                "(scientificName, taxonRank, synonyms, action, grid, toRank, fields)."
            ),
            filename,
            line,
        )
    return found


def _cell(values: list[str], where: dict[str, int], what: str) -> str:
    index = where.get(what)
    return values[index] if index is not None and index < len(values) else ""


def _row_taxon(values: list[str], where: dict[str, int], filename: str, line: int) -> Taxon:
    name = _cell(values, where, "name")
    if not name:
        raise _error(
            gettext_noop("The scientific name is empty."), filename, line, where["name"] + 1
        )
    synonyms = [s.strip() for s in _cell(values, where, "synonyms").split("|")]
    data: dict[str, Any] = {
        "name": name,
        "rank": _cell(values, where, "rank"),
        "synonyms": [s for s in synonyms if s],
    }
    kind = _cell(values, where, "action").lower()
    if kind:
        data["action"] = {
            "kind": kind,
            "grid": _cell(values, where, "grid"),
            "rank": _cell(values, where, "to_rank"),
            "fields": _split_fields(_cell(values, where, "fields")),
        }
    try:
        return Taxon.from_json(data)
    except PolicyError as exc:
        column = where.get(_column_of(exc.field, "action" if kind else "name"))
        raise _error(
            policy_problem(exc), filename, line, None if column is None else column + 1
        ) from exc


def _split_fields(cell: str) -> list[str]:
    return [f.strip() for f in cell.replace(",", "|").split("|") if f.strip()]


def _column_of(field: str, fallback: str) -> str:
    last = field.rsplit(".", 1)[-1]
    return {"grid": "grid", "rank": "to_rank", "fields": "fields", "kind": "action"}.get(
        last, "synonyms" if last == "synonyms" else fallback
    )


# --- the engine's messages, translated ---------------------------------------------------------

_PROBLEMS = {
    "kind": gettext_noop("Unknown action; use withhold, coordinates, identification or fields."),
    "grid": gettext_noop("Unknown grid; use 0.01, 0.1 or 1 (degrees), <N>km, or decimals:<0-4>."),
    "rank": gettext_noop("Unknown rank; use kingdom, phylum, class, order, family or genus."),
    "fields": gettext_noop("Name at least one term to withhold."),
    "synonyms": gettext_noop("Synonyms are a list of names."),
    "action": gettext_noop("An action is an object with a kind."),
    "default": gettext_noop("An action is an object with a kind."),
    "taxa": gettext_noop("The taxa are a list of at most 100,000 taxa."),
}
_TAXON = gettext_noop("A taxon needs a scientific name (at most 500 characters).")
_POLICY = gettext_noop("A policy is an object with taxa and a default action.")


def policy_problem(exc: PolicyError) -> Text:
    """What the engine found wrong, as a translatable text (the engine speaks English)."""
    field = exc.field
    if not field:
        return Text(_POLICY)
    last = field.rsplit(".", 1)[-1]
    if last in _PROBLEMS:
        return Text(_PROBLEMS[last])
    return Text(_TAXON)


def taxa_from_lines(text: str, *, keep: list[Taxon] | None = None) -> list[Taxon]:
    """The taxa typed one per line (``name | rank | synonym | …``); blank lines skipped. A
    taxon of ``keep`` with the same name keeps its own action."""
    actions = {t.name: t.action for t in keep or [] if t.action is not None}
    taxa: list[Taxon] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            if any(parts):
                raise UserError(
                    located(Text(gettext_noop("The scientific name is empty.")), None, number, 1),
                    code=codes.SENSITIVITY_POLICY,
                    details={"field": "taxa", "line": number},
                )
            continue
        name = parts[0]
        rank = parts[1].lower() if len(parts) > 1 else ""
        synonyms = tuple(p for p in parts[2:] if p)
        taxa.append(Taxon(name, rank, synonyms, actions.get(name)))
    if len(taxa) > MAX_TAXA:
        raise UserError(Text(_PROBLEMS["taxa"]), code=codes.SENSITIVITY_POLICY)
    return taxa


def taxa_as_lines(taxa: list[Taxon]) -> str:
    """The typed form of ``taxa`` (``taxa_from_lines`` reads it back)."""
    lines = []
    for taxon in taxa:
        parts = [taxon.name]
        if taxon.rank or taxon.synonyms:
            parts.append(taxon.rank)
        parts.extend(taxon.synonyms)
        lines.append(" | ".join(parts))
    return "\n".join(lines)


def action_of(data: Any, where: str = "default") -> Action:
    """An action from its JSON form, or a ``UserError`` naming the field."""
    try:
        return Action.from_json(data, where)
    except PolicyError as exc:
        raise policy_error(exc) from exc


def policy_error(exc: PolicyError) -> UserError:
    """The engine's refusal as a user error naming the field (``taxa[3].action.grid``)."""
    message = policy_problem(exc)
    if exc.field:
        message = Text(
            gettext_noop("%(field)s: %(problem)s"), {"field": exc.field, "problem": message}
        )
    return UserError(message, code=codes.SENSITIVITY_POLICY, details={"field": exc.field})
