from .doi import Doi, DoiStatus
from .fragments import VersionFragments
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
from .search import FACTS_SHAPE, VersionFacts
from .sensitivity import SensitivityPolicy, TaxonList
from .source import Source, SourceKind

__all__ = [
    "ArchivalMode",
    "Doi",
    "DoiStatus",
    "Frequency",
    "PublicationSettings",
    "Validation",
    "Version",
    "VersionFacts",
    "VersionFragments",
    "FACTS_SHAPE",
    "ExtensionMapping",
    "FieldMapping",
    "MappingTemplate",
    "Resource",
    "ResourceType",
    "SensitivityPolicy",
    "Source",
    "SourceKind",
    "TaxonList",
    "VISIBLE",
    "Deregistration",
    "Visibility",
    "shortname_validator",
]
