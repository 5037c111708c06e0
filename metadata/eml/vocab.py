"""Controlled values of the GBIF profile that the parser, writer, validation and citations share.

Dataset type and subtype are stored in :class:`~metadata.eml.model.Document` as the toolkit's
own codes (the resource types, and the GBIF dataset subtype identifiers); in EML they travel
as keyword sets with the GBIF vocabularies as thesaurus, the way the IPT writes them.
"""

from __future__ import annotations

import re

THESAURUS_DATASET_TYPE = (
    "GBIF Dataset Type Vocabulary: http://rs.gbif.org/vocabulary/gbif/dataset_type_2015-07-10.xml"
)
THESAURUS_DATASET_SUBTYPE = (
    "GBIF Dataset Subtype Vocabulary: http://rs.gbif.org/vocabulary/gbif/dataset_subtype.xml"
)
# Both the current and the older (undated) thesaurus names occur in published EML.
_TYPE_THESAURUS = re.compile(r"^gbif dataset type vocabulary\b|/gbif/dataset_type[_.]", re.I)
_SUBTYPE_THESAURUS = re.compile(r"^gbif dataset subtype vocabulary\b|/gbif/dataset_subtype\.", re.I)

# Document.dataset_type -> the keyword the IPT writes (its core type, capitalised).
DATASET_TYPES = {
    "sampling-event": "Samplingevent",
    "occurrence": "Occurrence",
    "checklist": "Checklist",
    "metadata": "Metadata",
    "other": "Other",
}
# How GBIF.org names each type in a citation.
TYPE_DESCRIPTIONS = {
    "sampling-event": "Sampling event dataset",
    "occurrence": "Occurrence dataset",
    "checklist": "Checklist dataset",
    "metadata": "Metadata dataset",
    "other": "Dataset",
}
DATASET_SUBTYPES = (
    "taxonomicAuthority",
    "nomenclatorAuthority",
    "inventoryThematic",
    "inventoryRegional",
    "globalSpeciesDataset",
    "derivedFromOccurrence",
    "specimen",
    "observation",
)
# maintenanceUpdateFrequency values the profile XSD accepts ("unkown" is its deprecated typo).
UPDATE_FREQUENCIES = (
    "annually",
    "asNeeded",
    "biannually",
    "continually",
    "daily",
    "irregular",
    "monthly",
    "notPlanned",
    "weekly",
    "unknown",
    "unkown",
    "otherMaintenancePeriod",
)


def _squash(value: str) -> str:
    return re.sub(r"[\s_-]", "", value).lower()


def type_keyword(dataset_type: str) -> str:
    """The keyword written for a dataset type (IPT style: ``Samplingevent``)."""
    return DATASET_TYPES.get(dataset_type, dataset_type.lower().capitalize())


def subtype_keyword(subtype: str) -> str:
    """The keyword written for a dataset subtype (IPT style: ``Taxonomicauthority``)."""
    return subtype.lower().capitalize()


def type_from_keyword(thesaurus: str, keywords: list[str]) -> str:
    """The dataset type a keyword set states, or "" when it is not a dataset type set."""
    if len(keywords) != 1 or not _TYPE_THESAURUS.search(thesaurus.strip()):
        return ""
    wanted = _squash(keywords[0])
    return next((code for code in DATASET_TYPES if _squash(code) == wanted), "")


def subtype_from_keyword(thesaurus: str, keywords: list[str]) -> str:
    """The dataset subtype a keyword set states, or "" when it is not a subtype set."""
    if len(keywords) != 1 or not _SUBTYPE_THESAURUS.search(thesaurus.strip()):
        return ""
    wanted = _squash(keywords[0])
    return next((code for code in DATASET_SUBTYPES if code.lower() == wanted), "")
