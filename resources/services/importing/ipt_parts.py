"""The sources and mappings of an IPT resource, made ours (used by ``ipt``).

IPT mappings address columns by position; ours by name, so each position becomes the name
the source's analysis gives that column. What has no equivalent here is left out and said
in the notes: generated ids (line number, UUID), id suffixes, "DOI as datasetID", SQL
sources on database systems this publisher does not read, terms the extension lacks.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from catalogue.models import Extension
from core.crypto import encrypt
from core.errors import UserError
from core.services.tmp import tmp_dir
from core.urlauth import url_password_split
from resources.ipt.folder import source_file
from resources.ipt.model import IptField, IptMapping, IptResource, IptSource
from resources.ipt.resource_xml import id_generator
from resources.models import Resource, Source, SourceKind
from resources.sources.detect import detect_format
from resources.sources.errors import SourceError
from resources.sources.model import SHEET_FORMATS, FileSpec, TextOptions
from resources.sources.reader import list_sheets
from resources.sources.sql import SUPPORTED, redact

from ..mappings import mapping_create
from ..publication.archive import DELIMITER_KEY
from ..source_positions import placeholder_columns
from ..sources import source_add_file, source_name

logger = logging.getLogger(__name__)

# IPT database systems (jdbc.properties keys) this publisher can read, as URL schemes.
# The IPT's database systems (its jdbc.properties) read here; Oracle and Sybase await
# replacement.
SQL_SCHEMES = {
    "postgres": "postgresql",
    "postgresql": "postgresql",
    "duckdb": "duckdb",
    "mysql": "mysql",
    "mariadb": "mysql",
    "mssql": "mssql",
    "sqlserver": "mssql",
}
OPS = {"IsNULL": "empty", "IsNotNULL": "not_empty", "Equals": "equals", "NotEquals": "not_equals"}


def ipt_sources_add(
    resource: Resource, ipt: IptResource, folder: Path, notes: list[str]
) -> dict[str, Source]:
    """Create the sources the folder has files for and the SQL sources (those on systems not
    read here await replacement, with the columns their mappings use); returns them by IPT
    source name. Unreadable sources are noted."""
    created: dict[str, Source] = {}
    for item in ipt.sources:
        try:
            source = _add(resource, item, folder, notes, set(created.values()), _width(ipt, item))
        except UserError as exc:
            notes.append(
                _("Source %(name)s was not imported: %(error)s")
                % {"name": item.name, "error": exc.message}
            )
            continue
        if source is not None:
            created[item.name] = source
    return created


def _width(ipt: IptResource, item: IptSource) -> int:
    """How many columns the source has: as the IPT counted, or as its mappings use."""
    used = [item.columns or 0]
    for mapping in (m for m in ipt.mappings if m.source == item.name):
        used += [f.index + 1 for f in mapping.fields if f.index is not None]
        if mapping.id_column is not None and mapping.id_column >= 0:
            used.append(mapping.id_column + 1)
        if mapping.filter is not None:
            used.append(mapping.filter.column + 1)
    return max(used)


def _add(
    resource: Resource,
    item: IptSource,
    folder: Path,
    notes: list[str],
    taken: set[Source],
    width: int,
) -> Source | None:
    if item.kind == "sql":
        return _add_sql(resource, item, notes, width)
    path = source_file(folder, item.name, item.kind)
    if path is None:
        notes.append(
            _(
                "Source %(name)s was not imported: its file is not in the folder "
                "(sources/%(name)s.*)."
            )
            % {"name": item.name}
        )
        return None
    name = _free_name(source_name(item.name), {s.name for s in taken})
    with _named_for(path, item) as readable:
        source = source_add_file(
            resource=resource, path=readable, name=name, spec=_spec(item, readable)
        )
    changes: dict[str, Any] = {}
    if item.multi_value_delimiter:
        changes["spec"] = {**source.spec, DELIMITER_KEY: item.multi_value_delimiter}
    if item.kind == "url":
        url, password = url_password_split(item.url)
        secret = encrypt(password) if password else ""
        changes |= {"kind": SourceKind.URL, "url": url, "keep_cached": True}
        changes |= {"url_password_encrypted": secret}
        notes.append(
            _(
                "URL source %(name)s was imported with the copy the IPT had "
                "downloaded; refresh it to download %(url)s again."
            )
            % {"name": item.name, "url": url}
        )
    if changes:
        Source.objects.filter(pk=source.pk).update(**changes)
        for key, value in changes.items():
            setattr(source, key, value)
    return source


@contextmanager
def _named_for(path: Path, item: IptSource) -> Iterator[Path]:
    """``path``, or a copy named for its format: the IPT calls every workbook ``.xls``, and
    the workbook readers go by the name."""
    fmt = _format(path) if item.kind == "excel" else "csv"
    if fmt not in SHEET_FORMATS or path.suffix.lower() == "." + fmt:
        yield path
        return
    stage = tmp_dir() / ("ipt-source-" + uuid.uuid4().hex)
    stage.mkdir(parents=True)
    try:
        copy = stage / (path.stem + "." + fmt)
        shutil.copyfile(path, copy)
        yield copy
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _free_name(name: str, taken: set[str]) -> str:
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = "%s_%d" % (name, number)
    return candidate


def _spec(item: IptSource, path: Path) -> FileSpec:
    """The reading options the IPT used: header lines beyond the first are skipped before
    the header (the IPT's ``ignoreHeaderLines`` counts the header itself)."""
    header = item.header_lines > 0
    skip = max(0, item.header_lines - 1)
    if item.kind != "excel":
        return FileSpec(
            format="csv",
            text=TextOptions(
                encoding=item.encoding or "utf-8",
                delimiter=item.delimiter or "\t",
                quotechar=item.quote[:1] or None,
                header=header,
                skip_lines=skip,
            ),
        )
    fmt = _format(path)
    try:
        sheets = list_sheets(path, fmt) if fmt in SHEET_FORMATS else []
    except SourceError as exc:
        raise UserError(str(exc), code=exc.code) from exc
    sheet = sheets[item.sheet_index] if 0 <= item.sheet_index < len(sheets) else None
    return FileSpec(format=fmt, text=TextOptions(header=header, skip_lines=skip), sheet=sheet)


def _format(path: Path) -> str:
    try:
        return detect_format(path, path.name)
    except SourceError as exc:
        raise UserError(str(exc), code=exc.code) from exc


def _add_sql(resource: Resource, item: IptSource, notes: list[str], width: int) -> Source:
    """An SQL source on a system we read is kept without its password (the IPT encrypts
    it). Its columns are known by position until the connection is given again with the
    password, so that its mappings are kept as for a source awaiting replacement."""
    scheme = SQL_SCHEMES.get(item.rdbms)
    if scheme is None or scheme not in SUPPORTED:
        return _add_awaiting(resource, item, notes, width)
    user = (item.username + "@") if item.username else ""
    url = "%s://%s%s/%s" % (scheme, user, item.host, item.database)
    name = source_name(item.name)
    source = Source.objects.create(
        resource=resource,
        name=name,
        kind=SourceKind.SQL,
        sql_query=item.sql,
        sql_url_encrypted=encrypt(url),
        sql_url_redacted=redact(url),
        analysis={"columns": placeholder_columns(width), "row_count": None},
    )
    if width:
        notes.append(
            _(
                "SQL source %(name)s was imported without its password (the IPT keeps it "
                "encrypted): give its connection again, with the password, on the source's "
                "page. Its mappings were kept, by column position."
            )
            % {"name": item.name}
        )
    else:
        notes.append(
            _(
                "SQL source %(name)s was imported without its password (the IPT keeps it "
                "encrypted): enter the password again and analyse the source."
            )
            % {"name": item.name}
        )
    return source


def _add_awaiting(resource: Resource, item: IptSource, notes: list[str], width: int) -> Source:
    """A source on a database system not read here, kept with its query and its columns
    by position, so that its mappings are kept until a file or connection replaces it."""
    where = "%s %s/%s" % (item.rdbms or "?", item.host, item.database)
    source = Source.objects.create(
        resource=resource,
        name=source_name(item.name),
        kind=SourceKind.AWAITING,
        sql_query=item.sql,
        sql_url_redacted="%s://%s/%s" % (item.rdbms or "?", item.host, item.database),
        analysis={"columns": placeholder_columns(width), "row_count": None},
    )
    notes.append(
        _(
            "SQL source %(name)s (%(where)s) awaits replacement: this publisher reads "
            "PostgreSQL, MariaDB, MySQL, SQL Server, SQLite and DuckDB only. Its mappings "
            "were kept, by column position; replace it with a file of the query's result "
            "(columns in the same order) or with a supported database connection."
        )
        % {"name": item.name, "where": where}
    )
    return source


# --- mappings ----------------------------------------------------------------------------


def ipt_mappings_add(
    resource: Resource, ipt: IptResource, sources: dict[str, Source], notes: list[str]
) -> dict[str, int]:
    """Create the mappings whose source and extension exist here; returns the rows mapped
    per row type (the sources' row counts)."""
    counts: dict[str, int] = {}
    for mapping in ipt.mappings:
        source = sources.get(mapping.source or "")
        label = "%s (%s)" % (_short(mapping.row_type), mapping.source or "-")
        if source is None:
            notes.append(
                _("The mapping %(mapping)s was not imported: its source was not imported.")
                % {"mapping": label}
            )
            continue
        if not source.columns:
            notes.append(
                _(
                    "The mapping %(mapping)s was not imported: the columns of its "
                    "source are not known yet; map it again once the source has been "
                    "analysed."
                )
                % {"mapping": label}
            )
            continue
        extension = Extension.objects.filter(row_type=mapping.row_type).first()
        if extension is None:
            notes.append(
                _(
                    "The mapping %(mapping)s was not imported: the extension "
                    "%(row_type)s is not installed."
                )
                % {"mapping": label, "row_type": mapping.row_type}
            )
            continue
        definition = _definition(mapping, source.columns, extension, label, notes)
        try:
            mapping_create(
                resource=resource, source=source, extension=extension, definition=definition
            )
        except UserError as exc:
            notes.append(
                _("The mapping %(mapping)s was not imported: %(error)s")
                % {"mapping": label, "error": exc.message}
            )
            continue
        counts[mapping.row_type] = counts.get(mapping.row_type, 0) + (source.row_count or 0)
    return counts


def _short(term: str) -> str:
    return term.rstrip("/").rsplit("/", 1)[-1] or term


def _definition(
    mapping: IptMapping, columns: list[str], extension: Extension, label: str, notes: list[str]
) -> dict:
    terms = set(extension.properties.values_list("qual_name", flat=True))
    fields, seen = [], set()
    for field in mapping.fields:
        rule = _rule(field, columns, terms, label, notes)
        if rule is not None and rule["term"] not in seen:
            seen.add(rule["term"])
            fields.append(rule)
    return {
        "id_column": _id_column(mapping, columns, label, notes),
        "fields": fields,
        "filters": _filters(mapping, columns, fields, label, notes),
    }


def _rule(
    field: IptField, columns: list[str], terms: set[str], label: str, notes: list[str]
) -> dict | None:
    """Column with default and translations, or the constant of a field without column."""
    where = {"term": _short(field.term), "mapping": label}
    if field.term not in terms:
        notes.append(_("%(term)s is not a term of the extension; left out of %(mapping)s.") % where)
        return None
    if field.index is None:
        if not field.default:
            notes.append(
                _("%(term)s had neither a column nor a value in %(mapping)s; left out.") % where
            )
            return None
        return {"term": field.term, "constant": field.default}
    if not 0 <= field.index < len(columns):
        notes.append(
            _(
                "%(term)s was mapped to column %(index)d, which the source does not "
                "have; left out of %(mapping)s."
            )
            % {**where, "index": field.index + 1}
        )
        return None
    rule = {
        "term": field.term,
        "column": columns[field.index],
        "translations": dict(field.translations),
    }
    if field.default:
        rule["default"] = field.default
    return rule


def _id_column(mapping: IptMapping, columns: list[str], label: str, notes: list[str]) -> str | None:
    if mapping.id_suffix:
        notes.append(
            _(
                "The id suffix %(suffix)s of %(mapping)s is not supported here; the ids "
                "are published without it."
            )
            % {"suffix": mapping.id_suffix, "mapping": label}
        )
    if mapping.doi_as_dataset_id:
        notes.append(
            _(
                "%(mapping)s used the resource DOI as datasetID; map datasetID to a "
                "constant instead."
            )
            % {"mapping": label}
        )
    generated = id_generator(mapping.id_column)
    if generated:
        notes.append(
            _(
                "%(mapping)s generated its ids (%(kind)s), which this publisher does not "
                "do; choose an id column."
            )
            % {"mapping": label, "kind": generated}
        )
        return None
    if mapping.id_column is None:
        return None
    if 0 <= mapping.id_column < len(columns):
        return columns[mapping.id_column]
    notes.append(
        _("The id column of %(mapping)s is not in the source; choose another.") % {"mapping": label}
    )
    return None


def _filters(
    mapping: IptMapping, columns: list[str], fields: list[dict], label: str, notes: list[str]
) -> list[dict]:
    """The IPT's one filter. After translation it tests the value of the term mapped to that
    column (our term filters test a term's output); with no term there, the column."""
    flt = mapping.filter
    if flt is None:
        return []
    op = OPS.get(flt.comparator)
    if op is None or not 0 <= flt.column < len(columns):
        notes.append(
            _("The filter of %(mapping)s (%(comparator)s on column %(column)d) was not imported.")
            % {"mapping": label, "comparator": flt.comparator, "column": flt.column + 1}
        )
        return []
    value = flt.param if op in ("equals", "not_equals") else ""
    if flt.after_translation:
        term = next((f["term"] for f in fields if f.get("column") == columns[flt.column]), None)
        if term is not None:
            return [{"column": term, "op": op, "value": value, "after_translation": True}]
    return [{"column": columns[flt.column], "op": op, "value": value}]
