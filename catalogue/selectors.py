"""Reads of the installed extensions and vocabularies."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from catalogue.definitions import link_key
from catalogue.definitions.offer import is_offered
from catalogue.models import Extension, Vocabulary
from catalogue.services.store import as_offer


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


def row_type_extension_name(row_type: str) -> str:
    """The name of the installed extension with ``row_type``, or "" when none is installed."""
    found = Extension.objects.filter(row_type=row_type).values_list("name", flat=True).first()
    return found or ""
