"""`manage.py source_add <shortname> FILE... | --url URL | --sql-url .. --sql-query ..`."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from django.core.files import File
from django.utils.translation import gettext as _

from core import error_codes as core_codes
from core.cli import UsageError, add_job_arguments, job_body
from core.editable import add_arguments
from core.errors import UserError
from core.models import Job
from resources.cli import ResourceCommand, source_named
from resources.jobs.sources import (
    source_analyse_start,
    source_fetch_start,
    source_ingest_start,
)
from resources.models import Resource, Source
from resources.services.sources import EDITABLE, source_add_sql, source_stage_uploads


def source_body(source: Source) -> dict:
    """A source in short: what scripts check after adding it (never the SQL credentials)."""
    analysis = source.analysis or {}
    return {
        "name": source.name,
        "kind": source.kind,
        "filename": source.filename,
        "url": source.url,
        "sql_url": source.sql_url_redacted,
        "rows": source.row_count,
        "columns": source.columns,
        "problems": analysis.get("problems", []),
    }


class Command(ResourceCommand):
    help = (
        "Add source data to a resource: local files (CSV, TSV, spreadsheets, zip), a URL to "
        "download, or an SQL query. Files and URLs are analysed by a job, as uploads in the "
        "browser are; an SQL source is checked at once, then analysed by a job. "
        'JSON: {"ok": true, "job": {...}, "sources": [{"name", "kind", "rows", "columns", '
        '"problems", ...}]}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("shortname")
        parser.add_argument("files", nargs="*", metavar="FILE", help="Files to add.")
        add_arguments(
            parser,
            Source,
            EDITABLE,
            helps={
                "name": "Source name (SQL sources, or a single file); default: the file "
                "name without extension.",
                "url": "Download the data from this URL.",
                "keep_cached": "With --url: keep the downloaded copy (no refetch).",
                "sql_query": "The SELECT of an SQL source.",
            },
        )
        parser.add_argument("--sql-url", default="", help="Database URL of an SQL source.")
        parser.add_argument(
            "--replace",
            default="",
            metavar="NAME",
            help="Replace the data of this source, keeping its mappings.",
        )
        add_job_arguments(parser)

    def run(self, *, shortname, files, url, sql_query, name, replace, **options) -> dict:
        given = [
            flag
            for flag, value in (("FILE", files), ("--url", url), ("--sql-query", sql_query))
            if value
        ]
        if len(given) != 1:
            raise UsageError(_("Give files, --url or --sql-query (exactly one of them)."))
        resource = self.managed_resource(shortname)
        replaced = source_named(resource, replace) if replace else None
        if sql_query:
            return self._sql(resource, name=name, query=sql_query, replace=replace, **options)
        if url and name:
            raise UsageError(_("A URL source is named after the file it downloads."))
        enqueue = not options["inline"]
        if url:
            job = source_fetch_start(
                resource=resource,
                user=self.user,
                url=url,
                keep_cached=options["keep_cached"],
                replace=replaced,
                enqueue=enqueue,
            )
        else:
            job = source_ingest_start(
                resource=resource,
                user=self.user,
                staged=_stage(files, name),
                replace=replaced,
                enqueue=enqueue,
            )
        return self._sources_added(resource, job, **options)

    def _sources_added(
        self, resource: Resource, job: Job, *, inline: bool, no_wait: bool, **_options
    ) -> dict:
        job = self.run_job(job, inline=inline, wait=not no_wait)
        ids = [s["id"] for s in (job.result or {}).get("sources", [])]
        sources = resource.sources.filter(pk__in=ids).order_by("name")
        return {"job": job_body(job), "sources": [source_body(s) for s in sources]}

    def _sql(
        self,
        resource: Resource,
        *,
        name: str,
        query: str,
        sql_url: str,
        replace: str,
        inline: bool,
        no_wait: bool,
        **_options,
    ) -> dict:
        if not (name and sql_url) or replace:
            raise UsageError(
                _(
                    "An SQL source needs --name, --sql-url and --sql-query (and "
                    "cannot replace another source)."
                )
            )
        source = source_add_sql(resource=resource, name=name, url=sql_url, query=query)
        job = source_analyse_start(source=source, user=self.user, enqueue=not inline)
        job = self.run_job(job, inline=inline, wait=not no_wait)
        source.refresh_from_db()
        return {"job": job_body(job), "sources": [source_body(source)]}

    def report(self, result: dict) -> None:
        if not result["job"]["finished_at"]:
            self.say(
                _("Queued job %(id)s; follow it with GET /api/v1/jobs/%(id)s/.")
                % {"id": result["job"]["id"]}
            )
        for source in result["sources"]:
            self.say(
                _("Source %(name)s: %(rows)s rows, %(columns)d columns, %(problems)d problems.")
                % {
                    "name": source["name"],
                    "rows": source["rows"],
                    "columns": len(source["columns"]),
                    "problems": len(source["problems"]),
                },
                success=True,
            )
            for problem in source["problems"][:10]:
                self.say("  " + problem.get("message", ""))


def _stage(files: list[str], name: str) -> dict:
    """Copy the files into a staging folder, as uploads are (``source_stage_uploads``)."""
    paths = [Path(f) for f in files]
    for path in paths:
        if not path.is_file():
            raise UserError(
                _("%(file)s is not a readable file.") % {"file": path},
                code=core_codes.CLI_FILE,
                details={"file": str(path)},
            )
    if name and len(paths) != 1:
        raise UsageError(_("--name names one file's source; give a single file."))
    with ExitStack() as stack:
        uploads = [File(_open(stack, path), name=_upload_name(path, name)) for path in paths]
        return source_stage_uploads(files=uploads)


def _open(stack: ExitStack, path: Path):
    try:
        return stack.enter_context(path.open("rb"))
    except OSError as exc:
        raise UserError(
            _("%(file)s cannot be read: %(error)s") % {"file": path, "error": exc.strerror},
            code=core_codes.CLI_FILE,
            details={"file": str(path)},
        ) from exc


def _upload_name(path: Path, name: str) -> str:
    """The file name the source is named after: the file's, or ``name`` with its suffixes."""
    return name + "".join(path.suffixes) if name else path.name
