"""What a newer version of a vocabulary changes in the mappings: value translations and fixed
values that name a concept the new version no longer has (registered with the catalogue)."""

from __future__ import annotations

from catalogue.definitions.model import Vocabulary as VocabularyDefinition
from catalogue.models import ExtensionProperty, Vocabulary
from catalogue.selectors import vocabulary_links
from resources.mapping.vocabulary import match_vocabulary
from resources.models import FieldMapping


def _bound_properties(vocabulary: Vocabulary) -> list[ExtensionProperty]:
    """Terms of installed extensions whose thesaurus link is ``vocabulary``."""
    properties = list(ExtensionProperty.objects.exclude(thesaurus="").select_related("extension"))
    links = vocabulary_links({p.thesaurus for p in properties})
    return [p for p in properties if getattr(links.get(p.thesaurus), "pk", None) == vocabulary.pk]


def _lost(values: list[str], old: VocabularyDefinition, new: VocabularyDefinition) -> dict:
    """Values the old version knows that the new one does not know as the same concept:
    value -> {"concept": old concept, "now": new concept or ""}."""
    before = match_vocabulary(values, old).matched
    after = match_vocabulary(list(before), new).matched
    return {
        value: {"concept": concept, "now": after.get(value, "")}
        for value, concept in before.items()
        if after.get(value) != concept
    }


def _field_impact(field: FieldMapping, old, new) -> dict | None:
    targets = sorted({t for t in field.translations.values() if isinstance(t, str)})
    lost_targets = _lost(targets, old, new)
    translations = [
        {"value": source, "target": target, **lost_targets[target]}
        for source, target in sorted(field.translations.items())
        if target in lost_targets
    ]
    fixed = [(name, getattr(field, name)) for name in ("constant", "default")]
    lost_fixed = _lost([value for _name, value in fixed if value], old, new)
    values = [
        {"field": name, "value": value, **lost_fixed[value]}
        for name, value in fixed
        if value in lost_fixed
    ]
    if not translations and not values:
        return None
    mapping = field.mapping
    return {
        "resource": mapping.resource.shortname,
        "mapping": mapping.pk,
        "extension": mapping.extension.title,
        "term": field.term,
        "translations": translations,
        "values": values,
    }


def mappings_vocabulary_impact(
    vocabulary: Vocabulary, old: VocabularyDefinition, new: VocabularyDefinition
) -> list[dict]:
    """For each mapped term bound to ``vocabulary``: the value translations whose target, and
    the fixed (constant or default) values that, name a concept of ``old`` that ``new``
    removed or gives to another concept. Terms with nothing affected are left out."""
    found = []
    for prop in _bound_properties(vocabulary):
        fields = FieldMapping.objects.filter(
            mapping__extension_id=prop.extension_id, term=prop.qual_name
        ).select_related("mapping__resource", "mapping__extension")
        for field in fields.order_by("mapping__resource__shortname", "mapping_id"):
            entry = _field_impact(field, old, new)
            if entry is not None:
                found.append(entry)
    return found
