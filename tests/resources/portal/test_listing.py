"""The home page's public listing: search, sort and paging in the database, with a constant
number of queries whatever the number of resources."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publisher.models import Role
from resources.models import Resource, Version, Visibility
from tests.factories import UserFactory

from .conftest import fake_published, fake_version

pytestmark = pytest.mark.django_db


def bulk_resources(count: int, *, start: int = 0) -> None:
    """``count`` public resources with one public version each, inserted in bulk."""
    creator = UserFactory(role=Role.MANAGER)
    now = timezone.now()
    Resource.objects.bulk_create(
        Resource(
            shortname="bulk-%05d" % n,
            title="Bulk dataset %05d" % n,
            creator=creator,
            visibility=Visibility.PUBLIC,
            published_at=now,
        )
        for n in range(start, start + count)
    )
    new = Resource.objects.filter(shortname__startswith="bulk-", versions__isnull=True)
    Version.objects.bulk_create(
        Version(
            resource_id=pk,
            major=1,
            minor=0,
            label="1.0",
            title=title,
            records=n,
            counts={"event.txt": n},
            visibility=Visibility.PUBLIC,
            published_at=now - timezone.timedelta(minutes=n),
        )
        for n, (pk, title) in enumerate(new.order_by("pk").values_list("pk", "title"), start=start)
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


URLS = (
    "/",
    "/?page=3",
    "/?q=dataset+00042",
    "/?sort=title",
    "/?sort=records&page=2",
    "/inventory/v2/dataset",
    "/inventory/dataset",
)


def test_queries_do_not_grow_with_10000_resources(data_dir, client):
    bulk_resources(60)
    few = {url: queries(client, url) for url in URLS}
    bulk_resources(9_940, start=60)
    assert Resource.objects.count() == 10_000
    many = {url: queries(client, url) for url in URLS}
    assert many == few
    # 1 to see if the cached listing is current; +1 the installation's base URL (once a
    # request); the home page's own 5 when it is not cached
    assert max(few.values()) <= 7


def test_search_sort_and_paging(data_dir, client):
    bulk_resources(60)
    page = client.get("/?q=dataset+00042").content.decode()
    assert "bulk-00042" in page and "bulk-00041" not in page
    newest = client.get("/").context["page"]
    assert [r.shortname for r in newest.object_list][:2] == ["bulk-00000", "bulk-00001"]
    assert newest.paginator.count == 60 and newest.paginator.num_pages == 3
    by_records = client.get("/?sort=records").context["page"]
    assert by_records.object_list[0].shortname == "bulk-00059"
    by_title = client.get("/?sort=title&page=3").context["page"]
    assert by_title.object_list[-1].shortname == "bulk-00059"
    assert client.get("/?page=999").context["page"].number == 3
    assert client.get("/?sort=bogus").status_code == 200


def test_the_listing_shows_the_newest_public_version_only(data_dir, client):
    resource = fake_published(Visibility.PUBLIC)
    fake_version(resource, "1.1", visibility=Visibility.PRIVATE, records=99)
    page = client.get("/").context["page"]
    (listed,) = page.object_list
    assert listed.latest.label == "1.0"
    item = json.loads(client.get("/inventory/v2/dataset").content)["resources"][0]
    assert item["records"] == 3 and item["version"] == 1.0


def test_private_and_unpublished_resources_are_not_listed(data_dir, client):
    fake_published(Visibility.PRIVATE, title="Hidden one")
    Resource.objects.create(
        shortname="unpublished",
        title="Not yet",
        visibility="public",
        creator=UserFactory(role=Role.MANAGER),
    )
    page = client.get("/").content.decode()
    assert "Hidden one" not in page and "Not yet" not in page
    assert "No public resources yet." in page
