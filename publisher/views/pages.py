"""Home, about and the manage dashboard."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.selectors import jobs_for_user
from core.views.decorators import manager_required
from publisher.forms import SelfCheckForm
from publisher.views.manage_list import manage_list_context
from resources.portal.search import Filters, filter_options
from resources.portal.selectors import SORTS, resources_listed, resources_page

SORT_LABELS = {
    "relevance": _("Best match"),
    "published": _("Newest"),
    "title": _("Title"),
    "records": _("Most records"),
}


def home(request):
    """Public landing page: the installation's public resources, searched, filtered, sorted
    and paged in the database; filters offer only what public resources have."""
    search = request.GET.get("q", "").strip()[:200]
    sorts = [key for key in SORTS if search or key != "relevance"]
    sort = request.GET.get("sort") or ("relevance" if search else "published")
    sort = sort if sort in sorts else "published"
    filters = Filters.from_query(request.GET)
    page = resources_page(
        search=search, sort=sort, page=request.GET.get("page", 1), filters=filters
    )
    query = {**({"q": search} if search else {}), **filters.as_query()}
    context = {
        "page": page,
        "search": search,
        "sort": sort,
        "sorts": [(key, SORT_LABELS[key]) for key in sorts],
        "filters": filters,
        "options": filter_options(resources_listed()),
        "query": urlencode(query),
        "sorted_query": urlencode({**query, "sort": sort}),
    }
    return render(request, "pages/home.html", context)


def about(request):
    return render(request, "pages/about.html")


@manager_required
def dashboard(request):
    """Where managers start: their resources (filtered and sorted by the GET parameters) and
    their recent background jobs."""
    context = {
        **manage_list_context(request),
        "jobs": jobs_for_user(user=request.user)[:10],
        "may_selfcheck": permissions.may_start_selfcheck(request.user),
        "selfcheck_form": SelfCheckForm(),
    }
    return render(request, "pages/dashboard.html", context)
