"""Storing catalogue dataclasses as installed rows, and reading them back."""

from __future__ import annotations

from catalogue import definitions as cat
from catalogue.definitions.offer import CORE_ROW_TYPES
from catalogue.models import Concept, Extension, ExtensionProperty, Vocabulary


def extension_fields(definition: cat.Extension) -> dict:
    """Column values of an ``Extension`` row for ``definition``."""
    return {
        "title": definition.title[:255],
        "name": definition.name[:100],
        "namespace": definition.namespace[:255],
        "description": definition.description,
        "link": definition.link[:500],
        "issued": definition.issued,
        "subjects": list(definition.subjects),
        "is_core": definition.row_type in CORE_ROW_TYPES,
    }


def translations_json(prop: cat.Property) -> dict:
    """A property's translations as stored: texts per language."""
    return {
        t.lang: {"label": t.label, "description": t.description, "comments": t.comments}
        for t in prop.translations
    }


def store_properties(extension: Extension, definition: cat.Extension) -> None:
    """Replace the extension's properties by those of ``definition``, in order."""
    extension.properties.all().delete()
    ExtensionProperty.objects.bulk_create(
        ExtensionProperty(
            extension=extension,
            position=i,
            name=p.name,
            namespace=p.namespace,
            qual_name=p.qual_name,
            group=p.group,
            type=p.type,
            required=p.required,
            thesaurus=p.thesaurus,
            label=p.label,
            description=p.description,
            comments=p.comments,
            examples=p.examples,
            translations=translations_json(p),
        )
        for i, p in enumerate(definition.properties)
    )


def as_offer(extension: Extension) -> cat.Extension:
    """The extension's row type and subject keywords only: what ``is_offered`` reads, without
    loading its properties."""
    return cat.Extension(
        title=extension.title,
        name=extension.name,
        namespace=extension.namespace,
        row_type=extension.row_type,
        subjects=tuple(extension.subjects),
    )


def as_definition(extension: Extension) -> cat.Extension:
    """The installed extension as a catalogue dataclass (for planning updates)."""
    properties = tuple(
        cat.Property(
            name=p.name,
            namespace=p.namespace,
            qual_name=p.qual_name,
            group=p.group,
            type=p.type,
            required=p.required,
            thesaurus=p.thesaurus,
            label=p.label,
            description=p.description,
            comments=p.comments,
            examples=p.examples,
        )
        for p in extension.properties.all()
    )
    return cat.Extension(
        title=extension.title,
        name=extension.name,
        namespace=extension.namespace,
        row_type=extension.row_type,
        issued=extension.issued,
        subjects=tuple(extension.subjects),
        description=extension.description,
        link=extension.link,
        properties=properties,
    )


def store_vocabulary(definition: cat.Vocabulary, *, origin: str, source_url: str) -> Vocabulary:
    """Create or replace the vocabulary with ``definition``'s URI, concepts included."""
    vocabulary, _ = Vocabulary.objects.update_or_create(
        uri=definition.uri[:500],
        defaults={
            "title": definition.title[:255],
            "description": definition.description,
            "issued": definition.issued,
            "origin": origin,
            "source_url": source_url[:500],
        },
    )
    vocabulary.concepts.all().delete()
    Concept.objects.bulk_create(
        Concept(
            vocabulary=vocabulary,
            position=i,
            identifier=c.identifier[:255],
            uri=c.uri[:500],
            description=c.description,
            labels=dict(c.labels),
            alternatives={k: list(v) for k, v in c.alternatives.items()},
        )
        for i, c in enumerate(_unique_concepts(definition.concepts))
    )
    return vocabulary


def _unique_concepts(concepts):
    seen: set[str] = set()
    for concept in concepts:
        if concept.identifier[:255] not in seen:
            seen.add(concept.identifier[:255])
            yield concept


def as_vocabulary(vocabulary: Vocabulary) -> cat.Vocabulary:
    """An installed vocabulary as a catalogue dataclass (for matching values)."""
    concepts = tuple(
        cat.Concept(
            identifier=c.identifier,
            uri=c.uri,
            labels=dict(c.labels),
            alternatives={k: tuple(v) for k, v in c.alternatives.items()},
        )
        for c in vocabulary.concepts.all()
    )
    return cat.Vocabulary(uri=vocabulary.uri, title=vocabulary.title, concepts=concepts)
