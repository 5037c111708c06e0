"""The search facts of a version, from its EML and its archive's summary (no database)."""

from __future__ import annotations

from metadata.eml.model import (
    Agent,
    Document,
    KeywordSet,
    Licence,
    Taxon,
    TaxonomicCoverage,
    TemporalCoverage,
    Title,
)
from resources.portal.facts import country_codes, facts_of, licence_code, years_of
from resources.portal.feeds.summary import ArchiveSummary


def test_licence_codes_come_from_creative_commons_urls():
    assert licence_code("http://creativecommons.org/publicdomain/zero/1.0/legalcode") == "CC0-1.0"
    assert licence_code("https://creativecommons.org/licenses/by/4.0/legalcode") == "CC-BY-4.0"
    assert licence_code("http://creativecommons.org/licenses/by-nc/4.0/") == "CC-BY-NC-4.0"


def test_an_unknown_licence_is_named_by_its_name():
    assert licence_code("https://example.org/terms", "  Our   own terms ") == "Our own terms"
    assert licence_code("", "") == ""


def test_country_codes_and_names_become_iso_codes():
    assert country_codes(["DK", "dk", "Denmark", "DEU", "Atlantis", " "]) == ["DE", "DK"]


def test_years_come_from_the_records_before_the_temporal_coverage():
    summary = ArchiveSummary(years={"event.txt": {2012: 3, 2019: 1}, "occurrence.txt": {2010: 1}})
    doc = Document(temporal_coverages=[TemporalCoverage(kind="range", start="1990", end="1995")])
    assert years_of(summary, doc) == (2010, 2019)
    assert years_of(ArchiveSummary(), doc) == (1990, 1995)
    assert years_of(None, None) == (None, None)


def eml() -> Document:
    return Document(
        titles=[Title(text="Mosquito traps")],
        abstract=["Traps emptied weekly."],
        keyword_sets=[KeywordSet(keywords=["Vectors"])],
        licence=Licence(url="http://creativecommons.org/licenses/by-nc/4.0/"),
        creators=[Agent(given_name="Ann", sur_name="Frog", organization="Pond Institute")],
        associated_parties=[Agent(given_name="Bo", sur_name="Newt")],
        taxonomic_coverages=[
            TaxonomicCoverage(taxa=[Taxon(scientific_name="Culex pipiens", common_name="gnat")])
        ],
    )


def test_facts_hold_the_eml_summary_and_names_in_lower_case():
    summary = ArchiveSummary(names=["Aedes vexans", "Culicidae"], countries=["Sweden", "DK"])
    facts = facts_of(doc=eml(), summary=summary, names=["Mosquito traps", "mozzies"])
    for word in (
        "mosquito traps",
        "mozzies",
        "weekly",
        "vectors",
        "culex pipiens",
        "gnat",
        "aedes vexans",
        "culicidae",
        "ann",
        "newt",
        "pond institute",
        "sweden",
        "denmark",
    ):
        assert word in facts.text, word
    assert facts.countries == ["DK", "SE"]
    assert facts.licence == "CC-BY-NC-4.0"


def test_the_publishing_organisation_comes_before_the_emls():
    assert facts_of(doc=eml(), summary=None).organisation == "Pond Institute"
    chosen = facts_of(doc=eml(), summary=None, organisation="GBIF Denmark")
    assert chosen.organisation == "GBIF Denmark" and "gbif denmark" in chosen.text


def test_a_version_without_eml_or_summary_has_only_its_names():
    facts = facts_of(doc=None, summary=None, names=["Pond survey", "ponds"])
    assert facts.text == "pond survey ponds"
    assert (facts.licence, facts.countries, facts.first_year) == ("", [], None)
