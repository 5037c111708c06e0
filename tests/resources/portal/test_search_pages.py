"""The home page's search form, filters and results; the facts a publication builds."""

from __future__ import annotations

import functools
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.jobs.executor import execute
from core.models import Job
from publisher.views import pages
from resources.models import VersionFacts, Visibility
from resources.portal.selectors import resources_page
from tests.resources.publication.conftest import make_resource

from .conftest import fake_published, publish_in_state
from .search_helpers import published

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/resource\?r=[^"]+">([^<]+)</a>', html)


def test_the_home_page_finds_a_taxon_and_shows_the_organisation(data_dir, client):
    published("Mosquito traps", organisation_name="Vector Lab", taxa=("Aedes vexans",))
    published("Pond survey")
    html = client.get("/", {"q": "Aedes"}).content.decode()
    assert titles(html) == ["Mosquito traps"]
    assert "<th>Organisation</th>" in html and "<td>Vector Lab</td>" in html
    assert '<div class="scroll" tabindex="0" role="region"' in html


def test_the_home_page_filters_and_offers_only_public_options(data_dir, client):
    published("Pond survey", country="SE")
    published("Hidden survey", Visibility.PRIVATE, organisation_name="Secret Lab", country="NO")
    html = client.get("/", {"country": "SE"}).content.decode()
    assert titles(html) == ["Pond survey"]
    assert '<option value="SE" selected>Sweden</option>' in html
    assert "Secret Lab" not in html and "Norway" not in html and "Hidden survey" not in html
    assert 'data-testid="clear-filters"' in html
    assert 'data-testid="clear-filters"' not in client.get("/").content.decode()


def test_a_filter_that_matches_nothing_says_so(data_dir, client):
    published("Pond survey", years=(2015,))
    html = client.get("/", {"from": "2020"}).content.decode()
    assert titles(html) == [] and "No public resource matches your search." in html


def test_pagination_and_sort_links_keep_the_search_and_filters(data_dir, client, monkeypatch):
    for n in range(3):
        published("Pond survey %d" % n, country="SE")
    monkeypatch.setattr(pages, "resources_page", functools.partial(resources_page, per_page=2))
    html = client.get("/", {"q": "pond", "country": "SE", "sort": "title"}).content.decode()
    assert 'href="?q=pond&amp;country=SE&amp;sort=title&amp;page=2"' in html
    assert 'href="?q=pond&amp;country=SE&amp;sort=records"' in html


def test_the_home_pages_queries_do_not_grow_with_the_results(data_dir, client):
    def queries() -> int:
        cache.clear()  # cold: the filter options are cached until the listing changes
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/", {"q": "survey", "licence": "CC-BY-4.0"})
        assert response.status_code == 200
        return len(captured.captured_queries)

    for n in range(2):
        published("Survey %d" % n)
    few = queries()
    for n in range(2, 20):
        published("Survey %d" % n, organisation_name="Lab %d" % n)
    assert len(client.get("/", {"q": "survey"}).context["page"].object_list) == 20
    assert queries() == few


def test_the_inventory_link_leads_to_the_inventory_of_public_resources(data_dir, client):
    fake_published(Visibility.PUBLIC)
    html = client.get("/").content.decode()
    assert 'href="/inventory/v2/dataset">Inventory</a>' in html
    assert client.get("/inventory/dataset").status_code == 200  # v1 stays for the IPT contract


def test_a_publication_builds_the_facts_of_its_version(manager, data_dir, client):
    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PUBLIC)
    facts = VersionFacts.objects.get(version__resource=resource)
    assert "bufo bufo" in facts.text and facts.countries == " DE "
    assert (facts.first_year, facts.last_year, facts.licence) == (2024, 2024, "CC-BY-4.0")
    assert titles(client.get("/", {"q": "Bufo"}).content.decode()) == ["Pond survey"]


def test_a_large_archive_gets_its_facts_from_the_summary_job(manager, data_dir, settings):
    settings.PORTAL_SUMMARY_INLINE_BYTES = 0  # every archive counts as large
    resource = make_resource(manager)
    publish_in_state(resource, manager, Visibility.PUBLIC)
    assert "bufo" not in VersionFacts.objects.get(version__resource=resource).text
    execute(str(Job.objects.get(kind="portal-summary").pk))
    assert "bufo bufo" in VersionFacts.objects.get(version__resource=resource).text


def test_reindex_builds_the_facts_of_versions_published_before(data_dir, capsys):
    resource = published("Old traps", facts=False)
    from resources.models import VersionFragments

    assert not VersionFragments.objects.filter(version__resource=resource).exists()
    call_command("portal_reindex")
    assert "1 version(s) indexed" in capsys.readouterr().out
    assert "amphibians" in resource.versions.get().facts.text
    assert VersionFragments.objects.filter(version__resource=resource).exists()
    call_command("portal_reindex")
    assert "0 version(s) indexed" in capsys.readouterr().out
    call_command("portal_reindex", "--all")
    assert "1 version(s) indexed" in capsys.readouterr().out


def test_a_search_is_sorted_by_best_match_unless_another_sort_is_chosen(data_dir, client):
    published("Mosquito traps", taxa=("Aedes vexans",))
    published("Aedes of Sweden")
    searching = client.get("/", {"q": "Aedes"})
    assert searching.context["sort"] == "relevance"
    assert '<strong aria-current="true">Best match</strong>' in searching.content.decode()
    by_title = client.get("/", {"q": "Aedes", "sort": "title"}).context["page"]
    assert [r.public_title for r in by_title.object_list] == ["Aedes of Sweden", "Mosquito traps"]
    listing = client.get("/", {"sort": "relevance"})
    assert listing.context["sort"] == "published" and "Best match" not in listing.content.decode()
