"""The IPT's required-field checks name the editor section and field that need fixing."""

from __future__ import annotations

import pytest

from metadata.eml.model import Agent, Document, Licence, TaxonomicCoverage, Title
from metadata.eml.validate import licence_code, validate, validate_xsd
from metadata.eml.write import write_eml
from tests.conftest import SHARED

SCHEMA_13 = SHARED / "schemas/eml-gbif-profile/1.3"
CC_BY = "http://creativecommons.org/licenses/by/4.0/legalcode"


def complete() -> Document:
    person = Agent(given_name="Ada", sur_name="Lovelace", emails=["ada@example.org"])
    return Document(
        metadata_language="eng",
        titles=[Title("Birds of the park")],
        pub_date="2024-05-01",
        abstract=["Counts of birds."],
        licence=Licence("CC-BY 4.0", CC_BY),
        creators=[person],
        contacts=[Agent(organization="Example Museum")],
    )


def fields_of(doc: Document) -> set[tuple[str, str]]:
    return {(issue.section, issue.field) for issue in validate(doc)}


def test_complete_document_has_no_issues_and_is_xsd_valid():
    doc = complete()
    assert validate(doc) == []
    assert validate_xsd(write_eml(doc, package_id="p"), SCHEMA_13) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"titles": []}, ("basic", "title")),
        ({"abstract": ["abc"]}, ("basic", "description")),
        ({"licence": Licence()}, ("basic", "licence")),
        ({"licence": Licence("MIT", "https://opensource.org/licenses/MIT")}, ("basic", "licence")),
        ({"metadata_language": ""}, ("basic", "metadataLanguage")),
        ({"pub_date": ""}, ("additional", "pubDate")),
        ({"contacts": []}, ("contacts", "contact")),
        ({"creators": []}, ("contacts", "creator")),
        ({"creators": [Agent(given_name="Ada")]}, ("contacts", "creator[1]")),
        ({"taxonomic_coverages": [TaxonomicCoverage("birds")]}, ("taxcoverage", "taxa[1]")),
    ],
)
def test_validate_flags_missing_required_field(change, expected):
    doc = complete()
    for name, value in change.items():
        setattr(doc, name, value)
    assert expected in fields_of(doc)


def test_missing_fields_also_fail_the_xsd():
    doc = complete()
    doc.creators, doc.titles = [], []
    assert validate_xsd(write_eml(doc, package_id="p"), SCHEMA_13)


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://creativecommons.org/publicdomain/zero/1.0/legalcode", "CC0 1.0"),
        ("https://creativecommons.org/licenses/by/4.0/", "CC-BY 4.0"),
        ("http://creativecommons.org/licenses/by-nc/4.0/legalcode", "CC-BY-NC 4.0"),
        ("http://creativecommons.org/licenses/by-sa/4.0/legalcode", ""),
    ],
)
def test_licence_code_recognises_the_three_ipt_licences(url, code):
    assert licence_code(url) == code
