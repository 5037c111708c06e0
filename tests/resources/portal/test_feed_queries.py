"""Every public page and feed runs as many SQL queries with 200 resources as with 10, cold
(empty cache) and warm; an edit of one resource leaves the other resources' pages warm."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metadata.eml.write import write_eml
from metadata.models import ResourceMetadata
from publisher.models import Organisation
from resources.models import Resource, Version, VersionFragments, Visibility
from resources.portal.fragments import feed_rows
from resources.services.resources import resource_dir, resource_update
from tests.factories import UserFactory

from .conftest import archive_bytes, document, make_resource, publish_in_state

URLS = (
    "/",
    "/rss.do",
    "/dcat",
    "/inventory/dataset",
    "/inventory/v2/dataset",
    "/sitemap.xml",
    "/resource?r=bulk-0003",
)
ARCHIVE = archive_bytes(3)


def populate(count: int) -> list[Resource]:
    """``count`` registered resources, each with its metadata record and one version whose
    EML and archive are on disk where the publication writes them; half have a publishing
    organisation."""
    creator = UserFactory()
    organisation = Organisation.objects.create(key=uuid.uuid4(), name="Pond society", token="t")
    now = timezone.now()
    resources = Resource.objects.bulk_create(
        Resource(
            shortname="bulk-%04d" % n,
            title="Working title %d" % n,
            creator=creator,
            published_at=now,
            visibility=Visibility.REGISTERED,
            organisation=organisation if n % 2 else None,
            gbif_key=uuid.uuid4(),
        )
        for n in range(count)
    )
    ResourceMetadata.objects.bulk_create(ResourceMetadata(resource=r) for r in resources)
    versions = []
    for n, resource in enumerate(resources):
        folder = resource_dir(resource)
        folder.mkdir(parents=True, exist_ok=True)
        doc = document("Pond survey %d" % n)
        package_id = "package-%s/v1.0" % resource.pk
        (folder / "eml-1.0.xml").write_bytes(write_eml(doc, package_id=package_id))
        (folder / "dwca-1.0.zip").write_bytes(ARCHIVE)
        versions.append(
            Version(
                resource=resource,
                major=1,
                minor=0,
                label="1.0",
                title=doc.title,
                records=3,
                counts={"event.txt": 3},
                archive_name="dwca-1.0.zip",
                archive_size=len(ARCHIVE),
                eml_name="eml-1.0.xml",
                visibility=Visibility.PUBLIC,
                published_at=now - timezone.timedelta(minutes=n),
            )
        )
    Version.objects.bulk_create(versions)
    feed_rows("rss")  # renders the entries, as each publication does
    return resources


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def counts(client: Client) -> dict[str, tuple[int, int]]:
    """(cold, warm) queries of every URL; cold with an empty cache."""
    found = {}
    for url in URLS:
        cache.clear()
        cold = queries(client, url)
        found[url] = (cold, queries(client, url))
    return found


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_resources(data_dir):
    client = Client()
    resources = populate(10)
    few = counts(client)
    Resource.objects.bulk_create(
        Resource(shortname="x" + r.shortname, creator=r.creator) for r in resources[:1]
    )  # a private resource without versions changes nothing
    more = populate_more(190)
    assert len(more) == 190
    many = counts(client)
    assert many == few


def populate_more(count: int) -> list[Resource]:
    creator = UserFactory()
    now = timezone.now()
    start = Resource.objects.count()
    resources = Resource.objects.bulk_create(
        Resource(
            shortname="more-%04d" % n,
            creator=creator,
            published_at=now,
            visibility=Visibility.REGISTERED,
        )
        for n in range(start, start + count)
    )
    ResourceMetadata.objects.bulk_create(ResourceMetadata(resource=r) for r in resources)
    eml = write_eml(document("Another pond survey"), package_id="package/v1.0")
    versions = []
    for resource in resources:
        folder = resource_dir(resource)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "eml-1.0.xml").write_bytes(eml)
        versions.append(
            Version(
                resource=resource,
                major=1,
                minor=0,
                label="1.0",
                title="Another pond survey",
                eml_name="eml-1.0.xml",
                visibility=Visibility.PUBLIC,
            )
        )
    Version.objects.bulk_create(versions)
    feed_rows("rss")  # renders the entries, as each publication does
    return resources


@pytest.mark.django_db
def test_feeds_and_pages_are_served_warm(data_dir):
    client = Client()
    populate(10)
    for url, (cold, warm) in counts(client).items():
        assert warm <= cold, url
    for url in ("/", "/rss.do", "/dcat", "/sitemap.xml", "/resource?r=bulk-0003"):
        cache.clear()
        cold = queries(client, url)
        assert queries(client, url) < cold, url


@pytest.mark.django_db
def test_an_edit_leaves_the_other_landing_pages_warm(data_dir):
    client = Client()
    resources = populate(3)
    other = "/resource?r=%s" % resources[1].shortname
    cold = queries(client, other)
    warm = queries(client, other)
    assert warm < cold
    resource_update(resource=resources[0], title="Renamed")
    assert queries(client, other) == warm
    edited = "/resource?r=%s" % resources[0].shortname
    queries(client, edited)
    assert queries(client, edited) == warm


@pytest.mark.django_db
def test_versions_without_entries_get_them_from_the_first_feed(data_dir):
    client = Client()
    populate(3)
    rendered = client.get("/rss.do").content, client.get("/dcat").content
    VersionFragments.objects.all().delete()  # versions published before there were entries
    cache.clear()
    assert (client.get("/rss.do").content, client.get("/dcat").content) == rendered
    assert VersionFragments.objects.count() == 3


@pytest.mark.django_db
def test_an_entry_is_rendered_again_when_its_resource_changes(data_dir):
    client = Client()
    resources = populate(3)
    built = dict(VersionFragments.objects.values_list("version__resource", "key"))
    key = uuid.uuid4()
    Resource.objects.filter(pk=resources[1].pk).update(gbif_key=key)  # as registration does
    assert ("https://www.gbif.org/dataset/%s" % key).encode() in client.get("/dcat").content
    now = dict(VersionFragments.objects.values_list("version__resource", "key"))
    assert [pk for pk in built if built[pk] != now[pk]] == [resources[1].pk]


@pytest.mark.django_db
def test_a_publication_renders_the_entries_of_its_version(manager, data_dir):
    resource = make_resource(manager, shortname="frogs")
    publish_in_state(resource, manager, Visibility.PUBLIC)
    fragments = VersionFragments.objects.get(version__resource=resource)
    assert "<ipt:eml>" in fragments.rss and "dcat:Dataset" in fragments.dcat
    with CaptureQueriesContext(connection) as captured:
        feed = Client().get("/rss.do").content.decode()
    assert fragments.rss in feed
    assert not any("INSERT" in q["sql"] or "UPDATE" in q["sql"] for q in captured)
