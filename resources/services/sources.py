"""Adding, analysing, replacing and removing source data; the one way to read a source."""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.crypto import decrypt, encrypt
from core.editable import max_length
from core.errors import Text, UserError, located
from core.http import fetch_to_file
from core.services.tmp import tmp_dir
from core.urlauth import url_is_masked, url_with_auth
from resources import error_codes as codes
from resources.models import FieldMapping, Resource, Source, SourceKind
from resources.quality.date_formats import date_format_detect
from resources.sources.analyse import analyse
from resources.sources.archive import unpack
from resources.sources.detect import detect_format, sniff
from resources.sources.errors import SourceError
from resources.sources.model import FileSpec, Row, Table
from resources.sources.reader import list_sheets, open_table
from resources.sources.sql import SqlSpec, open_sql_table, redact

from .companion_data import refuse_companion_data
from .resources import resource_dir
from .source_positions import source_columns_rebind
from .sql_hosts import sql_hostaddr

logger = logging.getLogger(__name__)
Progress = Callable[[int], None]
PREVIEW_MAX = 1000
ARCHIVES = ("zip", "gz", "tar")
# What a person gives when adding a source, in this order: the model field declares each
# one's label, help text and length. Besides: the file, the SQL connection URL (stored
# encrypted, shown redacted) and the reading options (``spec``, changed on their own).
EDITABLE = ("name", "url", "keep_cached", "sql_query")


def user_error(exc: SourceError) -> UserError:
    """A reader's error as a user error: the message names file, line and fix, and is
    translated when shown (a job keeps it as a ``Text``), not when raised."""
    return UserError(
        source_error_text(exc),
        code=exc.code,
        details={"file": exc.file, "line": exc.line, "column": exc.column},
    )


def source_error_text(exc: SourceError) -> Text:
    """A reader's error as a translatable text: where (file, line, column), then what to do;
    the reader's values fill its placeholders after translating."""
    return located(Text(exc.template, exc.params), exc.file, exc.line, exc.column)


def source_name(filename: str) -> str:
    """The source name a file gets: its name without extension, in safe characters."""
    stem = Path(filename).name.split(".")[0] if not filename.startswith(".") else filename
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[: max_length(Source, "name")]
    return name or "source"


def staging_dir() -> Path:
    folder = tmp_dir() / ("stage-" + uuid.uuid4().hex)
    folder.mkdir(parents=True)
    return folder


# --- staging uploads ------------------------------------------------------------------------


def source_stage_uploads(*, files, refused: str | None = None) -> dict:
    """Move uploaded files into a private staging folder; returns the ingest parameters.

    ``refused`` names a file the upload handler stopped for being over the size limit.
    """
    if refused:
        raise UserError(
            gettext_noop(
                "%(file)s is larger than the limit of %(limit)d bytes; split it, or "
                "ask the administrator to raise SOURCE_MAX_BYTES."
            ),
            params={"file": refused, "limit": settings.SOURCE_MAX_BYTES},
            code=codes.SOURCE_TOO_LARGE,
            details={"file": refused},
        )
    folder = staging_dir()
    staged: list[dict[str, str]] = []
    if not files:
        raise UserError(_("No file was uploaded."), code=codes.SOURCE_NO_FILE)
    for upload in files:
        if not upload.size:
            shutil.rmtree(folder, ignore_errors=True)
            raise UserError(
                gettext_noop("%(file)s is empty; export the data again and upload the new file."),
                params={"file": upload.name},
                code=codes.SOURCE_EMPTY,
                details={"file": upload.name},
            )
        if upload.size > settings.SOURCE_MAX_BYTES:
            shutil.rmtree(folder, ignore_errors=True)
            raise UserError(
                gettext_noop("%(file)s is larger than the limit of %(limit)d bytes."),
                params={"file": upload.name, "limit": settings.SOURCE_MAX_BYTES},
                code=codes.SOURCE_TOO_LARGE,
            )
        target = folder / ("%d-%s" % (len(staged), Path(upload.name).name))
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        staged.append({"path": str(target), "filename": Path(upload.name).name})
    return {"folder": str(folder), "files": staged}


# --- ingest: detect, unpack, sniff, analyse, then create or replace atomically ---------------


@dataclass
class Prepared:
    """A file that passed analysis and is ready to become (or replace) a source."""

    filename: str
    path: Path
    spec: FileSpec
    analysis: dict
    extra: dict = field(default_factory=dict)


def _expand(path: Path, filename: str, workdir: Path) -> list[tuple[Path, str]]:
    fmt = detect_format(path, filename)
    if fmt not in ARCHIVES:
        return [(path, filename)]
    dest = workdir / ("unpacked-" + uuid.uuid4().hex[:8])
    dest.mkdir()
    members = unpack(path, filename, dest, max_total_bytes=settings.SOURCE_MAX_UNPACKED_BYTES)
    if not members:
        raise UserError(
            gettext_noop("%(file)s contains no data files."),
            params={"file": filename},
            code=codes.SOURCE_EMPTY_ARCHIVE,
        )
    return [(m, m.name) for m in members]


def _counting(table: Table, progress: Progress | None) -> Table:
    if progress is None:
        return table
    inner = table.rows

    def rows() -> Iterator[Row]:
        for count, row in enumerate(inner(), start=1):
            if count % 10_000 == 0:
                progress(count)
            yield row

    table.rows = rows  # type: ignore[method-assign]
    return table


def prepare_file(
    path: Path, filename: str, *, spec: FileSpec | None = None, progress: Progress | None = None
) -> Prepared:
    """Sniff (unless ``spec`` is given) and analyse one file; raise ``UserError`` if unreadable."""
    try:
        if spec is None:  # sniffing reads the whole file once (UTF-8 check): only when needed
            sniffed = sniff(path, filename)
            spec, sheets = sniffed.spec, list(sniffed.sheets)
        else:
            sheets = list_sheets(path, spec.format)
        table = _counting(open_table(path, spec, filename=filename), progress)
        analysis = analyse(table).to_dict()
    except SourceError as exc:
        raise user_error(exc) from exc
    analysis["sheets"] = sheets
    return Prepared(filename, path, spec, analysis)


def sources_ingest(
    *,
    resource: Resource,
    staged: dict,
    kind: str = SourceKind.FILE,
    replace: str | None = None,
    url: str = "",
    url_password_encrypted: str = "",
    keep_cached: bool = False,
    progress: Progress | None = None,
    log: Callable[[str], None] | None = None,
) -> list[Source]:
    """Turn staged files into sources: all of them, or none when one fails.

    Archives are unpacked (each member a source). With ``replace``, exactly one file must
    come out and it replaces that source, keeping its mappings. The staging folder is removed
    whatever happens. ``url`` is the masked address (``core.urlauth``), its password in
    ``url_password_encrypted``.
    """
    workdir = Path(staged["folder"])
    try:
        candidates = []
        for item in staged["files"]:
            candidates += _expand(Path(item["path"]), item["filename"], workdir)
        prepared = []
        for path, filename in candidates:
            if log:
                log("analysing " + filename)
            prepared.append(prepare_file(path, filename, progress=progress))
        secret = {"url": url, "url_password_encrypted": url_password_encrypted}
        return _store(
            resource, prepared, kind=kind, replace=replace, keep_cached=keep_cached, **secret
        )
    except SourceError as exc:
        raise user_error(exc) from exc
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def source_add_file(
    *,
    resource: Resource,
    path: Path,
    name: str | None = None,
    spec: FileSpec | None = None,
    progress: Progress | None = None,
) -> Source:
    """Add one local file (not an archive) as a source, read with ``spec`` or as sniffed.

    The file is copied, so the caller keeps its own; importers use this to turn archive and
    IPT folder files into sources with the reading options those describe.
    """
    workdir = staging_dir()
    try:
        copy = workdir / path.name
        shutil.copyfile(path, copy)
        prepared = prepare_file(copy, path.name, spec=spec, progress=progress)
        name = name or source_name(path.name)
        _check_names(resource, [name])
        with transaction.atomic():
            return _create(resource, prepared, name, kind=SourceKind.FILE, keep_cached=False)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _store(
    resource: Resource,
    prepared: list[Prepared],
    *,
    kind: str,
    replace: str | None,
    url: str,
    url_password_encrypted: str,
    keep_cached: bool,
) -> list[Source]:
    if replace is not None:
        if len(prepared) != 1:
            raise UserError(
                gettext_noop("A source is replaced by exactly one file; this upload holds %(n)d."),
                params={"n": len(prepared)},
                code=codes.SOURCE_REPLACE_COUNT,
            )
        source = resource.sources.get(name=replace)
        if url:  # a URL source downloaded again, perhaps from a new address
            source.url, source.url_password_encrypted = url, url_password_encrypted
        return [_replace(source, prepared[0])]
    names = [source_name(p.filename) for p in prepared]
    _check_names(resource, names)
    with transaction.atomic():
        return [
            _create(
                resource,
                p,
                n,
                kind=kind,
                url=url,
                url_password_encrypted=url_password_encrypted,
                keep_cached=keep_cached,
            )
            for p, n in zip(prepared, names, strict=True)
        ]


def _check_names(resource: Resource, names: list[str]) -> None:
    duplicates = sorted({n for n in names if names.count(n) > 1})
    taken = sorted(set(resource.sources.filter(name__in=names).values_list("name", flat=True)))
    if duplicates or taken:
        raise UserError(
            gettext_noop(
                "A source named %(names)s exists already. Replace it, or rename the file."
            ),
            params={"names": ", ".join(taken or duplicates)},
            code=codes.SOURCE_EXISTS,
            details={"names": taken or duplicates},
        )


def _keep_file(source: Source, prepared: Prepared) -> None:
    folder = resource_dir(source.resource) / "sources" / str(source.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / prepared.filename
    shutil.move(str(prepared.path), target)
    source.path = str(target.relative_to(settings.DATA_DIR))
    source.filename, source.size = prepared.filename, target.stat().st_size
    source.sha256 = _sha256(target)
    source.spec, source.analysis = prepared.spec.to_dict(), prepared.analysis
    source.analysed_at = timezone.now()


LOG_LIMIT = 100_000


def source_log(source: Source, message: str) -> None:
    """Append a timestamped line to the source's own log (kept, unlike job logs, with it)."""
    stamp = timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    source.log = (source.log + "%s %s\n" % (stamp, message))[-LOG_LIMIT:]


def _log_analysis(source: Source, what: str) -> None:
    analysis = source.analysis
    source_log(
        source,
        "%s: %s rows, %d columns, %d problems (%s)"
        % (
            what,
            analysis.get("row_count"),
            len(analysis.get("columns", [])),
            len(analysis.get("problems", [])),
            _spec_text(source.spec),
        ),
    )


def _spec_text(spec: dict) -> str:
    text = spec.get("text") or {}
    if spec.get("format") not in (None, "csv"):
        return "%s, sheet %s" % (spec.get("format"), spec.get("sheet") or "first")
    return "encoding %s, delimiter %r, quote %r, header %s" % (
        text.get("encoding"),
        text.get("delimiter"),
        text.get("quotechar"),
        text.get("header"),
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _create(
    resource, prepared: Prepared, name: str, *, kind, keep_cached, url="", url_password_encrypted=""
) -> Source:
    source = Source.objects.create(
        resource=resource,
        name=name,
        kind=kind,
        url=url,
        url_password_encrypted=url_password_encrypted,
        keep_cached=keep_cached,
        fetched_at=timezone.now() if url else None,
    )
    _keep_file(source, prepared)
    _log_analysis(source, "added %s" % prepared.filename)
    source.save()
    logger.info("Source %s of resource %s added", source.pk, resource.pk)
    return source


def _replace(source: Source, prepared: Prepared) -> Source:
    """Swap in the new file; mappings stay, and those to removed columns are flagged. A
    source awaiting replacement becomes a file source, its mappings re-pointed by position."""
    old_columns, old_path = source.columns, source.path
    with transaction.atomic():
        _keep_file(source, prepared)
        if source.kind == SourceKind.URL:
            source.fetched_at = timezone.now()
        if source.kind == SourceKind.AWAITING:
            source.kind = SourceKind.FILE
            renames = source_columns_rebind(source=source, old=old_columns, new=source.columns)
            old_columns = [renames.get(c, c) for c in old_columns]
        source.column_changes = column_changes(source, old_columns)
        _log_analysis(source, "replaced by %s" % prepared.filename)
        source.save()
    if old_path and old_path != source.path:
        (settings.DATA_DIR / old_path).unlink(missing_ok=True)
    return source


def column_changes(source: Source, old_columns: list[str]) -> dict:
    """Columns added and removed, and the mapped fields that point at removed columns."""
    new = source.columns
    removed = [c for c in old_columns if c not in new]
    flagged = FieldMapping.objects.filter(mapping__source=source, column__in=removed)
    return {
        "added": [c for c in new if c not in old_columns],
        "removed": removed,
        "flagged": [{"mapping": f.mapping_id, "term": f.term, "column": f.column} for f in flagged],
        "at": timezone.now().isoformat(),
    }


# --- options, SQL, URL, removal --------------------------------------------------------------


def source_reanalyse(
    *, source: Source, spec: dict | None = None, progress: Progress | None = None
) -> Source:
    """Analyse again, with changed reading options if given; on failure nothing changes."""
    _refuse_awaiting(source)
    if source.kind == SourceKind.SQL:
        table = source_table(source)
        try:
            analysis = analyse(_counting(table, progress)).to_dict()
        except SourceError as exc:
            raise user_error(exc) from exc
        source.analysis, source.analysed_at = analysis, timezone.now()
        _log_analysis(source, "analysed")
        source.save(update_fields=["analysis", "analysed_at", "log", "modified"])
        return source
    merged = FileSpec.from_dict({**source.spec, **(spec or {})})
    prepared = prepare_file(
        settings.DATA_DIR / source.path, source.filename, spec=merged, progress=progress
    )
    source.spec, source.analysis = prepared.spec.to_dict(), prepared.analysis
    source.analysed_at = timezone.now()
    _log_analysis(source, "analysed again")
    source.save(update_fields=["spec", "analysis", "analysed_at", "log", "modified"])
    return source


def source_date_format_set(*, source: Source, date_format: str) -> Source:
    """Set how the source writes its dates (``""``: ISO 8601 already, or no dates). From the
    next preview, check and publication on, the values of mapped date terms that fit it are
    written as ISO 8601; the source is not analysed again."""
    Source._meta.get_field("date_format").validate(date_format, source)
    if source.date_format == date_format:
        return source
    source.date_format = date_format
    source_log(source, "date format set to %s" % (date_format or "none"))
    source.save(update_fields=["date_format", "log", "modified"])
    return source


def source_date_formats_detected(source: Source) -> dict[str, str]:
    """Per column whose sample values (from the analysis) look like dates in a local format,
    that format."""
    analysis = source.analysis or {}
    columns, samples = analysis.get("columns", []), analysis.get("samples", [])
    found = {}
    for name, values in zip(columns, samples, strict=False):
        if fmt := date_format_detect(values):
            found[name] = fmt
    return found


def check_sql_location(url: str) -> None:
    """SQLite and DuckDB sources may only open files under SOURCE_SQL_FILE_DIRS, so that a
    manager cannot read the instance's own database or any other file on the server."""
    scheme = url.split(":", 1)[0].split("+", 1)[0].lower()
    if scheme not in ("sqlite", "duckdb"):
        return
    raw = url.split(":///", 1)[-1].split("?", 1)[0]
    path = Path(raw).resolve() if raw else None
    allowed = [Path(d).resolve() for d in settings.SOURCE_SQL_FILE_DIRS]
    own = Path(str(settings.DATABASES["default"]["NAME"])).resolve()
    if path is None or path == own or not any(path.is_relative_to(d) for d in allowed):
        raise UserError(
            _(
                "Database files can only be read from the folders the administrator allowed "
                "(SOURCE_SQL_FILE_DIRS); upload the data as a file instead."
            ),
            code=codes.SQL_LOCATION,
        )


def sql_query_check(*, url: str, query: str) -> list[str]:
    """The columns of ``query`` at ``url``; refused (``UserError``) for a connection to a place
    not allowed, or a query that is not a single SELECT that runs there."""
    check_sql_location(url)
    spec = SqlSpec(url=url, query=query, hostaddr=sql_hostaddr(url))
    try:  # opening checks the query (one SELECT) before connecting
        probe = open_sql_table(spec, timeout_s=30, limit=1)
        list(probe.rows())
    except SourceError as exc:
        raise user_error(exc) from exc
    return list(probe.columns)


def source_add_sql(*, resource: Resource, name: str, url: str, query: str) -> Source:
    """Check the query (a single SELECT that runs), then store it with the URL encrypted."""
    refuse_companion_data(resource)
    name = source_name(name)
    _check_names(resource, [name])
    columns = sql_query_check(url=url, query=query)
    return Source.objects.create(
        resource=resource,
        name=name,
        kind=SourceKind.SQL,
        sql_query=query,
        sql_url_encrypted=encrypt(url),
        sql_url_redacted=redact(url),
        analysis={"columns": columns, "row_count": None},
    )


def source_delete(*, source: Source) -> None:
    """Remove a source and its file; its mappings lose their source but stay."""
    folder = resource_dir(source.resource) / "sources" / str(source.pk)
    source.delete()
    shutil.rmtree(folder, ignore_errors=True)


# --- the one streaming row reader --------------------------------------------------------------


PREVIEW_SQL_TIMEOUT = 20


def _refuse_awaiting(source: Source) -> None:
    if source.kind == SourceKind.AWAITING:
        raise UserError(
            gettext_noop(
                "Source %(name)s has no data yet: it awaits replacement. Replace it with "
                "a file (its columns in the same order) or a supported database connection."
            ),
            params={"name": source.name},
            code=codes.SOURCE_AWAITING,
            details={"source": source.name},
        )


def source_table(
    source: Source, *, limit: int | None = None, timeout_s: int | None = None
) -> Table:
    """Open the source for reading rows lazily, whatever its kind; a source awaiting
    replacement is refused (``source:awaiting``)."""
    _refuse_awaiting(source)
    try:
        if source.kind == SourceKind.SQL:
            url = decrypt(source.sql_url_encrypted)
            check_sql_location(url)
            spec = SqlSpec(url=url, query=source.sql_query, hostaddr=sql_hostaddr(url))
            return open_sql_table(
                spec, timeout_s=timeout_s or settings.SOURCE_SQL_TIMEOUT, limit=limit
            )
        return open_table(
            settings.DATA_DIR / source.path,
            FileSpec.from_dict(source.spec),
            filename=source.filename,
        )
    except SourceError as exc:
        raise user_error(exc) from exc


def source_preview(source: Source, *, rows: int = 10) -> dict:
    """The first ``rows`` rows (at most 1000) with their line numbers."""
    rows = max(1, min(int(rows), PREVIEW_MAX))
    table = source_table(source, limit=rows, timeout_s=PREVIEW_SQL_TIMEOUT)
    found = []
    try:
        for row in table.rows():
            found.append({"line": row.line, "values": list(row.values)})
            if len(found) >= rows:
                break
    except SourceError as exc:
        raise user_error(exc) from exc
    return {"columns": table.columns, "rows": found}


def source_fetch_url(*, url: str, password_encrypted: str = "", progress=None) -> dict:
    """Download ``url`` into a staging folder (as ``sources_ingest`` expects).

    A masked password (``https://user:***@host/...``) is taken from ``password_encrypted``
    and sent as basic auth, never as part of the address.
    """
    if url_is_masked(url) and not password_encrypted:
        raise UserError(
            gettext_noop(
                "The address %(url)s needs its password, which is not stored (sources "
                "imported from an export come without it): download it again with the full "
                "address."
            ),
            params={"url": url},
            code=codes.SOURCE_URL_PASSWORD,
        )
    password = decrypt(password_encrypted) if password_encrypted else ""
    address, auth = url_with_auth(url, password)
    folder = staging_dir()
    filename = Path(address.split("?", 1)[0].rstrip("/")).name or "download"
    target = folder / ("0-" + filename)
    try:
        fetch_to_file(
            address,
            target,
            auth=auth,
            max_bytes=settings.SOURCE_MAX_BYTES,
            timeout=settings.SOURCE_URL_TIMEOUT,
            progress=progress,
        )
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return {"folder": str(folder), "files": [{"path": str(target), "filename": filename}]}


def source_refresh(*, source: Source, progress=None) -> Source:
    """Download a URL source again (unless it keeps its cached copy) and re-analyse it."""
    if source.kind != SourceKind.URL or source.keep_cached:
        return source
    secret = source.url_password_encrypted
    staged = source_fetch_url(url=source.url, password_encrypted=secret, progress=progress)
    staged["files"][0]["filename"] = source.filename
    return sources_ingest(
        resource=source.resource,
        staged=staged,
        kind=SourceKind.URL,
        replace=source.name,
        url=source.url,
        url_password_encrypted=secret,
    )[0]
