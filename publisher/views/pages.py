"""Home, about and the manage dashboard."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.selectors import jobs_for_user
from core.views.decorators import manager_required
from publisher.forms import SelfCheckForm
from publisher.views.manage_list import manage_list_context
from resources.portal.search import Filters, filter_options
from resources.portal.selectors import (
    LISTING_CACHE_SECONDS,
    SORTS,
    listing_generation,
    resources_listed,
    resources_page,
)

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
    query = {**({"q": search} if search else {}), **filters.as_query()}
    generation = listing_generation()
    page = _listing_page(generation, search, sort, request.GET.get("page", 1), filters)
    context = {
        "page": page,
        "search": search,
        "sort": sort,
        "sorts": [(key, SORT_LABELS[key]) for key in sorts],
        "filters": filters,
        "options": cache.get_or_set(
            "portal:options:%s:%s" % (generation, get_language()),
            lambda: filter_options(resources_listed()),
            LISTING_CACHE_SECONDS,
        ),
        "query": urlencode(query),
        "sorted_query": urlencode({**query, "sort": sort}),
    }
    return render(request, "pages/home.html", context)


def _listing_page(generation: str, search: str, sort: str, number, filters: Filters) -> Page:
    """The page of the public listing. Browsing pages (no search, no filter: a bounded set)
    are kept in the shared cache until the listing changes: their rows, number and count
    (a page holds its whole query, which must not be cached)."""

    def build() -> tuple[list, int, int, int]:
        found = resources_page(search=search, sort=sort, page=number, filters=filters)
        paginator = found.paginator
        return list(found.object_list), found.number, paginator.count, paginator.per_page

    if search or filters or not str(number).isdigit() or len(str(number)) > 5:
        rows, found, count, per_page = build()
    else:
        key = "portal:home:%s:%s:%d" % (generation, sort, int(number))
        rows, found, count, per_page = cache.get_or_set(key, build, LISTING_CACHE_SECONDS)
    page = Paginator(range(count), per_page).page(found)
    page.object_list = rows
    return page


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
