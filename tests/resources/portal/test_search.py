"""The public search and its filters, over the facts of each resource's latest public version."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation

from metadata.eml.model import Licence, Taxon, TaxonomicCoverage
from resources.models import ResourceType, Visibility
from resources.portal.search import Filters, filter_options
from resources.portal.selectors import resources_listed, resources_page

from .conftest import document
from .search_helpers import newer_version, published

pytestmark = pytest.mark.django_db


def found(search: str = "", **filters) -> list[str]:
    page = resources_page(search=search, sort="relevance", filters=Filters(**filters))
    return [r.public_title for r in page.object_list]


def test_a_taxon_only_in_the_data_finds_the_resource(data_dir):
    published("Mosquito traps", taxa=("Aedes vexans", "Culex pipiens"))
    published("Pond survey")
    assert found("Aedes") == ["Mosquito traps"]
    assert found("aedes VEXANS") == ["Mosquito traps"]


def test_keywords_people_and_eml_taxa_find_the_resource(data_dir):
    coverage = [TaxonomicCoverage(taxa=[Taxon(scientific_name="Triturus cristatus")])]
    published("Pond survey", doc=document("Pond survey", taxonomic_coverages=coverage))
    assert found("amphibians") == ["Pond survey"]  # a keyword
    assert found("Frog") == ["Pond survey"]  # the creator, Ann Frog
    assert found("Triturus") == ["Pond survey"]  # the EML's taxonomic coverage
    assert found("Triturus nowhere") == []  # every word must match


def test_the_publishing_organisation_finds_the_resource(data_dir):
    published("Pond survey", organisation_name="Natural History Museum Aarhus")
    published("Other survey")
    assert found("Aarhus") == ["Pond survey"]


def test_a_version_without_facts_is_found_by_its_title_and_short_name_only(data_dir):
    resource = published("Old pond survey", facts=False)
    assert found("Old pond") == ["Old pond survey"]
    assert found(resource.shortname) == ["Old pond survey"]
    assert found("amphibians") == []


def test_a_private_resource_whose_taxon_matches_is_not_found(data_dir):
    published("Hidden traps", Visibility.PRIVATE, taxa=("Aedes vexans",))
    assert found("Aedes") == []


def test_the_facts_of_a_newer_private_version_are_not_searched(data_dir):
    resource = published("Pond survey", taxa=("Rana temporaria",))
    newer_version(resource, "1.1", Visibility.PRIVATE, taxa=("Aedes vexans",), country="NO")
    assert found("Aedes") == []
    assert found("Rana") == ["Pond survey"]
    assert found(country="NO") == []


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL ranks by SearchRank")
def test_a_title_match_comes_before_a_match_in_the_data(data_dir):
    published("Mosquito traps", taxa=("Aedes vexans",))
    published("Aedes of Sweden", taxa=("Culex pipiens",))
    assert found("Aedes") == ["Aedes of Sweden", "Mosquito traps"]


def test_filters_by_licence_country_organisation_and_type(data_dir):
    cc0 = Licence(name="CC0", url="http://creativecommons.org/publicdomain/zero/1.0/legalcode")
    published("Open traps", doc=document("Open traps", licence=cc0), country="DK")
    published("Pond survey", organisation_name="Pond Institute", country="SE")
    assert found(licence="CC0-1.0") == ["Open traps"]
    assert found(licence="CC-BY-4.0") == ["Pond survey"]
    assert found(country="DK") == ["Open traps"]
    assert found(organisation="Pond Institute") == ["Pond survey"]
    assert found(type=ResourceType.CHECKLIST) == []
    assert sorted(found(type=ResourceType.SAMPLING_EVENT)) == ["Open traps", "Pond survey"]
    assert found("traps", country="SE") == []


def test_a_year_range_keeps_resources_whose_years_overlap_it(data_dir):
    published("Early", years=(1990, 1995))
    published("Late", years=(2015, 2020))
    assert found(year_from=1994, year_to=1996) == ["Early"]
    assert found(year_from=2020) == ["Late"]
    assert found(year_to=1989) == []
    assert sorted(found(year_from=1990, year_to=2020)) == ["Early", "Late"]


def test_filter_options_come_from_listed_resources_only(data_dir):
    published("Pond survey", organisation_name="Pond Institute", country="SE")
    published("Hidden", Visibility.PRIVATE, organisation_name="Secret Lab", country="NO")
    options = filter_options(resources_listed())
    assert options["organisation"] == [("Pond Institute", "Pond Institute")]
    assert options["country"] == [("SE", "Sweden")]
    assert options["licence"] == [("CC-BY-4.0", "CC-BY-4.0")]
    assert options["type"] == [(ResourceType.SAMPLING_EVENT, "Sampling event")]


def test_country_options_are_named_in_the_page_language(data_dir):
    published("Pond survey", country="DE")
    with translation.override("ru"):
        assert filter_options(resources_listed())["country"] == [("DE", "Германия")]
    with translation.override("zh-hant"):
        assert filter_options(resources_listed())["country"] == [("DE", "德國")]


def test_a_private_resources_option_is_offered_once_a_listed_resource_has_it(data_dir):
    published("Hidden", Visibility.PRIVATE, organisation_name="Shared Lab", country="NO")
    assert filter_options(resources_listed())["country"] == []
    published("Public", country="NO")
    assert filter_options(resources_listed())["country"] == [("NO", "Norway")]


def test_filters_from_get_parameters_ignore_malformed_values():
    filters = Filters.from_query(
        {"type": "bogus", "country": "se", "from": "19x", "to": "2001", "licence": " CC0-1.0 "}
    )
    assert filters == Filters(country="SE", licence="CC0-1.0", year_to=2001)
    assert filters.as_query() == {"licence": "CC0-1.0", "country": "SE", "to": "2001"}
    assert not Filters.from_query({})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="web search syntax: PostgreSQL only")
def test_postgresql_takes_web_search_syntax_and_ranks_by_matches(data_dir):
    published("Mosquito traps", taxa=("Aedes vexans", "Aedes cinereus", "Culex pipiens"))
    published("Gnat counts", taxa=("Aedes vexans",))
    assert found("aedes -culex") == ["Gnat counts"]
    assert found('"aedes cinereus"') == ["Mosquito traps"]
    assert found("aedes") == ["Mosquito traps", "Gnat counts"]  # more matches rank higher
