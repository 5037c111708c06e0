"""The editor's rules name the section and the JSON path of each value that needs fixing,
and agree with the profile 1.3 XSD: what the XSD rejects, validate() rejects too."""

from __future__ import annotations

import pytest

from metadata.eml.model import (
    Agent,
    Award,
    BoundingBox,
    Citation,
    Collection,
    CuratorialUnit,
    Document,
    GeographicCoverage,
    KeywordSet,
    Licence,
    LocalText,
    Maintenance,
    Methods,
    PhysicalData,
    Project,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
    Title,
    UserId,
)
from metadata.eml.serialize import to_dict
from metadata.eml.validate import SECTIONS, licence_code, validate, validate_xsd
from metadata.eml.write import write_eml
from tests.conftest import TEST_DATA

SCHEMA_13 = TEST_DATA / "schemas/eml-gbif-profile/1.3"
CC_BY = "http://creativecommons.org/licenses/by/4.0/legalcode"
ORCID = "https://orcid.org/"
ROR = "https://ror.org/"


def person(**values) -> Agent:
    return Agent(**{"given_name": "Ada", "sur_name": "Lovelace", **values})


def complete() -> Document:
    return Document(
        metadata_language="en",
        dataset_type="sampling-event",
        titles=[Title("Birds of the park")],
        pub_date="2024-05-01",
        abstract=["Counts of birds."],
        licence=Licence("CC-BY 4.0", CC_BY),
        creators=[person(emails=["ada@example.org"])],
        contacts=[Agent(organization="Example Museum")],
    )


def issues_of(doc: Document) -> set[tuple[str, str]]:
    return {(issue.section, issue.field) for issue in validate(doc)}


def xsd_errors(doc: Document) -> list[str]:
    return validate_xsd(write_eml(doc, package_id="p"), SCHEMA_13)


def project(**values) -> Project:
    defaults = {"title": "Bird atlas", "personnel": [person(role="pointOfContact")]}
    return Project(**{**defaults, **values})


def test_complete_document_has_no_issues_and_is_xsd_valid():
    doc = complete()
    assert validate(doc) == []
    assert xsd_errors(doc) == []


# (change to the complete document, expected (section, JSON path)).
CASES = {
    "missing title": ({"titles": []}, ("basic", "titles")),
    "blank title": ({"titles": [Title("  ")]}, ("basic", "titles")),
    "blank extra title": (
        {"titles": [Title("Birds"), Title(" ", "fr")]},
        ("basic", "titles[1].text"),
    ),
    "bad title language": (
        {"titles": [Title("Birds"), Title("Oiseaux", "fr_")]},
        ("basic", "titles[1].lang"),
    ),
    "two titles in one language": (
        {"titles": [Title("Birds"), Title("Oiseaux", "fr"), Title("Les oiseaux", "fr")]},
        ("basic", "titles[2].lang"),
    ),
    "short abstract": ({"abstract": ["abc"]}, ("basic", "abstract")),
    "translation without language": (
        {"abstract_translations": [LocalText("", ["Des oiseaux."])]},
        ("basic", "abstract_translations[0].lang"),
    ),
    "translation in the metadata language": (
        {"abstract_translations": [LocalText("en", ["Birds."])]},
        ("basic", "abstract_translations[0].lang"),
    ),
    "empty translation": (
        {"abstract_translations": [LocalText("fr", [])]},
        ("basic", "abstract_translations[0].paras"),
    ),
    "missing licence": ({"licence": Licence()}, ("basic", "licence.url")),
    "other licence": (
        {"licence": Licence("MIT", "https://opensource.org/licenses/MIT")},
        ("basic", "licence.url"),
    ),
    "missing metadata language": ({"metadata_language": ""}, ("basic", "metadata_language")),
    "bad metadata language": (
        {"metadata_language": "english language"},
        ("basic", "metadata_language"),
    ),
    "missing type": ({"dataset_type": ""}, ("basic", "dataset_type")),
    "unknown type": ({"dataset_type": "events"}, ("basic", "dataset_type")),
    "unknown subtype": ({"dataset_subtype": "Specimens"}, ("basic", "dataset_subtype")),
    "missing pub date": ({"pub_date": ""}, ("additional", "pub_date")),
    "month-only pub date": ({"pub_date": "2024-05"}, ("additional", "pub_date")),
    "bad date stamp": ({"date_stamp": "2024-05-01 12:00"}, ("additional", "date_stamp")),
    "bad date created": ({"date_created": "May 2024"}, ("additional", "date_created")),
    "blank alternate identifier": (
        {"alternate_identifiers": ["doi:1", " "]},
        ("additional", "alternate_identifiers[1]"),
    ),
    "relative logo url": ({"resource_logo_url": "logo.png"}, ("additional", "resource_logo_url")),
    "bad homepage": ({"distribution_url": "www.example.org"}, ("physical", "distribution_url")),
    "no contact": ({"contacts": []}, ("contacts", "contacts")),
    "no creator": ({"creators": []}, ("contacts", "creators")),
    "creator without any name": (
        {"creators": [Agent(given_name="Ada")]},
        ("contacts", "creators[0].sur_name"),
    ),
    "first name without last name": (
        {"creators": [Agent(given_name="Ada", organization="Museum")]},
        ("contacts", "creators[0].sur_name"),
    ),
    "salutation without last name": (
        {"contacts": [Agent(salutation="Dr", position="Curator")]},
        ("contacts", "contacts[0].sur_name"),
    ),
    "bad email": (
        {"contacts": [person(emails=["ada at example.org"])]},
        ("contacts", "contacts[0].emails[0]"),
    ),
    "bad phone": (
        {"contacts": [person(phones=["+45 1234", "call me!"])]},
        ("contacts", "contacts[0].phones[1]"),
    ),
    "relative home page": (
        {"contacts": [person(online_urls=["example.org"])]},
        ("contacts", "contacts[0].online_urls[0]"),
    ),
    "bad ORCID checksum": (
        {
            "contacts": [
                person(user_ids=[UserId(ROR, "03yrm5c26"), UserId(ORCID, "0000-0002-1825-0098")])
            ]
        },
        ("contacts", "contacts[0].user_ids[1].identifier"),
    ),
    "bad ORCID format": (
        {"creators": [person(user_ids=[UserId("http://orcid.org/", "0000-0002-1825")])]},
        ("contacts", "creators[0].user_ids[0].identifier"),
    ),
    "bad ROR check digits": (
        {
            "associated_parties": [
                Agent(organization="CDL", role="owner", user_ids=[UserId(ROR, "03yrm5c27")])
            ]
        },
        ("contacts", "associated_parties[0].user_ids[0].identifier"),
    ),
    "bad ROR characters": (
        {"metadata_providers": [Agent(organization="CDL", user_ids=[UserId(ROR, "0ilou5c26")])]},
        ("contacts", "metadata_providers[0].user_ids[0].identifier"),
    ),
    "user id without directory": (
        {"contacts": [person(user_ids=[UserId("", "abc")])]},
        ("contacts", "contacts[0].user_ids[0].directory"),
    ),
    "user id without identifier": (
        {"contacts": [person(user_ids=[UserId(ORCID, "")])]},
        ("contacts", "contacts[0].user_ids[0].identifier"),
    ),
    "geography without description": (
        {"geographic_coverages": [GeographicCoverage("", BoundingBox("1", "2", "4", "3"))]},
        ("geocoverage", "geographic_coverages[0].description"),
    ),
    "west out of range": (
        {"geographic_coverages": [GeographicCoverage("Park", BoundingBox("-181", "2", "4", "3"))]},
        ("geocoverage", "geographic_coverages[0].bbox.west"),
    ),
    "east not a number": (
        {"geographic_coverages": [GeographicCoverage("Park", BoundingBox("1", "1e2", "4", "3"))]},
        ("geocoverage", "geographic_coverages[0].bbox.east"),
    ),
    "south missing": (
        {"geographic_coverages": [GeographicCoverage("Park", BoundingBox("1", "2", "4", ""))]},
        ("geocoverage", "geographic_coverages[0].bbox.south"),
    ),
    "north below south": (
        {"geographic_coverages": [GeographicCoverage("Park", BoundingBox("1", "2", "3", "4"))]},
        ("geocoverage", "geographic_coverages[0].bbox.north"),
    ),
    "single date missing": (
        {"temporal_coverages": [TemporalCoverage("single")]},
        ("tempcoverage", "temporal_coverages[0].start"),
    ),
    "bad single date": (
        {"temporal_coverages": [TemporalCoverage("single", start="2021-02-29")]},
        ("tempcoverage", "temporal_coverages[0].start"),
    ),
    "range without end": (
        {"temporal_coverages": [TemporalCoverage("range", start="2020")]},
        ("tempcoverage", "temporal_coverages[0].end"),
    ),
    "range ending before it starts": (
        {"temporal_coverages": [TemporalCoverage("range", start="2020-05-01", end="2019")]},
        ("tempcoverage", "temporal_coverages[0].end"),
    ),
    "formation without period": (
        {"temporal_coverages": [TemporalCoverage("formation")]},
        ("tempcoverage", "temporal_coverages[0].period"),
    ),
    "unknown temporal kind": (
        {"temporal_coverages": [TemporalCoverage("decade", start="2020")]},
        ("tempcoverage", "temporal_coverages[0].kind"),
    ),
    "coverage without taxa": (
        {"taxonomic_coverages": [TaxonomicCoverage("birds")]},
        ("taxcoverage", "taxonomic_coverages[0].taxa"),
    ),
    "taxon without name": (
        {"taxonomic_coverages": [TaxonomicCoverage("", [Taxon("Aves"), Taxon("", "genus")])]},
        ("taxcoverage", "taxonomic_coverages[0].taxa[1].scientific_name"),
    ),
    "keyword set without keywords": (
        {"keyword_sets": [KeywordSet([], "GEMET")]},
        ("keywords", "keyword_sets[0].keywords"),
    ),
    "keyword set without thesaurus": (
        {"keyword_sets": [KeywordSet(["birds"], " ")]},
        ("keywords", "keyword_sets[0].thesaurus"),
    ),
    "project without title": ({"project": project(title="")}, ("project", "project.title")),
    "project without personnel": (
        {"project": project(personnel=[])},
        ("project", "project.personnel"),
    ),
    "project person without last name": (
        {"project": project(personnel=[Agent(organization="Museum", role="owner")])},
        ("project", "project.personnel[0].sur_name"),
    ),
    "project only funded": ({"project": Project(funding=["EU"])}, ("project", "project.title")),
    "award without funder": (
        {"project": project(awards=[Award(title="Grant")])},
        ("project", "project.awards[0].funder_name"),
    ),
    "award without title": (
        {"project": project(awards=[Award(funder_name="NSF")])},
        ("project", "project.awards[0].title"),
    ),
    "award with a funder id that is neither a Funder Registry DOI nor a ROR": (
        {
            "project": project(
                awards=[Award("NSF", ["10.13039/100000001", "NSF-123"], title="Grant")]
            )
        },
        ("project", "project.awards[0].funder_identifiers[1]"),
    ),
    "award with a funder ROR failing its check digits": (
        {"project": project(awards=[Award("NSF", ["https://ror.org/021nxhr63"], title="G")])},
        ("project", "project.awards[0].funder_identifiers[0]"),
    ),
    "award with relative url": (
        {"project": project(awards=[Award(funder_name="NSF", title="Grant", url="nsf.gov")])},
        ("project", "project.awards[0].url"),
    ),
    "related project without personnel": (
        {"project": project(related_projects=[Project(title="Atlas 1")])},
        ("project", "project.related_projects[0].personnel"),
    ),
    "related project without title": (
        {"project": project(related_projects=[project(title="")])},
        ("project", "project.related_projects[0].title"),
    ),
    "blank method step": (
        {"methods": Methods(steps=["Count", ""])},
        ("methods", "methods.steps[1]"),
    ),
    "sampling without study extent": (
        {"methods": Methods(steps=["Count"], sampling_description=["Transects"])},
        ("methods", "methods.study_extent"),
    ),
    "study extent without sampling": (
        {"methods": Methods(steps=["Count"], study_extent=["Park"])},
        ("methods", "methods.sampling_description"),
    ),
    "citation identifier without text": (
        {"citation": Citation("", "10.1/x")},
        ("citations", "citation.text"),
    ),
    "empty bibliography entry": (
        {"bibliography": [Citation("Ref"), Citation("")]},
        ("citations", "bibliography[1].text"),
    ),
    "physical data without name": (
        {"physical_data": [PhysicalData("", "UTF-8", "CSV", "", "https://example.org/a.csv")]},
        ("physical", "physical_data[0].name"),
    ),
    "physical data without url": (
        {"physical_data": [PhysicalData("a", "UTF-8", "CSV", "", "")]},
        ("physical", "physical_data[0].url"),
    ),
    "physical data without charset": (
        {"physical_data": [PhysicalData("a", "", "CSV", "", "https://example.org/a.csv")]},
        ("physical", "physical_data[0].charset"),
    ),
    "physical data without format": (
        {"physical_data": [PhysicalData("a", "UTF-8", "", "", "https://example.org/a.csv")]},
        ("physical", "physical_data[0].format_name"),
    ),
    "collection without name": (
        {"collections": [Collection("", "KHD", "DBG")]},
        ("collections", "collections[0].name"),
    ),
    "blank preservation method": (
        {"specimen_preservation_methods": ["alcohol", ""]},
        ("collections", "specimen_preservation_methods[1]"),
    ),
    "curatorial unit without type": (
        {"curatorial_units": [CuratorialUnit("", count="5", uncertainty="0")]},
        ("collections", "curatorial_units[0].unit_type"),
    ),
    "curatorial unit without count": (
        {"curatorial_units": [CuratorialUnit("Drawers")]},
        ("collections", "curatorial_units[0].count"),
    ),
    "curatorial count without uncertainty": (
        {"curatorial_units": [CuratorialUnit("Drawers", count="5")]},
        ("collections", "curatorial_units[0].uncertainty"),
    ),
    "curatorial range without end": (
        {"curatorial_units": [CuratorialUnit("Drawers", start="5")]},
        ("collections", "curatorial_units[0].end"),
    ),
    "curatorial range backwards": (
        {"curatorial_units": [CuratorialUnit("Drawers", start="9", end="5")]},
        ("collections", "curatorial_units[0].end"),
    ),
    "curatorial count and range": (
        {
            "curatorial_units": [
                CuratorialUnit("Drawers", start="1", end="5", count="3", uncertainty="0")
            ]
        },
        ("collections", "curatorial_units[0].count"),
    ),
    "curatorial count not whole": (
        {"curatorial_units": [CuratorialUnit("Drawers", count="2.5", uncertainty="0")]},
        ("collections", "curatorial_units[0].count"),
    ),
    "bad update frequency": (
        {"maintenance": Maintenance([], "weekly2")},
        ("basic", "maintenance.update_frequency"),
    ),
    "control character": ({"titles": [Title("Birds\x01")]}, ("basic", "titles[0].text")),
    "control character in a contact": (
        {"contacts": [person(city="K\x00benhavn")]},
        ("contacts", "contacts[0].city"),
    ),
}


def changed(change: dict) -> Document:
    doc = complete()
    for name, value in change.items():
        setattr(doc, name, value)
    return doc


@pytest.mark.parametrize(("change", "expected"), CASES.values(), ids=CASES.keys())
def test_validate_names_section_and_json_path(change, expected):
    issues = validate(changed(change))
    assert expected in {(issue.section, issue.field) for issue in issues}
    assert all(issue.section in SECTIONS and issue.message for issue in issues)


def _resolves(tree, path: str) -> bool:
    node = tree
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(node, list) or index >= len(node):
                return False
            node = node[index]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return False
    return True


@pytest.mark.parametrize(("change", "expected"), CASES.values(), ids=CASES.keys())
def test_every_issue_path_points_at_a_value_of_the_json_form(change, expected):
    doc = changed(change)
    tree = to_dict(doc)
    for issue in validate(doc):
        assert _resolves(tree, issue.field), issue.field


@pytest.mark.parametrize(("change", "expected"), CASES.values(), ids=CASES.keys())
def test_what_the_xsd_rejects_validate_rejects(change, expected):
    doc = changed(change)
    try:
        data = write_eml(doc, package_id="p")
    except ValueError:  # characters XML cannot hold: validate() names them
        assert validate(doc)
        return
    if validate_xsd(data, SCHEMA_13):
        assert validate(doc)


def test_fixtures_include_documents_the_xsd_rejects():
    rejected = []
    for name, (change, _expected) in CASES.items():
        try:
            if xsd_errors(changed(change)):
                rejected.append(name)
        except ValueError:
            rejected.append(name)
    assert {
        "missing title",
        "east not a number",
        "range without end",
        "award without funder",
    } <= set(rejected)
    assert len(rejected) >= 30


def test_a_valid_project_with_awards_and_related_projects_is_xsd_valid():
    doc = complete()
    doc.project = project(
        awards=[
            Award(
                "NSF",
                ["https://doi.org/10.13039/100000001"],
                "DEB-1234",
                "Bird grant",
                "https://nsf.gov/a",
            )
        ],
        related_projects=[project(title="Atlas 1", identifier="a1", description=["First atlas."])],
    )
    doc.curatorial_units = [
        CuratorialUnit("Drawers", count="50", uncertainty="5"),
        CuratorialUnit("Cabinets", start="1", end="10"),
    ]
    doc.contacts = [
        person(
            salutation="Dr",
            user_ids=[
                UserId(ORCID, "0000-0002-1825-0097"),
                UserId(ROR, "https://ror.org/03yrm5c26"),
            ],
        )
    ]
    assert validate(doc) == []
    assert xsd_errors(doc) == []


def test_agents_with_only_an_organisation_or_position_are_accepted():
    doc = complete()
    doc.creators = [Agent(organization="Museum"), Agent(position="Curator")]
    assert validate(doc) == []


def test_empty_user_id_rows_are_ignored_as_the_writer_leaves_them_out():
    doc = complete()
    doc.contacts = [person(user_ids=[UserId("", "")])]
    assert validate(doc) == []
    assert b"userId" not in write_eml(doc, package_id="p")


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


def test_messages_are_plain_strings_for_the_translation_catalogue():
    messages = {issue.message for issue in validate(Document())}
    assert "A title is required." in messages
    assert all("%" not in message and "{" not in message for message in messages)


def test_an_e_mail_gbif_refuses_is_an_issue_saying_why():
    doc = complete()
    doc.creators = [person(emails=["ada@park.local", "ada@example.org", "ada@"])]
    found = {issue.field: issue.message for issue in validate(doc)}
    assert ".local" in found["creators[0].emails[0]"]
    assert "creators[0].emails[1]" not in found
    assert found["creators[0].emails[2]"] == "Enter a valid email address."


def test_every_document_field_has_an_editor_section():
    """validate() places each issue in the section of its field: a field missing from
    SECTION_OF (``replaces`` was) raised KeyError for any issue about it."""
    from dataclasses import fields as dataclass_fields

    from metadata.eml.model import Document
    from metadata.eml.validate.base import SECTION_OF

    assert {f.name for f in dataclass_fields(Document)} <= set(SECTION_OF)


def test_control_characters_in_replaces_are_an_issue_of_the_additional_section():
    from dataclasses import replace as with_values

    from metadata.eml.model import Document
    from metadata.eml.validate import validate

    issues = validate(with_values(Document(), replaces="doi:10.1234/x\x01"))

    assert ("additional", "replaces") in {(i.section, i.field) for i in issues}
