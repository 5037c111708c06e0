"""The manage list on the dashboard: the filter form, the sortable columns and the rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from publisher.forms_manage import ManageFilterForm
from resources.manage_list import resources_manage_list


@dataclass(frozen=True)
class Column:
    """A sortable column: its sort key, header, and whether it first sorts descending."""

    key: str
    label: str
    descending_first: bool = False


PAGE_SIZE = 50

COLUMNS = (
    Column("title", _("Title")),
    Column("type", _("Type")),
    Column("records", _("Records"), descending_first=True),
    Column("visibility", _("Visibility")),
    Column("organisation", _("Organisation")),
    Column("published", _("Last publication"), descending_first=True),
    Column("next", _("Next automatic publication")),
    Column("modified", _("Modified"), descending_first=True),
)


def sort_headers(query: QueryDict, sort: str) -> list[dict]:
    """Each column with the address that sorts by it (the other way round when it is the
    current sort) and its ``aria-sort`` value ("" when the list is not sorted by it)."""
    headers = []
    for column in COLUMNS:
        current = sort.removeprefix("-") == column.key
        descending = sort.startswith("-") if current else column.descending_first
        if current:
            following = column.key if descending else "-" + column.key
        else:
            following = "-" + column.key if descending else column.key
        params = query.copy()
        params["sort"] = following
        params.pop("page", None)
        aria = ("descending" if descending else "ascending") if current else ""
        headers.append({"column": column, "url": "?" + params.urlencode(), "aria_sort": aria})
    return headers


def page_url(query: QueryDict, number: int) -> str:
    """The address of page ``number`` of the list, keeping the filters and the sort."""
    params = query.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


def manage_list_context(request) -> dict:
    """What the "Your resources" section of the dashboard shows for ``request``'s GET: one
    page of ``PAGE_SIZE`` resources."""
    form = ManageFilterForm(request.GET)
    filters = form.filters()
    resources = resources_manage_list(user=request.user, **filters)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "filter_form": form,
        "filtered": any(filters[k] for k in ("search", "visibility", "type", "organisation")),
        "resources": page,
        "previous_url": page_url(request.GET, page.number - 1) if page.has_previous() else "",
        "next_url": page_url(request.GET, page.number + 1) if page.has_next() else "",
        "sort_headers": sort_headers(request.GET, filters["sort"]),
    }
