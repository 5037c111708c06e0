"""The IPT-style citation and its BibTeX, RIS and CSL-JSON exports (golden strings)."""

from __future__ import annotations

from metadata.eml.citation import (
    CitationData,
    author_name,
    citation_authors,
    citation_data,
    generate_citation,
    to_bibtex,
    to_csl_json,
    to_ris,
)
from metadata.eml.model import Agent, Document, KeywordSet, Title, UserId
from metadata.eml.parse import parse_eml
from tests.conftest import TEST_DATA

SMITH = Agent(given_name="John Paul", sur_name="Smith")
URL = "https://ipt.example.org/resource?r=birds"
DOI_URL = "https://doi.org/10.5886/1bft7W5f"
ORCID = "https://orcid.org/"


def birds() -> Document:
    return Document(
        titles=[Title("Birds of the park")],
        dataset_type="sampling-event",
        abstract=["Counts of birds {2020-2024}.", "Twice a year & more: 50% coverage."],
        keyword_sets=[
            KeywordSet(["birds", "monitoring"], "N/A"),
            KeywordSet(["birds", "Aves_x"], "GBIF"),
        ],
        creators=[SMITH, Agent(organization="Natural History Museum")],
        metadata_providers=[
            Agent(given_name="John Paul", sur_name="Smith"),
            Agent(given_name="Paul", sur_name="Weir", organization="NHM"),
        ],
        associated_parties=[
            Agent(given_name="Eve", sur_name="Xu", role="originator"),
            Agent(given_name="Bob", sur_name="Ng", role="owner"),
            Agent(sur_name="Lonely", role="metadataProvider"),
        ],
    )


def data() -> CitationData:
    return citation_data(
        birds(), version="1.7", publisher="NHM", year="2024", url=URL, identifier=DOI_URL
    )


def test_authors_are_creators_providers_then_originators_without_repeats():
    names = [author_name(a) for a in citation_authors(birds())]
    assert names == ["Smith J P", "Natural History Museum", "Weir P", "Xu E"]


def test_citation_follows_the_ipt_format():
    citation = generate_citation(
        birds(), version="1.7", publisher="NHM", year="2024", identifier="doi:10.5886/1bft7W5f"
    )
    assert citation == (
        "Smith J P, Natural History Museum, Weir P, Xu E (2024). Birds of the park. Version 1.7. "
        "NHM. Sampling event dataset. https://doi.org/10.5886/1bft7W5f"
    )


def test_citation_without_authors_names_the_publisher_and_skips_empty_parts():
    doc = Document(titles=[Title("Birds.")], dataset_type="checklist")
    assert generate_citation(doc, version="", publisher="NHM", year=2024) == (
        "NHM (2024). Birds. NHM. Checklist dataset."
    )


def test_citation_keeps_a_url_identifier_as_given():
    doc = Document(titles=[Title("Birds")], creators=[SMITH], dataset_type="occurrence")
    assert generate_citation(doc, version="2.0", publisher="", year="2023", identifier=URL) == (
        "Smith J P (2023). Birds. Version 2.0. Occurrence dataset. " + URL
    )


def test_bibtex_entry_escapes_special_characters():
    assert to_bibtex(data(), "birds park") == (
        "@misc{birds_park,\n"
        "  author = {Smith, John Paul and {Natural History Museum} and Weir, Paul and Xu, Eve},\n"
        "  title = {Birds of the park},\n"
        "  year = {2024},\n"
        "  version = {1.7},\n"
        "  publisher = {NHM},\n"
        "  howpublished = {Sampling event dataset},\n"
        "  doi = {10.5886/1bft7W5f},\n"
        "  url = {https://ipt.example.org/resource?r=birds},\n"
        "  keywords = {birds, monitoring, Aves\\_x},\n"
        "  abstract = {Counts of birds \\{2020-2024\\}. Twice a year \\& more: 50\\% coverage.},\n"
        "}\n"
    )


def test_ris_record_has_one_tag_per_line_and_no_carriage_returns():
    ris = to_ris(data())
    assert "\r" not in ris
    assert ris == (
        "TY  - DATA\n"
        "AU  - Smith, John Paul\n"
        "AU  - Natural History Museum\n"
        "AU  - Weir, Paul\n"
        "AU  - Xu, Eve\n"
        "TI  - Birds of the park\n"
        "PY  - 2024\n"
        "ET  - 1.7\n"
        "PB  - NHM\n"
        "M3  - Sampling event dataset\n"
        "DO  - 10.5886/1bft7W5f\n"
        "UR  - https://ipt.example.org/resource?r=birds\n"
        "KW  - birds\n"
        "KW  - monitoring\n"
        "KW  - Aves_x\n"
        "AB  - Counts of birds {2020-2024}. Twice a year & more: 50% coverage.\n"
        "ER  - \n"
    )


def test_csl_json_item_is_a_dataset_with_people_and_organisations():
    assert to_csl_json(data()) == {
        "type": "dataset",
        "title": "Birds of the park",
        "author": [
            {"family": "Smith", "given": "John Paul"},
            {"literal": "Natural History Museum"},
            {"family": "Weir", "given": "Paul"},
            {"family": "Xu", "given": "Eve"},
        ],
        "issued": {"date-parts": [[2024]]},
        "version": "1.7",
        "publisher": "NHM",
        "genre": "Sampling event dataset",
        "URL": URL,
        "DOI": "10.5886/1bft7W5f",
        "abstract": "Counts of birds {2020-2024}.\n\nTwice a year & more: 50% coverage.",
        "keyword": "birds, monitoring, Aves_x",
    }


def test_csl_json_without_doi_uses_the_identifier_url():
    found = citation_data(
        Document(titles=[Title("Birds")]),
        version="1.0",
        publisher="",
        year="2024",
        url="",
        identifier=URL,
    )
    item = to_csl_json(found)
    assert item["URL"] == URL and "DOI" not in item
    assert item["genre"] == "Dataset"


def test_finstad_is_cited_once_though_creator_and_provider_differ_in_organisation():
    doc = parse_eml(
        (TEST_DATA / "eml" / "ntnu-lepidurus-arcticus-survey-2013.eml.xml").read_bytes()
    )
    names = [author_name(a) for a in citation_authors(doc)]
    assert names == ["Finstad A G", "Hendrichsen D K", "Nilsen E"]


def test_people_with_different_orcids_are_two_authors_despite_one_name():
    one = Agent(given_name="Ann", sur_name="Lee", user_ids=[UserId(ORCID, "0000-0002-1825-0097")])
    two = Agent(given_name="Ann", sur_name="Lee", user_ids=[UserId(ORCID, "0000-0001-5109-3700")])
    assert citation_authors(Document(creators=[one, two])) == [one, two]


def test_the_same_orcid_written_as_url_and_bare_is_one_author():
    one = Agent(given_name="Ann", sur_name="Lee", user_ids=[UserId(ORCID, "0000-0002-1825-0097")])
    two = Agent(
        given_name="A.",
        sur_name="Lee",
        user_ids=[UserId("", "https://orcid.org/0000-0002-1825-0097")],
    )
    assert citation_authors(Document(creators=[one], metadata_providers=[two])) == [one]


def test_people_without_orcid_are_told_apart_by_email_else_by_name():
    ann = Agent(given_name="Ann", sur_name="Lee", emails=["ann@a.org"])
    namesake = Agent(given_name="Ann", sur_name="Lee", emails=["ann.lee@b.org"])
    same_mail = Agent(given_name="Anne", sur_name="Lee", emails=["ANN@a.org"])
    same_name = Agent(given_name="ann", sur_name="lee", organization="Elsewhere")
    doc = Document(creators=[ann, namesake], metadata_providers=[same_mail, same_name])
    assert citation_authors(doc) == [ann, namesake]
