"""What every public view does first: only GET/HEAD, the resource named by ``r`` as this
viewer may see it, and the 410 tombstone of a deleted resource."""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from metadata.eml.identifiers import doi_url
from resources.models import VISIBLE

from .. import links
from ..documents import version_document
from ..landing import citation_text, version_publisher
from ..selectors import ResourceGone, VersionGone, Viewing, resource_for_viewer


def tombstone(request, resource):
    """410 Gone: the resource was deleted. The title shown is that of its last public
    version (none if it never had one), never the working title. A resource with a DOI
    (issue #23) keeps its DOI and the citation of its last version with one: its DOI still
    resolves here, and whoever follows a citation learns what it cited."""
    latest = resource.versions.order_by("-major", "-minor").first()
    was_public = latest is not None and latest.visibility in VISIBLE
    public = resource.versions.filter(visibility__in=VISIBLE).order_by("-major", "-minor")
    title = public.values_list("title", flat=True).first() if was_public else ""
    context = {"shortname": resource.shortname, "title": title or "", **_cited(resource)}
    response = render(request, "portal/tombstone.html", context, status=410)
    # A 410 may be cached without limit (RFC 9111 §4.2.2); a deleted resource can be restored.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def _cited(resource) -> dict:
    """The DOI and citation of the newest version carrying a DOI ({} without one)."""
    version = resource.versions.exclude(doi="").order_by("-major", "-minor").first()
    if version is None:
        return {}
    doc = version_document(version)
    citation = ""
    if doc is not None:
        citation = citation_text(
            doc,
            version=version.label,
            publisher=version_publisher(version),
            year=version.published_at.year,
            url=doi_url(version.doi),
        )
    return {"doi": version.doi, "citation": citation, "cited_version": version.label}


def version_gone_text(gone: VersionGone) -> str:
    """The note a deleted version's addresses answer with: when it was removed and which
    version is current now (in the reader's language)."""
    removed = gone.tombstone
    when = date_format(timezone.localtime(removed.deleted_at), "DATE_FORMAT")
    text = gettext("Version %(version)s of %(resource)s was removed on %(date)s.") % {
        "version": removed.label,
        "resource": removed.resource.shortname,
        "date": when,
    }
    if gone.current is not None:
        text += " " + gettext("The current version is %(version)s: %(url)s") % {
            "version": gone.current.label,
            "url": links.landing(removed.resource.shortname, gone.current.label),
        }
    return text + "\n"


def _gone(response: HttpResponse) -> HttpResponse:
    # A 410 may be cached without limit (RFC 9111 §4.2.2); tell caches to ask again.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def version_tombstone(request, gone: VersionGone) -> HttpResponse:
    """410 Gone for a deleted version's files and feeds: a short plain-text note."""
    text = version_gone_text(gone).encode("utf-8")
    body = b"" if request.method == "HEAD" else text
    response = HttpResponse(body, status=410, content_type="text/plain; charset=utf-8")
    response["Content-Length"] = str(len(text))
    return _gone(response)


def public_view(view):
    """GET/HEAD only; a deleted resource met on the way answers with its tombstone, a
    deleted version with a note naming the current one."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ResourceGone as gone:
            return tombstone(request, gone.resource)
        except VersionGone as gone:
            return version_tombstone(request, gone)

    return wrapped


def viewing_or_404(request, *, names: tuple[str, ...] = ("r",)) -> Viewing:
    """The resource named by the first of ``names`` found in the query, as this viewer may
    see it (404 if it does not exist or is hidden)."""
    shortname = next((request.GET[n] for n in names if request.GET.get(n)), "")
    viewing = resource_for_viewer(user=request.user, shortname=shortname.strip())
    if viewing is None:
        raise Http404
    return viewing


def version_or_404(viewing: Viewing, request):
    version = viewing.version(request.GET.get("v", "").strip() or None)
    if version is None:
        raise Http404
    return version
