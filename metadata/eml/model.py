"""Typed model of an EML document as the GBIF metadata profile (1.1-1.3) shapes it.

Plain dataclasses with empty strings / empty lists for absent values, so two documents
compare equal field by field with ``==``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEMPORAL_KINDS = ("single", "range", "formation", "living")


@dataclass
class UserId:
    """A person's identifier in a directory (e.g. ORCID: directory https://orcid.org/)."""

    directory: str = ""
    identifier: str = ""


@dataclass
class Agent:
    """A creator, contact, metadata provider, associated party or project person."""

    salutation: str = ""
    given_name: str = ""
    sur_name: str = ""
    organization: str = ""
    position: str = ""
    delivery_points: list[str] = field(default_factory=list)
    city: str = ""
    administrative_area: str = ""
    postal_code: str = ""
    country: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    online_urls: list[str] = field(default_factory=list)
    user_ids: list[UserId] = field(default_factory=list)
    role: str = ""

    def has_name(self) -> bool:
        """True when the agent can be written: a surname, organisation or position."""
        return bool(self.sur_name or self.organization or self.position)


@dataclass
class Title:
    """A title in one language (``lang`` empty for the default title)."""

    text: str = ""
    lang: str = ""


@dataclass
class LocalText:
    """Paragraphs of a text in one language (a translation of the abstract)."""

    lang: str = ""
    paras: list[str] = field(default_factory=list)


@dataclass
class KeywordSet:
    """Keywords taken from one thesaurus, in the metadata language: the GBIF profile has no
    language for a keyword set, so none is kept (a value that would go nowhere)."""

    keywords: list[str] = field(default_factory=list)
    thesaurus: str = ""


@dataclass
class Licence:
    """The licence, as GBIF reads it from ``intellectualRights/para/ulink``."""

    name: str = ""
    url: str = ""


@dataclass
class BoundingBox:
    """Bounding coordinates in decimal degrees (kept as text to preserve precision)."""

    west: str = ""
    east: str = ""
    north: str = ""
    south: str = ""


@dataclass
class GeographicCoverage:
    """A described area with its bounding box."""

    description: str = ""
    bbox: BoundingBox = field(default_factory=BoundingBox)


@dataclass
class TemporalCoverage:
    """One temporal coverage.

    ``kind`` is one of ``single`` (``start``), ``range`` (``start``/``end``), ``formation``
    or ``living`` (free-text ``period``, written into the GBIF additional metadata).
    """

    kind: str = "single"
    start: str = ""
    end: str = ""
    period: str = ""


@dataclass
class Taxon:
    """One taxon of a taxonomic coverage."""

    scientific_name: str = ""
    rank: str = ""
    common_name: str = ""


@dataclass
class TaxonomicCoverage:
    """A general description plus a list of taxa."""

    description: str = ""
    taxa: list[Taxon] = field(default_factory=list)


@dataclass
class Maintenance:
    """How and how often the data set is updated."""

    description: list[str] = field(default_factory=list)
    update_frequency: str = ""


@dataclass
class Methods:
    """Sampling methods: steps, study extent, sampling description, quality control."""

    steps: list[str] = field(default_factory=list)
    study_extent: list[str] = field(default_factory=list)
    sampling_description: list[str] = field(default_factory=list)
    quality_control: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing is recorded."""
        return not (
            self.steps or self.study_extent or self.sampling_description or self.quality_control
        )


@dataclass
class Award:
    """A grant that funded the project (EML 2.2.0 ``award``)."""

    funder_name: str = ""
    funder_identifiers: list[str] = field(default_factory=list)
    award_number: str = ""
    title: str = ""
    url: str = ""


@dataclass
class Project:
    """The project the data set came from; ``related_projects`` hold no further nesting."""

    title: str = ""
    identifier: str = ""
    personnel: list[Agent] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    funding: list[str] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    study_area: str = ""
    design: list[str] = field(default_factory=list)
    related_projects: list[Project] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing is recorded."""
        return self == Project()


@dataclass
class Citation:
    """A bibliographic citation with an optional identifier (DOI, URL...)."""

    text: str = ""
    identifier: str = ""


@dataclass
class Collection:
    """A natural-history collection the data comes from."""

    name: str = ""
    identifier: str = ""
    parent_identifier: str = ""


@dataclass
class CuratorialUnit:
    """A count of curatorial units: a range (``start``-``end``) or ``count`` +/- ``uncertainty``."""

    unit_type: str = ""
    start: str = ""
    end: str = ""
    count: str = ""
    uncertainty: str = ""


@dataclass
class PhysicalData:
    """Another data format in which the resource is available."""

    name: str = ""
    charset: str = ""
    format_name: str = ""
    format_version: str = ""
    url: str = ""


@dataclass
class Document:
    """A whole EML document (dataset + GBIF additional metadata)."""

    package_id: str = ""
    metadata_language: str = ""
    titles: list[Title] = field(default_factory=list)
    short_name: str = ""
    dataset_type: str = ""
    dataset_subtype: str = ""
    alternate_identifiers: list[str] = field(default_factory=list)
    creators: list[Agent] = field(default_factory=list)
    metadata_providers: list[Agent] = field(default_factory=list)
    associated_parties: list[Agent] = field(default_factory=list)
    contacts: list[Agent] = field(default_factory=list)
    pub_date: str = ""
    language: str = ""
    abstract: list[str] = field(default_factory=list)
    abstract_translations: list[LocalText] = field(default_factory=list)
    keyword_sets: list[KeywordSet] = field(default_factory=list)
    additional_info: list[str] = field(default_factory=list)
    licence: Licence = field(default_factory=Licence)
    distribution_url: str = ""
    geographic_coverages: list[GeographicCoverage] = field(default_factory=list)
    temporal_coverages: list[TemporalCoverage] = field(default_factory=list)
    taxonomic_coverages: list[TaxonomicCoverage] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    introduction: list[str] = field(default_factory=list)
    getting_started: list[str] = field(default_factory=list)
    acknowledgements: list[str] = field(default_factory=list)
    maintenance: Maintenance = field(default_factory=Maintenance)
    methods: Methods = field(default_factory=Methods)
    project: Project = field(default_factory=Project)
    date_stamp: str = ""
    date_created: str = ""
    hierarchy_level: str = ""
    citation: Citation = field(default_factory=Citation)
    bibliography: list[Citation] = field(default_factory=list)
    physical_data: list[PhysicalData] = field(default_factory=list)
    resource_logo_url: str = ""
    collections: list[Collection] = field(default_factory=list)
    specimen_preservation_methods: list[str] = field(default_factory=list)
    curatorial_units: list[CuratorialUnit] = field(default_factory=list)
    # The GBIF profile's ``dc:replaces``: the dataset this one replaces (its GBIF key, DOI or
    # landing page), as GBIF's guide to republishing an occurrence dataset asks.
    replaces: str = ""

    def is_default_language(self, lang: str) -> bool:
        """True for "" and the metadata language: values in the document's own language."""
        return not lang or lang == self.metadata_language

    @property
    def title(self) -> str:
        """The default title: the first in the metadata language or without one, else the first."""
        for title in self.titles:
            if self.is_default_language(title.lang):
                return title.text
        return self.titles[0].text if self.titles else ""
