"""The six real EML documents parse, write as XSD-valid EML 2.2.0 and keep their values.

``test_writing_keeps_every_modelled_value`` compares every model field, the new ones
(salutation, awards, related projects, curatorial units, dataset type and subtype,
translations) included.
"""

from __future__ import annotations

from dataclasses import fields

import pytest
from lxml import etree

from metadata.eml.model import CuratorialUnit
from metadata.eml.parse import parse_eml
from metadata.eml.validate import validate, validate_xsd
from metadata.eml.vocab import THESAURUS_DATASET_SUBTYPE, THESAURUS_DATASET_TYPE
from metadata.eml.write import write_eml
from tests.conftest import TEST_DATA

EML_DIR = TEST_DATA / "eml"
SCHEMA_13 = TEST_DATA / "schemas/eml-gbif-profile/1.3"
DOCUMENTS = sorted(EML_DIR.glob("*.xml"))


@pytest.fixture(params=DOCUMENTS, ids=lambda p: p.name)
def original(request):
    return request.param.read_bytes()


def test_six_real_documents_are_present():
    assert len(DOCUMENTS) == 6


def test_real_document_parses_with_core_fields(original):
    doc = parse_eml(original)
    assert doc.title and doc.creators and doc.contacts and doc.abstract
    assert doc.licence.url.startswith("http://creativecommons.org/")
    # One document states no dataset type: its type thesaurus set holds ordinary keywords.
    allowed = set() if doc.dataset_type else {("basic", "dataset_type")}
    assert {(issue.section, issue.field) for issue in validate(doc)} == allowed


def test_written_document_validates_against_profile_13(original):
    doc = parse_eml(original)
    assert validate_xsd(write_eml(doc, package_id="pkg/v1.0"), SCHEMA_13) == []


def test_writing_keeps_every_modelled_value(original):
    doc = parse_eml(original)
    again = parse_eml(write_eml(doc, package_id=doc.package_id))
    for f in fields(doc):
        assert getattr(again, f.name) == getattr(doc, f.name), f.name


def test_profile_11_document_values_are_read():
    doc = parse_eml((EML_DIR / "gbif-registry-sample-rls-profile-1.1.eml.xml").read_bytes())
    creator = doc.creators[0]
    assert creator.user_ids[0].directory == "http://orcid.org/"
    assert creator.user_ids[0].identifier == "0000-0003-0833-9001"
    assert doc.associated_parties[0].role == "principalInvestigator"
    assert doc.distribution_url == "http://reeflifesurvey.com/"
    assert doc.licence.name.startswith("Creative Commons Attribution (CC-BY) 4.0")
    assert doc.collections and doc.physical_data and doc.bibliography
    assert any(tc.kind == "formation" for tc in doc.temporal_coverages)
    assert doc.project.title.startswith("Reef Life Survey")
    assert doc.curatorial_units == [
        CuratorialUnit("Cabinets", start="1", end="10"),
        CuratorialUnit("Drawers", count="50", uncertainty="5"),
    ]


def test_dataset_type_keyword_set_is_lifted_into_the_dataset_type():
    doc = parse_eml((EML_DIR / "gbif-registry-sample-rls-profile-1.1.eml.xml").read_bytes())
    assert doc.dataset_type == "occurrence"
    assert [k.thesaurus for k in doc.keyword_sets] == [
        "Global Change Master Directory (GCMD) Earth Science Keywords Version 8.0"
    ]


def test_type_thesaurus_set_with_ordinary_keywords_stays_a_keyword_set():
    doc = parse_eml((EML_DIR / "sib-aves-humedales-bogota-spa.eml.xml").read_bytes())
    assert doc.dataset_type == ""
    assert len(doc.keyword_sets[0].keywords) == 19
    assert doc.keyword_sets[0].thesaurus.startswith("GBIF Dataset Type Vocabulary")


def test_dataset_type_and_subtype_are_written_as_the_ipt_keyword_sets(original):
    doc = parse_eml(original)
    doc.dataset_type, doc.dataset_subtype = "sampling-event", "observation"
    root = etree.fromstring(write_eml(doc, package_id="p"))
    sets = [
        ([k.text for k in s.findall("keyword")], s.findtext("keywordThesaurus"))
        for s in root.iterfind("dataset/keywordSet")
    ]
    assert sets[-2:] == [
        (["Samplingevent"], THESAURUS_DATASET_TYPE),
        (["Observation"], THESAURUS_DATASET_SUBTYPE),
    ]
    again = parse_eml(write_eml(doc, package_id="p"))
    assert (again.dataset_type, again.dataset_subtype) == ("sampling-event", "observation")


def test_profile_13_document_values_are_read():
    doc = parse_eml((EML_DIR / "ipt-test-event-eml-2.2.0-profile-1.3.eml.xml").read_bytes())
    assert doc.titles[0].text == "Test resource"
    assert doc.titles[0].lang == "eng"
    assert doc.metadata_language == "eng"
    assert doc.pub_date == "2015-09-03"
    assert doc.dataset_type == "sampling-event"
    assert doc.keyword_sets == []
    assert doc.maintenance.update_frequency == "unkown"
    assert doc.date_stamp == "2015-09-03T05:13:52.910+02:00"


def test_written_licence_is_a_ulink_with_citetitle(original):
    out = write_eml(parse_eml(original), package_id="p")
    assert b"<intellectualRights>" in out and b"<citetitle>" in out
    assert b'<ulink url="http://creativecommons.org/' in out


def test_write_refuses_other_profile_versions(original):
    with pytest.raises(ValueError, match="1.3"):
        write_eml(parse_eml(original), package_id="p", version="1.1")
