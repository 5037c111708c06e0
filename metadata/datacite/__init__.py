"""Django-free DataCite library: DataCite XML (Metadata Schema 4.5) from an EML document,
its validation against the shipped XSD, and DOI helpers."""

from .validate import validate_datacite

DJANGO_FREE = True

__all__ = ["validate_datacite"]
