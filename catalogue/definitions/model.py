"""Plain data for extensions, their properties and vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Translation:
    """A property's label and texts in one language."""

    lang: str
    label: str = ""
    description: str = ""
    comments: str = ""


@dataclass(frozen=True)
class Property:
    """One term of an extension, as its definition states it."""

    name: str
    namespace: str
    qual_name: str
    group: str = ""
    type: str = "string"
    required: bool = False
    thesaurus: str = ""
    label: str = ""
    description: str = ""
    comments: str = ""
    examples: str = ""
    translations: tuple[Translation, ...] = ()

    def text_in(self, lang: str) -> Translation:
        """Label and texts in ``lang`` when the definition carries them, else the default."""
        for translation in self.translations:
            if translation.lang == lang:
                return Translation(
                    lang,
                    translation.label or self.label,
                    translation.description or self.description,
                    translation.comments or self.comments,
                )
        return Translation("", self.label, self.description, self.comments)


@dataclass(frozen=True)
class Extension:
    """A core or extension definition: a row type and its properties in order."""

    title: str
    name: str
    namespace: str
    row_type: str
    issued: date | None = None
    subjects: tuple[str, ...] = ()
    description: str = ""
    link: str = ""
    properties: tuple[Property, ...] = field(default_factory=tuple)

    def get_property(self, qual_name: str) -> Property | None:
        return next((p for p in self.properties if p.qual_name == qual_name), None)

    @property
    def qual_names(self) -> list[str]:
        return [p.qual_name for p in self.properties]


@dataclass(frozen=True)
class Concept:
    """A vocabulary concept with its labels per language."""

    identifier: str
    uri: str = ""
    description: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels.get("en") or self.identifier


@dataclass(frozen=True)
class Vocabulary:
    """A thesaurus: its URI (``dc:URI``), title and concepts in order."""

    uri: str
    title: str
    description: str = ""
    issued: date | None = None
    concepts: tuple[Concept, ...] = ()


def link_key(url: str) -> str:
    """A vocabulary link without scheme and ``.xml``: http/https and file/URI forms agree."""
    key = url.strip().split("://", 1)[-1]
    return key.removesuffix(".xml").rstrip("/")
