"""EML in and out of the editor: upload with a preview of the changes, then confirm; download.

The uploaded bytes wait for confirmation in a private temporary file whose random name is
kept in the user's session only, so nothing changes until the user confirms and no other
session can apply or read it.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.errors import UserError
from core.models import Job, JobStatus
from core.uploads import refused_upload
from core.views.decorators import login_required
from core.views.helpers import found_or_404, shown_job, with_job
from metadata.eml.validate import section_of
from metadata.forms import SECTION_LABELS
from metadata.jobs import METADATA_IMPORT, metadata_import_inline, metadata_import_start
from metadata.services.io import (
    IMPORT_MAX_BYTES,
    Change,
    metadata_export,
    metadata_import,
    metadata_import_preview,
)
from resources.models import Resource
from resources.selectors import resource_get_for_manager

from .editor import section_url

STAGE_MAX_AGE = 24 * 3600  # staged uploads older than this are deleted
CHANGES_SHOWN = 500


def _stage_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "tmp" / "metadata-import"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _session_key(resource: Resource) -> str:
    return "metadata-import:%d" % resource.pk


def _sweep(folder: Path) -> None:
    """Forget uploads that were never confirmed."""
    limit = time.time() - STAGE_MAX_AGE
    for path in folder.glob("*.xml"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def _stage(request, resource: Resource, data: bytes, filename: str) -> str:
    _discard(request, resource)
    folder = _stage_dir()
    _sweep(folder)
    token = secrets.token_hex(16)
    (folder / (token + ".xml")).write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    request.session[_session_key(resource)] = {
        "token": token,
        "filename": filename,
        "sha256": digest,
    }
    return digest


def _staged(request, resource: Resource) -> tuple[dict, bytes] | None:
    entry = request.session.get(_session_key(resource))
    if not isinstance(entry, dict) or not str(entry.get("token", "")).isalnum():
        return None
    path = _stage_dir() / (entry["token"] + ".xml")
    return (entry, path.read_bytes()) if path.is_file() else None


def _discard(request, resource: Resource) -> None:
    entry = request.session.pop(_session_key(resource), None)
    if isinstance(entry, dict) and str(entry.get("token", "")).isalnum():
        (_stage_dir() / (entry["token"] + ".xml")).unlink(missing_ok=True)


def _shown(value: str) -> str:
    return value if len(value) <= 300 else value[:300] + "…"


def _section(path: str) -> str:
    try:
        return str(SECTION_LABELS[section_of(path)])
    except KeyError:
        return ""


def _error(exc: UserError, filename: str) -> dict:
    details = exc.details if isinstance(exc.details, dict) else {}
    return {"message": exc.localized_message(), "file": filename, "line": details.get("line")}


@login_required
def metadata_import_view(request, shortname):
    """Upload an eml.xml, see what it would change, then confirm (or cancel)."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    context = {"resource": resource, "max_mb": IMPORT_MAX_BYTES // (1024 * 1024)}
    if request.method != "POST":
        job = shown_job(request, resource)
        if job is not None and job.kind == METADATA_IMPORT:
            return _followed(request, resource, context, job)
        return render(request, "metadata/import.html", context)
    if "confirm" in request.POST:
        return _confirm(request, resource)
    if "cancel" in request.POST:
        _discard(request, resource)
        messages.info(request, _("The import was cancelled; nothing changed."))
        return redirect(reverse("resource-overview", args=[shortname]) + "#metadata")
    return _preview(request, resource, context)


def _preview(request, resource: Resource, context: dict):
    upload = request.FILES.get("eml")
    refused = refused_upload(request)
    if refused or (upload and upload.size >= IMPORT_MAX_BYTES):
        context["error"] = {"message": _("The file is too large."), "file": refused or upload.name}
        return render(request, "metadata/import.html", context, status=400)
    if upload is None:
        context["error"] = {"message": _("Choose an EML file to upload.")}
        return render(request, "metadata/import.html", context, status=400)
    filename = Path(upload.name).name[:200]
    data = upload.read()
    if not metadata_import_inline(len(data)):
        _stage(request, resource, data, filename)
        job = metadata_import_start(
            resource=resource, user=request.user, data=data, filename=filename
        )
        return redirect(with_job(reverse("metadata-import", args=[resource.shortname]), job))
    try:
        preview = metadata_import_preview(resource, data=data, filename=filename)
    except UserError as exc:
        context["error"] = _error(exc, filename)
        return render(request, "metadata/import.html", context, status=400)
    context.update(
        {
            "filename": filename,
            "sha256": _stage(request, resource, data, filename),
            "changes": _listed(preview.changes[:CHANGES_SHOWN]),
            "change_count": len(preview.changes),
            "title": preview.document.title,
            "keeps_citation": bool(preview.document.citation.text.strip()),
        }
    )
    return render(request, "metadata/import.html", context)


def _listed(changes: list[Change]) -> list[dict]:
    return [
        {"path": c.path, "section": _section(c.path), "old": _shown(c.old), "new": _shown(c.new)}
        for c in changes
    ]


def _followed(request, resource: Resource, context: dict, job: Job):
    """The page of an import job: its progress, then the same preview or error as a small
    file gets in the request (or, once applied, the editor)."""
    filename = str(job.params.get("filename", ""))
    if job.is_active:
        context["job"] = job
        return render(request, "metadata/import.html", context)
    if job.status != JobStatus.SUCCEEDED:
        message = job.localized_error() or _("The import was cancelled; nothing changed.")
        context["error"] = {"message": message, "file": filename, "line": None}
        return render(request, "metadata/import.html", context, status=400)
    result = job.result
    if result.get("applied"):
        messages.success(request, _("The metadata of %(file)s was imported.") % {"file": filename})
        return redirect(section_url(resource, "basic"))
    context.update(
        {
            "filename": filename,
            "sha256": result.get("sha256", ""),
            "changes": _listed([Change(**c) for c in result.get("changes", [])[:CHANGES_SHOWN]]),
            "change_count": result.get("change_count", 0),
            "title": result.get("title", ""),
            "keeps_citation": bool(result.get("keeps_citation")),
        }
    )
    return render(request, "metadata/import.html", context)


def _confirm(request, resource: Resource):
    staged = _staged(request, resource)
    if staged is None or staged[0].get("sha256") != request.POST.get("sha256"):
        messages.error(request, _("That upload is no longer waiting; upload the file again."))
        return redirect("metadata-import", shortname=resource.shortname)
    entry, data = staged
    if not metadata_import_inline(len(data)):
        _discard(request, resource)
        job = metadata_import_start(
            resource=resource, user=request.user, data=data, filename=entry["filename"], apply=True
        )
        return redirect(with_job(reverse("metadata-import", args=[resource.shortname]), job))
    try:
        metadata_import(resource, data=data, user=request.user, filename=entry["filename"])
    except UserError as exc:
        _discard(request, resource)
        context = {
            "resource": resource,
            "error": _error(exc, entry["filename"]),
            "max_mb": IMPORT_MAX_BYTES // (1024 * 1024),
        }
        return render(request, "metadata/import.html", context, status=400)
    _discard(request, resource)
    messages.success(
        request, _("The metadata of %(file)s was imported.") % {"file": entry["filename"]}
    )
    return redirect(section_url(resource, "basic"))


@require_GET
@login_required
def metadata_download(request, shortname):
    """The working metadata as an EML file (GBIF profile 1.3)."""
    resource = found_or_404(resource_get_for_manager(user=request.user, shortname=shortname))
    response = HttpResponse(
        metadata_export(resource), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="eml-%s.xml"' % resource.shortname
    response["Cache-Control"] = "no-store"
    return response
