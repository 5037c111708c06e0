"""What the builder says when a record cannot be sent: per DataCite property, the EML field
to point at and a sentence saying what to correct (marked for translation)."""

from __future__ import annotations

from .errors import gettext_noop

# A property DataCite requires is missing, or an argument is wrong.
NOT_A_DOI = gettext_noop(
    "%(doi)s is not a DOI: a DOI starts with 10., a registrant number and a slash, such as "
    "10.21373/abcd."
)
NO_TITLE = gettext_noop(
    "The DataCite record needs a title: add one in the metadata's Basic metadata section."
)
NO_CREATOR = gettext_noop(
    "The DataCite record needs a creator with a name: add a person or an organisation under "
    "Resource creators in the metadata's Contacts section."
)
NO_PUBLISHER = gettext_noop(
    "The DataCite record needs the name of the publishing organisation: choose the "
    "organisation that publishes the resource."
)
NO_YEAR = gettext_noop(
    "The DataCite record needs the publication year: the DOI can be registered once the "
    "resource is published."
)
BAD_YEAR = gettext_noop("%(year)s is not a publication year: it must have four digits.")
NOT_A_RELATED_DOI = gettext_noop("%(identifier)s is not a DOI, so it cannot be a related DOI.")

# DataCite property -> (field reported when an item's source is unknown, what to correct).
PROPERTY_ERRORS: dict[str, tuple[str, str]] = {
    "identifier": ("doi", gettext_noop("The DOI cannot be written to DataCite.")),
    "creators": (
        "creators",
        gettext_noop(
            "A creator cannot be sent to DataCite as entered: check the names and identifiers "
            "under Resource creators in the metadata's Contacts section."
        ),
    ),
    "titles": (
        "titles",
        gettext_noop(
            "A title cannot be sent to DataCite as entered: check the titles and their "
            "languages in the metadata's Basic metadata section."
        ),
    ),
    "publisher": (
        "publisher",
        gettext_noop(
            "The publishing organisation cannot be sent to DataCite: check the name of the "
            "organisation that publishes the resource."
        ),
    ),
    "publicationYear": (
        "publication_year",
        gettext_noop("The publication year must be a year of four digits."),
    ),
    "resourceType": (
        "dataset_type",
        gettext_noop(
            "The dataset type cannot be sent to DataCite: check it in the metadata's Basic "
            "metadata section."
        ),
    ),
    "subjects": (
        "keyword_sets",
        gettext_noop(
            "A keyword cannot be sent to DataCite as entered: check the keywords and their "
            "thesaurus in the metadata's Keywords section."
        ),
    ),
    "contributors": (
        "contacts",
        gettext_noop(
            "A contact, metadata provider or associated party cannot be sent to DataCite as "
            "entered: check their names and identifiers in the metadata's Contacts section."
        ),
    ),
    "dates": (
        "pub_date",
        gettext_noop(
            "A date cannot be sent to DataCite as entered: check the publication date and the "
            "dates in the metadata's Temporal coverage section."
        ),
    ),
    "language": (
        "language",
        gettext_noop(
            "The data language cannot be sent to DataCite: choose a language in the "
            "metadata's Basic metadata section."
        ),
    ),
    "alternateIdentifiers": (
        "alternate_identifiers",
        gettext_noop(
            "An alternative identifier cannot be sent to DataCite: check the identifiers in "
            "the metadata's Additional metadata section."
        ),
    ),
    "relatedIdentifiers": (
        "related",
        gettext_noop(
            "A related identifier cannot be sent to DataCite: check the DOIs of earlier "
            "versions and the identifiers in the metadata's Citations section."
        ),
    ),
    "version": ("version", gettext_noop("The version cannot be sent to DataCite.")),
    "rightsList": (
        "licence",
        gettext_noop(
            "The licence cannot be sent to DataCite: check it in the metadata's Basic "
            "metadata section."
        ),
    ),
    "descriptions": (
        "abstract",
        gettext_noop(
            "The description cannot be sent to DataCite: check the abstract in the metadata's "
            "Basic metadata section."
        ),
    ),
    "geoLocations": (
        "geographic_coverages",
        gettext_noop(
            "A geographic coverage cannot be sent to DataCite: in the metadata's Geographic "
            "coverage section, longitudes must lie between -180 and 180 and latitudes "
            "between -90 and 90."
        ),
    ),
    "fundingReferences": (
        "project.awards",
        gettext_noop(
            "A funding award cannot be sent to DataCite: every award needs a funder name, in "
            "the metadata's Project data section."
        ),
    ),
}
UNEXPECTED = gettext_noop(
    "The DataCite record made from the metadata is not valid (%(detail)s). Please report "
    "this problem."
)
XML_CHARACTERS = gettext_noop(
    "The metadata contains characters that XML cannot hold, such as control characters: "
    "remove them before registering the DOI."
)
# JSON names of properties that XML names otherwise.
JSON_PROPERTIES = {"doi": "identifier", "types": "resourceType"}
