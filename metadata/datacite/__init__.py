"""Django-free DataCite library: DataCite records (Metadata Schema 4.5) built from a
resource's EML document, their validation against the shipped XSD, and DOI helpers."""

from .build import Related, datacite_metadata, datacite_xml
from .errors import DataCiteMetadataError
from .identifiers import doi_equal, doi_normalise, doi_url
from .validate import validate_datacite

DJANGO_FREE = True

__all__ = [
    "DataCiteMetadataError",
    "Related",
    "datacite_metadata",
    "datacite_xml",
    "doi_equal",
    "doi_normalise",
    "doi_url",
    "validate_datacite",
]
