"""Darwin Core extension and vocabulary catalogue (Django-free).

Parses the extension and thesaurus XML formats served by rs.gbif.org, ships a built-in default
catalogue that works offline, decides which extensions are offered under which core, and plans
the migration of mappings when an extension is updated. Takes and returns plain dataclasses.
"""

DJANGO_FREE = True

from .errors import CatalogueError  # noqa: E402
from .model import Concept, Extension, Property, Translation, Vocabulary, link_key  # noqa: E402
from .parse import parse_extension, parse_vocabulary  # noqa: E402

__all__ = [
    "CatalogueError",
    "Concept",
    "Extension",
    "Property",
    "Translation",
    "Vocabulary",
    "link_key",
    "parse_extension",
    "parse_vocabulary",
]
