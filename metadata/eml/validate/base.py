"""What validation reports: an :class:`Issue` per problem, located by its JSON path."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The editor's sections (IPT page names); every Issue.section is one of these.
SECTIONS = (
    "basic", "contacts", "acknowledgements", "geocoverage", "taxcoverage", "tempcoverage",
    "keywords", "project", "methods", "citations", "collections", "physical",
    "additionalDescription", "additional",
)  # fmt: skip
# Document field -> editor section holding its input.
SECTION_OF = {
    "package_id": "basic",
    "metadata_language": "basic",
    "titles": "basic",
    "short_name": "basic",
    "dataset_type": "basic",
    "dataset_subtype": "basic",
    "language": "basic",
    "abstract": "basic",
    "abstract_translations": "basic",
    "licence": "basic",
    "maintenance": "basic",
    "creators": "contacts",
    "metadata_providers": "contacts",
    "associated_parties": "contacts",
    "contacts": "contacts",
    "acknowledgements": "acknowledgements",
    "geographic_coverages": "geocoverage",
    "taxonomic_coverages": "taxcoverage",
    "temporal_coverages": "tempcoverage",
    "keyword_sets": "keywords",
    "project": "project",
    "methods": "methods",
    "citation": "citations",
    "bibliography": "citations",
    "collections": "collections",
    "specimen_preservation_methods": "collections",
    "curatorial_units": "collections",
    "distribution_url": "physical",
    "physical_data": "physical",
    "purpose": "additionalDescription",
    "introduction": "additionalDescription",
    "getting_started": "additionalDescription",
    "alternate_identifiers": "additional",
    "pub_date": "additional",
    "additional_info": "additional",
    "date_stamp": "additional",
    "date_created": "additional",
    "hierarchy_level": "additional",
    "resource_logo_url": "additional",
    "replaces": "additional",
}


def gettext_noop(message: str) -> str:
    """Mark ``message`` for Django's makemessages; it is translated where it is displayed."""
    return message


@dataclass(frozen=True)
class Issue:
    """One problem in a document.

    ``section`` is the editor page (one of :data:`SECTIONS`), ``field`` the JSON path of the
    value in ``serialize.to_dict(doc)`` (``contacts[0].user_ids[1].identifier``) and
    ``message`` plain English marked for translation.
    """

    section: str
    field: str
    message: str


def section_of(path: str) -> str:
    """The editor section of a JSON path (KeyError for a path outside the document)."""
    return SECTION_OF[re.split(r"[.\[]", path, maxsplit=1)[0]]


class Issues(list[Issue]):
    """The issues found so far; ``add`` derives the section from the path."""

    def add(self, path: str, message: str) -> None:
        self.append(Issue(section_of(path), path, message))
