"""DataCite metadata from EML: the shipped 4.5 schema, the validator, the builder and the DOI
helpers (plain pytest, no database)."""

from __future__ import annotations

from lxml import etree

from metadata.datacite import validate_datacite
from metadata.datacite.validate import SCHEMA_FILE

NS = "http://datacite.org/schema/kernel-4"

MINIMAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<resource xmlns="http://datacite.org/schema/kernel-4">
  <identifier identifierType="DOI">10.21373/ABC123</identifier>
  <creators><creator><creatorName>Ahlers, Jan</creatorName></creator></creators>
  <titles><title xml:lang="en">Benthos survey</title></titles>
  <publisher publisherIdentifier="https://ror.org/05fjyn938"
    publisherIdentifierScheme="ROR">GBIF</publisher>
  <publicationYear>2024</publicationYear>
  <resourceType resourceTypeGeneral="Dataset">Sampling event dataset</resourceType>
  <relatedIdentifiers>
    <relatedIdentifier relatedIdentifierType="DOI" relationType="IsCollectedBy"
      >10.21373/instrument</relatedIdentifier>
  </relatedIdentifiers>
</resource>
"""


def test_schema_set_compiles_offline_with_every_include_present():
    tree = etree.parse(str(SCHEMA_FILE))
    locations = tree.xpath(
        "//xs:include/@schemaLocation | //xs:import/@schemaLocation",
        namespaces={"xs": "http://www.w3.org/2001/XMLSchema"},
    )
    assert len(locations) == 11
    for location in locations:
        assert not location.startswith("http")
        assert (SCHEMA_FILE.parent / location).is_file()
    etree.XMLSchema(tree)


def test_validator_accepts_a_record_using_what_45_added():
    assert validate_datacite(MINIMAL) == []


def test_validator_rejects_values_later_versions_added():
    record = MINIMAL.replace(b'"Dataset"', b'"Project"')
    [error] = validate_datacite(record)
    assert error.startswith("line 9: resource/resourceType: ")
    assert "resourceTypeGeneral" in error


def test_validator_names_line_and_element_path_of_an_invalid_element():
    record = MINIMAL.replace(
        b"</creator></creators>",
        b"</creator>\n<creator><creatorName>B</creatorName><foo/></creator></creators>",
    )
    [error] = validate_datacite(record)
    assert error.startswith("line 5: resource/creators/creator[2]/foo: ")
    assert NS not in error


def test_validator_reports_broken_xml_with_its_line_number():
    [error] = validate_datacite(b"<resource>\n<titles>\n</resource>")
    assert error.startswith("line 3: not well-formed XML")


def test_validator_refuses_a_doctype_without_parsing_it():
    [error] = validate_datacite(b'<!DOCTYPE r [<!ENTITY e "x">]><resource/>')
    assert "DOCTYPE" in error
