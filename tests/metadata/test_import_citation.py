"""Importing EML (alone or inside a Darwin Core Archive) keeps the publisher's own citation."""

from __future__ import annotations

import pytest

from metadata.eml.parse import parse_eml
from metadata.services.documents import metadata_get, metadata_record
from metadata.services.io import metadata_export, metadata_import
from resources.services.importing.dwca import resource_from_dwca
from tests.conftest import TEST_DATA
from tests.factories import ResourceFactory
from tests.resources.importing.test_dwca_import import ponds

pytestmark = pytest.mark.django_db

EML_DIR = TEST_DATA / "eml"
NSBS = (EML_DIR / "obis-nsbs-north-sea-benthos-survey.eml.xml").read_bytes()
NSBS_CITATION = (
    "Craeymeersh J., P. Kingston, E. Rachor, G. Duineveld, Carlo Heip, Edward Vanden Berghe,  "
    "1986: North Sea Benthos Survey."
)
WITHOUT_CITATION = (
    b'<eml:eml xmlns:eml="https://eml.ecoinformatics.org/eml-2.2.0" packageId="p"><dataset>'
    b"<title>Ponds</title><abstract><para>All the ponds.</para></abstract></dataset></eml:eml>"
)


def test_imported_eml_citation_is_kept_and_automatic_citation_switched_off(manager_user):
    resource = ResourceFactory(shortname="nsbs")
    metadata_import(resource, data=NSBS, user=manager_user)
    assert metadata_record(resource).citation_auto is False
    assert metadata_get(resource).citation.text == NSBS_CITATION
    assert parse_eml(metadata_export(resource)).citation.text == NSBS_CITATION


def test_imported_eml_without_citation_leaves_automatic_citation_on(manager_user):
    resource = ResourceFactory(shortname="ponds")
    metadata_import(resource, data=WITHOUT_CITATION, user=manager_user)
    assert metadata_record(resource).citation_auto is True


def test_archive_import_keeps_the_citation_of_its_eml(tmp_path, manager_user, data_dir):
    result = resource_from_dwca(
        path=ponds(tmp_path, **{"eml.xml": NSBS}), user=manager_user, shortname="nsbs"
    )
    assert metadata_record(result.resource).citation_auto is False
    exported = parse_eml(metadata_export(result.resource))
    assert exported.citation.text == NSBS_CITATION
