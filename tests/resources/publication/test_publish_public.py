"""Make public and publish now: one step in the service, the overview's visibility card, the
API and the command line; and the card's sentences on what the public sees."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.errors import UserError
from core.jobs.executor import execute
from core.models import Job
from publisher.models import Role
from resources.models import Visibility
from resources.selectors_visibility import visibility_outlook
from resources.services.publication.public import resource_publish_public
from resources.services.visibility import resource_mark_registered
from tests.cli.conftest import cli
from tests.factories import UserFactory

from .conftest import publish_inline

pytestmark = pytest.mark.django_db
OVERVIEW = "/manage/resources/ponds/"
VISIBILITY = "/manage/resources/ponds/visibility/"


@pytest.fixture
def published(resource, manager):
    job = publish_inline(resource, manager)
    assert job.status == "succeeded", job.error_message
    resource.refresh_from_db()
    assert resource.visibility == Visibility.PRIVATE
    return resource


def _run(job: Job) -> Job:
    execute(str(job.pk))
    job.refresh_from_db()
    return job


def test_publish_public_publishes_a_public_version_that_says_so(published, manager):
    job = resource_publish_public(resource=published, user=manager, enqueue=False)
    published.refresh_from_db()
    assert published.visibility_pending == Visibility.PUBLIC  # applied by the publication
    assert _run(job).status == "succeeded", job.error_message
    published.refresh_from_db()
    latest = published.versions.order_by("-minor").first()
    assert (published.visibility, latest.label, latest.visibility) == ("public", "1.1", "public")
    assert latest.change_summary == "Made public."


def test_publish_public_adds_the_given_summary(published, manager):
    job = resource_publish_public(
        resource=published, user=manager, change_summary="Open data.", enqueue=False
    )
    assert job.params["change_summary"] == "Made public. Open data."


def test_publish_public_leaves_the_visibility_when_the_publication_cannot_start(published, manager):
    resource_publish_public(resource=published, user=manager, enqueue=False)  # one running
    published.visibility_pending = ""
    published.save(update_fields=["visibility_pending"])
    with pytest.raises(UserError) as caught:
        resource_publish_public(resource=published, user=manager, enqueue=False)
    assert caught.value.code == "publication:running"
    published.refresh_from_db()
    assert published.visibility_pending == ""


def test_publish_public_is_refused_for_a_public_resource(published, manager):
    published.visibility = Visibility.PUBLIC
    published.save(update_fields=["visibility"])
    with pytest.raises(UserError) as caught:
        resource_publish_public(resource=published, user=manager, enqueue=False)
    assert caught.value.code == "visibility:not-private"
    assert not Job.objects.filter(params__change_summary="Made public.").exists()


def test_publish_public_is_refused_for_a_registered_resource(published, manager):
    resource_mark_registered(resource=published)
    with pytest.raises(UserError) as caught:
        resource_publish_public(resource=published, user=manager, enqueue=False)
    assert caught.value.code == "visibility:not-private"


def test_publish_public_is_refused_to_someone_who_does_not_manage_the_resource(published):
    with pytest.raises(UserError) as caught:
        resource_publish_public(
            resource=published, user=UserFactory(role=Role.MANAGER), enqueue=False
        )
    assert caught.value.code == "visibility:forbidden"


def test_outlook_says_the_public_sees_nothing_of_a_private_version(published, manager):
    outlook = visibility_outlook(published)
    assert outlook.public_version is None and outlook.latest.label == "1.0"
    assert outlook.publish_public and not outlook.changes


def test_card_says_what_the_public_sees_and_offers_publish_public(published, manager):
    client = Client()
    client.force_login(manager)
    page = client.get(OVERVIEW).content.decode()
    assert "The public sees nothing: version 1.0 was published privately." in page
    assert 'data-testid="publish-public"' in page
    client.post(VISIBILITY, {"action": "change", "visibility": "public"})
    page = client.get(OVERVIEW).content.decode()
    assert "the resource becomes public" in page


def test_card_button_starts_the_publication_and_follows_it(published, manager):
    client = Client()
    client.force_login(manager)
    response = client.post(VISIBILITY, {"action": "publish-public"})
    job = Job.objects.filter(params__change_summary="Made public.").get()
    assert response.status_code == 302 and "job=%s" % job.pk in response["Location"]


def test_card_button_is_404_for_someone_who_does_not_manage_the_resource(published):
    client = Client()
    client.force_login(UserFactory(role=Role.MANAGER))
    response = client.post(VISIBILITY, {"action": "publish-public"})
    assert response.status_code == 404
    assert not Job.objects.filter(params__change_summary="Made public.").exists()


def test_card_of_a_public_resource_does_not_offer_publish_public(published, manager):
    _run(resource_publish_public(resource=published, user=manager, enqueue=False))
    client = Client()
    client.force_login(manager)
    page = client.get(OVERVIEW).content.decode()
    assert "The public sees version 1.1" in page and 'data-testid="publish-public"' not in page


def test_api_publish_public_answers_202_with_the_job(published, manager):
    api = APIClient()
    api.force_authenticate(manager)
    response = api.post("/api/v1/resources/ponds/publish-public", {}, format="json")
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind == "resource-publish" and job.params["change_summary"] == "Made public."


def test_api_publish_public_is_404_for_others_and_400_when_public(published, manager):
    api = APIClient()
    api.force_authenticate(UserFactory(role=Role.MANAGER))
    assert api.post("/api/v1/resources/ponds/publish-public", {}).status_code == 404
    published.visibility = Visibility.PUBLIC
    published.save(update_fields=["visibility"])
    api.force_authenticate(manager)
    response = api.post("/api/v1/resources/ponds/publish-public", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "visibility:not-private"


def test_cli_visibility_public_publish_queues_the_public_publication(published, manager):
    result = cli(
        "visibility", "ponds", "public", "--publish", "--no-wait", "--user", manager.email, "--json"
    )
    assert result.status == 0, result.err
    assert result.body["visibility_pending"] == "public"
    job = Job.objects.get(pk=result.body["job"]["id"])
    assert job.kind == "resource-publish" and job.params["change_summary"] == "Made public."


def test_cli_publish_goes_with_public_only(published, manager):
    result = cli("visibility", "ponds", "private", "--publish", "--user", manager.email, "--json")
    assert result.status == 2 and result.body["code"] == "cli:usage"
    assert not Job.objects.filter(params__change_summary="Made public.").exists()
