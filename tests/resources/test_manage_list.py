"""The manage list on the dashboard: what it shows, sorting, filtering, who sees what, and a
query count that does not grow with the number of resources."""

from __future__ import annotations

import datetime
import uuid

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publisher.models import Organisation, Role
from resources.models import Frequency, PublicationSettings, Version
from tests.factories import ResourceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(role=Role.MANAGER, email="manager@example.org")


@pytest.fixture
def client(manager):
    client = Client()
    client.force_login(manager)
    return client


def version(resource, label="1.0", *, records=3, report=None) -> Version:
    major, minor = (int(p) for p in label.split("."))
    return Version.objects.create(
        resource=resource,
        major=major,
        minor=minor,
        label=label,
        records=records,
        report=report or {"errors": 0, "warnings": 0},
    )


def rows(response) -> list[lxml.html.HtmlElement]:
    return lxml.html.fromstring(response.content).xpath('//tr[@data-testid="resource-row"]')


def shortnames(response) -> list[str]:
    return [row.get("data-shortname") for row in rows(response)]


def dashboard(client, **params):
    return client.get(reverse("dashboard"), params)


def test_the_list_shows_type_records_visibility_organisation_and_publications(client, manager):
    frogs = Organisation.objects.create(key=uuid.uuid4(), name="Frog Society", token="x")
    resource = ResourceFactory(
        shortname="ponds", title="Pond survey", creator=manager, organisation=frogs
    )
    version(resource, "1.0", records=5)
    version(resource, "1.1", records=8, report={"errors": 0, "warnings": 4})
    when = timezone.make_aware(datetime.datetime(2031, 5, 1, 12, 0))
    PublicationSettings.objects.create(
        resource=resource, auto_publish=Frequency.MONTHLY, next_publish_at=when
    )
    cells = [c.text_content().strip() for c in rows(dashboard(client))[0].xpath("./td")]
    assert cells[1] == "Sampling event"
    assert cells[2] == "8"
    assert cells[3] == "Private"
    assert cells[4] == "Frog Society"
    assert "Version 1.1" in cells[5] and "4 warnings" in cells[5]
    assert cells[6] == "1 May 2031, 12:00"


def test_an_unpublished_resource_says_so_and_shows_no_records(client, manager):
    ResourceFactory(shortname="ponds", creator=manager)
    cells = [c.text_content().strip() for c in rows(dashboard(client))[0].xpath("./td")]
    assert cells[2] == "0"
    assert cells[5] == "Not published yet"
    assert cells[6] == "Off"


def test_the_list_shows_only_resources_the_user_manages(client, manager):
    ResourceFactory(shortname="mine", creator=manager)
    shared = ResourceFactory(shortname="shared")
    shared.managers.add(manager)
    ResourceFactory(shortname="others", visibility="public")
    assert sorted(shortnames(dashboard(client))) == ["mine", "shared"]
    assert shortnames(dashboard(client, q="others")) == []


def test_an_admin_sees_every_resource(manager):
    ResourceFactory(shortname="mine", creator=manager)
    ResourceFactory(shortname="others")
    client = Client()
    client.force_login(UserFactory(role=Role.ADMIN))
    assert sorted(shortnames(dashboard(client))) == ["mine", "others"]


def test_users_without_manager_rights_and_visitors_get_no_list(manager):
    ResourceFactory(shortname="secret-ponds", creator=manager)
    visitor = Client().get(reverse("dashboard"), {"q": "secret"})
    assert visitor.status_code == 302 and "/login" in visitor["Location"]
    client = Client()
    client.force_login(UserFactory(role=Role.USER))
    response = client.get(reverse("dashboard"), {"q": "secret"})
    assert response.status_code == 403
    assert b"secret-ponds" not in response.content


def test_sorting_by_records_orders_in_both_directions_and_marks_the_header(client, manager):
    for name, records in (("few", 2), ("many", 90), ("some", 10)):
        version(ResourceFactory(shortname=name, creator=manager), records=records)
    ResourceFactory(shortname="none", creator=manager)
    response = dashboard(client, sort="-records")
    assert shortnames(response) == ["many", "some", "few", "none"]
    header = lxml.html.fromstring(response.content).xpath('//th[@data-sort="records"]')[0]
    assert header.get("aria-sort") == "descending"
    assert "sort=records" in header.xpath(".//a/@href")[0]
    assert shortnames(dashboard(client, sort="records")) == ["none", "few", "some", "many"]


def test_only_the_sorted_header_has_aria_sort(client, manager):
    ResourceFactory(shortname="ponds", creator=manager)
    tree = lxml.html.fromstring(dashboard(client, sort="title").content)
    assert tree.xpath("//th[@aria-sort]/@data-sort") == ["title"]
    assert tree.xpath('//th[@data-sort="title"]/@aria-sort') == ["ascending"]


def test_an_unknown_sort_falls_back_to_the_newest_modified(client, manager):
    ResourceFactory(shortname="older", creator=manager)
    ResourceFactory(shortname="newer", creator=manager)
    response = dashboard(client, sort="password")
    assert response.status_code == 200
    assert shortnames(response) == ["newer", "older"]


def test_filters_narrow_by_text_visibility_type_and_organisation(client, manager):
    frogs = Organisation.objects.create(key=uuid.uuid4(), name="Frogs", token="x")
    ResourceFactory(shortname="ponds", title="Pond survey", creator=manager, visibility="public")
    ResourceFactory(shortname="lakes", creator=manager, type="checklist", organisation=frogs)
    assert shortnames(dashboard(client, q="pond")) == ["ponds"]
    assert shortnames(dashboard(client, visibility="public")) == ["ponds"]
    assert shortnames(dashboard(client, type="checklist")) == ["lakes"]
    assert shortnames(dashboard(client, organisation=frogs.pk)) == ["lakes"]
    response = dashboard(client, visibility="registered")
    assert shortnames(response) == []
    assert b'data-testid="manage-none"' in response.content


def test_an_invalid_filter_value_is_ignored(client, manager):
    ResourceFactory(shortname="ponds", creator=manager)
    assert shortnames(dashboard(client, visibility="secret", organisation="x")) == ["ponds"]


def test_the_table_scrolls_inside_a_focusable_region(client, manager):
    ResourceFactory(shortname="ponds", creator=manager)
    tree = lxml.html.fromstring(dashboard(client).content)
    region = tree.xpath('//table[@data-testid="manage-table"]/parent::div')[0]
    assert region.get("class") == "scroll"
    assert region.get("tabindex") == "0" and region.get("role") == "region"
    assert region.get("aria-label")


def _make(manager, count: int) -> None:
    frogs = Organisation.objects.create(key=uuid.uuid4(), name="Org %d" % count, token="x")
    for n in range(count):
        resource = ResourceFactory(creator=manager, organisation=frogs)
        version(resource, records=n)
        PublicationSettings.objects.create(resource=resource, auto_publish=Frequency.DAILY)


@pytest.mark.parametrize("sort", ["-modified", "records", "organisation", "next"])
def test_the_number_of_queries_does_not_grow_with_the_resources(client, manager, sort):
    _make(manager, 2)
    dashboard(client, sort=sort)  # warms the session and the caches
    with CaptureQueriesContext(connection) as few:
        assert len(rows(dashboard(client, sort=sort))) == 2
    _make(manager, 10)
    with CaptureQueriesContext(connection) as many:
        assert len(rows(dashboard(client, sort=sort))) == 12
    assert len(many) == len(few)


def test_a_long_list_is_paged_keeping_the_filters_and_the_sort(client, manager, monkeypatch):
    monkeypatch.setattr("publisher.views.manage_list.PAGE_SIZE", 2)
    for n in range(5):
        ResourceFactory(
            shortname="ponds-%d" % n, title="Pond %d" % n, creator=manager, visibility="public"
        )
    ResourceFactory(shortname="hidden", creator=manager)
    response = dashboard(client, visibility="public", sort="title")
    assert shortnames(response) == ["ponds-0", "ponds-1"]
    next_url = lxml.html.fromstring(response.content).xpath('//a[@rel="next"]/@href')[0]
    assert "visibility=public" in next_url and "sort=title" in next_url
    assert shortnames(client.get(reverse("dashboard") + next_url)) == ["ponds-2", "ponds-3"]


@pytest.mark.parametrize(
    "language, records, moment",
    [
        ("en", "1,234,567", "1 May 2031, 12:00"),
        ("fr", "1\xa0234\xa0567", "1 mai 2031 12:00"),
        ("pt", "1.234.567", "1 de Maio de 2031 às 12:00"),
    ],
)
def test_counts_and_dates_follow_the_page_language(client, manager, language, records, moment):
    resource = ResourceFactory(shortname="ponds", creator=manager)
    version(resource, "1.0", records=1234567)
    when = timezone.make_aware(datetime.datetime(2031, 5, 1, 12, 0))
    PublicationSettings.objects.create(
        resource=resource, auto_publish=Frequency.MONTHLY, next_publish_at=when
    )
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    cells = [c.text_content().strip() for c in rows(response)[0].xpath("./td")]
    assert (cells[2], cells[6]) == (records, moment)
