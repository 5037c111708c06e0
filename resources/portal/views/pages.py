"""Landing pages: ``resource?r=&v=`` (and the legacy ``resource?id=``), the managers'
preview of the next version, and citation downloads."""

from __future__ import annotations

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from core.views.decorators import login_required
from metadata.services.citations import citation_render
from metadata.services.documents import metadata_get
from resources.services.publication import next_version

from .. import links
from ..documents import version_document
from ..landing import (
    CITATION_FORMATS,
    citation_export,
    landing_key,
    preview_context,
    published_context,
    published_parts,
)
from ..selectors import VersionGone, Viewing, row_types_by_file
from .common import public_view, version_or_404, viewing_or_404


@public_view
def resource_page(request):
    """The landing page of a version (default: the newest the viewer may see). What it
    shows every viewer is kept in the shared cache, by resource and version."""
    viewing = viewing_or_404(request, names=("r", "id"))
    versions = list(viewing.versions())
    label = request.GET.get("v", "").strip()
    version = next((v for v in versions if not label or v.label == label), None)
    if version is None:
        if label:
            return _gone_or_404(request, viewing, label)
        if not viewing.manager:
            raise Http404
        return render(request, "portal/unpublished.html", {"resource": viewing.resource})
    version.resource = viewing.resource
    key = landing_key(viewing.resource, version)
    parts = cache.get(key)
    if parts is None:
        doc = version_document(version)
        if doc is None:
            raise Http404
        parts = published_parts(viewing.resource, version, doc, row_types_by_file())
        # under the key as it stands now: the first view may have summarised a small archive
        cache.set(landing_key(viewing.resource, version), parts)
    context = published_context(viewing, version, parts, versions)
    return render(request, "portal/resource.html", context)


def _gone_or_404(request, viewing: Viewing, label: str):
    """410 with a page naming the current version when version ``label`` was deleted."""
    try:
        viewing.raise_if_gone(label)
    except VersionGone as gone:
        shortname = viewing.resource.shortname
        context = {
            "shortname": shortname,
            "removed": gone.tombstone,
            "current": gone.current,
            "current_url": links.landing(shortname, gone.current.label) if gone.current else "",
        }
        response = render(request, "portal/version_gone.html", context, status=410)
        patch_cache_control(response, no_cache=True, max_age=0)
        return response
    raise Http404


@public_view
@login_required
def resource_preview(request):
    """The next version as it would look, from the working metadata (managers only)."""
    viewing = viewing_or_404(request)
    if not viewing.manager:
        raise Http404
    resource = viewing.resource
    major, minor = next_version(resource)
    context = preview_context(
        viewing,
        metadata_get(resource),
        label="%d.%d" % (major, minor),
        citation=str(citation_render(resource, fmt="text")),
    )
    response = render(request, "portal/resource.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@public_view
def citation(request):
    """The version's citation as BibTeX, RIS or CSL-JSON (``format``)."""
    fmt = request.GET.get("format", "")
    if fmt not in CITATION_FORMATS:
        raise Http404
    viewing = viewing_or_404(request)
    version = version_or_404(viewing, request)
    doc = version_document(version)
    if doc is None:
        raise Http404
    content_type, extension, _label = CITATION_FORMATS[fmt]
    text = citation_export(doc, resource=viewing.resource, version=version, fmt=fmt)
    response = HttpResponse(text, content_type=content_type)
    name = "%s-v%s.%s" % (viewing.resource.shortname, version.label, extension)
    response["Content-Disposition"] = 'attachment; filename="%s"' % name
    return response
