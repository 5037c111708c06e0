"""Landing pages: ``resource?r=&v=`` (and the legacy ``resource?id=``), the managers'
preview of the next version, and citation downloads."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.views.decorators import login_required
from metadata.services.citations import citation_render
from metadata.services.documents import metadata_get
from resources.services.publication import next_version

from ..documents import version_document
from ..landing import CITATION_FORMATS, citation_export, preview_context, published_context
from ..selectors import row_types_by_file
from .common import public_view, version_or_404, viewing_or_404


@public_view
def resource_page(request):
    """The landing page of a version (default: the newest the viewer may see)."""
    viewing = viewing_or_404(request, names=("r", "id"))
    version = viewing.version(request.GET.get("v", "").strip() or None)
    if version is None:
        if request.GET.get("v") or not viewing.manager:
            raise Http404
        return render(request, "portal/unpublished.html", {"resource": viewing.resource})
    doc = version_document(version)
    if doc is None:
        raise Http404
    context = published_context(viewing, version, doc, row_types_by_file())
    return render(request, "portal/resource.html", context)


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
