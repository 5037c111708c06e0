"""The IPT's file endpoints: ``archive.do``, ``eml.do``, ``rtf.do``, ``logo.do`` and
``publicationlog.do`` (each also without ``.do``), and ``datapackage.do`` (the archive's
Darwin Core Data Package), with ``r`` = short name and ``v`` = version (default: the newest
one the viewer may see)."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import http_date
from django.utils.translation import get_language, gettext

from metadata.eml.citation import generate_citation
from resources.check_text import report_entry, severity_label
from resources.services.publication import version_path
from resources.services.resources import resource_dir

from .. import links
from ..documents import version_document
from ..feeds.rtf import WORDS, PaperContext, build_rtf
from ..http import serve_file, serve_generated
from ..landing import version_publisher
from .common import public_view, version_or_404, viewing_or_404

LOGOS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


def _stored(version, kind: str):
    path = version_path(version, kind)
    if path is None or not path.exists():
        raise Http404
    return path


@public_view
def archive(request):
    """The Darwin Core Archive (``dwca-<r>-v<v>.zip``), what GBIF harvests."""
    viewing = viewing_or_404(request)
    version = version_or_404(viewing, request)
    name = links.download_name("archive", viewing.resource.shortname, version.label)
    return serve_file(
        request, _stored(version, "archive"), content_type="application/zip", filename=name
    )


@public_view
def datapackage(request):
    """The Darwin Core Data Package published beside the archive (``dwc-dp-<r>-v<v>.zip``):
    the same tables as DwC-DP 1.0 tables, its ``datapackage.json`` and the EML."""
    viewing = viewing_or_404(request)
    version = version_or_404(viewing, request)
    name = links.download_name("datapackage", viewing.resource.shortname, version.label)
    return serve_file(
        request, _stored(version, "datapackage"), content_type="application/zip", filename=name
    )


@public_view
def eml(request):
    """The EML of the version (``eml-<r>-v<v>.xml``)."""
    viewing = viewing_or_404(request)
    version = version_or_404(viewing, request)
    name = links.download_name("eml", viewing.resource.shortname, version.label)
    return serve_file(
        request,
        _stored(version, "eml"),
        content_type="text/xml; charset=UTF-8",
        filename=name,
        attachment=False,
    )


@public_view
def rtf(request):
    """The metadata as an RTF data paper (``rtf-<r>-v<v>.rtf``), made from the EML."""
    viewing = viewing_or_404(request)
    version = version_or_404(viewing, request)
    shortname = viewing.resource.shortname
    source = _stored(version, "eml")

    def build() -> bytes:
        doc = version_document(version)
        if doc is None:
            raise Http404
        context = PaperContext(
            citation=doc.citation.text
            or generate_citation(
                doc,
                version=version.label,
                publisher=version_publisher(version),
                year=version.published_at.year,
                identifier=links.landing(shortname, version.label),
            ),
            resource_url=links.landing(shortname, version.label),
            archive_url=links.absolute("archive.do", shortname, version.label)
            if version.has_archive
            else "",
            version=version.label,
            published=version.published_at.date().isoformat(),
            words={word: gettext(word) for word in WORDS},
        )
        return build_rtf(doc, context).encode("ascii")

    return serve_generated(
        request,
        build,
        source=source,
        content_type="application/rtf",
        filename=links.download_name("rtf", shortname, version.label),
        variant=get_language(),  # the headings are in the reader's language
    )


@public_view
def logo(request):
    """The resource's logo: a ``logo.<png|jpg|gif>`` file in its folder, else a redirect to
    the logo URL of the published metadata."""
    viewing = viewing_or_404(request)
    folder = resource_dir(viewing.resource)
    for extension, content_type in LOGOS.items():
        path = folder / ("logo." + extension)
        if path.exists():
            return serve_file(
                request, path, content_type=content_type, filename=path.name, attachment=False
            )
    version = version_or_404(viewing, request)
    doc = version_document(version)
    url = doc.resource_logo_url.strip() if doc else ""
    if url.lower().startswith(("https://", "http://")):
        return HttpResponseRedirect(url)
    raise Http404


def _log_text(version) -> str:
    """The log in the reader's language; the job's own log lines follow as they were written."""
    lines = [
        gettext("Publication of version %(version)s, %(date)s")
        % {"version": version.label, "date": version.published_at.isoformat()}
    ]
    if version.change_summary:
        lines.append(gettext("Change summary: %(summary)s") % {"summary": version.change_summary})
    lines += [
        gettext("%(file)s: %(count)d records") % {"file": name, "count": count}
        for name, count in version.counts.items()
    ]
    for check in version.report.get("checks", []):
        if check.get("count"):
            entry = report_entry(check)
            severity = check.get("severity", "")
            lines.append(
                gettext("%(severity)s %(check)s in %(file)s: %(count)s row(s). %(message)s")
                % {
                    "severity": severity_label(severity),
                    "check": check.get("check", ""),
                    "file": check.get("file", ""),
                    "count": check.get("count"),
                    "message": entry.get("message", ""),
                }
            )
    if version.job is not None and version.job.log:
        lines += ["", version.job.log.rstrip()]
    return "\n".join(lines) + "\n"


@public_view
def publication_log(request):
    """What happened when the version was published: counts, checks that flagged rows, and
    the publication's log (public for public resources, as in the IPT)."""
    viewing = viewing_or_404(request)
    version = version_or_404(viewing, request)
    text = _log_text(version).encode("utf-8")
    response = HttpResponse(
        b"" if request.method == "HEAD" else text, content_type="text/plain; charset=utf-8"
    )
    response["Content-Length"] = str(len(text))
    response["Last-Modified"] = http_date(int(version.published_at.timestamp()))
    name = links.download_name("log", viewing.resource.shortname, version.label)
    response["Content-Disposition"] = 'inline; filename="%s"' % name
    return response
