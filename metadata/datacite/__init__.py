"""Django-free DataCite library: DataCite records (Metadata Schema 4.5) built from a
resource's EML document and their validation against the shipped XSD (the DOI helpers are
``metadata.eml.identifiers``)."""

from .build import Related, datacite_metadata, datacite_xml
from .errors import DataCiteMetadataError
from .validate import validate_datacite

DJANGO_FREE = True

__all__ = [
    "DataCiteMetadataError",
    "Related",
    "datacite_metadata",
    "datacite_xml",
    "validate_datacite",
]
