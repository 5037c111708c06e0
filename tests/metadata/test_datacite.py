"""DataCite metadata from EML: the shipped 4.5 schema, the validator, the builder and the DOI
helpers (plain pytest, no database)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from metadata.datacite import (
    DataCiteMetadataError,
    Related,
    datacite_metadata,
    datacite_xml,
    validate_datacite,
)
from metadata.datacite.agents import contributor_type
from metadata.datacite.parts import funder_identifier, language_tag
from metadata.datacite.validate import SCHEMA_FILE
from metadata.eml.citation import doi_of, identifier_url
from metadata.eml.identifiers import doi_equal, doi_url, normalise_doi
from metadata.eml.model import Agent, Award, BoundingBox, Document, GeographicCoverage, UserId
from metadata.eml.parse import parse_eml
from metadata.eml.serialize import from_dict, to_dict
from metadata.eml.validate import section_of
from tests.conftest import TEST_DATA

from .eml.strategies import documents
from .eml.test_generated import TROUBLE, _paths, _set

NS = "http://datacite.org/schema/kernel-4"
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}
INBO = parse_eml(
    (TEST_DATA / "eml" / "inbo-meetnetten-ephippiger-samplingevent.eml.xml").read_bytes()
)
ARGS = {
    "doi": "https://doi.org/10.21373/ABC123",
    "publisher": "Research Institute for Nature and Forest (INBO)",
    "publication_year": 2021,
    "version": "2.0",
    "url": "https://ipt.example.org/resource?r=ephippiger",
}
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


def find(root, path):
    return root.findall(path.replace("/", "/{%s}" % NS).join(["{%s}" % NS, ""]))


def texts(root, path):
    return [element.text for element in find(root, path)]


def build(doc: Document = INBO, **changes) -> etree._Element:
    xml = datacite_xml(doc, **{**ARGS, **changes})
    assert validate_datacite(xml) == []
    return etree.fromstring(xml)


# --- the schema and the validator ------------------------------------------------------------


def test_schema_set_compiles_offline_with_every_include_present():
    tree = etree.parse(str(SCHEMA_FILE))
    locations = tree.xpath(
        "//xs:include/@schemaLocation | //xs:import/@schemaLocation", namespaces=XS
    )
    assert len(locations) == 11
    for location in locations:
        assert not location.startswith("http")
        assert (SCHEMA_FILE.parent / location).is_file()
    etree.XMLSchema(tree)


def test_validator_accepts_a_record_using_what_45_added():
    assert validate_datacite(MINIMAL) == []


def test_validator_rejects_values_later_versions_added():
    [error] = validate_datacite(MINIMAL.replace(b'"Dataset"', b'"Project"'))
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


# --- the record built from a real EML document ---------------------------------------------


def test_real_eml_gives_the_identifier_titles_and_required_properties():
    root = build()
    assert texts(root, "identifier") == ["10.21373/ABC123"]
    [title] = find(root, "titles/title")
    assert title.text.startswith("Meetnetten.be - Sightings for Ephippiger")
    assert title.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert texts(root, "publisher") == [ARGS["publisher"]]
    assert texts(root, "publicationYear") == ["2021"]
    [kind] = find(root, "resourceType")
    assert (kind.get("resourceTypeGeneral"), kind.text) == ("Dataset", "Sampling event dataset")
    assert texts(root, "version") == ["2.0"]
    assert texts(root, "language") == ["en"]


def test_real_eml_creators_are_people_with_orcid_and_affiliation():
    root = build()
    creators = find(root, "creators/creator")
    assert len(creators) == 7
    first = creators[0]
    [name] = find(first, "creatorName")
    assert (name.text, name.get("nameType")) == ("Piesschaert, Frederic", "Personal")
    assert texts(first, "givenName") == ["Frederic"]
    assert texts(first, "familyName") == ["Piesschaert"]
    [orcid] = find(first, "nameIdentifier")
    assert orcid.text == "https://orcid.org/0000-0002-5843-646X"
    assert orcid.get("nameIdentifierScheme") == "ORCID"
    assert orcid.get("schemeURI") == "https://orcid.org/"
    assert texts(first, "affiliation") == ["Research Institute for Nature and Forest (INBO)"]
    assert find(creators[3], "nameIdentifier") == []  # Van de Poel has no ORCID iD


def test_contributors_are_contacts_then_metadata_providers_with_their_types():
    root = build()
    types = [c.get("contributorType") for c in find(root, "contributors/contributor")]
    assert types == ["ContactPerson", "DataCurator", "DataCurator"]


def test_keywords_dates_rights_geolocation_and_descriptions():
    root = build()
    assert texts(root, "subjects/subject") == ["monitoring", "grasshoppers"]
    assert all(s.get("subjectScheme") is None for s in find(root, "subjects/subject"))  # "n/a"
    dates = {(d.get("dateType"), d.text) for d in find(root, "dates/date")}
    assert dates == {
        ("Created", "2021-08-19"),
        ("Issued", "2021-08-19"),
        ("Valid", "2016-01-08/2020-12-31"),
    }
    [rights] = find(root, "rightsList/rights")
    assert rights.get("rightsURI") == "http://creativecommons.org/publicdomain/zero/1.0/legalcode"
    assert (rights.get("rightsIdentifier"), rights.get("rightsIdentifierScheme")) == (
        "CC0-1.0",
        "SPDX",
    )
    [place] = texts(root, "geoLocations/geoLocation/geoLocationPlace")
    assert place == "Flanders, Belgium"
    [box] = find(root, "geoLocations/geoLocation/geoLocationBox")
    assert [float(side.text) for side in box] == [2.53, 5.94, 50.67, 51.51]  # W E S N
    kinds = [d.get("descriptionType") for d in find(root, "descriptions/description")]
    assert kinds == ["Abstract", "Methods"]


def test_identifiers_of_the_resource_and_related_works():
    root = build(
        related=[Related("doi:10.21373/OLD1", "DOI", "IsNewVersionOf")],
        gbif_dataset_url="https://www.gbif.org/dataset/8704a765-ec45-45fa-a133-36fec7dd4346",
    )
    alternates = [
        (a.get("alternateIdentifierType"), a.text)
        for a in find(root, "alternateIdentifiers/alternateIdentifier")
    ]
    assert alternates[:3] == [
        ("URL", ARGS["url"]),
        ("URL", "https://www.gbif.org/dataset/8704a765-ec45-45fa-a133-36fec7dd4346"),
        ("UUID", "8704a765-ec45-45fa-a133-36fec7dd4346"),
    ]
    related = [
        (r.get("relationType"), r.get("relatedIdentifierType"), r.text)
        for r in find(root, "relatedIdentifiers/relatedIdentifier")
    ]
    assert related[0] == ("IsNewVersionOf", "DOI", "10.21373/OLD1")
    assert ("References", "DOI", "10.21436/inbor.10069987") in related


def test_ror_ids_become_affiliation_and_organisation_identifiers():
    ror = "https://ror.org/00j54wy13"
    person = replace(INBO.creators[0], online_urls=[ror])
    organisation = Agent(organization="INBO", user_ids=[UserId("https://ror.org/", "00j54wy13")])
    root = build(replace(INBO, creators=[person, organisation]))
    first, second = find(root, "creators/creator")
    [affiliation] = find(first, "affiliation")
    assert affiliation.get("affiliationIdentifier") == ror
    assert affiliation.get("affiliationIdentifierScheme") == "ROR"
    [name] = find(second, "creatorName")
    assert (name.text, name.get("nameType")) == ("INBO", "Organizational")
    assert find(second, "givenName") == []
    [identifier] = find(second, "nameIdentifier")
    assert (identifier.text, identifier.get("nameIdentifierScheme")) == (ror, "ROR")


def test_project_awards_become_funding_references():
    awards = [
        Award("European Commission", ["10.13039/501100000780"], "101059492", "B-Cubed"),
        Award("Research Foundation", ["https://ror.org/03qtxy027"], title="Monitoring"),
        Award("Local Trust", ["LT-17"]),
    ]
    root = build(replace(INBO, project=replace(INBO.project, awards=awards)))
    references = find(root, "fundingReferences/fundingReference")
    funders = [find(ref, "funderIdentifier")[0] for ref in references]
    assert [(f.text, f.get("funderIdentifierType")) for f in funders] == [
        ("https://doi.org/10.13039/501100000780", "Crossref Funder ID"),
        ("https://ror.org/03qtxy027", "ROR"),
        ("LT-17", "Other"),
    ]
    assert texts(references[0], "awardNumber") == ["101059492"]
    assert texts(references[0], "awardTitle") == ["B-Cubed"]
    assert texts(references[1], "funderName") == ["Research Foundation"]


SIB = parse_eml((TEST_DATA / "eml" / "sib-aves-humedales-bogota-spa.eml.xml").read_bytes())


def test_spanish_document_keeps_its_language_and_its_other_doi():
    root = build(SIB)
    [title] = find(root, "titles/title")
    assert title.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert texts(root, "language") == ["es"]
    alternates = find(root, "alternateIdentifiers/alternateIdentifier")
    assert ("DOI", "10.15472/2200ee") in [
        (a.get("alternateIdentifierType"), a.text) for a in alternates
    ]


def test_the_records_own_doi_is_no_alternate_identifier():
    root = build(SIB, doi="10.15472/2200EE")
    assert "DOI" not in [
        a.get("alternateIdentifierType")
        for a in find(root, "alternateIdentifiers/alternateIdentifier")
    ]


def test_json_record_is_what_the_rest_api_takes():
    record = datacite_metadata(INBO, **ARGS)
    assert record["doi"] == "10.21373/ABC123"
    assert record["url"] == ARGS["url"]
    assert record["types"]["resourceTypeGeneral"] == "Dataset"
    assert record["creators"][0]["nameIdentifiers"][0]["nameIdentifierScheme"] == "ORCID"


# --- what cannot be sent raises DataCiteMetadataError naming the field -------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"publication_year": None}, "publication_year", "publication year"),
        ({"publication_year": 0}, "publication_year", "publication year"),
        ({"publication_year": 20211}, "publication_year", "four digits"),
        ({"publisher": "  "}, "publisher", "publishing organisation"),
        ({"doi": "https://example.org/abc"}, "doi", "is not a DOI"),
        ({"doi": "11.1234/x"}, "doi", "is not a DOI"),
        ({"related": [Related("n/a", "DOI", "IsNewVersionOf")]}, "related[0]", "not a DOI"),
    ],
)
def test_missing_or_wrong_argument_is_named(changes, field, words):
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(INBO, **{**ARGS, **changes})
    assert caught.value.field == field
    assert words in caught.value.message


def test_record_without_creators_names_the_creators():
    nameless = Agent(position="Data manager")
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(replace(INBO, creators=[nameless]), **ARGS)
    assert caught.value.field == "creators"
    assert "creator with a name" in caught.value.message
    assert section_of(caught.value.field) == "contacts"


def test_record_without_title_names_the_title():
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(replace(INBO, titles=[]), **ARGS)
    assert caught.value.field == "titles"
    assert caught.value.template.startswith("The DataCite record needs a title")


def test_bounding_box_out_of_range_is_caught_and_located():
    coverage = GeographicCoverage("Pole", BoundingBox("-200", "10", "95", "80"))
    doc = replace(INBO, geographic_coverages=[INBO.geographic_coverages[0], coverage])
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(doc, **ARGS)
    assert caught.value.field == "geographic_coverages[1]"
    assert "between -180 and 180" in caught.value.message
    assert caught.value.details  # the schema's own words, for the log


def test_award_without_funder_name_is_caught_and_located():
    doc = replace(INBO, project=replace(INBO.project, awards=[Award("", ["LT-17"], "1")]))
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(doc, **ARGS)
    assert caught.value.field == "project.awards[0]"
    assert "funder name" in caught.value.message


def test_unknown_relation_type_is_caught_before_sending():
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(INBO, **ARGS, related=[Related("10.21373/x", "DOI", "IsCousinOf")])
    assert caught.value.field == "related[0]"


def test_text_xml_cannot_hold_is_refused_naming_its_field():
    contact = replace(INBO.contacts[0], sur_name="Pies\x01schaert")
    with pytest.raises(DataCiteMetadataError) as caught:
        datacite_xml(replace(INBO, contacts=[contact]), **ARGS)
    assert caught.value.field == "contacts[0]"
    assert "control characters" in caught.value.message


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEAR_ARGS = {**ARGS, "publication_year": 2024}


@SETTINGS
@given(documents())
def test_document_the_editor_accepts_gives_a_valid_record(doc):
    if any(agent.sur_name or agent.organization for agent in doc.creators):
        assert validate_datacite(datacite_xml(doc, **YEAR_ARGS)) == []
    else:
        with pytest.raises(DataCiteMetadataError):
            datacite_xml(doc, **YEAR_ARGS)


@st.composite
def damaged(draw):
    """A generated document with one to three values replaced by troublesome ones."""
    tree = to_dict(draw(documents()))
    for _ in range(draw(st.integers(1, 3))):
        path, value = draw(st.sampled_from([p for p in _paths(tree) if p[0]]))
        if not isinstance(value, list):
            _set(tree, path, draw(st.sampled_from(TROUBLE)))
    return from_dict(tree)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_every_record_is_either_schema_valid_or_refused_with_a_field(doc):
    try:
        xml = datacite_xml(doc, **YEAR_ARGS)
    except DataCiteMetadataError as exc:
        assert exc.message
    else:
        assert validate_datacite(xml) == []


# --- DOIs and small mappings --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "tag"),
    [("eng", "en"), ("pt-BR", "pt-BR"), ("gsw", "gsw"), ("fra", "fr"), ("und", "")]
    + [(garbage, "") for garbage in ("lpt1", "3X", "em1", "0000", "", "  ")],
)
def test_language_tag_keeps_registered_languages_only(code, tag):
    # langcodes normalises "LPT1" to "lpt1", which the DataCite schema's xs:language refuses
    assert language_tag(code) == tag


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("10.21373/abc", "10.21373/abc"),
        ("  10.21373/abc  ", "10.21373/abc"),
        ("doi:10.21373/ABC", "10.21373/ABC"),
        ("DOI: 10.15468/dl.xyz", "10.15468/dl.xyz"),
        ("https://doi.org/10.15468/dl.xyz", "10.15468/dl.xyz"),
        ("http://dx.doi.org/10.1000/182", "10.1000/182"),
        ("https://doi.org/10.1000/a%23b", "10.1000/a#b"),
        ("10.1000.10/x", "10.1000.10/x"),
        ("11.1000/x", None),
        ("10.abc/x", None),
        ("10.1000/", None),
        ("10.1000/a b", None),
        ("https://example.org/10.1000/x", None),
        ("", None),
    ],
)
def test_doi_normalise(text, doi):
    assert normalise_doi(text) == doi
    assert doi_of(text) == (doi or "")  # the citation's (and the registry's) reading


def test_a_citation_identifier_reads_and_links_a_doi_as_datacite_does():
    assert doi_of("https://doi.org/10.1000.10/a%23b") == "10.1000.10/a#b"
    assert identifier_url("doi:10.1000/a#b") == "https://doi.org/10.1000/a%23b"
    assert identifier_url(" https://example.org/x ") == "https://example.org/x"


def test_dois_compare_without_regard_to_case_or_form():
    assert doi_equal("doi:10.21373/ABC", "https://doi.org/10.21373/abc")
    assert not doi_equal("10.21373/abc", "10.21373/abd")
    assert not doi_equal("", "")


def test_doi_url_encodes_what_an_address_cannot_hold():
    assert doi_url("10.21373/abc") == "https://doi.org/10.21373/abc"
    assert doi_url("10.1000/a#b?c d") == "https://doi.org/10.1000/a%23b%3Fc%20d"


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        ("pointOfContact", "ContactPerson"),
        ("metadataProvider", "DataCurator"),
        ("principalInvestigator", "ProjectLeader"),
        ("CUSTODIANSTEWARD", "DataManager"),
        ("author", "Researcher"),
        ("user", "Other"),
        ("", "Other"),
    ],
)
def test_contributor_types(role, kind):
    assert contributor_type(role) == kind


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("https://doi.org/10.13039/100000001", "Crossref Funder ID"),
        ("03yrm5c26", "ROR"),
        ("0000 0001 2298 7270", "ISNI"),
        ("grid.5170.3", "GRID"),
        ("NSF", "Other"),
    ],
)
def test_funder_identifier_types(value, kind):
    assert funder_identifier(value)["funderIdentifierType"] == kind
