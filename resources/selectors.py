"""Reads of resources and the catalogue for pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from catalogue.definitions import link_key
from catalogue.definitions.offer import is_offered
from catalogue.models import Extension, Vocabulary
from catalogue.services.store import as_offer
from core.permissions import is_admin
from resources.mapping.automap import term_key
from resources.models import VISIBLE, Resource


def resources_for_manager(*, user) -> QuerySet[Resource]:
    """Resources the user may manage: all for admins, else created or co-managed ones."""
    resources = Resource.objects.select_related("creator")
    if is_admin(user):
        return resources.all()
    return resources.filter(Q(creator=user) | Q(managers=user)).distinct()


def resources_filter(
    resources: QuerySet[Resource],
    *,
    type: str = "",
    visibility: str = "",
    search: str = "",  # noqa: A002
) -> QuerySet[Resource]:
    """``resources`` narrowed to a type and a visibility (empty: any) and to those whose
    short name or title holds every word of ``search``."""
    if type:
        resources = resources.filter(type=type)
    if visibility:
        resources = resources.filter(visibility=visibility)
    for word in search.split():
        resources = resources.filter(Q(shortname__icontains=word) | Q(title__icontains=word))
    return resources


def resources_public() -> QuerySet[Resource]:
    """Resources anyone may see (public or registered); the portal's listings also require
    a public version (``resources.portal.selectors.resources_listed``)."""
    return Resource.objects.filter(visibility__in=VISIBLE)


def extensions_list() -> QuerySet[Extension]:
    return Extension.objects.annotate(
        property_count=Count("properties", distinct=True),
        mapping_count=Count("mappings", distinct=True),
    ).order_by("-is_core", "title")


def vocabularies_list() -> QuerySet[Vocabulary]:
    return Vocabulary.objects.annotate(concept_count=Count("concepts")).order_by("title")


def extensions_for_core(core_row_type: str) -> list[Extension]:
    """Installed extensions that may be mapped under ``core_row_type``."""
    return [
        e
        for e in Extension.objects.all()
        if is_offered(as_offer(e), core_row_type, extra_cores=e.extra_cores)
    ]


def vocabulary_links(links: set[str]) -> dict[str, Vocabulary]:
    """Installed vocabularies for thesaurus links (matched ignoring scheme and ``.xml``)."""
    wanted = {link_key(link): link for link in links if link}
    found: dict[str, Vocabulary] = {}
    for vocabulary in Vocabulary.objects.all():
        for key in (link_key(vocabulary.source_url), link_key(vocabulary.uri)):
            if key in wanted:
                found[wanted[key]] = vocabulary
    return found


def vocabulary_for_link(link: str) -> Vocabulary | None:
    """The installed vocabulary a property's thesaurus link points to, if any."""
    return vocabulary_links({link}).get(link)


def resource_get_for_manager(*, user, shortname: str) -> Resource | None:
    """The resource if ``user`` may manage it, else None (callers answer 404, not 403, so
    that private short names do not leak)."""
    from resources.permissions import may_manage_resource

    resource = Resource.objects.filter(shortname=shortname).first()
    if resource is None or not may_manage_resource(user, resource):
        return None
    return resource


def extension_find(*, text: str) -> Extension | None:
    """The installed extension ``text`` names: its row type, or its name, title or the last
    part of its row type ignoring case and punctuation (``occurrence``, ``dwc:Event``)."""
    exact = Extension.objects.filter(row_type=text.strip()).first()
    if exact is not None:
        return exact
    wanted = term_key(text.rsplit(":", 1)[-1] if "://" not in text else text.rsplit("/", 1)[-1])
    for extension in Extension.objects.order_by("-is_core", "title"):
        names = (extension.name, extension.title, extension.row_type.rsplit("/", 1)[-1])
        if wanted in {term_key(name) for name in names}:
            return extension
    return None
