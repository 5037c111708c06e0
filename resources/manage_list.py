"""Reads for the manage list: a manager's resources with what the IPT's table shows and more
(type, records, visibility, organisation, last publication with its check summary, next
automatic publication), filtered and sorted in the database."""

from __future__ import annotations

from django.db.models import (
    BigIntegerField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Lower, NullIf

from resources.models import Resource, Version
from resources.selectors import resources_filter, resources_for_manager

# Sort keys of the manage list, each with the expression it orders by (ascending); a key
# prefixed with "-" sorts descending. Empty values sort last either way.
SORT_FIELDS = {
    "title": Lower(Coalesce(NullIf("title", Value("")), "shortname")),
    "type": F("type"),
    "records": F("records"),
    "visibility": F("visibility"),
    "organisation": Lower("organisation__name"),
    "published": F("last_published_at"),
    "next": F("next_publish_at"),
    "modified": F("modified"),
}
DEFAULT_SORT = "-modified"


def manage_sort_valid(sort: str) -> bool:
    """True for a sort key of the manage list, with or without a leading "-"."""
    return sort.removeprefix("-") in SORT_FIELDS


def _with_latest_version(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    latest = Version.objects.filter(resource=OuterRef("pk")).order_by("-major", "-minor")

    def first(expression) -> Subquery:
        return Subquery(latest.annotate(v=expression).values("v")[:1])

    return resources.annotate(
        records=Coalesce(first(F("records")), 0),
        last_label=first(F("label")),
        last_published_at=first(F("published_at")),
        last_errors=first(Cast(KT("report__errors"), BigIntegerField())),
        last_warnings=first(Cast(KT("report__warnings"), BigIntegerField())),
    )


def _ordered(resources: QuerySet[Resource], sort: str) -> QuerySet[Resource]:
    sort = sort if manage_sort_valid(sort) else DEFAULT_SORT
    expression = SORT_FIELDS[sort.removeprefix("-")]
    if sort.startswith("-"):
        first = expression.desc(nulls_last=True)
    else:
        first = expression.asc(nulls_last=True)
    return resources.order_by(first, "shortname")


def resources_manage_list(
    *,
    user,
    search: str = "",
    visibility: str = "",
    type: str = "",  # noqa: A002
    organisation: int | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[Resource]:
    """The resources ``user`` may manage, narrowed by words of their short name or title, a
    visibility, a type and a publishing organisation (empty: any), in ``sort`` order (a key of
    ``SORT_FIELDS``, "-" for descending; unknown keys fall back to ``DEFAULT_SORT``).

    Each resource carries ``records``, ``last_label``, ``last_published_at``, ``last_errors``
    and ``last_warnings`` of its latest version (None before the first; records 0),
    ``auto_publish`` and ``next_publish_at`` of its publication settings, and its creator and
    organisation loaded: the list costs one query whatever its length.
    """
    managed = resources_for_manager(user=user).values("pk")
    resources = Resource.objects.filter(pk__in=managed).select_related("creator", "organisation")
    resources = resources_filter(resources, type=type, visibility=visibility, search=search)
    if organisation is not None:
        resources = resources.filter(Q(organisation_id=organisation))
    resources = _with_latest_version(resources).annotate(
        auto_publish=F("publication_settings__auto_publish"),
        next_publish_at=F("publication_settings__next_publish_at"),
    )
    return _ordered(resources, sort)
