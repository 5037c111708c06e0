"""Background jobs as people read them: the kind's name, what the job is about (with a
link), its steps and progress, its result as sentences with links, its error without the
internal code (the code stays in ``data-code`` and in the API for admins and scripts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.jobs import get_kind
from core.models import Job, JobStatus
from publisher.views.job_results import result_html

register = template.Library()

# Human names of the job kinds, by kind (the registry's labels are not translatable).
KIND_NAMES = {
    "resource-publish": gettext_lazy("Publication"),
    "resource-validate": gettext_lazy("Validation"),
    "resource-import": gettext_lazy("Resource import"),
    "source-ingest": gettext_lazy("Adding source files"),
    "source-fetch": gettext_lazy("Downloading a source"),
    "source-analyse": gettext_lazy("Analysing a source"),
    "portal-summary": gettext_lazy("Summary of a published archive"),
    "metadata-infer": gettext_lazy("Inferring metadata coverage"),
    "metadata-import": gettext_lazy("EML import"),
    "extension-install": gettext_lazy("Extension installation"),
    "extension-update": gettext_lazy("Extension update"),
    "extensions-check": gettext_lazy("Check for extension updates"),
    "vocabulary-update": gettext_lazy("Vocabulary update"),
    "selfcheck": gettext_lazy("Self-check"),
    "registry-installation-register": gettext_lazy("Registering the installation with GBIF"),
    "registry-installation-update": gettext_lazy("Updating the installation's GBIF entry"),
    "registry-dataset-register": gettext_lazy("Registering with GBIF"),
    "registry-dataset-update": gettext_lazy("Updating the GBIF registration"),
    "registry-dataset-deregister": gettext_lazy("Deleting the GBIF registration"),
    "registry-dataset-network": gettext_lazy("GBIF network membership"),
    "doi-reserve": gettext_lazy("Reserving a DOI"),
    "doi-delete": gettext_lazy("Deleting a reserved DOI"),
    "doi-sync": gettext_lazy("Updating the DOIs at DataCite"),
    "notification-send": gettext_lazy("Notification e-mail"),
    "bulk-publish": gettext_lazy("Publishing several resources"),
}


@dataclass(frozen=True)
class Step:
    """One step of a job as shown: the phases it covers and its share of the whole bar."""

    label: Any
    phases: tuple[str, ...]
    weight: int


_BUILD_STEPS = (
    Step(gettext_lazy("Reading sources"), ("sources",), 10),
    Step(gettext_lazy("Metadata"), ("metadata",), 5),
    Step(gettext_lazy("Writing data files and checking"), ("preparing", "data files"), 75),
    Step(gettext_lazy("Archive"), ("packaging", "checksum"), 5),
)
STEPS = {
    "resource-publish": (*_BUILD_STEPS, Step(gettext_lazy("Storing the version"), ("storing",), 5)),
    "resource-validate": (*_BUILD_STEPS, Step(gettext_lazy("Storing the report"), ("storing",), 5)),
}


def kind_name(kind: str) -> str:
    """The kind's human name (its registered label for a kind not named here)."""
    if kind in KIND_NAMES:
        return str(KIND_NAMES[kind])
    try:
        return get_kind(kind).label
    except KeyError:
        return kind


@register.filter
def job_kind_name(job: Job) -> str:
    return kind_name(job.kind)


def _resource_of(job: Job) -> Any:
    if job.target_type_id is None or job.target_type.model != "resource":
        return None
    return job.target  # None once the resource was deleted


@register.simple_tag
def job_subject(job: Job) -> dict | None:
    """``{% job_subject job as subject %}``: the resource the job is about, as its title and
    overview link (None for jobs about something else, or about a deleted resource)."""
    resource = _resource_of(job)
    if resource is None:
        return None
    url = reverse("resource-overview", args=[resource.shortname])
    return {"title": resource.title or resource.shortname, "url": url}


# --- progress ---------------------------------------------------------------------------------


@register.simple_tag
def job_steps(job: Job) -> dict:
    """``{% job_steps job as progress %}``: the steps of a job that has them, each with its
    state (done, current, to do), and the whole job's percentage by the steps' weights."""
    steps = STEPS.get(job.kind)
    if not steps:
        return {"steps": [], "percent": job.percent, "current": None, "rows": False}
    current = next((i for i, s in enumerate(steps) if job.phase in s.phases), None)
    shown, percent = [], 0.0
    total_weight = sum(s.weight for s in steps)
    for index, step in enumerate(steps):
        state = _state(job, index, current)
        shown.append({"label": step.label, "state": state})
        if state == "done":
            percent += step.weight
        elif state == "current" and job.progress_total:
            percent += step.weight * min(1.0, job.progress_done / job.progress_total)
    value = 100 if job.status == JobStatus.SUCCEEDED else int(percent * 100 / total_weight)
    return {"steps": shown, "percent": value, "current": current, "rows": _counts_rows(job)}


def _counts_rows(job: Job) -> bool:
    """True while the job's progress counts source rows (writing the data files)."""
    return job.kind in STEPS and job.phase == "data files"


def _state(job: Job, index: int, current: int | None) -> str:
    if job.status == JobStatus.SUCCEEDED:
        return "done"
    if current is None:
        return "todo"
    if index < current:
        return "done"
    return "current" if index == current and job.is_active else "todo"


@register.filter
def job_speed(job: Job) -> str:
    """Rows (or items) per second and the time left, while the job runs, as a sentence."""
    rate = job.rate
    if rate is None:
        return ""
    rate_text = number_format(int(rate), force_grouping=True)
    if _counts_rows(job):
        text = _("%(rate)s rows per second") % {"rate": rate_text}
    else:
        text = _("%(rate)s per second") % {"rate": rate_text}
    left = job.seconds_left
    if left is not None:
        text += " · " + _("about %(time)s left") % {"time": _duration(left)}
    return text


def _duration(seconds: int) -> str:
    if seconds < 60:
        return _("%(n)d s") % {"n": max(1, seconds)}
    if seconds < 3600:
        return _("%(n)d min") % {"n": round(seconds / 60)}
    return _("%(h)d h %(m)d min") % {"h": seconds // 3600, "m": seconds % 3600 // 60}


# --- outcome -------------------------------------------------------------------------------


@register.simple_tag
def job_result(job: Job) -> SafeString:
    """The job's result as sentences with links (see ``publisher.views.job_results``)."""
    subject = job_subject(job)
    return result_html(job, subject["title"] if subject else "")


@register.filter
def job_error(job: Job) -> str:
    """The error message as people read it: without an internal code in front of it, in the
    reader's language (from the ``Text`` the job kept, else the stored English text as the
    catalogue has it)."""
    if isinstance(job.result, dict) and job.result.get("error_text"):
        return job.localized_error()
    message = job.error_message or ""
    prefix = job.error_code + ":"
    if job.error_code and message.startswith(prefix):
        message = message[len(prefix) :].strip()
    return stored_text(message)


@register.filter
def stored_text(message: str) -> str:
    """A message a job stored in English, in the reader's language when the catalogue has
    that very text (``gettext("")`` would give the catalogue's header)."""
    return _(message) if message else message


@register.filter
def kind_label(kind: str) -> str:
    """``{{ "doi-sync"|kind_label }}``: a kind's human name, from its name alone (e-mails)."""
    return kind_name(kind)
