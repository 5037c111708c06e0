"""Bulk work (workflows.bulk): publications started a few at a time and followed, changed
resources picked out, visibility and organisation set on many with refusals reported, the
admin pages and `manage.py publish --all-changed`."""

from __future__ import annotations

import datetime
import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.jobs import JobCancelled, JobContext
from core.models import ACTIVE_STATUSES, Job, JobStatus
from core.services.jobs import job_cancel
from publisher.models import Organisation, Role
from resources.models import Resource, Version, Visibility
from resources.selectors import resources_changed
from resources.services.publication import PUBLISH
from resources.services.resources import resource_create
from tests.factories import ResourceFactory, UserFactory
from workflows.bulk import (
    bulk_publish_items,
    bulk_publish_start,
    bulk_publish_step,
    bulk_publish_summary,
    resources_organisation_set,
    resources_visibility_set,
    run_bulk_publish,
)

from .conftest import EVENT, make_resource, publish_inline

pytestmark = pytest.mark.django_db


def running(bulk: Job) -> JobContext:
    """The bulk job claimed as a worker would, with the context its runner gets."""
    assert bulk.mark_running(worker="test@host")
    return JobContext(bulk)


def children(bulk: Job):
    bulk.refresh_from_db()
    return Job.objects.filter(pk__in=(bulk.params.get("started") or {}).values())


def finish(job: Job, status: str = JobStatus.SUCCEEDED) -> None:
    job.mark_running(worker="test@host")
    if status == JobStatus.SUCCEEDED:
        job.mark_succeeded({"version": "1.0"})
    else:
        job.mark_failed(code="publication:checks", message="The checks failed.")


def test_bulk_publication_never_runs_more_than_its_concurrency(manager, data_dir, admin_user):
    resources = [make_resource(manager, name) for name in ("pond-a", "pond-b", "pond-c")]
    bulk = bulk_publish_start(resources=resources, user=admin_user, concurrency=2, enqueue=False)
    ctx = running(bulk)
    most = 0
    for _round in range(5):
        done = bulk_publish_step(ctx)
        active = children(bulk).filter(status__in=ACTIVE_STATUSES)
        most = max(most, active.count())
        if done:
            break
        finish(active.first())
    assert done
    assert most == 2
    assert children(bulk).filter(kind=PUBLISH, status=JobStatus.SUCCEEDED).count() == 3
    assert bulk_publish_summary(bulk)["succeeded"] == 3


def test_a_refused_resource_is_reported_and_the_others_go_on(manager, data_dir, admin_user):
    good = make_resource(manager, "pond-a")
    bare = resource_create(shortname="bare", creator=manager, title="No metadata")
    bulk = bulk_publish_start(resources=[bare, good], user=admin_user, concurrency=1, enqueue=False)
    ctx = running(bulk)
    assert not bulk_publish_step(ctx)
    items = {i.shortname: i for i in bulk_publish_items(Job.objects.get(pk=bulk.pk))}
    assert items["bare"].status == "refused"
    assert items["bare"].message == "Map source data to the Event core before publishing."
    assert items["pond-a"].status == JobStatus.PENDING
    finish(items["pond-a"].job, JobStatus.FAILED)
    assert bulk_publish_step(ctx)
    items = {i.shortname: i for i in bulk_publish_items(Job.objects.get(pk=bulk.pk))}
    assert items["pond-a"].status == JobStatus.FAILED
    assert items["pond-a"].message == "The checks failed."


def test_a_restarted_run_does_not_start_a_resource_twice(manager, data_dir, admin_user):
    resources = [make_resource(manager, name) for name in ("pond-a", "pond-b")]
    bulk = bulk_publish_start(resources=resources, user=admin_user, concurrency=2, enqueue=False)
    bulk_publish_step(running(bulk))
    first = set(children(bulk).values_list("pk", flat=True))
    bulk.refresh_from_db()
    bulk_publish_step(JobContext(bulk))  # as a runner that a restart put back would
    assert set(children(bulk).values_list("pk", flat=True)) == first
    assert Job.objects.filter(kind=PUBLISH).count() == 2


def test_a_resource_named_twice_is_published_once(manager, admin_user):
    ponds = ResourceFactory(creator=manager)
    bulk = bulk_publish_start(resources=[ponds, ponds], user=admin_user, enqueue=False)
    assert bulk.params["resources"] == [ponds.pk]


def test_cancelling_the_run_cancels_the_publications_still_waiting(manager, data_dir, admin_user):
    resources = [make_resource(manager, name) for name in ("pond-a", "pond-b")]
    bulk = bulk_publish_start(resources=resources, user=admin_user, concurrency=1, enqueue=False)
    ctx = running(bulk)
    bulk_publish_step(ctx)
    job_cancel(job=bulk)
    with pytest.raises(JobCancelled):
        run_bulk_publish(ctx)
    assert [j.status for j in children(bulk)] == [JobStatus.CANCELLED]
    assert Job.objects.filter(kind=PUBLISH).count() == 1  # pond-b never started


def test_all_changed_picks_unpublished_and_edited_resources_only(manager):
    now = timezone.now()
    fresh = ResourceFactory(shortname="fresh", creator=manager)
    ResourceFactory(shortname="withdrawn", creator=manager, visibility=Visibility.DELETED)
    same = ResourceFactory(shortname="same", creator=manager)
    edited = ResourceFactory(shortname="edited", creator=manager)
    for resource in (same, edited):
        Version.objects.create(resource=resource, major=1, minor=0, label="1.0", published_at=now)
    earlier = now - datetime.timedelta(hours=1)
    Resource.objects.filter(pk=same.pk).update(modified=earlier)
    Resource.objects.filter(pk=edited.pk).update(modified=now + datetime.timedelta(minutes=1))
    changed = resources_changed(Resource.objects.all())
    assert sorted(changed.values_list("shortname", flat=True)) == ["edited", "fresh"]
    assert fresh in changed


def test_a_value_translation_saved_after_the_version_counts_as_a_change(manager, data_dir):
    from resources.services.mappings import translation_set

    ponds = make_resource(manager, "ponds")
    assert publish_inline(ponds, manager).status == JobStatus.SUCCEEDED
    assert not resources_changed(Resource.objects.filter(pk=ponds.pk)).exists()
    mapping = ponds.mappings.get(extension__row_type=EVENT)
    term = mapping.fields.exclude(column="").first().term

    translation_set(mapping=mapping, term=term, translations={"pond": "Pond"})

    assert list(resources_changed(Resource.objects.filter(pk=ponds.pk))) == [ponds]


def test_bulk_visibility_reports_the_registered_resource_it_refused(manager):
    admin = UserFactory(role=Role.ADMIN)
    ponds = ResourceFactory(shortname="ponds", creator=manager)
    registered = ResourceFactory(
        shortname="registered", creator=manager, visibility=Visibility.REGISTERED
    )
    outcomes = resources_visibility_set(
        resources=[ponds, registered], user=admin, visibility=Visibility.PRIVATE
    )
    assert [(o.resource.shortname, o.ok) for o in outcomes] == [
        ("ponds", True),
        ("registered", False),
    ]
    assert "registered with GBIF" in outcomes[1].message
    assert Resource.objects.get(pk=registered.pk).visibility == Visibility.REGISTERED


def test_bulk_organisation_refuses_a_registered_resource(manager):
    admin = UserFactory(role=Role.ADMIN)
    frogs = Organisation.objects.create(key=uuid.uuid4(), name="Frogs", token="x", can_publish=True)
    ponds = ResourceFactory(shortname="ponds", creator=manager)
    registered = ResourceFactory(shortname="registered", creator=manager, gbif_key=uuid.uuid4())
    outcomes = resources_organisation_set(
        resources=[ponds, registered], user=admin, organisation=frogs
    )
    assert [o.ok for o in outcomes] == [True, False]
    assert "GBIF helpdesk" in outcomes[1].message
    assert Resource.objects.get(pk=ponds.pk).organisation == frogs
    assert Resource.objects.get(pk=registered.pk).organisation is None


# --- pages ------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bulk_pages_are_for_admins_only(manager, admin_user):
    bulk = bulk_publish_start(
        resources=[ResourceFactory(creator=manager)], user=admin_user, enqueue=False
    )
    urls = [
        reverse("bulk-work"),
        reverse("bulk-run", args=[bulk.pk]),
        reverse("bulk-run-items", args=[bulk.pk]),
    ]
    for url in urls:
        assert _client(manager).get(url).status_code == 403
        assert Client().get(url).status_code == 302  # to the login page
        assert _client(admin_user).get(url).status_code == 200


def test_the_bulk_page_ticks_changed_resources_and_publishing_leads_to_the_run(manager, admin_user):
    ponds = ResourceFactory(shortname="ponds", title="Pond survey", creator=manager)
    client = _client(admin_user)
    page = client.get(reverse("bulk-work") + "?changed=1").content.decode()
    assert 'value="%d" id="bulk-r-%d" checked' % (ponds.pk, ponds.pk) in page
    response = client.post(reverse("bulk-work"), {"resources": [ponds.pk], "action": "publish"})
    bulk = Job.objects.get(kind="bulk-publish")
    assert response.url == reverse("bulk-run", args=[bulk.pk])
    assert bulk.params["resources"] == [ponds.pk] and bulk.created_by == admin_user
    run = client.get(response.url).content.decode()
    assert 'data-resource="ponds" data-status="waiting"' in run and "Pond survey" in run


def test_the_bulk_page_lists_each_refusal(manager, admin_user):
    ResourceFactory(shortname="ponds", creator=manager)
    registered = ResourceFactory(
        shortname="registered", creator=manager, visibility=Visibility.REGISTERED
    )
    response = _client(admin_user).post(
        reverse("bulk-work"), {"resources": [registered.pk], "action": "private"}
    )
    page = response.content.decode()
    assert 'data-resource="registered" data-ok="no"' in page
    assert "cannot become private again" in page


def test_the_bulk_page_asks_for_a_resource(admin_user):
    response = _client(admin_user).post(reverse("bulk-work"), {"action": "public"})
    assert "Choose at least one resource." in response.content.decode()
    assert not Job.objects.exists()


# --- command line -----------------------------------------------------------------------


def test_dry_run_lists_the_changed_resources_and_starts_nothing(manager, admin_user):
    ResourceFactory(shortname="ponds", creator=manager)
    out = io.StringIO()
    call_command("publish", "--all-changed", "--dry-run", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["ok"] and body["resources"] == [{"resource": "ponds"}]
    assert not Job.objects.exists()


def test_the_command_refuses_a_short_name_with_all_changed(manager, admin_user):
    ResourceFactory(shortname="ponds", creator=manager)
    with pytest.raises(CommandError) as exc:
        call_command("publish", "ponds", "--all-changed", stderr=io.StringIO())
    assert exc.value.returncode == 2


def test_the_finished_run_says_how_many_were_published_and_links_its_page(manager, admin_user):
    bulk = bulk_publish_start(
        resources=[ResourceFactory(creator=manager)], user=admin_user, enqueue=False
    )
    bulk.mark_running(worker="test@host")
    bulk.mark_succeeded({"resources": 1, "succeeded": 1, "failed": 0, "refused": 0})
    page = _client(admin_user).get(reverse("job-detail", args=[bulk.pk])).content.decode()
    assert "Publishing several resources" in page
    assert "Resources published: 1 of 1; failed: 0; refused: 0." in page
    assert reverse("bulk-run", args=[bulk.pk]) in page


def test_only_admins_see_the_bulk_work_button(manager, admin_user):
    assert 'data-testid="bulk-work"' in _client(admin_user).get("/manage/").content.decode()
    assert 'data-testid="bulk-work"' not in _client(manager).get("/manage/").content.decode()


def test_all_changed_with_nothing_changed_publishes_nothing_and_succeeds(admin_user):
    out = io.StringIO()
    call_command("publish", "--all-changed", stdout=out, stderr=io.StringIO())
    assert "Nothing to publish" in out.getvalue()
    assert not Job.objects.exists()
