"""A finished job's result as sentences with links, one writer per job kind; kinds without
one get a plain sentence about their status. The raw result stays in the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Job, JobStatus

Writer = Callable[[Job, dict, str], SafeString]


def _n(value: Any) -> str:
    return number_format(int(value or 0), force_grouping=True)


def _link(url: str, text: str) -> SafeString:
    return format_html(' <a href="{}" data-testid="job-report-link">{}</a>', url, text)


def _publish(job: Job, result: dict, title: str) -> SafeString:
    if result.get("skipped"):
        return format_html(
            "{}",
            _("Nothing changed since version %(v)s of %(title)s: nothing was published.")
            % {"v": result.get("version", "?"), "title": title},
        )
    records = int(result.get("records") or 0)
    text = ngettext(
        "Published version %(v)s of %(title)s (%(n)s record, %(size)s).",
        "Published version %(v)s of %(title)s (%(n)s records, %(size)s).",
        records,
    ) % {
        "v": result.get("version", "?"),
        "title": title,
        "n": _n(records),
        "size": filesizeformat(result.get("archive_size") or 0),
    }
    html = format_html("{}", text)
    if result.get("report_url"):
        html += _link(result["report_url"], _("View the report."))
    return html


def _validate(job: Job, result: dict, title: str) -> SafeString:
    errors, warnings = int(result.get("errors") or 0), int(result.get("warnings") or 0)
    if errors:
        text = ngettext(
            "Validated %(title)s: %(n)s blocking problem; it cannot be published as it is.",
            "Validated %(title)s: %(n)s blocking problems; it cannot be published as it is.",
            errors,
        ) % {"title": title, "n": _n(errors)}
    else:
        text = ngettext(
            "Validated %(title)s: no blocking problem, %(n)s warning.",
            "Validated %(title)s: no blocking problem, %(n)s warnings.",
            warnings,
        ) % {"title": title, "n": _n(warnings)}
    html = format_html("{}", text)
    if result.get("report_url"):
        html += _link(result["report_url"], _("View the report."))
    return html


def _sources(job: Job, result: dict, title: str) -> SafeString:
    sources = result.get("sources") or []
    if not sources:
        return format_html("{}", _("Done."))
    items = format_html_join(
        ", ",
        "{} ({})",
        (
            (
                s.get("name", ""),
                ngettext("%(n)s row", "%(n)s rows", int(s.get("rows") or 0))
                % {"n": _n(s.get("rows"))},
            )
            for s in sources
        ),
    )
    return format_html("{} {}", _("Sources ready:"), items)


def _import(job: Job, result: dict, title: str) -> SafeString:
    links = format_html_join(
        ", ",
        '<a href="{}">{}</a>',
        ((r.get("url", "#"), r.get("shortname", "")) for r in result.get("resources") or []),
    )
    failed = result.get("failed") or []
    notes = format_html_join(" ", "{}", ((_stored(f.get("message", "")),) for f in failed))
    if not links:
        return format_html("{} {}", _("Nothing could be imported."), notes)
    return format_html("{} {} {}", _("Imported:"), links, notes)


def _selfcheck(job: Job, result: dict, title: str) -> SafeString:
    checks = result.get("checks") or []
    failed = [c.get("name", "") for c in checks if not c.get("ok")]
    if failed:
        return format_html("{}", _("Checks failed: %(names)s.") % {"names": ", ".join(failed)})
    return format_html("{}", _("Every check passed: database, storage and worker."))


def _vocabulary_update(job: Job, result: dict, title: str) -> SafeString:
    report = result.get("report") or {}
    values = {"issued": report.get("to_issued") or "—", "n": _n(len(report.get("mappings") or []))}
    if report.get("mappings"):
        text = _(
            "The vocabulary was updated to the version issued %(issued)s. Mapped terms "
            "affected: %(n)s."
        )
    else:
        text = _("The vocabulary was updated to the version issued %(issued)s.")
    url = reverse("vocabulary-manage", args=[result.get("vocabulary")])
    return format_html("{}", text % values) + _link(url, _("View the update report."))


def _bulk(job: Job, result: dict, title: str) -> SafeString:
    text = _(
        "Resources published: %(succeeded)s of %(resources)s; failed: %(failed)s; "
        "refused: %(refused)s."
    ) % {k: _n(result.get(k, 0)) for k in ("succeeded", "resources", "failed", "refused")}
    return format_html("{}", text) + _link(
        reverse("bulk-run", args=[job.pk]), _("See each resource.")
    )


WRITERS: dict[str, Writer] = {
    "resource-publish": _publish,
    "resource-validate": _validate,
    "source-ingest": _sources,
    "source-fetch": _sources,
    "source-analyse": _sources,
    "resource-import": _import,
    "selfcheck": _selfcheck,
    "vocabulary-update": _vocabulary_update,
    "bulk-publish": _bulk,
}


def _failed_publication(job: Job, result: dict) -> SafeString:
    url = result.get("report_url") or ""
    if job.kind == "resource-publish" and url:
        return format_html("{}", _("Nothing was published.")) + _link(url, _("View the report."))
    return SafeString("")


def result_html(job: Job, title: str) -> SafeString:
    """The job's outcome as sentences (empty while it runs): what was done, with links."""
    result = job.result or {}
    if job.status == JobStatus.FAILED:
        return _failed_publication(job, result)
    if job.status != JobStatus.SUCCEEDED:
        return SafeString("")
    writer = WRITERS.get(job.kind)
    if writer is not None:
        return writer(job, result, title)
    return format_html("{}", _("Done."))


def _stored(message: str) -> str:
    """A message a job stored in English, in the reader's language when the catalogue has it
    (``gettext("")`` would give the catalogue's header)."""
    return _(message) if message else ""
