from .mapping import ExtensionMapping, FieldMapping, MappingTemplate
from .publication import ArchivalMode, Frequency, PublicationSettings, Validation, Version
from .resource import (
    VISIBLE,
    Deregistration,
    Resource,
    ResourceType,
    Visibility,
    shortname_validator,
)
from .source import Source, SourceKind

__all__ = [
    "ArchivalMode",
    "Frequency",
    "PublicationSettings",
    "Validation",
    "Version",
    "ExtensionMapping",
    "FieldMapping",
    "MappingTemplate",
    "Resource",
    "ResourceType",
    "Source",
    "SourceKind",
    "VISIBLE",
    "Deregistration",
    "Visibility",
    "shortname_validator",
]
