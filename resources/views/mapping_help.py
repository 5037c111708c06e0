"""What the mapping page tells about each term: its definition, examples and vocabulary (the
IPT's info popup), and a few sample values of the column mapped to it."""

from __future__ import annotations

from catalogue.selectors import vocabulary_links
from catalogue.terms import term_examples, term_texts, ui_languages
from resources.models import ExtensionMapping

SAMPLES_SHOWN = 3


def _concepts(vocabulary, langs: list[str]) -> list[dict]:
    found = []
    for concept in vocabulary.concepts.all():
        label = next((concept.labels[g] for g in langs if concept.labels.get(g)), "")
        label = label or concept.label("en")
        others = [a for values in concept.alternatives.values() for a in values]
        searched = [concept.identifier, label, *concept.labels.values(), *others]
        found.append(
            {
                "identifier": concept.identifier,
                "label": label,
                "description": concept.description,
                "search": " ".join(searched).lower(),
            }
        )
    return found


def term_help(properties) -> dict[str, dict]:
    """Per qualified name: label, definition, comments and examples in the UI language where
    the extension has them, and the installed vocabulary with its concepts."""
    langs = ui_languages()
    vocabularies = vocabulary_links({p.thesaurus for p in properties if p.thesaurus})
    concepts = {link: _concepts(v, langs) for link, v in vocabularies.items()}
    found = {}
    for prop in properties:
        found[prop.qual_name] = {
            **term_texts(prop, langs),
            "examples": term_examples(prop.examples),
            "vocabulary": vocabularies.get(prop.thesaurus),
            "concepts": concepts.get(prop.thesaurus, []),
        }
    return found


def column_samples(mapping: ExtensionMapping) -> dict[str, list[str]]:
    """A few distinct sample values of each source column, from the source's analysis."""
    if mapping.source is None:
        return {}
    samples = mapping.source.analysis.get("samples") or []
    return {
        column: list(dict.fromkeys(samples[i]))[:SAMPLES_SHOWN] if i < len(samples) else []
        for i, column in enumerate(mapping.source.columns)
    }


def add_help(groups: list[dict], mapping: ExtensionMapping, properties) -> dict[str, list[str]]:
    """Add each term row's help and its column's samples; return the samples per column
    (the page shows them again when another column is chosen)."""
    helps, samples = term_help(properties), column_samples(mapping)
    for group in groups:
        for row in group["rows"]:
            row["help"] = helps[row["prop"].qual_name]
            row["samples"] = samples.get(row["rule"].get("column") or "", [])
    return samples
