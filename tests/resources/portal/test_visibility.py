"""Visibility changes: at once before the first publication, pending afterwards, dates,
registration, withdrawal; and the overview card that asks for them."""

from __future__ import annotations

import datetime

import pytest

from core.errors import UserError
from publisher.models import Role
from resources.models import Resource, Visibility
from resources.services.visibility import (
    public_dates_apply,
    resource_mark_registered,
    resource_public_from_set,
    resource_restore,
    resource_visibility_change,
    resource_visibility_for_publication,
    resource_withdraw,
)
from tests.factories import ResourceFactory, UserFactory

from .conftest import client_for, fake_version

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def resource(data_dir):
    return ResourceFactory()


def test_a_new_resource_is_private():
    assert Resource().visibility == Visibility.PRIVATE


def test_before_the_first_publication_a_change_applies_at_once(resource):
    resource_visibility_change(resource=resource, user=resource.creator, visibility="public")
    resource.refresh_from_db()
    assert (resource.visibility, resource.visibility_pending) == ("public", "")


def test_after_a_publication_a_change_waits_for_the_next_one(resource):
    fake_version(resource)
    resource_visibility_change(resource=resource, user=resource.creator, visibility="public")
    resource.refresh_from_db()
    assert (resource.visibility, resource.visibility_pending) == ("private", "public")
    assert resource_visibility_for_publication(resource) == "public"
    resource.refresh_from_db()
    assert (resource.visibility, resource.visibility_pending) == ("public", "")
    assert resource.versions.get().visibility == "private"  # 1.0 keeps what it had


def test_asking_for_the_current_visibility_cancels_a_pending_change(resource):
    fake_version(resource)
    resource_visibility_change(resource=resource, user=resource.creator, visibility="public")
    resource_visibility_change(resource=resource, user=resource.creator, visibility="private")
    resource.refresh_from_db()
    assert resource.visibility_pending == ""
    assert resource_visibility_for_publication(resource) == "private"


def test_only_managers_change_visibility(resource):
    for role in (Role.USER, Role.MANAGER):
        with pytest.raises(UserError) as caught:
            resource_visibility_change(
                resource=resource, user=UserFactory(role=role), visibility="public"
            )
        assert caught.value.code == "visibility:forbidden"


def test_a_registered_resource_cannot_become_private_again(resource):
    resource_visibility_change(resource=resource, user=resource.creator, visibility="public")
    resource_mark_registered(resource=resource)
    with pytest.raises(UserError) as caught:
        resource_visibility_change(resource=resource, user=resource.creator, visibility="private")
    assert caught.value.code == "visibility:registered"
    Resource.objects.filter(pk=resource.pk).update(visibility_pending="private")  # somehow
    assert resource_visibility_for_publication(resource) == "registered"
    resource.refresh_from_db()
    assert resource.visibility_pending == ""


def test_withdrawing_and_restoring(resource):
    resource_withdraw(resource=resource, user=resource.creator)
    resource.refresh_from_db()
    assert resource.visibility == "deleted"
    with pytest.raises(UserError):
        resource_visibility_change(resource=resource, user=resource.creator, visibility="public")
    resource_restore(resource=resource, user=resource.creator)
    resource.refresh_from_db()
    assert resource.visibility == "private"


def test_a_public_date_must_be_in_the_future_and_for_a_private_resource(resource):
    user = resource.creator
    with pytest.raises(UserError) as caught:
        resource_public_from_set(resource=resource, user=user, public_from=TODAY, today=TODAY)
    assert caught.value.code == "visibility:date-past"
    later = TODAY + datetime.timedelta(days=3)
    resource_public_from_set(resource=resource, user=user, public_from=later, today=TODAY)
    resource.refresh_from_db()
    assert resource.public_from == later
    resource_visibility_change(resource=resource, user=user, visibility="public")
    with pytest.raises(UserError):
        resource_public_from_set(resource=resource, user=user, public_from=later, today=TODAY)


def test_on_its_public_date_a_resource_and_its_latest_version_become_public(resource, client):
    old = fake_version(resource, "1.0")
    latest = fake_version(resource, "1.1")
    later = TODAY + datetime.timedelta(days=3)
    resource_public_from_set(
        resource=resource, user=resource.creator, public_from=later, today=TODAY
    )
    assert public_dates_apply(today=TODAY) == []
    assert client.get("/archive.do?r=%s" % resource.shortname).status_code == 404
    assert public_dates_apply(today=later) == [resource.shortname]
    resource.refresh_from_db()
    old.refresh_from_db()
    latest.refresh_from_db()
    assert (resource.visibility, resource.public_from) == ("public", None)
    assert (old.visibility, latest.visibility) == ("private", "public")
    assert client.get("/archive.do?r=%s" % resource.shortname).status_code == 200
    assert client.get("/archive.do?r=%s&v=1.0" % resource.shortname).status_code == 404


def test_a_publication_after_the_public_date_publishes_public(resource):
    fake_version(resource)
    resource_public_from_set(
        resource=resource,
        user=resource.creator,
        public_from=TODAY + datetime.timedelta(days=1),
        today=TODAY,
    )
    resource.refresh_from_db()
    assert resource_visibility_for_publication(resource, today=TODAY) == "private"
    later = TODAY + datetime.timedelta(days=2)
    assert resource_visibility_for_publication(resource, today=later) == "public"


def test_a_real_publication_records_the_visibility_of_the_moment(data_dir, manager):
    from .conftest import make_resource, publish_inline

    resource = make_resource(manager)
    resource_visibility_change(resource=resource, user=manager, visibility="public")
    publish_inline(resource, manager)
    assert resource.versions.get().visibility == "public"


# --- the overview card ------------------------------------------------------------------------


def post(client, resource, **data):
    url = "/manage/resources/%s/visibility/" % resource.shortname
    return client.post(url, data)


def test_the_card_shows_the_state_and_changes_it(resource):
    client = client_for(resource.creator)
    page = client.get("/manage/resources/%s/" % resource.shortname).content.decode()
    assert 'data-testid="visibility"' in page and "make-public" in page
    response = post(client, resource, action="change", visibility="public")
    assert response.status_code == 302 and response["Location"].endswith("#visibility")
    resource.refresh_from_db()
    assert resource.visibility == "public"
    post(client, resource, action="withdraw")
    resource.refresh_from_db()
    assert resource.visibility == "deleted"
    page = client.get("/manage/resources/%s/" % resource.shortname).content.decode()
    assert "visibility-restore" in page
    post(client, resource, action="restore")
    post(client, resource, action="date", public_from="2999-01-01")
    resource.refresh_from_db()
    assert (resource.visibility, resource.public_from) == ("private", datetime.date(2999, 1, 1))


@pytest.mark.parametrize(
    "language, example",
    [("en", "31 Dec %d"), ("fr", "31 décembre %d"), ("ja", "%d年12月31日")],
)
def test_the_date_field_says_how_the_page_writes_dates(resource, language, example):
    """A native date picker follows the browser's locale; the help beside it follows the
    page's language."""
    from django.utils import timezone
    from lxml import html

    client = client_for(resource.creator)
    page = client.get("/manage/resources/%s/" % resource.shortname, HTTP_ACCEPT_LANGUAGE=language)
    help_text = html.fromstring(page.content).xpath('//*[@data-testid="date-format"]')[0]
    field = html.fromstring(page.content).xpath('//input[@type="date"]')[0]
    assert "public-from-format" in field.get("aria-describedby").split()
    assert help_text.xpath("string(.//time)") == example % timezone.localdate().year


def test_the_card_reports_refusals(resource):
    client = client_for(resource.creator)
    response = post(client, resource, action="date", public_from="not a date")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "YYYY-MM-DD" in page


def test_others_cannot_use_the_card(resource):
    other = client_for(UserFactory(role=Role.MANAGER))
    assert post(other, resource, action="change", visibility="public").status_code == 404
    assert post(client_for(None), resource, action="withdraw").status_code == 302  # log in
    resource.refresh_from_db()
    assert resource.visibility == "private"
