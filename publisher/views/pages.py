"""Home, about and the manage dashboard."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.selectors import jobs_for_user
from core.views.decorators import manager_required
from publisher.forms import SelfCheckForm
from resources.portal.selectors import SORTS, resources_page
from resources.selectors import resources_for_manager

SORT_LABELS = {"published": _("Newest"), "title": _("Title"), "records": _("Most records")}


def home(request):
    """Public landing page: the installation's public resources, searched, sorted and paged
    in the database."""
    search = request.GET.get("q", "").strip()[:200]
    sort = request.GET.get("sort", "published")
    sort = sort if sort in SORTS else "published"
    page = resources_page(search=search, sort=sort, page=request.GET.get("page", 1))
    context = {
        "page": page,
        "search": search,
        "sort": sort,
        "sorts": [(key, SORT_LABELS[key]) for key in SORTS],
    }
    return render(request, "pages/home.html", context)


def about(request):
    return render(request, "pages/about.html")


@manager_required
def dashboard(request):
    """Where managers start: their resources and their recent background jobs."""
    context = {
        "resources": resources_for_manager(user=request.user),
        "jobs": jobs_for_user(user=request.user)[:10],
        "may_selfcheck": permissions.may_start_selfcheck(request.user),
        "selfcheck_form": SelfCheckForm(),
    }
    return render(request, "pages/dashboard.html", context)
