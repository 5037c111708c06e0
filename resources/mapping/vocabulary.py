"""Value translations: distinct source values, and their automatic match to a vocabulary."""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from catalogue.definitions.model import Vocabulary

from ..sources.model import Row
from .automap import term_key
from .model import VocabularyMatch


def match_vocabulary(values: Iterable[str], vocabulary: Vocabulary) -> VocabularyMatch:
    """Each distinct non-empty value matched to a concept identifier, ignoring case, spaces,
    underscores, hyphens and punctuation, against the identifier, the preferred labels and
    the alternative labels in every language. An identifier beats a label, a preferred label
    an alternative one, an earlier concept a later one. Unmatched values keep their order.
    """
    index = _concept_index(vocabulary)
    matched: dict[str, str] = {}
    unmatched: list[str] = []
    seen: set[str] = set()
    for value in values:
        if value in seen or not value.strip():
            continue
        seen.add(value)
        concept = index.get(term_key(value))
        if concept is None:
            unmatched.append(value)
        else:
            matched[value] = concept
    return VocabularyMatch(matched=matched, unmatched=unmatched)


def _concept_index(vocabulary: Vocabulary) -> dict[str, str]:
    index: dict[str, str] = {}
    for concept in vocabulary.concepts:
        index.setdefault(term_key(concept.identifier), concept.identifier)
    for concept in vocabulary.concepts:
        for label in concept.labels.values():
            index.setdefault(term_key(label), concept.identifier)
    for concept in vocabulary.concepts:
        for labels in concept.alternatives.values():
            for label in labels:
                index.setdefault(term_key(label), concept.identifier)
    index.pop("", None)
    return index


def distinct_values(
    rows: Iterable[Row], column_index: int, *, cap: int = 1000
) -> list[tuple[str, int]]:
    """Distinct non-empty values of one column with their counts, most frequent first (then
    alphabetical). At most ``cap`` distinct values are kept: once that many are known, new
    values are not counted, so memory stays bounded whatever the source size.
    """
    counts: dict[str, int] = {}
    for row in rows:
        value = row.values[column_index] if column_index < len(row.values) else ""
        if not value.strip():
            continue
        if value in counts:
            counts[value] += 1
        elif len(counts) < cap:
            counts[value] = 1
    return heapq.nsmallest(cap, counts.items(), key=lambda item: (-item[1], item[0]))
