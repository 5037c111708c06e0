"""Source pages: add files, URLs and SQL queries; analyse, preview, replace and delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import UserError
from core.models import Job
from core.uploads import refused_upload
from core.views.decorators import login_required
from core.views.helpers import shown_job, with_job
from resources.forms.resources import (
    ENCODINGS,
    DateFormatForm,
    PreviewForm,
    ReadingOptionsForm,
    SourceSqlForm,
    SourceSqlReplaceForm,
    SourceUploadForm,
    SourceUrlForm,
)
from resources.jobs.sources import (
    source_analyse_start,
    source_fetch_start,
    source_ingest_start,
)
from resources.models import Resource, Source, SourceKind
from resources.services.source_awaiting import source_replace_sql
from resources.services.sources import (
    source_add_sql,
    source_date_format_set,
    source_date_formats_detected,
    source_delete,
    source_preview,
    source_stage_uploads,
)

from .resources import overview_url, render_overview, resource_or_404

# --- helpers --------------------------------------------------------------------------------


def _source_or_404(resource: Resource, name: str) -> Source:
    source = resource.sources.filter(name=name).first()
    if source is None:
        raise Http404
    return source


def source_url(source: Source) -> str:
    return reverse("source-detail", args=[source.resource.shortname, source.name])


def _is_xhr(request) -> bool:
    return request.headers.get("x-requested-with") == "XMLHttpRequest"


def _columns(analysis: dict) -> list[dict]:
    """One row per column: name, non-empty count and sample values."""
    counts, samples = analysis.get("non_empty") or [], analysis.get("samples") or []
    return [
        {
            "name": name,
            "non_empty": counts[i] if i < len(counts) else None,
            "samples": samples[i] if i < len(samples) else [],
        }
        for i, name in enumerate(analysis.get("columns", []))
    ]


def _with_date_formats(columns: list[dict], source: Source) -> list[dict]:
    """Each column with the local date format its samples look written in, if any."""
    detected = source_date_formats_detected(source)
    return [{**column, "date_format": detected.get(column["name"])} for column in columns]


def _changed_at(source: Source):
    return parse_datetime(source.column_changes.get("at") or "")


def _preview(source: Source, rows: int) -> tuple[dict | None, str]:
    """The preview table, or the reason it cannot be shown."""
    if not source.analysed_at and source.kind != SourceKind.SQL:
        return None, ""
    try:
        return source_preview(source, rows=rows), ""
    except UserError as exc:
        return None, exc.localized_message()


def render_source(
    request,
    resource: Resource,
    source: Source,
    *,
    status: int = 200,
    options_form: ReadingOptionsForm | None = None,
    date_form: DateFormatForm | None = None,
    sql_form: SourceSqlReplaceForm | None = None,
):
    """The source page: reading options, analysis, column changes, preview, replace, delete."""
    job = shown_job(request, resource)
    if job is not None and job.is_final:  # its analysis, not the one read before the job ended
        source.refresh_from_db()
    preview_form = PreviewForm(request.GET)
    rows = preview_form.cleaned_data["rows"] if preview_form.is_valid() else 10
    preview, preview_error = _preview(source, rows)
    context = {
        "resource": resource,
        "source": source,
        "job": job,
        "options_form": options_form or ReadingOptionsForm(spec=source.spec),
        "date_form": date_form or DateFormatForm(initial={"date_format": source.date_format}),
        "columns": _with_date_formats(_columns(source.analysis), source),
        "problems": [_problem(p) for p in source.analysis.get("problems", [])],
        "changes": source.column_changes,
        "changed_at": _changed_at(source),
        "preview": preview,
        "preview_error": preview_error,
        "encodings": ENCODINGS,
        "rows": rows,
        "preview_choices": [10, 100, 1000],
        "replace_form": SourceUploadForm(initial={"replace": source.name}),
        "sql_form": sql_form or SourceSqlReplaceForm(initial={"query": source.sql_query}),
        "truncated_problems": source.analysis.get("truncated_problems", 0),
    }
    return render(request, "resources/source.html", context, status=status)


# --- uploads --------------------------------------------------------------------------------


def _upload_failed(request, back: str, message: str):
    """XMLHttpRequest uploads get the message as text; plain forms a message and redirect."""
    if _is_xhr(request):
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    messages.error(request, message)
    return redirect(back)


def _upload_accepted(request, job: Job, location: str):
    """The job's progress partial (naming the page to go to) for scripts, else a redirect."""
    if _is_xhr(request):
        response = render(request, "jobs/_progress.html", {"job": job}, status=202)
        response["X-Location"] = location
        return response
    return redirect(location)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@require_POST
@login_required
def source_upload(request, shortname):
    """Stage uploaded files and queue their ingest; with ``replace``, one file replaces a
    source and keeps its mappings."""
    resource = resource_or_404(request, shortname)
    form = SourceUploadForm(request.POST, request.FILES)
    name = request.POST.get("replace") or ""
    replace = _source_or_404(resource, name) if name else None
    back = source_url(replace) if replace else overview_url(resource)
    refused = refused_upload(request)
    if not refused and not form.is_valid():
        return _upload_failed(request, back, _form_errors(form))
    try:
        staged = source_stage_uploads(
            files=[] if refused else form.cleaned_data["file"], refused=refused
        )
    except UserError as exc:
        return _upload_failed(request, back, exc.localized_message())
    job = source_ingest_start(resource=resource, user=request.user, staged=staged, replace=replace)
    return _upload_accepted(request, job, with_job(back, job, "" if replace else "#sources"))


@require_POST
@login_required
def source_url_add(request, shortname):
    """Queue the download of a URL source."""
    resource = resource_or_404(request, shortname)
    form = SourceUrlForm(request.POST)
    if not form.is_valid():
        return render_overview(request, resource, status=400, url_form=form)
    job = source_fetch_start(resource=resource, user=request.user, **form.cleaned_data)
    return redirect(with_job(overview_url(resource), job, "#sources"))


@require_POST
@login_required
def source_sql_add(request, shortname):
    """Check and store an SQL source, then queue its full analysis."""
    resource = resource_or_404(request, shortname)
    form = SourceSqlForm(request.POST)
    if not form.is_valid():
        return render_overview(request, resource, status=400, sql_form=form)
    try:
        source = source_add_sql(resource=resource, **form.cleaned_data)
    except UserError as exc:
        form.add_error("name" if exc.code == "source:exists" else None, exc.localized_message())
        return render_overview(request, resource, status=400, sql_form=form)
    job = source_analyse_start(source=source, user=request.user)
    messages.success(request, _("The SQL source %(name)s was added.") % {"name": source.name})
    return redirect(with_job(source_url(source), job))


# --- one source -----------------------------------------------------------------------------


@login_required
def source_detail(request, shortname, name):
    """The source page; ``?rows=`` sets the preview length (10, 100 or 1000)."""
    resource = resource_or_404(request, shortname)
    return render_source(request, resource, _source_or_404(resource, name))


@require_POST
@login_required
def source_analyse(request, shortname, name):
    """Analyse again in the background, with the reading options given (file sources)."""
    resource = resource_or_404(request, shortname)
    source = _source_or_404(resource, name)
    spec = None
    if source.kind != SourceKind.SQL:
        form = ReadingOptionsForm(request.POST, spec=source.spec)
        if not form.is_valid():
            return render_source(request, resource, source, status=400, options_form=form)
        spec = form.spec()
    job = source_analyse_start(source=source, user=request.user, spec=spec)
    return redirect(with_job(source_url(source), job))


@require_POST
@login_required
def source_sql_replace(request, shortname, name):
    """Give a source awaiting replacement, or an SQL source, a database connection and query,
    then analyse it."""
    resource = resource_or_404(request, shortname)
    source = _source_or_404(resource, name)
    form = SourceSqlReplaceForm(request.POST)
    if not form.is_valid():
        return render_source(request, resource, source, status=400, sql_form=form)
    try:
        source = source_replace_sql(source=source, **form.cleaned_data)
    except UserError as exc:
        form.add_error(None, exc.localized_message())
        return render_source(request, resource, source, status=400, sql_form=form)
    job = source_analyse_start(source=source, user=request.user)
    messages.success(request, _("The source %(name)s now reads the database.") % {"name": name})
    return redirect(with_job(source_url(source), job))


@require_POST
@login_required
def source_date_format(request, shortname, name):
    """Set how the source writes its dates; mapped date terms are then published as ISO."""
    resource = resource_or_404(request, shortname)
    source = _source_or_404(resource, name)
    form = DateFormatForm(request.POST)
    if not form.is_valid():
        return render_source(request, resource, source, status=400, date_form=form)
    source_date_format_set(source=source, date_format=form.cleaned_data["date_format"])
    messages.success(request, _("The date format of %(name)s was saved.") % {"name": name})
    return redirect(source_url(source) + "#dates")


@require_POST
@login_required
def source_delete_view(request, shortname, name):
    """Remove the source and its file; mappings that used it stay, without a source."""
    resource = resource_or_404(request, shortname)
    source = _source_or_404(resource, name)
    source_delete(source=source)
    messages.success(request, _("The source %(name)s was deleted.") % {"name": name})
    return redirect(overview_url(resource) + "#sources")


def _problem(problem: dict) -> dict:
    """An analysis problem with its message in the reader's language (problems stored before
    they kept their template stay as written)."""
    if not problem.get("template"):
        return problem
    try:
        return {**problem, "message": _(problem["template"]) % problem.get("params", {})}
    except (KeyError, TypeError, ValueError):  # a faulty translation: the English text
        return problem
