from .catalogue import Concept, Extension, ExtensionProperty, RegistryListing, Vocabulary
from .mapping import ExtensionMapping, FieldMapping, MappingTemplate
from .publication import ArchivalMode, Frequency, PublicationSettings, Version
from .resource import VISIBLE, Resource, ResourceType, Visibility, shortname_validator
from .source import Source, SourceKind

__all__ = [
    "ArchivalMode",
    "Frequency",
    "PublicationSettings",
    "Version",
    "Concept",
    "Extension",
    "ExtensionMapping",
    "ExtensionProperty",
    "FieldMapping",
    "MappingTemplate",
    "RegistryListing",
    "Resource",
    "ResourceType",
    "Source",
    "SourceKind",
    "Vocabulary",
    "VISIBLE",
    "Visibility",
    "shortname_validator",
]
