"""Job pages: the list of jobs, start the self-check, follow a job (full page and htmx
partial), cancel."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import permissions
from core.selectors import job_get_for_user
from core.services.jobs import job_cancel
from core.views.decorators import admin_required, login_required
from publisher.forms import SelfCheckForm
from publisher.forms_jobs import JobFilterForm, starters_of
from publisher.jobs import selfcheck
from resources.selectors import resources_for_manager
from resources.selectors_jobs import jobs_narrowed, jobs_visible_to

JOBS_PER_PAGE = 25


def _job_or_404(request, job_id):
    job = job_get_for_user(user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


@login_required
def job_list(request):
    """The jobs the user may see (``jobs_visible_to``), newest first, filtered by kind,
    status, resource and who started them, a page at a time."""
    visible = jobs_visible_to(user=request.user)
    resources = resources_for_manager(user=request.user).order_by("title")
    form = JobFilterForm(request.GET, resources=resources, starters=starters_of(visible))
    chosen = form.filters()
    resource = resources.filter(shortname=chosen["resource"]).first()
    jobs = jobs_narrowed(
        visible,
        kind=chosen["kind"],
        status=chosen["status"],
        resource=resource,
        user_id=int(chosen["user"]) if chosen["user"] else None,
    )
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "jobs": page.object_list, "query": query.urlencode()}
    return render(request, "jobs/list.html", context)


@login_required
def job_detail(request, job_id):
    return render(request, "jobs/detail.html", {"job": _job_or_404(request, job_id)})


@login_required
def job_progress(request, job_id):
    """The progress partial; while the job is active it asks to be polled again."""
    return render(request, "jobs/_progress.html", {"job": _job_or_404(request, job_id)})


@require_POST
@login_required
def job_cancel_view(request, job_id):
    job = _job_or_404(request, job_id)
    if not permissions.may_cancel_job(request.user, job):
        raise Http404
    if job_cancel(job=job):
        messages.info(request, _("The job was cancelled."))
    else:
        messages.warning(request, _("The job had already finished."))
    if request.htmx:
        return render(request, "jobs/_progress.html", {"job": job})
    return redirect("job-detail", job_id=job.pk)


@require_POST
@admin_required
def selfcheck_start(request):
    """Queue a self-check; htmx requests get the progress partial in place."""
    form = SelfCheckForm(request.POST)
    options = form.cleaned_data if form.is_valid() else {}
    job = selfcheck.selfcheck_start(user=request.user, **options)
    if request.htmx:
        return render(request, "jobs/_progress.html", {"job": job})
    return redirect("job-detail", job_id=job.pk)
