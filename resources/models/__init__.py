from .catalogue import Concept, Extension, ExtensionProperty, RegistryListing, Vocabulary
from .mapping import ExtensionMapping, FieldMapping
from .resource import Resource, shortname_validator

__all__ = [
    "Concept", "Extension", "ExtensionMapping", "ExtensionProperty", "FieldMapping",
    "RegistryListing", "Resource", "Vocabulary", "shortname_validator",
]
