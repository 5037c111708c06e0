"""The public listing's search and filters, over the facts of each resource's latest public
version (``VersionFacts``) and never over working data.

Callers pass a queryset from ``resources_listed()``: a resource's facts are reached only
through its ``latest_id`` (its newest public version), so the facts of private resources and
private versions can match nothing and are offered as no filter option.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value, When

from core.names import country_name
from resources.models import Resource, ResourceType, VersionFacts

from .facts import country_names

MAX_SEARCH_WORDS = 6
MAX_FILTER_VALUE = 500


@dataclass(frozen=True)
class Filters:
    """What a visitor narrowed the listing to; empty values filter nothing."""

    type: str = ""
    organisation: str = ""
    licence: str = ""
    country: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        """Filters from GET parameters ``type``, ``organisation``, ``licence``, ``country``,
        ``from`` and ``to`` (years); malformed values are ignored."""

        def text(name: str) -> str:
            return str(query.get(name, "")).strip()[:MAX_FILTER_VALUE]

        kind = text("type")
        return cls(
            type=kind if kind in ResourceType.values else "",
            organisation=text("organisation"),
            licence=text("licence"),
            country=text("country").upper()[:2],
            year_from=_year(text("from")),
            year_to=_year(text("to")),
        )

    def __bool__(self) -> bool:
        return any(getattr(self, name) not in ("", None) for name in self.__dataclass_fields__)

    def as_query(self) -> dict[str, str]:
        """The GET parameters that give these filters back (for pagination and sort links)."""
        values = {
            "type": self.type,
            "organisation": self.organisation,
            "licence": self.licence,
            "country": self.country,
            "from": "" if self.year_from is None else str(self.year_from),
            "to": "" if self.year_to is None else str(self.year_to),
        }
        return {k: v for k, v in values.items() if v}


def _year(value: str) -> int | None:
    return int(value) if value.isdigit() and 1 <= int(value) <= 9999 else None


def _facts(**lookups) -> QuerySet[VersionFacts]:
    return VersionFacts.objects.filter(**lookups).values("version_id")


def filtered(resources: QuerySet[Resource], filters: Filters) -> QuerySet[Resource]:
    """``resources`` whose latest public version has the facts ``filters`` ask for; a year
    range keeps the resources whose records' years overlap it."""
    if filters.type:
        resources = resources.filter(type=filters.type)
    lookups: dict[str, object] = {}
    if filters.organisation:
        lookups["organisation"] = filters.organisation
    if filters.licence:
        lookups["licence"] = filters.licence
    if filters.country:
        lookups["countries__contains"] = " %s " % filters.country
    if filters.year_from is not None:
        lookups["last_year__gte"] = filters.year_from
    if filters.year_to is not None:
        lookups["first_year__lte"] = filters.year_to
    if lookups:
        resources = resources.filter(latest_id__in=_facts(**lookups))
    return resources


def _words_in_title(text: str) -> Q:
    found = Q()
    for word in text.split()[:MAX_SEARCH_WORDS]:
        found &= Q(public_title__icontains=word) | Q(shortname__icontains=word)
    return found


def searched(resources: QuerySet[Resource], text: str) -> QuerySet[Resource]:
    """``resources`` matching ``text`` in the facts of their latest public version (every
    word, or PostgreSQL's web search syntax there), or in their published title and short
    name (so that versions without facts are still found), annotated with a ``relevance``."""
    if not text.split():
        return resources
    if connection.vendor == "postgresql":
        return _searched_postgresql(resources, text)
    words = text.lower().split()[:MAX_SEARCH_WORDS]
    facts = VersionFacts.objects.all()
    for word in words:
        facts = facts.filter(text__contains=word)
    title = _words_in_title(text)
    return resources.filter(title | Q(latest_id__in=facts.values("version_id"))).annotate(
        relevance=Case(When(title, then=Value(1.0)), default=Value(0.5), output_field=FloatField())
    )


def _searched_postgresql(resources: QuerySet[Resource], text: str) -> QuerySet[Resource]:
    query = SearchQuery(text, config="simple", search_type="websearch")
    vector = SearchVector("text", config="simple")
    facts = VersionFacts.objects.annotate(vector=vector).filter(vector=query)
    rank = (
        VersionFacts.objects.filter(version_id=OuterRef("latest_id"))
        .annotate(rank=SearchRank(vector, query))
        .values("rank")[:1]
    )
    matching = _words_in_title(text) | Q(latest_id__in=facts.values("version_id"))
    return resources.filter(matching).annotate(relevance=Subquery(rank))


def by_relevance(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    """``resources`` (searched) best match first, then newest."""
    return resources.order_by(F("relevance").desc(nulls_last=True), "-latest_published_at", "pk")


def filter_options(resources: QuerySet[Resource]) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices for each filter, taken from the facts of ``resources``' latest
    public versions only (pass ``resources_listed()``): types, organisations, licences and
    countries; a constant number of queries whatever the number of resources."""
    latest = resources.order_by().values("latest_id")
    facts = VersionFacts.objects.filter(version_id__in=latest).order_by()
    rows = set(facts.values_list("organisation", "licence", "countries").distinct())
    types = set(resources.order_by().values_list("type", flat=True).distinct())
    names = country_names()
    codes = {code for _, _, countries in rows for code in countries.split()}
    return {
        "type": [(v, str(label)) for v, label in ResourceType.choices if v in types],
        "organisation": _choices(row[0] for row in rows),
        "licence": _choices(row[1] for row in rows),
        "country": sorted(
            ((c, country_name(c, names.get(c, c))) for c in codes), key=lambda c: c[1]
        ),
    }


def _choices(values: Iterable[str]) -> list[tuple[str, str]]:
    return [(v, v) for v in sorted({v for v in values if v}, key=str.casefold)]
