"""The built-in default catalogue, available with no network.

Facts of the standard (names, qualified names, groups, types, required flags, vocabulary links,
concept identifiers and labels) are stored as JSON under ``extensions/`` and ``vocabularies/``;
help texts and examples, written for this project, under ``help/`` keyed by qualified name.
Term labels and texts in other languages are under ``translations/``: per extension as the
official definition carries them (``<key>.json``), and labels written for this project where
the official files have none (``written.json``, by qualified name).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from ..model import Concept, Extension, Property, Translation, Vocabulary

_ROOT = resources.files(__package__)


def _json_files(folder: str) -> Iterator[tuple[str, Any]]:
    for entry in sorted(_ROOT.joinpath(folder).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            yield entry.name.removesuffix(".json"), json.loads(entry.read_text("utf-8"))


@cache
def help_texts() -> dict[str, dict[str, str]]:
    """Our help text and examples per qualified name."""
    merged: dict[str, dict[str, str]] = {}
    for _, part in _json_files("help"):
        merged.update(part)
    return merged


@cache
def written_labels() -> dict[str, dict[str, str]]:
    """Labels written for this project, per qualified name and language."""
    entry = _ROOT.joinpath("translations", "written.json")
    labels: dict[str, dict[str, str]] = json.loads(entry.read_text("utf-8"))
    return labels


@cache
def written_concept_labels() -> dict[str, dict[str, dict[str, str]]]:
    """Concept labels written for this project, per vocabulary key, concept and language:
    only for languages the vocabulary itself has no label in."""
    entry = _ROOT.joinpath("translations", "written_concepts.json")
    if not entry.is_file():
        return {}
    labels: dict[str, dict[str, dict[str, str]]] = json.loads(entry.read_text("utf-8"))
    return labels


@cache
def _official_translations() -> dict[str, dict[str, dict[str, dict[str, str]]]]:
    """Per extension key, the official translations of its terms by qualified name."""
    written = ("written", "written_concepts")
    return {key: texts for key, texts in _json_files("translations") if key not in written}


def _term_translations(key: str) -> dict[str, dict[str, dict[str, str]]]:
    """The official translations of an extension's terms; a term its own file does not
    translate (Extended MoF reuses MoF's terms and has no translations) takes those another
    official file gives the same qualified name."""
    by_key = _official_translations()
    found = {}
    for other, texts in by_key.items():
        if other != key:
            found.update(texts)
    found.update(by_key.get(key, {}))
    return found


def _translations(
    qual_name: str, official: dict[str, dict[str, dict[str, str]]]
) -> tuple[Translation, ...]:
    """The official translations of a term, with a written label for each language the
    official file leaves without one."""
    texts = {lang: dict(text) for lang, text in official.get(qual_name, {}).items()}
    for lang, label in written_labels().get(qual_name, {}).items():
        texts.setdefault(lang, {}).setdefault("label", label)
    return tuple(Translation(lang, **texts[lang]) for lang in sorted(texts))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _property(
    raw: dict[str, Any],
    help_: dict[str, dict[str, str]],
    official: dict[str, dict[str, dict[str, str]]],
) -> Property:
    qual_name = raw.get("qualName") or raw["namespace"] + raw["name"]
    text = help_.get(qual_name, {})
    return Property(
        name=raw["name"],
        namespace=raw["namespace"],
        qual_name=qual_name,
        group=raw.get("group", ""),
        type=raw.get("type", "string"),
        required=raw.get("required", False),
        thesaurus=raw.get("thesaurus", ""),
        label=raw.get("label", ""),
        description=text.get("description", ""),
        examples=text.get("examples", ""),
        translations=_translations(qual_name, official),
    )


@cache
def builtin_extensions() -> dict[str, tuple[Extension, str]]:
    """Built-in extensions by key, each with the URL of the official definition it follows."""
    help_ = help_texts()
    found = {}
    for key, raw in _json_files("extensions"):
        official = _term_translations(key)
        extension = Extension(
            title=raw["title"],
            name=raw["name"],
            namespace=raw["namespace"],
            row_type=raw["rowType"],
            issued=_date(raw.get("issued")),
            subjects=tuple(raw.get("subjects", ())),
            description=raw.get("description", ""),
            properties=tuple(_property(p, help_, official) for p in raw["properties"]),
        )
        found[key] = (extension, raw["source"])
    return found


@cache
def builtin_vocabularies() -> dict[str, tuple[Vocabulary, str]]:
    """Built-in vocabularies by key, each with the URL extensions use to link to it."""
    found = {}
    written = written_concept_labels()
    for key, raw in _json_files("vocabularies"):
        added = written.get(key, {})
        concepts = tuple(
            Concept(
                identifier=c["id"],
                uri=c.get("uri", ""),
                labels={**added.get(c["id"], {}), **c.get("labels", {})},
                alternatives={k: tuple(v) for k, v in c.get("alt", {}).items()},
            )
            for c in raw["concepts"]
        )
        vocabulary = Vocabulary(
            uri=raw["uri"], title=raw["title"], issued=_date(raw.get("issued")), concepts=concepts
        )
        found[key] = (vocabulary, raw["source"])
    return found
