from .catalogue import Concept, Extension, ExtensionProperty, RegistryListing, Vocabulary
from .mapping import ExtensionMapping, FieldMapping, MappingTemplate
from .resource import Resource, ResourceType, shortname_validator
from .source import Source, SourceKind

__all__ = [
    "Concept", "Extension", "ExtensionMapping", "ExtensionProperty", "FieldMapping",
    "MappingTemplate",
    "RegistryListing", "Resource", "ResourceType", "Source", "SourceKind", "Vocabulary",
    "shortname_validator",
]
